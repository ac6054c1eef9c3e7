"""Keeping the serving processes' memory bounded on a large store (KG_KEEP_MB).

An on-disk store's RocksDB keeps block caches per open handle, which fill up to hundreds of
megabytes on a store of millions of triples, and every process that reads opens its own. The
pool retires a query worker that grew past the bound (`server.pool`); the server itself drops
its read handle instead, so the next request opens a fresh one (readers still holding the old
one keep it until they finish).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import threading
import time

from flask import Flask, Response

from kamergraph import settings
from kamergraph.store import GraphStore, StoreEmptyError


def resident_kb(pid: int | None = None) -> int:
    """A process's resident memory (VmRSS) in kB (this one's by default); 0 once it is gone."""
    try:
        with open(f"/proc/{pid or os.getpid()}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


RELEASE_EVERY = 10.0  # seconds at least between two releases (a release reopens the store)


def init_memory_bound(app: Flask) -> None:
    """After each response has been sent, past KG_KEEP_MB over the least the server has held
    after a release, drop the store's cached read handle and trim the allocator.

    Checked once the body is out, since relaying a large answer is what grows the server
    (its chunks pass through here). The floor is the lowest resident size a release reached
    (one taken while other requests still held memory must not raise it); what no release
    can give back is asked about at most every RELEASE_EVERY seconds."""
    keep_kb = int(float(settings.get("KG_KEEP_MB")) * 1024)
    if keep_kb <= 0:
        return
    if _LIBC is not None:
        _LIBC.mallopt(_M_ARENA_MAX, 2)  # as the workers have it (MALLOC_ARENA_MAX, server.pool)
        # A fixed threshold: the answer chunks relayed here (256 kB) are mapped and unmapped
        # each, instead of glibc raising its threshold and keeping them in its heaps.
        _LIBC.mallopt(_M_MMAP_THRESHOLD, 128 * 1024)
    store = app.extensions["kamergraph"].store
    # what counting at start (`kamergraph serve` prints the counts) left behind goes first
    state = {"floor": release_store_memory(store), "at": -RELEASE_EVERY}
    lock = threading.Lock()

    def check() -> None:
        if resident_kb() - state["floor"] <= keep_kb:
            return
        with lock:
            if time.monotonic() - state["at"] < RELEASE_EVERY:
                return
            state["floor"] = min(state["floor"], release_store_memory(store))
            state["at"] = time.monotonic()

    @app.after_request
    def bound_memory(response: Response) -> Response:
        response.call_on_close(check)
        return response


def release_store_memory(store: GraphStore) -> int:
    """Drop the store's read handle and give freed memory back to the system; returns the
    resident memory after (kB). RocksDB's cached blocks are small allocations, which the C
    allocator keeps for reuse unless asked to trim. The fresh handle is opened here, after a
    response went out, so that no request waits for the open (tens of milliseconds)."""
    release = getattr(store, "release_caches", None)
    if release is not None:
        release()
    if _LIBC is not None:
        _LIBC.malloc_trim(0)
    if release is not None:
        with contextlib.suppress(StoreEmptyError, OSError):
            store.query("ASK {}")
    return resident_kb()


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        libc = ctypes.CDLL(name)
        libc.malloc_trim  # glibc only  # noqa: B018
    except (OSError, AttributeError, TypeError):
        return None
    return libc


_LIBC = _libc()
_M_ARENA_MAX = -8  # mallopt's parameter numbers (glibc malloc.h)
_M_MMAP_THRESHOLD = -3
