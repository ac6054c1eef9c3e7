"""Queries run in killable worker processes: crashes, runaways, hang-ups and greed cost one
worker, which is replaced, and never the server. A real waitress server on 127.0.0.1."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamergraph.store import DiskStore
from server.pool import WorkerPool
from tests.hardening import (
    GREEDY,
    NORMAL,
    RUNAWAY,
    HardenedServer,
    build_disk_store,
    environment,
    process_exists,
    quads,
    query,
    raw_request,
    wait_for,
)

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> DiskStore:
    return build_disk_store(tmp_path_factory.mktemp("pool") / "store")


@pytest.fixture(scope="module")
def server(store: DiskStore) -> Iterator[HardenedServer]:
    live = HardenedServer(store, WorkerPool(2, 1024))
    yield live
    live.close()


def _ended(server: HardenedServer, reason: str) -> int:
    return server.health()["workers"]["ended"].get(reason, 0)  # type: ignore[no-any-return]


def _pool_is_whole(server: HardenedServer) -> bool:
    workers = server.health()["workers"]
    return workers["alive"] == workers["size"] and workers["busy"] == 0  # type: ignore[no-any-return]


def test_normal_queries_answer(server: HardenedServer) -> None:
    answer = query(server, NORMAL)
    assert answer.status == 200, answer.body
    assert len(json.loads(answer.body)["results"]["bindings"]) == 20
    assert answer.headers["Kamergraph-Limits"].startswith("rows=")


@pytest.mark.parametrize("opening, closing", [("(", ")"), ("{", "}")])
def test_a_parser_crash_costs_one_worker(
    server: HardenedServer, opening: str, closing: str
) -> None:
    """With the door check off, 5,000 nested brackets crash pyoxigraph's parser: in a worker."""
    crashes = _ended(server, "crash")
    nested = "SELECT * WHERE { FILTER(" if opening == "(" else "SELECT * WHERE "
    text = nested + opening * 5000 + ("1" if opening == "(" else "") + closing * 5000
    text += ") }" if opening == "(" else ""
    with environment({"KG_MAX_NESTING": "100000"}):
        answer = query(server, text, post=True)
    assert answer.status == 500 and b"crashed its worker" in answer.body
    assert _ended(server, "crash") == crashes + 1
    assert query(server, NORMAL).status == 200
    wait_for(lambda: _pool_is_whole(server), 5, "the crashed worker's replacement")


def test_the_door_refuses_deep_nesting_before_any_parser(server: HardenedServer) -> None:
    crashes = _ended(server, "crash")
    answer = query(server, "SELECT * WHERE " + "{" * 3000 + "}" * 3000, post=True)
    assert answer.status == 400 and b"KG_MAX_NESTING" in answer.body
    assert _ended(server, "crash") == crashes


def test_the_time_limit_kills_the_worker(server: HardenedServer) -> None:
    before = set(server.pool.pids())
    with environment({"KG_QUERY_TIMEOUT": "1"}):
        answer = query(server, RUNAWAY)
    assert answer.status == 503 and b"KG_QUERY_TIMEOUT" in answer.body
    assert answer.seconds < 3
    killed = before - set(server.pool.pids())
    assert len(killed) == 1
    assert not any(process_exists(pid) for pid in killed)  # not left running at 100% CPU
    wait_for(lambda: _pool_is_whole(server), 5, "the pool's recovery")


def test_a_client_that_hangs_up_cancels_its_query(server: HardenedServer) -> None:
    disconnects = _ended(server, "disconnect")
    before = set(server.pool.pids())
    sock = raw_request(server, RUNAWAY, client="127.0.0.7")
    wait_for(lambda: server.health()["workers"]["busy"] == 1, 5, "the query starting")
    sock.close()
    wait_for(lambda: _ended(server, "disconnect") == disconnects + 1, 3, "the worker's end")
    killed = before - set(server.pool.pids())
    assert killed and not any(process_exists(pid) for pid in killed)
    wait_for(lambda: _pool_is_whole(server), 5, "the pool's recovery")


def test_the_memory_limit_ends_a_greedy_query_with_a_clear_status(server: HardenedServer) -> None:
    answer = query(server, GREEDY)
    assert answer.status == 503, answer.body
    assert b"KG_WORKER_MEMORY" in answer.body
    assert _ended(server, "memory") >= 1
    assert query(server, NORMAL).status == 200


def test_a_full_pool_queues_briefly_then_says_retry_after(server: HardenedServer) -> None:
    """Both workers held by slow queries (two clients): a third waits KG_QUEUE_TIMEOUT, then 503."""
    socks = [raw_request(server, RUNAWAY, client=f"127.0.0.{20 + i}") for i in range(2)]
    try:
        wait_for(lambda: server.health()["workers"]["busy"] == 2, 5, "both workers busy")
        with environment({"KG_QUEUE_TIMEOUT": "0.5"}):
            answer = query(server, NORMAL, client="127.0.0.30")
        assert answer.status == 503
        assert int(answer.headers["Retry-After"]) >= 1
        assert 0.4 < answer.seconds < 2
        health = server.health()
        assert health["workers"]["busy"] == 2 and health["workers"]["idle"] == 0
    finally:
        for sock in socks:
            sock.close()
    wait_for(lambda: _pool_is_whole(server), 5, "the pool's recovery")
    assert query(server, NORMAL).status == 200


def test_one_client_holds_at_most_its_share(server: HardenedServer) -> None:
    with environment({"KG_CLIENT_QUERIES": "1"}):
        sock = raw_request(server, RUNAWAY, client="127.0.0.40")
        try:
            wait_for(lambda: server.health()["workers"]["busy"] == 1, 5, "the query starting")
            answer = query(server, NORMAL, client="127.0.0.40")
            assert answer.status == 429 and "Retry-After" in answer.headers
            assert query(server, NORMAL, client="127.0.0.41").status == 200
        finally:
            sock.close()
    wait_for(lambda: _pool_is_whole(server), 5, "the pool's recovery")


def test_workers_serve_a_new_build_without_restart(
    server: HardenedServer, store: DiskStore
) -> None:
    """Runs last here: workers follow CURRENT as the server does."""
    text = "ASK { ?s ?p 'thing 3 (new)' }"
    assert query(server, text).body.endswith(b"false}")
    store.publish(quads(10, " (new)"))
    for _ in range(4):  # every worker, not only the first to answer
        assert query(server, text).body.endswith(b"true}")


def test_workers_are_not_left_behind(tmp_path: Path) -> None:
    pool = WorkerPool(2, 1024)
    live = HardenedServer(build_disk_store(tmp_path / "store", 5), pool)
    assert query(live, NORMAL).status == 200
    pids = pool.pids()
    live.close()
    deadline = time.monotonic() + 5
    while any(process_exists(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(process_exists(pid) for pid in pids)


def test_an_answer_nobody_reads_frees_its_worker(server: HardenedServer) -> None:
    """A response dropped unread (never iterated, never closed) must not keep its worker."""
    client = server.app.test_client()
    response = client.get("/sparql", query_string={"query": NORMAL})
    assert response.status_code == 200
    del response
    gc.collect()
    wait_for(lambda: server.health()["workers"]["busy"] == 0, 5, "the worker's release")
    response = client.get("/sparql", query_string={"query": NORMAL})
    response.close()  # closed unread, as a WSGI server does when its client has gone
    wait_for(lambda: server.health()["workers"]["busy"] == 0, 5, "the worker's release")
    assert query(server, NORMAL).status == 200


def test_a_worker_that_grew_past_its_keep_retires_after_its_query(tmp_path: Path) -> None:
    """KG_KEEP_MB: a worker whose resident memory grew by more than this since it was
    ready is replaced after its query (here a keep of 1 kB, which any query passes); the
    answer is whole and the pool stays whole. With no keep (0) workers stay."""
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    store = build_disk_store(tmp_path / "store", 200)
    for keep_mb, replaced in ((1 / 1024, True), (0, False)):
        pool = WorkerPool(2, 1024, keep_mb)
        live = HardenedServer(store, pool)
        try:
            pool.start()
            wait_for(lambda live=live: _pool_is_whole(live), 10, "the workers' start")
            before = set(pool.pids())
            for _ in range(3):
                answer = query(live, everything)
                assert answer.status == 200, answer.body
                assert len(json.loads(answer.body)["results"]["bindings"]) == 400
            wait_for(lambda live=live: _pool_is_whole(live), 10, "the pool refilled")
            assert (_ended(live, "retired") >= 1) is replaced
            assert (set(pool.pids()) != before) is replaced
        finally:
            live.close()


def _conversation(store: DiskStore, formats: dict[str, str]) -> list[str]:
    """What a worker says to a Job, "format?" marking where it waited (1 s) to be told the
    format; the optional "progress" left out."""
    from collections import OrderedDict
    from multiprocessing import Pipe
    from threading import Thread

    from server.worker import Job, serve_job

    ours, theirs = Pipe()
    job = Job(
        str(store.folder), NORMAL, "http://127.0.0.1/sparql", None, 100, 2**20, 30, 1, formats
    )
    worker = Thread(target=serve_job, args=(theirs, job, OrderedDict()), daemon=True)
    worker.start()
    said: list[str] = []
    while not said or said[-1] != "end":
        if not ours.poll(1.0):
            said.append("format?")
            ours.send(("format", "json"))
        message = ours.recv()[0]
        if message != "progress":
            said.append(message)
    worker.join(5)
    return said


def test_a_format_settled_at_the_door_saves_the_worker_a_question(store: DiskStore) -> None:
    """With the format settled for the query's form, the worker writes the answer right
    after naming the form; without it (or settled for another form only), it waits to be
    told the format."""
    assert _conversation(store, {"solutions": "json"}) == ["form", "head", "chunk", "end"]
    for other in ({"graph": "turtle"}, {}):
        assert _conversation(store, other)[:3] == ["form", "format?", "head"]
