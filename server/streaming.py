"""Results streamed to the client as the store produces them, optionally gzipped.

pyoxigraph serialises by pushing bytes into a file object, and its result objects may only be
touched by the thread that created them. So a query runs on its own worker thread, which
evaluates it, reports the result form (or the error) back, waits for the format the request
negotiated, then writes into a bounded queue the response body drains. Memory stays at a few
chunks whatever the result size; a client that disconnects cancels the worker. The time to the
first chunk is bounded (KG_QUERY_TIMEOUT), so a slow query still gets a clean 503; pyoxigraph
cannot be interrupted mid-evaluation, so its worker stops at its next write.
"""

from __future__ import annotations

import io
import queue
import threading
import time
import zlib
from collections.abc import Callable, Iterator

from kamergraph import settings
from kamergraph.store import QueryForm, QueryResult

_CHUNK = 64 * 1024
_DEPTH = 8  # chunks buffered between the worker and the response
_DONE = object()


class Cancelled(Exception):
    """The response was closed before the worker finished writing."""


class QueryTimeout(Exception):
    """The query produced nothing within the allowed time."""


class Busy(Exception):
    """As many queries as allowed are still evaluating (timed-out ones included)."""


# pyoxigraph cannot be interrupted, so a timed-out query keeps its worker until it finishes:
# the number of workers is capped, and a request beyond the cap gets a clean 503.
_WORKERS = threading.BoundedSemaphore(int(settings.get("KG_MAX_QUERIES")))


class _QueueWriter(io.RawIOBase):
    def __init__(self, chunks: queue.Queue[object], cancelled: threading.Event) -> None:
        super().__init__()
        self._chunks = chunks
        self._cancelled = cancelled

    def writable(self) -> bool:
        return True

    def write(self, data: bytes | bytearray | memoryview) -> int:  # type: ignore[override]
        chunk = bytes(data)
        while True:
            if self._cancelled.is_set():
                raise Cancelled
            try:
                self._chunks.put(chunk, timeout=0.2)
                return len(chunk)
            except queue.Full:
                continue


class StreamedQuery:
    """A query evaluated and serialised on a worker thread (see the module docstring)."""

    def __init__(self, run: Callable[[], QueryResult], timeout: float) -> None:
        self._run = run
        self._deadline = time.monotonic() + timeout
        self._timeout = timeout
        self._form: queue.Queue[object] = queue.Queue(maxsize=1)
        self._format: queue.Queue[str | None] = queue.Queue(maxsize=1)
        self._chunks: queue.Queue[object] = queue.Queue(maxsize=_DEPTH)
        self._cancelled = threading.Event()
        if not _WORKERS.acquire(blocking=False):
            raise Busy(f"{settings.get('KG_MAX_QUERIES')} queries are still running")
        threading.Thread(target=self._work, name="kg-query", daemon=True).start()

    def _work(self) -> None:
        try:
            self._evaluate()
        finally:
            _WORKERS.release()

    def _evaluate(self) -> None:
        try:
            result = self._run()
        except BaseException as exc:  # handed to the request thread, which re-raises it
            # no traceback: its frames would drop pyoxigraph objects on the request thread
            self._form.put(exc.with_traceback(None))
            return
        self._form.put(result.form)
        format_name = self._format.get()
        if format_name is None:
            return
        raw = _QueueWriter(self._chunks, self._cancelled)
        writer = io.BufferedWriter(raw, _CHUNK)  # type: ignore[type-var]
        try:
            result.write(writer, format_name)
            writer.flush()
            self._put_final(_DONE)
        except Cancelled:
            return
        except BaseException as exc:  # a store error mid-stream: end the body early
            self._put_final(exc.with_traceback(None))

    def _put_final(self, item: object) -> None:
        while not self._cancelled.is_set():
            try:
                self._chunks.put(item, timeout=0.2)
                return
            except queue.Full:
                continue

    def _remaining(self) -> float:
        return max(self._deadline - time.monotonic(), 0.001)

    def _timed_out(self) -> QueryTimeout:
        self.cancel()
        return QueryTimeout(f"the query ran longer than {self._timeout:g} seconds")

    def form(self) -> QueryForm:
        """The result form; re-raises the store's error (a syntax error, an empty store...)."""
        try:
            outcome = self._form.get(timeout=self._remaining())
        except queue.Empty:
            raise self._timed_out() from None
        if isinstance(outcome, BaseException):
            raise outcome
        return outcome  # type: ignore[return-value]

    def cancel(self) -> None:
        """Abandon the result (the request failed before streaming): frees the worker."""
        self._cancelled.set()
        if self._format.empty():
            self._format.put(None)

    def start(self, format_name: str) -> Iterator[bytes]:
        """Serialise in this format; waits for the first chunk so that evaluation errors and
        timeouts still get a proper status. Closing the returned iterator cancels the worker."""
        self._format.put(format_name)
        try:
            first = self._chunks.get(timeout=self._remaining())
        except queue.Empty:
            raise self._timed_out() from None
        if isinstance(first, BaseException):
            self._cancelled.set()
            raise first
        return self._rest(first)

    def _rest(self, item: object) -> Iterator[bytes]:
        try:
            while item is not _DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item  # type: ignore[misc]
                item = self._chunks.get()
        finally:
            self._cancelled.set()


def gzipped(chunks: Iterator[bytes]) -> Iterator[bytes]:
    """A gzip stream of the chunks, compressed as they come; closing it closes the source."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    try:
        for chunk in chunks:
            out = compressor.compress(chunk)
            if out:
                yield out
        yield compressor.flush()
    finally:
        close = getattr(chunks, "close", None)
        if close is not None:
            close()
