"""Limits at the door and on every answer: sizes (413/414), caps on rows, bytes and time that
say so in a header and in the answer, slow clients, and per-client rate limits (429)."""

from __future__ import annotations

import json
import socket
import time
from collections.abc import Iterator

import pytest

from kamergraph.store import DiskStore
from server.pool import WorkerPool
from tests.hardening import (
    CARTESIAN,
    NORMAL,
    HardenedServer,
    build_disk_store,
    environment,
    query,
    raw_request,
    request,
    wait_for,
)

pytestmark = pytest.mark.e2e
CONSTRUCT = "CONSTRUCT WHERE { ?s ?p ?o }"
# Ordered: its JSON answer is written by pyoxigraph behind the caps (`with_row_marker`).
ORDERED = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?o ?s"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DiskStore:
    return build_disk_store(tmp_path_factory.mktemp("limits") / "store")


@pytest.fixture(scope="module")
def server(store: DiskStore) -> Iterator[HardenedServer]:
    live = HardenedServer(store, WorkerPool(2, 1024))
    yield live
    live.close()


def test_a_huge_body_is_413_before_it_is_read(server: HardenedServer) -> None:
    """A 20 MB VALUES body (the issue's) is refused on its headers, before it is sent."""
    sock = socket.create_connection(("127.0.0.1", server.port))
    started = time.monotonic()
    sock.sendall(
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
        b"Content-Length: 20000000\r\n\r\nSELECT * WHERE { VALUES ?x { "
    )
    sock.settimeout(5)
    assert sock.recv(100).startswith(b"HTTP/1.1 413")
    assert time.monotonic() - started < 2
    sock.close()
    assert query(server, NORMAL).status == 200


def test_a_long_query_is_414_in_a_url_and_413_in_a_body(server: HardenedServer) -> None:
    with environment({"KG_MAX_QUERY_LENGTH": "5000"}):
        text = "ASK {}\n#" + "a" * 6000
        got = query(server, text)
        assert got.status == 414 and b"KG_MAX_QUERY_LENGTH" in got.body
        assert query(server, text, post=True).status == 413
        assert query(server, "ASK {}\n#" + "a" * 4000).status == 200


CAPPED_FORMATS = [
    # accept, query, how the answer says it was cut
    ("application/sparql-results+json", CARTESIAN, b'"truncated":{"reason":"rows"'),
    ("application/sparql-results+json", ORDERED, b'"truncated":{"reason":"rows"'),
    ("application/sparql-results+xml", CARTESIAN, b"<!-- truncated after 50 rows"),
    ("application/sparql-results+xml", ORDERED, b"<!-- truncated after 50 rows"),
    ("text/csv", CARTESIAN, None),
    ("text/tab-separated-values", CARTESIAN, None),
    ("text/turtle", CONSTRUCT, b"# truncated after 50 rows"),
    ("application/n-triples", CONSTRUCT, b"# truncated after 50 rows"),
    ("application/rdf+xml", CONSTRUCT, b"<!-- truncated after 50 rows"),
    ("application/ld+json", CONSTRUCT, None),
]


@pytest.mark.parametrize("accept, text, marker", CAPPED_FORMATS)
def test_the_row_cap_is_never_silent(
    server: HardenedServer, accept: str, text: str, marker: bytes | None
) -> None:
    with environment({"KG_ROW_CAP": "50"}):
        got = query(server, text, accept=accept)
    assert got.status == 200, got.body
    assert got.headers["Kamergraph-Truncated"].startswith("rows; limit=50; setting=KG_ROW_CAP")
    if marker is not None:
        assert marker in got.body[-300:]
    if accept == "text/csv":
        assert got.body.count(b"\r\n") == 51  # the header row and 50 rows
    if accept == "application/ld+json":
        assert len(json.loads(got.body)) <= 50
    if accept == "application/sparql-results+xml":
        assert got.body.count(b"<result>") == 50 and got.body.endswith(b"</sparql>")
    if accept == "application/sparql-results+json":
        answer = json.loads(got.body)
        assert len(answer["results"]["bindings"]) == answer["truncated"]["rows"] == 50
        assert answer["head"]["vars"] == (["s", "p", "o"] if text == ORDERED else list("abcdef"))
        # which writer wrote it: pyoxigraph's head is compact, the row writer's (json.dumps) not
        assert (b'"vars":["s","p","o"]' in got.body) == (text == ORDERED)


def test_complete_answers_say_nothing_of_truncation(server: HardenedServer) -> None:
    got = query(server, NORMAL)
    assert "Kamergraph-Truncated" not in got.headers
    assert b"truncated" not in got.body


def test_the_byte_cap_cuts_large_answers(server: HardenedServer) -> None:
    with environment({"KG_RESULT_MB": "0.05"}):  # 52 kB
        got = query(server, CARTESIAN, accept="text/csv")
    assert got.status == 200
    assert got.headers["Kamergraph-Truncated"].startswith("bytes; limit=0.05")
    assert 50_000 < len(got.body) < 53_000


def test_the_byte_cap_cuts_an_answer_pyoxigraph_writes_at_a_row(server: HardenedServer) -> None:
    with environment({"KG_RESULT_MB": "0.01"}):  # 10 kB
        got = query(server, ORDERED)
    assert got.status == 200
    answer = json.loads(got.body)
    assert answer["truncated"]["reason"] == "bytes"
    assert len(answer["results"]["bindings"]) == answer["truncated"]["rows"] > 10
    assert 10_000 < len(got.body) < 11_000


def test_answers_are_cut_at_the_stream_time_limit(server: HardenedServer) -> None:
    with environment({"KG_STREAM_TIMEOUT": "1", "KG_ROW_CAP": "10000000"}):
        got = query(server, CARTESIAN)  # 1,000,000 rows: many seconds to write
    assert got.status == 200
    assert got.seconds < 4
    tail = json.loads(got.body)["truncated"]
    assert tail["reason"] == "time" and tail["setting"] == "KG_STREAM_TIMEOUT"


def test_a_client_that_never_reads_holds_no_worker(store: DiskStore) -> None:
    """Its answer waits in waitress's buffer; the connection closes after KG_CLIENT_TIMEOUT."""
    with environment({"KG_CLIENT_TIMEOUT": "2", "KG_ROW_CAP": "20000"}):
        live = HardenedServer(store, WorkerPool(1, 1024))
        stalled = [raw_request(live, CARTESIAN, client=f"127.0.0.{50 + i}") for i in range(3)]
        try:
            # ~12 MB each, far more than the sockets hold: all three are stuck mid-answer
            wait_for(lambda: live.open_connections() == 3, 10, "three connections")
            # all three answered: none running, none waiting for the worker (a retiring
            # worker's replacement may be starting meanwhile)
            wait_for(lambda: _pool_idle(live), 30, "the worker coming free")
            assert query(live, NORMAL).status == 200  # one worker, free for others
            wait_for(lambda: live.open_connections() == 0, 10, "the stalled clients' close")
        finally:
            for sock in stalled:
                sock.close()
            live.close()


def test_a_client_sending_its_request_slowly_is_cut_off(store: DiskStore) -> None:
    with environment({"KG_CLIENT_TIMEOUT": "2"}):
        live = HardenedServer(store, WorkerPool(1, 1024))
    sock = socket.create_connection(("127.0.0.1", live.port))
    try:
        started = time.monotonic()
        for byte in b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\n":
            sock.sendall(bytes([byte]))  # slowloris: always some progress, never a request
            time.sleep(0.15)
            if live.open_connections() == 0:
                break
        assert live.open_connections() == 0
        assert time.monotonic() - started < 6
    finally:
        sock.close()
        live.close()


def test_rate_limits_are_per_client_with_retry_after(store: DiskStore) -> None:
    with environment({"KG_RATE_LIMIT": "5 per 10 seconds"}):
        live = HardenedServer(store, WorkerPool(1, 1024))
    try:
        statuses = [query(live, "ASK {}", client="127.0.0.60").status for _ in range(7)]
        assert statuses == [200] * 5 + [429] * 2
        status, headers, _ = request(live, "/sparql?query=ASK%7B%7D", client="127.0.0.60")
        assert status == 429 and int(headers["Retry-After"]) >= 1
        assert query(live, "ASK {}", client="127.0.0.61").status == 200  # another client
        assert live.health()["ok"]  # health checks are never limited
    finally:
        live.close()


def _pool_idle(live: HardenedServer) -> bool:
    workers = live.health()["workers"]
    return workers["busy"] == 0 and workers["waiting"] == 0  # type: ignore[no-any-return]


def test_the_rate_limiter_starts_no_thread_per_request() -> None:
    """Its spent entries are swept on the request's thread, at most once a second: a timer
    thread per request would make every request wait for that thread to be scheduled."""
    import threading

    from limits.storage import storage_from_string

    storage = storage_from_string("kamergraph-memory://")
    time.sleep(0.05)  # the base class's one timer, from its constructor, has run out
    before = threading.active_count()
    for _ in range(50):
        assert storage.acquire_entry("client", 100, 60)  # type: ignore[attr-defined]
        assert threading.active_count() == before
    assert not storage.acquire_entry("client", 50, 60)  # type: ignore[attr-defined]
