"""The pool of query worker processes (`server.worker`), sized by KG_MAX_QUERIES.

A worker whose query runs too long or whose client hangs up is killed (SIGKILL: pyoxigraph
cannot be interrupted; see `server.jobs`) and a fresh one takes its place; so is one that dies
by itself (a parser crash, the memory limit). A worker demoted to the lowest CPU priority (a
long query) is retired afterwards, since raising a priority back needs privileges; it keeps
serving (last in line) until its replacement is ready, so a retirement never leaves the pool
without a ready worker. So is one whose resident memory grew by more than KG_KEEP_MB
since it was ready: on disk each worker's RocksDB keeps block caches that fill up to hundreds
of megabytes on a large store, and a query's leftovers stay with its process; a fresh worker
starts without them. No worker outlives the request it serves, and none outlives the pool.

A new worker is handed out only once it says it is ready: it has opened its store (and in
memory mode holds the served generation), so no query waits for a worker's start.

Requests beyond the pool wait at most KG_QUEUE_TIMEOUT for a worker (then 503 with
Retry-After). Forkserver start: workers fork from a clean process that has imported the worker
code and warmed it once (`server.warm`: the query checker, and in memory mode the loaded
generation, shared copy-on-write), so a replacement is ready in milliseconds and never inherits
the server's threads.
"""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
import os
import signal
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from kamergraph import settings
from server.residency import resident_kb
from server.worker import run_worker

_READY_POLL = 0.01  # seconds between looks at starting workers while a request waits


class Busy(Exception):
    """No worker became free within KG_QUEUE_TIMEOUT."""


@dataclass(eq=False)
class Worker:
    """The server's handle on one worker process."""

    process: BaseProcess
    conn: Connection
    demoted: bool = False  # runs at the lowest CPU priority (a long query under contention)
    oversized: bool = False  # grew past KG_KEEP_MB since it said ready
    ready_kb: int = 0  # resident memory when it said ready

    @property
    def retiring(self) -> bool:
        """It serves only until a fresh worker is ready."""
        return self.demoted or self.oversized

    @property
    def pid(self) -> int:
        assert self.process.pid, "a worker is started before it is handed out"
        return self.process.pid


@dataclass
class PoolState:
    """What `/-/health` reports about the pool (see `WorkerPool.state`)."""

    size: int
    alive: int
    idle: int
    busy: int
    starting: int
    waiting: int
    started: int
    ended: dict[str, int] = field(default_factory=dict)


class WorkerPool:
    """A fixed number of worker processes, started on first use, replaced when they die."""

    def __init__(self, size: int, memory_mb: float, keep_mb: float = 0) -> None:
        self.size = size
        self.memory_mb = memory_mb
        self.keep_kb = int(keep_mb * 1024)
        # Fewer malloc arenas keep a worker's memory close to what its query uses. The
        # forkserver reads this when it starts; every worker forked from it inherits it.
        os.environ.setdefault("MALLOC_ARENA_MAX", "2")
        self._context = multiprocessing.get_context("forkserver")
        # "__main__" first: imported once there, so that each worker does not run the main
        # script again at start (for `kamergraph serve` that imports the whole CLI, ~1 s).
        self._context.set_forkserver_preload(["__main__", "server.worker", "server.warm"])
        self._lock = threading.Condition()
        self._idle: list[Worker] = []  # ready, the longest idle first
        self._starting: list[Worker] = []  # started, not yet ready
        self._busy: set[Worker] = set()
        self._waiting = 0
        self._started = 0
        self._ended: Counter[str] = Counter()
        self._closed = False
        self._orphans: list[Worker] = []  # killed during garbage collection, not yet reaped

    def _spawn(self) -> Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=run_worker, args=(child, self.memory_mb), name="kg-query-worker", daemon=True
        )
        process.start()
        child.close()
        self._started += 1
        return Worker(process, parent)

    def _collect_ready(self) -> None:
        """Move workers that said "ready" to the idle list; a new one retires a retiring one."""
        for worker in list(self._starting):
            if not worker.conn.poll():
                continue
            self._starting.remove(worker)
            try:
                worker.conn.recv()  # ("ready",)
            except (EOFError, OSError):  # died while starting: replaced by `_fill`
                self._end(worker, "crash")
                continue
            worker.ready_kb = resident_kb(worker.pid)
            for outgoing in [w for w in self._idle if w.retiring][:1]:
                self._idle.remove(outgoing)
                self._kill(outgoing)
                self._end(outgoing, "retired")
            self._idle.append(worker)

    def _kill(self, worker: Worker) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)

    def _end(self, worker: Worker, reason: str) -> None:
        worker.process.join(5)
        worker.conn.close()
        self._ended[reason] += 1

    def _fill(self) -> None:
        while self._orphans:
            orphan = self._orphans.pop()
            orphan.process.join(5)
            orphan.conn.close()
            self._busy.discard(orphan)
            self._ended["abandoned"] += 1
        serving = [w for w in self._idle if not w.retiring]
        while not self._closed and len(serving) + len(self._busy) + len(self._starting) < self.size:
            self._starting.append(self._spawn())
            serving.append(self._starting[-1])

    def start(self) -> None:
        """Start the workers now rather than on the first query."""
        with self._lock:
            self._fill()

    def acquire(self, timeout: float) -> Worker:
        """A ready idle worker, waiting at most `timeout` seconds for one (else Busy)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._waiting += 1
            try:
                while True:
                    self._collect_ready()
                    self._fill()
                    if self._idle:
                        break
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        raise Busy(f"all {self.size} query workers stayed busy for {timeout:g} s")
                    # a starting worker says "ready" on its pipe, not through this condition
                    self._lock.wait(min(remaining, _READY_POLL) if self._starting else remaining)
                # The longest idle first; a retiring one only when no other is ready.
                fresh = [w for w in self._idle if not w.retiring]
                worker = fresh[0] if fresh else self._idle[0]
                self._idle.remove(worker)
                self._busy.add(worker)
                return worker
            finally:
                self._waiting -= 1

    def contended(self) -> bool:
        """Whether other queries run or wait besides one (read without the lock: a hint)."""
        return len(self._busy) > 1 or self._waiting > 0

    def release(self, worker: Worker) -> None:
        """A worker whose query ended cleanly goes back to the pool; a demoted one, or one
        that grew past KG_KEEP_MB, retires: at once if another worker is ready, else
        once its replacement is."""
        if not worker.process.is_alive():
            self.discard(worker, "retired")
            return
        if self.keep_kb and resident_kb(worker.pid) - worker.ready_kb > self.keep_kb:
            worker.oversized = True
        with self._lock:
            self._busy.discard(worker)
            self._collect_ready()
            if worker.retiring and any(not w.retiring for w in self._idle):
                self._kill(worker)
                self._end(worker, "retired")
            else:
                self._idle.append(worker)
            self._fill()  # a retiring worker's replacement starts now
            self._lock.notify()

    def discard(self, worker: Worker, reason: str) -> None:
        """Kill a worker (whatever it is doing) and start its replacement."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        worker.process.join(5)
        worker.conn.close()
        with self._lock:
            self._busy.discard(worker)
            self._ended[reason] += 1
            self._collect_ready()
            self._fill()
            self._lock.notify()

    def orphan(self, worker: Worker) -> None:
        """Kill a worker whose query was dropped unfinished without being closed.

        Called from a finaliser, which may run inside any thread holding the pool's lock: so
        it takes no lock, and the next `_fill` reaps the worker and replaces it."""
        with contextlib.suppress(ProcessLookupError):
            os.kill(worker.pid, signal.SIGKILL)
        self._orphans.append(worker)

    def state(self) -> PoolState:
        """How many workers exist, are idle, busy and waited for; why workers ended."""
        with self._lock:
            self._collect_ready()
            self._fill()
            workers = [*self._idle, *self._busy, *self._starting]
            return PoolState(
                size=self.size,
                alive=sum(1 for w in workers if w.process.is_alive()),
                idle=len(self._idle),
                busy=len(self._busy),
                starting=len(self._starting),
                waiting=self._waiting,
                started=self._started,
                ended=dict(self._ended),
            )

    def pids(self) -> list[int]:
        """The process ids of the current workers (for tests and benchmarks)."""
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy, *self._starting)]

    def close(self) -> None:
        """Kill every worker; the pool starts no more."""
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy, *self._starting]
            self._idle.clear()
            self._busy.clear()
            self._starting.clear()
            self._lock.notify_all()
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker.pid, signal.SIGKILL)
            worker.process.join(5)


_SHARED: WorkerPool | None = None
_SHARED_LOCK = threading.Lock()


def shared_pool() -> WorkerPool:
    """The process's pool, sized from the settings when first asked for."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = WorkerPool(
                int(settings.get("KG_MAX_QUERIES")),
                float(settings.get("KG_WORKER_MEMORY")),
                float(settings.get("KG_KEEP_MB")),
            )
            atexit.register(_SHARED.close)
        return _SHARED
