"""Keeping the serving processes' memory bounded on a large store (KG_KEEP_MB).

An on-disk store's RocksDB keeps block caches per open handle, which fill up to hundreds of
megabytes on a store of millions of triples, and every process that reads opens its own. The
pool retires a query worker that grew past the bound (`server.pool`); the server itself drops
its read handle instead, so the next request opens a fresh one (readers still holding the old
one keep it until they finish).
"""

from __future__ import annotations

import os

from flask import Flask, Response

from kamergraph import settings
from server.site import current_site


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


def init_memory_bound(app: Flask) -> None:
    """After each request, past KG_KEEP_MB of growth, drop the store's cached read handle.

    The growth counts from the last drop, not from the start: what a drop cannot give back
    (Python's own heap) must not make every request reopen the store."""
    keep_kb = int(float(settings.get("KG_KEEP_MB")) * 1024)
    if keep_kb <= 0:
        return
    app.config["KG_MEMORY_BASE_KB"] = resident_kb()

    @app.after_request
    def bound_memory(response: Response) -> Response:
        now = resident_kb()
        if now - app.config["KG_MEMORY_BASE_KB"] > keep_kb:
            release = getattr(current_site().store, "release_caches", None)
            if release is not None:
                release()
            app.config["KG_MEMORY_BASE_KB"] = resident_kb()
        return response
