"""`KG_SERVE_MODE=memory`: a published on-disk generation served from memory.

The on-disk store keeps memory bounded and is the default; reads from pyoxigraph's in-memory
store are faster (no RocksDB lookups), so a server with the memory to spare can load the
generation `CURRENT` names once at start and answer from the copy. Writes still go to disk as
new generations (the copy is never the record); the next read after a publication sees the
new `CURRENT` and loads that generation, so `build` and `add` behave as with the disk store.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kamergraph.store import DiskStore


class LoadedStore(DiskStore):
    """A DiskStore whose reads come from an in-memory copy of the served generation."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self._loaded: tuple[str, ox.Store] | None = None
        if self.current_generation() is not None:
            self._current()  # load now, at start, not on a visitor's first query

    def _current(self) -> ox.Store:
        generation = self.current_generation()
        loaded = self._loaded
        if loaded is not None and loaded[0] == generation:
            return loaded[1]
        on_disk = self._reader()  # raises StoreEmptyError before the first build
        with self._lock:
            if self._loaded is None or self._loaded[0] != generation:
                copy = ox.Store()
                copy.bulk_extend(on_disk)
                self._loaded = (str(generation), copy)
            return self._loaded[1]
