"""One query's life on the server's side of the pipe to its worker (see `server.pool`).

The request thread waits for the worker's messages watching three clocks and the client: past
KG_QUERY_TIMEOUT without a first row, past KG_STREAM_TIMEOUT (plus a grace for the worker's own
cut) in all, or when the client hangs up, the worker is killed and replaced. A query running for
KG_DEMOTE_AFTER seconds while other queries run or wait gets the lowest CPU priority. One
client may hold at most KG_CLIENT_QUERIES workers at once (then 429).
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from multiprocessing.process import BaseProcess
from typing import Any

from kamergraph import settings
from kamergraph.store import QueryForm
from server.pool import Busy, Worker, WorkerPool
from server.results import Truncation
from server.worker import MEMORY_EXIT, Job

GRACE = 2.0  # seconds the worker gets past KG_STREAM_TIMEOUT to close its answer itself
_POLL = 0.1  # how often a waiting request looks at its client and the clock


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


class ClientSlots:
    """How many queries each client has running, capped per client."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: Counter[str] = Counter()
        self._dropped: list[str] = []  # slots given back by finalisers, not yet counted

    def take(self, client: str, limit: int) -> None:
        with self._lock:
            while self._dropped:
                self._give_back(self._dropped.pop())
            if limit > 0 and self._running[client] >= limit:
                raise ClientBusy(f"this client already has {limit} queries running")
            self._running[client] += 1

    def give_back(self, client: str) -> None:
        with self._lock:
            self._give_back(client)

    def drop(self, client: str) -> None:
        """`give_back` for finalisers: takes no lock (see `WorkerPool.orphan`)."""
        self._dropped.append(client)

    def _give_back(self, client: str) -> None:
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
        self._formats = job.formats
        self._form: QueryForm | None = None
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
        if (
            worker
            and not worker.demoted
            and now - self._started >= self._demote_after
            and self._pool.contended()  # alone, a lower priority only slows it for nothing
        ):
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
        self._form = self._expect(self._first_by)[1]
        return self._form

    def close(self) -> None:
        """The response is closed: a worker still busy with it is killed (a client that hung
        up, or a body nobody read)."""
        self._finish("disconnect")

    def __del__(self) -> None:
        # A response dropped without being closed (never iterated, so no `finally` ran); or
        # an __init__ that raised before a worker was taken.
        worker, self._worker = getattr(self, "_worker", None), None
        if worker is not None:
            self._slots.drop(self._client)
            self._pool.orphan(worker)

    def cancel(self) -> None:
        """Abandon the result before streaming (e.g. no acceptable format): frees the worker."""
        if self._worker is not None and self._form in self._formats:
            self._finish("disconnect")  # it is writing the answer already: kill and replace it
        elif self._worker is not None:
            try:
                self._worker.conn.send(("cancel",))
                self._finish(None)
            except OSError:
                self._finish("crash")

    def start(self, format_name: str) -> Iterator[bytes]:
        """Ask for the answer in this format; returns once its headers can be set (sets
        `truncation` and `complete`), then relays the body. Closing it kills an unfinished
        worker: that is how a client that hangs up mid-answer cancels its query."""
        settled = self._formats.get(self._form or "")
        if settled is None:
            self._send(("format", format_name))
        elif settled != format_name:  # the worker is already writing the settled one
            raise ValueError(f"the job settled on {settled} for its form, not {format_name}")
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
                if message[0] == "progress":  # may come after a head sent early (slow rows)
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
