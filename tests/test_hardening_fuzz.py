"""Property-based: whatever arrives as a query, the endpoint answers with a status that is not a
server error, and its workers stay whole. Random text, random SPARQL-ish token soup, and the
project's own named queries mutated (characters dropped, doubled, swapped, brackets added)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kamergraph.queries import QUERIES_DIR, load_queries
from kamergraph.store import GraphStore
from server import create_app
from server.pool import WorkerPool
from tests.hardening import environment

NAMED = [q.text for q in load_queries(QUERIES_DIR)]
TOKENS = (
    "SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "WHERE", "FILTER", "OPTIONAL", "UNION", "MINUS",
    "GRAPH", "VALUES", "BIND", "AS", "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "DISTINCT",
    "SERVICE", "FROM", "NAMED", "PREFIX", "BASE", "INSERT", "DELETE", "LOAD", "COUNT(*)",
    "?s", "?p", "?o", "*", "{", "}", "(", ")", "[", "]", ".", ";", ",", "a", "1", "-1.5e3",
    '"x"', "'y'@nl", '"""z"""', "<http://example.org/>", "<file:///etc/passwd>", "kg:Thing",
    "_:b", "^^", "@en", "!", "&&", "||", "=", "<", ">", "+", "#", "\n", "\\", "\u0000",
    "REGEX(?o, \"(a+)+$\")", "STRLEN(?o)", "<<( ?s ?p ?o )>>", "{ ?s ?p ?o }",
)  # fmt: skip
STATUSES = {200, 400, 403, 406, 413, 414, 429, 503}


def _mutate(text: str, edits: list[tuple[int, int, str]]) -> str:
    for kind, position, insert in edits:
        at = position % (len(text) + 1)
        if kind == 0:
            text = text[:at] + text[at + 1 :]
        elif kind == 1:
            text = text[:at] + insert + text[at:]
        else:
            text = text[:at] + text[at:][::-1][:20] + text[at + 20 :]
    return text


QUERIES = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(TOKENS), max_size=40).map(" ".join),
    st.builds(
        _mutate,
        st.sampled_from(NAMED),
        st.lists(
            st.tuples(
                st.integers(0, 2),
                st.integers(0, 10_000),
                st.sampled_from(["{", "}", "(", ")", '"', "<", "#", "?", "\\", "SERVICE"]),
            ),
            max_size=6,
        ),
    ),
)


@pytest.fixture(scope="module")
def client(built_store: GraphStore) -> Iterator[FlaskClient]:
    pool = WorkerPool(2, 1024)
    with environment({"KG_RATE_LIMIT": "100000 per second", "KG_QUERY_TIMEOUT": "3"}):
        yield create_app(built_store, pool=pool).test_client()
    pool.close()


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=QUERIES, method=st.sampled_from(["get", "post", "direct"]))
def test_no_query_is_a_server_error(client: FlaskClient, text: str, method: str) -> None:
    if method == "get":
        response = client.get("/sparql", query_string={"query": text})
    elif method == "post":
        response = client.post("/sparql", data={"query": text})
    else:
        body = text.encode("utf-8", "surrogatepass")
        response = client.post("/sparql", data=body, content_type="application/sparql-query")
    assert response.status_code in STATUSES, (response.status_code, response.data[:300])
    response.close()


def test_the_workers_are_whole_afterwards(client: FlaskClient) -> None:
    health = client.get("/-/health").json
    assert health is not None and health["ok"]
    workers = health["workers"]
    assert workers["alive"] == workers["size"]
    assert "crash" not in workers["ended"] and "memory" not in workers["ended"]
