"""Where a worker process finds the store the server was given.

Workers open their stores themselves, by location: an on-disk store by its folder (they follow
its CURRENT file, so a new build is served without a restart), a remote endpoint by its URL.
An in-memory store (tests, one-off serving) lives in the server's memory only, so it is copied
once into an on-disk store in a temporary folder, and copied again when it is republished.
"""

from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
import threading
import weakref
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kamergraph.remote_store import RemoteStore
from kamergraph.store import DiskStore, GraphStore, MemoryStore

_LOCK = threading.RLock()
_ROOT: Path | None = None
_NEXT = itertools.count()


@dataclass
class _Copy:
    """The on-disk copy of one in-memory store, and which content it copied."""

    disk: DiskStore
    copied: ox.Store | None = None  # held, so that its id cannot be reused by a new one


_COPIES: dict[int, _Copy] = {}  # by id of the MemoryStore; dropped when it is collected


def _root() -> Path:
    global _ROOT
    if _ROOT is None:
        _ROOT = Path(tempfile.mkdtemp(prefix="kg-store-copies-"))
        atexit.register(shutil.rmtree, _ROOT, True)
    return _ROOT


def _forget(key: int, folder: Path) -> None:
    # Runs during garbage collection, possibly in a thread inside `_copy`: so no lock here
    # (dict.pop is atomic) or it could wait on itself.
    _COPIES.pop(key, None)
    shutil.rmtree(folder, ignore_errors=True)


def _copy(store: MemoryStore) -> str:
    current = store._current()  # the object `publish` replaces: a new one means new content
    with _LOCK:
        copy = _COPIES.get(id(store))
        if copy is None:
            copy = _COPIES[id(store)] = _Copy(DiskStore(_root() / f"m{next(_NEXT)}"))
            weakref.finalize(store, _forget, id(store), copy.disk.folder)
        if copy.copied is not current:
            copy.disk.publish(iter(current))
            copy.copied = current
        return str(copy.disk.folder)


def worker_location(store: GraphStore) -> str | None:
    """What a worker opens to reach `store`, or None for a store no worker can reach."""
    if isinstance(store, DiskStore):
        return str(store.folder.resolve())
    if isinstance(store, RemoteStore):
        return store.endpoint
    if isinstance(store, MemoryStore):
        return _copy(store)
    return None
