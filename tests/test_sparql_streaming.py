"""Results are streamed from a worker thread: bounded memory, cancellation, a timeout."""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox
import pytest

from kamergraph.store import MemoryStore, QuerySyntaxError
from server import create_app, streaming
from server.streaming import Busy, QueryTimeout, StreamedQuery, gzipped

EX = "http://example.org/"


def _store(n: int) -> MemoryStore:
    store = MemoryStore()
    store.publish(
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"),
            ox.NamedNode(f"{EX}p"),
            ox.Literal(str(i)),
            ox.NamedNode(f"{EX}g"),
        )
        for i in range(n)
    )
    return store


def _workers() -> int:
    return sum(1 for t in threading.enumerate() if t.name == "kg-query")


def _wait_for_workers(count: int) -> None:
    for _ in range(100):
        if _workers() <= count:
            return
        time.sleep(0.05)
    raise AssertionError(f"{_workers()} query workers still running")


def test_a_closed_response_stops_its_worker() -> None:
    store = _store(50000)
    before = _workers()
    job = StreamedQuery(lambda: store.query("SELECT * { ?s ?p ?o }"), 10)
    assert job.form() == "solutions"
    chunks = job.start("json")
    first = next(chunks)
    assert first.startswith(b'{"head"')
    assert len(first) <= 64 * 1024  # one buffer, not the whole result
    chunks.close()  # what WSGI servers do when the client goes away
    _wait_for_workers(before)


def test_an_abandoned_query_frees_its_worker() -> None:
    store = _store(10)
    before = _workers()
    job = StreamedQuery(lambda: store.query("SELECT * { ?s ?p ?o }"), 10)
    job.form()
    job.cancel()  # e.g. the format turned out to be unacceptable
    _wait_for_workers(before)


def test_query_errors_reach_the_request_thread() -> None:
    store = _store(1)
    job = StreamedQuery(lambda: store.query("SELECT * {"), 10)
    with pytest.raises(QuerySyntaxError):
        job.form()


def test_slow_queries_time_out_with_503(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "0.05")
    client = create_app(_store(200)).test_client()
    slow = "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    response = client.get("/sparql", query_string={"query": slow})
    assert response.status_code == 503
    assert b"KG_QUERY_TIMEOUT" in response.data
    with pytest.raises(QueryTimeout):
        StreamedQuery(lambda: _store(200).query(slow), 0.01).form()


def test_gzip_closes_its_source() -> None:
    closed = []

    def source():  # type: ignore[no-untyped-def]
        try:
            yield b"a" * 1000
            yield b"b" * 1000
        finally:
            closed.append(True)

    stream = gzipped(source())
    next(stream)
    stream.close()
    assert closed == [True]


def test_workers_are_capped_and_freed(monkeypatch: pytest.MonkeyPatch) -> None:
    """A timed-out query keeps its worker; beyond the cap a request is refused, not queued."""
    monkeypatch.setattr(streaming, "_WORKERS", threading.BoundedSemaphore(1))
    release = threading.Event()
    store = _store(3)

    def slow():  # type: ignore[no-untyped-def]
        release.wait(10)
        return store.query("SELECT * { ?s ?p ?o }")

    first = StreamedQuery(slow, 0.01)
    with pytest.raises(QueryTimeout):
        first.form()
    with pytest.raises(Busy):
        StreamedQuery(slow, 10)
    release.set()
    for _ in range(100):  # the first worker finishes and gives its slot back
        try:
            job = StreamedQuery(lambda: store.query("ASK {}"), 10)
            break
        except Busy:
            time.sleep(0.02)
    assert job.form() == "boolean"
