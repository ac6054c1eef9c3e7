"""The pool of query worker processes, and one query's life on the server's side of the pipe.

A query is handed to an idle worker (`server.worker`) and the request thread waits for its
messages, watching three clocks and the client: past KG_QUERY_TIMEOUT without a first row, past
KG_STREAM_TIMEOUT (plus a grace for the worker's own cut) in all, or when the client hangs up,
the worker is killed (SIGKILL: pyoxigraph cannot be interrupted) and a fresh one takes its
place. A worker that dies by itself (a parser crash, the memory limit) is replaced the same way.
A query that has run for KG_DEMOTE_AFTER seconds gets the lowest CPU priority, so that a few
expensive queries cannot slow the short ones down; such a worker is retired afterwards, since
raising a priority back needs privileges. No worker ever outlives the request it serves.

Requests beyond the pool wait at most KG_QUEUE_TIMEOUT for a worker (then 503 with
Retry-After); one client may hold at most KG_CLIENT_QUERIES workers at once (then 429).
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from kamergraph import settings
from kamergraph.store import QueryForm
from server.results import Truncation
from server.worker import MEMORY_EXIT, Job, run_worker

GRACE = 2.0  # seconds the worker gets past KG_STREAM_TIMEOUT to close its answer itself
_POLL = 0.1  # how often a waiting request looks at its client and the clock


class Busy(Exception):
    """No worker became free within KG_QUEUE_TIMEOUT."""


class ClientBusy(Exception):
    """This client already has KG_CLIENT_QUERIES queries running."""


class QueryTimeout(Exception):
    """The query ran past its time and its worker was killed."""


class WorkerDied(Exception):
    """The worker died during the query: `cause` is "memory" or "crash"."""

    def __init__(self, cause: str, detail: str) -> None:
        super().__init__(detail)
        self.cause = cause


class ResultCut(Exception):
    """The answer broke off after its headers were sent; the server drops the connection
    (no closing chunk), so the client sees an incomplete body rather than a short one."""


class JobFailed(Exception):
    """The worker refused or failed the query, with the HTTP status to answer."""

    def __init__(self, status: int, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.setting = setting


class ClientGone(Exception):
    """The client hung up while its query was evaluating; the worker was killed."""


@dataclass(eq=False)
class Worker:
    """The server's handle on one worker process."""

    process: BaseProcess
    conn: Connection
    demoted: bool = False

    @property
    def pid(self) -> int:
        return self.process.pid or 0


@dataclass
class PoolState:
    """What `/-/health` reports about the pool (see `WorkerPool.state`)."""

    size: int
    alive: int
    idle: int
    busy: int
    waiting: int
    started: int
    ended: dict[str, int] = field(default_factory=dict)


class WorkerPool:
    """A fixed number of worker processes, started on first use, replaced when they die."""

    def __init__(self, size: int, memory_mb: float) -> None:
        self.size = size
        self.memory_mb = memory_mb
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload(["server.worker"])
        self._lock = threading.Condition()
        self._idle: list[Worker] = []
        self._busy: set[Worker] = set()
        self._waiting = 0
        self._started = 0
        self._ended: Counter[str] = Counter()
        self._closed = False

    def _spawn(self) -> Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(
            target=run_worker, args=(child, self.memory_mb), name="kg-query-worker", daemon=True
        )
        process.start()
        child.close()
        self._started += 1
        return Worker(process, parent)

    def _fill(self) -> None:
        while not self._closed and len(self._idle) + len(self._busy) < self.size:
            self._idle.append(self._spawn())

    def start(self) -> None:
        """Start the workers now rather than on the first query."""
        with self._lock:
            self._fill()

    def acquire(self, timeout: float) -> Worker:
        """An idle worker, waiting at most `timeout` seconds for one (else Busy)."""
        deadline = time.monotonic() + timeout
        with self._lock:
            self._fill()
            self._waiting += 1
            try:
                while not self._idle:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0 or self._closed:
                        raise Busy(f"all {self.size} query workers stayed busy for {timeout:g} s")
                    self._lock.wait(remaining)
                worker = self._idle.pop()
                self._busy.add(worker)
                return worker
            finally:
                self._waiting -= 1

    def release(self, worker: Worker) -> None:
        """A worker whose query ended cleanly goes back to the pool (or retires if demoted)."""
        if worker.demoted or not worker.process.is_alive():
            self.discard(worker, "retired")
            return
        with self._lock:
            self._busy.discard(worker)
            self._idle.append(worker)
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
            self._fill()
            self._lock.notify()

    def state(self) -> PoolState:
        """How many workers exist, are idle, busy and waited for; why workers ended."""
        with self._lock:
            workers = [*self._idle, *self._busy]
            return PoolState(
                size=self.size,
                alive=sum(1 for w in workers if w.process.is_alive()),
                idle=len(self._idle),
                busy=len(self._busy),
                waiting=self._waiting,
                started=self._started,
                ended=dict(self._ended),
            )

    def pids(self) -> list[int]:
        """The process ids of the current workers (for tests and benchmarks)."""
        with self._lock:
            return [w.pid for w in (*self._idle, *self._busy)]

    def close(self) -> None:
        """Kill every worker; the pool starts no more."""
        with self._lock:
            self._closed = True
            workers = [*self._idle, *self._busy]
            self._idle.clear()
            self._busy.clear()
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
                int(settings.get("KG_MAX_QUERIES")), float(settings.get("KG_WORKER_MEMORY"))
            )
            atexit.register(_SHARED.close)
        return _SHARED


class ClientSlots:
    """How many queries each client has running, capped per client."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()

    def take(self, client: str, limit: int) -> None:
        with self._lock:
            if limit > 0 and self._running[client] >= limit:
                raise ClientBusy(f"this client already has {limit} queries running")
            self._running[client] += 1

    def give_back(self, client: str) -> None:
        with self._lock:
            self._running[client] -= 1
            if self._running[client] <= 0:
                del self._running[client]


def _exit_cause(process: BaseProcess) -> WorkerDied:
    process.join(1)
    code = process.exitcode
    if code in (MEMORY_EXIT, -signal.SIGABRT):  # Python's MemoryError, or Rust's failed alloc
        limit = settings.get("KG_WORKER_MEMORY")
        return WorkerDied("memory", f"the query needed more than {limit} MB (KG_WORKER_MEMORY)")
    how = f"signal {-code}" if code is not None and code < 0 else f"status {code}"
    return WorkerDied("crash", f"the query crashed its worker process ({how})")


class PooledQuery:
    """One query on a worker, with the same surface as `streaming.StreamedQuery`."""

    def __init__(
        self,
        pool: WorkerPool,
        slots: ClientSlots,
        client: str,
        job: Job,
        disconnected: Callable[[], bool],
    ) -> None:
        self._pool = pool
        self._slots = slots
        self._client = client
        self._disconnected = disconnected
        self._timeout = float(settings.get("KG_QUERY_TIMEOUT"))
        self._demote_after = float(settings.get("KG_DEMOTE_AFTER"))
        slots.take(client, int(settings.get("KG_CLIENT_QUERIES")))
        try:
            self._worker: Worker | None = pool.acquire(float(settings.get("KG_QUEUE_TIMEOUT")))
        except Busy:
            slots.give_back(client)
            raise
        self._started = time.monotonic()
        self._first_by = self._started + self._timeout
        self._end_by = self._started + job.stream_seconds + GRACE
        self.truncation: Truncation | None = None
        self.complete = False
        self._send(job)

    def _send(self, message: Any) -> None:
        assert self._worker is not None
        try:
            self._worker.conn.send(message)
        except OSError:
            raise self._died() from None

    def _finish(self, reason: str | None) -> None:
        """Give the worker back (reason None) or kill it; free the client's slot once."""
        worker, self._worker = self._worker, None
        if worker is None:
            return
        self._slots.give_back(self._client)
        if reason is None:
            self._pool.release(worker)
        else:
            self._pool.discard(worker, reason)

    def _died(self) -> WorkerDied:
        assert self._worker is not None
        cause = _exit_cause(self._worker.process)
        self._finish(cause.cause)
        return cause

    def _maybe_demote(self, now: float) -> None:
        worker = self._worker
        if worker and not worker.demoted and now - self._started >= self._demote_after:
            worker.demoted = True
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, worker.pid, 19)

    def _receive(self, deadline: float) -> tuple[Any, ...]:
        """The worker's next message; kills it past the deadline or when the client left."""
        assert self._worker is not None
        conn = self._worker.conn
        while True:
            now = time.monotonic()
            if now >= deadline:
                self._finish("timeout")
                raise QueryTimeout(f"the query ran longer than {self._timeout:g} seconds")
            if self._disconnected():
                self._finish("disconnect")
                raise ClientGone("the client went away")
            self._maybe_demote(now)
            if conn.poll(min(_POLL, deadline - now)):
                try:
                    return conn.recv()  # type: ignore[no-any-return]
                except (EOFError, OSError):
                    raise self._died() from None

    def _expect(self, deadline: float) -> tuple[Any, ...]:
        message = self._receive(deadline)
        if message[0] == "error":
            self._finish(None)
            raise JobFailed(message[1], message[2], message[3])
        return message

    def form(self) -> QueryForm:
        """The result form, or the worker's refusal (JobFailed), a timeout or a death."""
        return self._expect(self._first_by)[1]  # type: ignore[no-any-return]

    def cancel(self) -> None:
        """Abandon the result before streaming (e.g. no acceptable format): frees the worker."""
        if self._worker is not None:
            try:
                self._worker.conn.send(("cancel",))
                self._finish(None)
            except OSError:
                self._finish("crash")

    def start(self, format_name: str) -> Iterator[bytes]:
        """Ask for the answer in this format; returns once its headers can be set (sets
        `truncation` and `complete`), then relays the body. Closing it kills an unfinished
        worker: that is how a client that hangs up mid-answer cancels its query."""
        self._send(("format", format_name))
        deadline = self._first_by
        while True:
            message = self._expect(deadline)
            if message[0] == "progress":
                deadline = self._end_by
            elif message[0] == "head":
                self.complete, self.truncation = message[1], message[2]
                return self._relay()

    def _relay(self) -> Iterator[bytes]:
        reason: str | None = "disconnect"  # unless the answer ends: the client closed it
        try:
            while True:
                message = self._receive(self._end_by)
                if message[0] == "chunk":
                    yield message[1]
                    continue
                reason = None  # "end", or "abort": the worker gave up on the body itself
                if message[0] == "abort":
                    raise ResultCut(message[1])
                self.truncation = message[1]
                return
        except ClientGone:
            return  # nobody is listening any more
        except (QueryTimeout, WorkerDied) as error:
            # the headers are out: breaking the connection is the only way left to say so
            raise ResultCut(str(error)) from error
        finally:
            self._finish(reason)
