"""The pool hands out only workers that said they are ready, and a demoted worker retires
only once another is ready (so a retirement never makes the next query wait for a start).
Real worker processes."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from server.pool import WorkerPool
from tests.hardening import process_exists, wait_for

pytestmark = pytest.mark.e2e


@pytest.fixture
def pool() -> Iterator[WorkerPool]:
    workers = WorkerPool(1, 1024)
    yield workers
    workers.close()


def test_a_worker_is_handed_out_after_it_said_ready(pool: WorkerPool) -> None:
    worker = pool.acquire(30)
    assert not worker.conn.poll(0.2), "its ready message was read before it was handed out"
    state = pool.state()
    assert (state.busy, state.idle, state.starting) == (1, 0, 0)
    pool.release(worker)
    assert pool.acquire(30) is worker  # ready and idle: handed out again, no new start


def test_a_demoted_worker_retires_once_its_replacement_is_ready(pool: WorkerPool) -> None:
    first = pool.acquire(30)
    first.demoted = True  # as `server.jobs` marks a worker past KG_DEMOTE_AFTER
    pool.release(first)
    # the only worker: it stays (last in line) while its replacement starts
    assert process_exists(first.pid)
    wait_for(lambda: pool.state().ended.get("retired", 0) == 1, 10, "the retirement")
    assert not first.process.is_alive()
    second = pool.acquire(30)
    assert second is not first and not second.demoted
    state = pool.state()
    assert (state.alive, state.busy, state.idle, state.starting) == (1, 1, 0, 0)


def test_a_demoted_worker_retires_at_once_when_another_is_ready() -> None:
    pool = WorkerPool(2, 1024)
    try:
        first, other = pool.acquire(30), pool.acquire(30)
        pool.release(other)
        first.demoted = True
        pool.release(first)
        assert pool.state().ended.get("retired", 0) == 1
        assert not first.process.is_alive()
        assert pool.acquire(30) is other  # the ready one, not the one still starting
    finally:
        pool.close()


def test_a_long_query_alone_keeps_its_priority() -> None:
    """Demotion is for sharing the CPU with other queries; alone, it would only slow it."""
    pool = WorkerPool(2, 1024)
    try:
        first = pool.acquire(30)
        assert not pool.contended()
        second = pool.acquire(30)
        assert pool.contended()
        pool.release(second)
        assert not pool.contended()
        pool.release(first)
    finally:
        pool.close()
