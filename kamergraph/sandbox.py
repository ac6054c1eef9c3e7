"""Extraction of each source in its own process, under a time and a memory limit.

Sources come from outside, and the extractor is regex-heavy Python over text nobody has vetted:
one pathological paper must cost a build one source, never the whole build or the machine.
So sources are extracted in worker processes (`KG_EXTRACT_WORKERS`, forked from a
`forkserver` that has the extractor imported once, so no thread of the parent is forked), one
source at a time per worker: an address-space rlimit ends a worker that grows past
`KG_EXTRACT_MEMORY_MB`, the parent kills one that passes `KG_EXTRACT_TIMEOUT` on a source, and
a CPU rlimit a little above that ends it even if the parent itself was killed. A file larger
than `KG_MAX_SOURCE_MB` is refused before it is read. Every such end is a `SourceError` naming
the limit, so the build quarantines the source and says why (docs/decisions/
005-quarantined-sources.md). Our own small pool, not `concurrent.futures`: a standard pool
cannot kill one runaway task without breaking the whole pool and its other tasks.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path

from kamergraph.extract import ManifestRow, SourceError, extract_source
from kamergraph.records import Extraction
from kamergraph.reference import Reference
from kamergraph.settings import get

Outcome = Extraction | SourceError
_MB = 1024 * 1024


@dataclass(frozen=True)
class Limits:
    """What one source's extraction may use."""

    seconds: float = 120.0
    memory_mb: int = 2048
    max_source_mb: float = 20.0
    workers: int = 1

    @classmethod
    def from_settings(cls) -> Limits:
        """The limits in the settings table (`KG_EXTRACT_*`, `KG_MAX_SOURCE_MB`)."""
        workers = int(get("KG_EXTRACT_WORKERS")) or os.cpu_count() or 1
        return cls(
            seconds=float(get("KG_EXTRACT_TIMEOUT")),
            memory_mb=int(get("KG_EXTRACT_MEMORY_MB")),
            max_source_mb=float(get("KG_MAX_SOURCE_MB")),
            workers=max(1, workers),
        )


def _limit_cpu(seconds: float) -> None:
    """A CPU backstop for the next task: the parent kills first, unless it is gone."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (soft, resource.RLIM_INFINITY))


def _extract_one(path: Path, reference: Reference, manifest: dict[str, ManifestRow], mb: int):
    """The extraction, or (line, message) saying why there is none."""
    try:
        return "ok", extract_source(path, reference, manifest)
    except SourceError as error:
        return "error", (error.line, error.message)
    except MemoryError:
        return "error", (1, f"extraction outgrew {mb} MB (KG_EXTRACT_MEMORY_MB)")
    except RecursionError:
        return "error", (1, "extraction recursed too deep on this text")
    except Exception as error:  # the process boundary: a bug costs this source, not the build
        return "error", (1, f"extraction crashed ({type(error).__name__}: {error})")


def _worker(
    conn: Connection, reference: Reference, manifest: dict[str, ManifestRow], limits: Limits
) -> None:
    """Extract the sources the parent sends, one at a time, until it sends None.

    A worker serves many sources so the extractor's caches (compiled rule tables, registry
    indexes) are built once per worker, not once per source: that is most of a small paper's
    cost. It ends after a MemoryError, so the next source starts with a clean heap.
    """
    memory = limits.memory_mb * _MB
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    while (path := conn.recv()) is not None:
        _limit_cpu(limits.seconds)
        status, payload = _extract_one(path, reference, manifest, limits.memory_mb)
        conn.send((status, payload))
        if "outgrew" in str(payload):
            break
    conn.close()


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    task: tuple[int, Path] | None = None
    deadline: float = field(default=0.0)


def _too_large(path: Path, limits: Limits) -> SourceError | None:
    """A file over the size limit, refused unread: it would only end at the time limit."""
    try:
        size = path.stat().st_size
    except OSError as error:
        return SourceError(path, 1, f"cannot be read: {error.strerror}")
    if size > limits.max_source_mb * 1_000_000:
        return SourceError(
            path,
            1,
            f"{size / 1_000_000:.1f} MB is over the {limits.max_source_mb:g} MB limit for one "
            "source (KG_MAX_SOURCE_MB); not read",
        )
    return None


def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    # "__main__" too: imported once in the server, so a worker does not re-run the main module
    context.set_forkserver_preload(["__main__", "kamergraph.extract"])  # type: ignore[attr-defined]
    return context


class _Pool:
    """Workers that can be killed one by one: a runaway source costs its worker, no other."""

    def __init__(self, reference: Reference, manifest: dict[str, ManifestRow], limits: Limits):
        self.context = _context()
        self.args = (reference, manifest, limits)
        self.limits = limits
        self.workers: list[_Worker] = []

    def idle(self) -> _Worker | None:
        """A worker without a task, started if the pool is not full yet."""
        for worker in self.workers:
            if worker.task is None:
                return worker
        if len(self.workers) >= self.limits.workers:
            return None
        receiver, sender = self.context.Pipe()
        process = self.context.Process(  # type: ignore[attr-defined]
            target=_worker, args=(sender, *self.args), daemon=True
        )
        process.start()
        sender.close()  # the worker holds the other end: EOF here means it is gone
        self.workers.append(_Worker(process, receiver))
        return self.workers[-1]

    def submit(self, worker: _Worker, index: int, path: Path) -> None:
        worker.task = (index, path)
        worker.deadline = time.monotonic() + self.limits.seconds
        worker.conn.send(path)

    def busy(self) -> list[_Worker]:
        return [w for w in self.workers if w.task is not None]

    def retire(self, worker: _Worker) -> None:
        """Kill a worker (overdue, dead or out of memory); a fresh one replaces it if needed."""
        worker.process.kill()
        worker.process.join(5)
        worker.conn.close()
        self.workers.remove(worker)

    def close(self) -> None:
        for worker in list(self.workers):
            if worker.task is None:
                worker.conn.send(None)
                worker.process.join(5)
            self.retire(worker)


def _answer(pool: _Pool, worker: _Worker, path: Path) -> Outcome:
    """The worker's answer, or why there is none (it died of a signal or ended silently)."""
    try:
        status, payload = worker.conn.recv()
    except EOFError:
        worker.process.join(5)
        code = worker.process.exitcode
        pool.retire(worker)
        if code is not None and code < 0:
            name = signal.Signals(-code).name
            return SourceError(path, 1, f"extraction process died ({name})")
        return SourceError(path, 1, f"extraction process ended without an answer ({code})")
    worker.task = None
    if status == "ok":
        return payload  # type: ignore[no-any-return]
    line, message = payload
    if "outgrew" in message:
        pool.retire(worker)
    return SourceError(path, line, message)


def _overdue(pool: _Pool, worker: _Worker, path: Path) -> SourceError:
    pool.retire(worker)
    limit = f"{pool.limits.seconds:g} s (KG_EXTRACT_TIMEOUT)"
    return SourceError(path, 1, f"extraction took longer than {limit}; stopped")


def extract_isolated(
    paths: list[Path],
    reference: Reference,
    manifest: dict[str, ManifestRow],
    limits: Limits | None = None,
    progress: Callable[[Path], None] | None = None,
) -> list[Outcome]:
    """Each source's extraction or its SourceError, in the order of `paths`."""
    pool = _Pool(reference, manifest, limits or Limits.from_settings())
    outcomes: dict[int, Outcome] = {}
    pending = list(enumerate(paths))

    def done(index: int, path: Path, outcome: Outcome) -> None:
        outcomes[index] = outcome
        if progress:
            progress(path)

    try:
        while pending or pool.busy():
            while pending and (worker := pool.idle()) is not None:
                index, path = pending.pop(0)
                refused = _too_large(path, pool.limits)
                if refused is None:
                    pool.submit(worker, index, path)
                else:
                    done(index, path, refused)
            busy = pool.busy()
            if not busy:
                continue
            timeout = max(0.0, min(w.deadline for w in busy) - time.monotonic())
            ready = set(wait([w.conn for w in busy], timeout=timeout))
            for worker in busy:
                assert worker.task is not None
                index, path = worker.task
                if worker.conn in ready:
                    done(index, path, _answer(pool, worker, path))
                elif time.monotonic() >= worker.deadline:
                    done(index, path, _overdue(pool, worker, path))
    finally:
        pool.close()
    return [outcomes[i] for i in range(len(paths))]


__all__ = ["Limits", "Outcome", "extract_isolated"]
