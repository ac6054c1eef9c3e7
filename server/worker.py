"""A query worker: one process that checks, parses, evaluates and writes one query at a time.

Everything a hostile query can break runs here and not in the server: the SERVICE second opinion
(rdflib's parser), pyoxigraph's parser (which a few thousand nested brackets crash) and its
evaluation (which cannot be interrupted). The server kills the process when the query runs past
its time, when its client goes away, or when the process dies on its own; the memory
limit set at start (KG_WORKER_MEMORY) makes a query that grows too large fail here, not in the
server. Each worker opens the stores it is asked about read-only itself, so a new generation
under CURRENT is picked up on its next query, as in the server.

The conversation over the pipe (`server.pool` is the other side):
    worker: ("ready",)             once, at start: its store is open (and loaded, in memory mode)
    server: Job                    worker: ("error", status, message, setting) | ("form", form)
    server: ("format", name) | ("cancel",)    only when the Job named no format for that form
    worker: ("progress",)? ("head", complete, truncation) ("chunk", bytes)* ("end", truncation)
"""

from __future__ import annotations

import contextlib
import os
import re
import resource
import signal
import tempfile
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from multiprocessing.connection import Connection

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.store import (
    GraphStore,
    QueryResult,
    QuerySyntaxError,
    StoreEmptyError,
    open_store,
)
from server.marked import MARKED_FORMATS, write_marked
from server.protocol import READ_ONLY
from server.results import IN_BAND, Caps, Truncation, write_result
from server.sparqltext import QueryFacts, inspect_query, with_row_marker
from server.terms import TermError, iri_term

CHUNK = 256 * 1024  # per message to the server: fewer, larger pipe writes for big answers
HEAD_WINDOW = 1024 * 1024  # held back so that small answers get exact headers
MEMORY_EXIT = 3  # exit status after a MemoryError, so the server can name the cause
# A graph name no store holds: the dataset of a request that names only default or only named
# graphs is empty on the other side (the store API reads an empty list as "everything").
EMPTY_GRAPH = "urn:x-kamergraph:empty-graph"
_OPEN_STORES = 4
_ERROR_AT = re.compile(r"^error at (\d+):(\d+)")


@dataclass(frozen=True)
class Job:
    """One query as the server hands it over: already past the checks at the door."""

    location: str  # what `open_store` opens: a folder, or a remote endpoint
    query: str
    base: str  # the endpoint's URL, against which relative IRIs resolve
    dataset: tuple[list[str], list[str]] | None  # the protocol's default and named graphs
    row_cap: int
    byte_cap: int
    stream_seconds: float
    head_seconds: float  # after this long, send what there is rather than wait for the window
    # The format settled for each form before the form is known (the request's Accept decides
    # it): the worker starts writing at once instead of asking, one round trip less a query.
    formats: dict[str, str] = field(default_factory=dict)


class JobError(Exception):
    """A refusal or failure to report as an HTTP status with a message."""

    def __init__(self, status: int, message: str, setting: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.setting = setting


def limit_memory(megabytes: float, held: int = 0) -> None:
    """Cap this process's data memory (heap and private writable mappings, RLIMIT_DATA) at
    `held` bytes plus `megabytes`: past it, allocations fail here (MemoryError/abort). Not the
    address space (RLIMIT_AS): malloc reserves address space per thread it never touches, and
    that is no query's fault."""
    if megabytes > 0:
        limit = held + int(megabytes * 2**20)
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def data_memory() -> int:
    """This process's data memory now (VmData), in bytes."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmData:"):
                return int(line.split()[1]) * 1024
    return 0


def open_preloaded() -> OrderedDict[str, GraphStore]:
    """The stores a new worker starts with: the served one open, and in memory mode loaded
    (inherited from the forkserver, see `server.warm`; reloaded if a newer one was published)."""
    from server import warm  # imported (and warmed) by the forkserver before it forked us

    stores: OrderedDict[str, GraphStore] = OrderedDict(warm.PRELOADED)
    if stores:
        warm.take_private_copy()
    location = os.environ.get(warm.PRELOAD)
    if location:
        with contextlib.suppress(StoreEmptyError, OSError):
            _store(stores, location).query("ASK {}")
    return stores


def run_worker(conn: Connection, memory_mb: float) -> None:
    """The worker's main loop: one job at a time until the server closes the pipe."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is for the server, which kills us
    stores = open_preloaded()
    # In memory mode the limit counts from the served copy: it caps what a query adds.
    limit_memory(memory_mb, data_memory() if settings.get("KG_SERVE_MODE") == "memory" else 0)
    _send(conn, ("ready",))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        try:
            serve_job(conn, job, stores)
        except MemoryError:
            stores.clear()
            _send(conn, ("error", 503, "the query needed more memory", "KG_WORKER_MEMORY"))
            os._exit(MEMORY_EXIT)
        except (BrokenPipeError, EOFError):
            return


def _send(conn: Connection, message: tuple[object, ...]) -> None:
    with contextlib.suppress(OSError):
        conn.send(message)


def serve_job(conn: Connection, job: Job, stores: OrderedDict[str, GraphStore]) -> None:
    """Evaluate one job and stream its answer in the format the server asks for."""
    started = time.monotonic()
    # An answer whose rows come all at once is written by pyoxigraph (see `with_row_marker`)
    settled = job.formats.get("solutions")
    marked = with_row_marker(job.query) if settled in MARKED_FORMATS else None
    try:
        result = evaluate(job, _store(stores, job.location), marked)
    except JobError as error:
        conn.send(("error", error.status, error.message, error.setting))
        return
    conn.send(("form", result.form))
    format_name = job.formats.get(result.form)
    if format_name is None:
        reply = conn.recv()
        if reply[0] != "format":
            return
        format_name = reply[1]
    caps = Caps(job.row_cap, job.byte_cap, job.stream_seconds, started + job.stream_seconds)
    window = HEAD_WINDOW if IN_BAND.get(format_name, True) else None
    sink = Sink(conn, window, started + job.head_seconds)
    try:
        if isinstance(result, MarkedResult):  # marked only for these formats (above)
            truncation = write_marked(result.solutions, format_name, sink, caps)
        else:
            truncation = write_result(result, format_name, sink, caps)
    except OSError as error:  # a store error surfacing while rows are computed
        sink.fail(f"The query failed: {error}")
        return
    sink.finish(truncation)


def _store(stores: OrderedDict[str, GraphStore], location: str) -> GraphStore:
    if location in stores:
        stores.move_to_end(location)
    else:
        stores[location] = open_store(location)
        while len(stores) > _OPEN_STORES:
            stores.popitem(last=False)
    return stores[location]


class MarkedResult(QueryResult):
    """The solutions of a query's `with_row_marker` form: their rows end in the marker."""

    def __init__(self, result: QueryResult) -> None:
        super().__init__(result.form, result.raw)

    @property
    def solutions(self) -> ox.QuerySolutions:
        assert isinstance(self.raw, ox.QuerySolutions)
        return self.raw


def evaluate(job: Job, store: GraphStore, marked: str | None = None) -> QueryResult:
    """Check the query the way the endpoint must (see `check_query`), then start evaluating
    it, or its `marked` form when given (the query as sent when that one fails to parse, so
    a syntax error's message and position are the sender's)."""
    try:
        facts = inspect_query(job.query, job.base)
    except RecursionError as error:
        raise JobError(400, "the query is nested too deeply to read", "KG_MAX_NESTING") from error
    check_query(store, facts)
    dataset = job.dataset
    if dataset is None and (facts.from_graphs or facts.from_named_graphs):
        dataset = (facts.from_graphs or [EMPTY_GRAPH], facts.from_named_graphs or [EMPTY_GRAPH])
    default, named = dataset if dataset else (None, None)
    # Relative IRIs resolve against the endpoint ("which MAY be the service endpoint"); BASE
    # goes on its own line so the parser's line numbers shift by exactly one.
    base = f"BASE {iri_term(job.base)}\n"
    try:
        if marked is not None:
            with contextlib.suppress(QuerySyntaxError):
                return MarkedResult(store.query(base + marked, default, named))
        return store.query(base + job.query, default, named)
    except QuerySyntaxError as error:
        raise JobError(400, f"Query syntax error: {syntax_message(str(error))}") from error
    except StoreEmptyError as error:
        raise JobError(503, str(error)) from error
    except OSError as error:
        raise JobError(400, f"The query failed: {error}") from error


def check_query(store: GraphStore, facts: QueryFacts) -> None:
    """Refuse what a read-only endpoint over one store must not do (see `server.sparqltext`)."""
    if facts.is_update:
        raise JobError(403, READ_ONLY)
    if facts.calls_service:
        raise JobError(403, "SERVICE is refused: this endpoint answers from its own store only.")
    if facts.unresolved:
        raise JobError(400, f"FROM needs an IRI; cannot resolve {', '.join(facts.unresolved)}")
    for graph in facts.from_graphs + facts.from_named_graphs:
        try:
            term = iri_term(graph)
        except TermError as error:
            raise JobError(400, f"FROM names no usable IRI: {error}") from error
        if not bool(store.query(f"ASK {{ GRAPH {term} {{ ?s ?p ?o }} }}").raw):
            raise JobError(
                400,
                f"FROM <{graph}> names no graph in this store; the endpoint never fetches "
                "data from elsewhere (see the service description for its graphs).",
            )


def syntax_message(message: str) -> str:
    """The parser's message, with its line number counted in the query as sent."""
    match = _ERROR_AT.match(message)
    if not match:
        return message
    line = max(int(match.group(1)) - 1, 1)
    return f"error at {line}:{match.group(2)}{message[match.end() :]}"


class Sink:
    """Where the answer is written: holds the first `window` bytes (all of them when the
    format has no room for a truncation marker), then streams chunks to the server."""

    def __init__(self, conn: Connection, window: int | None, head_by: float) -> None:
        self.count = 0
        self._conn = conn
        self._window = window
        self._head_by = head_by
        # closed once sent (or dropped), in `_send_head` and `fail`
        held = tempfile.SpooledTemporaryFile(max_size=HEAD_WINDOW)  # noqa: SIM115
        self._held: tempfile.SpooledTemporaryFile[bytes] | None = held
        self._buffer = bytearray()
        self._progressed = False

    def write(self, data: bytes) -> int:
        self.count += len(data)
        if self._held is not None:
            self._held.write(data)
            if self._window is not None and (
                self.count >= self._window or time.monotonic() >= self._head_by
            ):
                self._send_head(None, complete=False)
        else:
            self._buffer += data
            if len(self._buffer) >= CHUNK:
                self._flush()
        return len(data)

    def flush(self) -> None:
        """pyoxigraph flushes its output when done; chunks go out in `finish` instead."""

    def progress(self) -> None:
        if not self._progressed:
            self._progressed = True
            self._conn.send(("progress",))

    def _send_head(self, truncation: Truncation | None, complete: bool) -> None:
        held, self._held = self._held, None
        assert held is not None
        self._conn.send(("head", complete, truncation))
        held.seek(0)
        while chunk := held.read(CHUNK):
            self._conn.send(("chunk", chunk))
        held.close()

    def _flush(self) -> None:
        if self._buffer:
            self._conn.send(("chunk", bytes(self._buffer)))
            self._buffer.clear()

    def finish(self, truncation: Truncation | None) -> None:
        """The answer is complete (or cut, as `truncation` says)."""
        if self._held is not None:
            self._send_head(truncation, complete=True)
        self._flush()
        self._conn.send(("end", truncation))

    def fail(self, message: str) -> None:
        """The answer broke off: an error status if nothing was sent yet, else a cut body."""
        if self._held is not None:
            self._held.close()
            self._conn.send(("error", 400, message, ""))
        else:
            self._conn.send(("abort", message))
