"""The web layer over the real build of the seed documents (conftest's `built_store`)."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kamergraph.queries import load_queries
from kamergraph.store import GraphStore

HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"
KG = "https://w3id.org/kamergraph/def#"
QUERIES = load_queries()


def _first(store: GraphStore, class_name: str) -> str:
    result = store.query(f"SELECT ?s WHERE {{ ?s a <{KG}{class_name}> }} ORDER BY ?s LIMIT 1")
    [row] = list(result.raw)  # type: ignore[call-overload]
    return str(row["s"].value)


def test_the_gallery_holds_every_named_query(client: FlaskClient) -> None:
    assert QUERIES, "queries/ holds no named queries"
    page = client.get("/sparql", headers={"Accept": HTML}).data.decode()
    for query in QUERIES:
        assert f'data-name="{query.name}"' in page


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_every_named_query_answers_through_the_api(client: FlaskClient, query) -> None:  # type: ignore[no-untyped-def]
    response = client.get(f"/queries/{query.name}")
    assert response.status_code == 200, response.data
    assert response.json["columns"]  # type: ignore[index]
    csv = client.get(f"/queries/{query.name}", query_string={"format": "csv"})
    assert csv.status_code == 200 and csv.mimetype == "text/csv"


def test_party_parameter_narrows_the_commitments(
    client: FlaskClient, built_store: GraphStore
) -> None:
    everything = client.get("/queries/list_commitments").json["rows"]  # type: ignore[index]
    party = _first(built_store, "Party")
    narrowed = client.get("/queries/list_commitments", query_string={"party": party})
    assert narrowed.status_code == 200
    assert len(narrowed.json["rows"]) <= len(everything)  # type: ignore[index]


def test_home_counts_the_built_classes(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept": HTML}).data.decode()
    assert "Commitment" in page or "commitment" in page
    counts = [int(n) for n in re.findall(r'class="count">(\d+)</td>', page)]
    assert counts and all(n > 0 for n in counts)


@pytest.mark.parametrize("class_name", ["Commitment", "Motion", "Person", "Party", "Document"])
def test_entity_pages_and_their_links_resolve(
    client: FlaskClient, built_store: GraphStore, class_name: str
) -> None:
    iri = _first(built_store, class_name)
    path = "/id/" + iri.removeprefix("https://w3id.org/kamergraph/id/")
    page = client.get(path, headers={"Accept": HTML})
    assert page.status_code == 200
    assert 'rel="alternate"; type="text/turtle"' in page.headers["Link"]
    links = set(re.findall(r'href="(/id/[^"#?]+)"', page.data.decode()))
    for link in sorted(links)[:40]:
        assert client.get(link, headers={"Accept": HTML}).status_code == 200, link
    twin = client.get(path + ".ttl")
    triples = [q.triple for q in ox.parse(twin.data, format=ox.RdfFormat.TURTLE)]
    assert any(t.subject == ox.NamedNode(iri) for t in triples)


def test_health_reports_the_build(client: FlaskClient, built_store: GraphStore) -> None:
    body = client.get("/-/health").json
    body.pop("workers")  # type: ignore[union-attr]  # the pool's state: see test_hardening_pool
    [row] = list(built_store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").raw)  # type: ignore[call-overload]
    assert body == {"ok": True, "triples": int(row["n"].value), "generation": None}
