"""What the workers' forkserver prepares once, so every worker forked from it starts warm.

`server.pool` names this module for the forkserver to import. Importing it runs, once, what a
worker would otherwise do on its first query (the query checker's lazy imports, rdflib's
parser included), and in memory mode (KG_SERVE_MODE=memory) loads the generation being served
(KG_WORKER_PRELOAD) into memory: forked workers share that copy copy-on-write instead of each
loading its own, so a new worker is ready in a fraction of a second instead of after a load.
Reads write to the copy (pyoxigraph counts references in its nodes), so each worker ends up
with its own pages anyway: `take_private_copy` makes it copy them all before it says it is
ready, rather than page by page inside its first queries (which made them several times
slower). On disk nothing is opened here: a RocksDB handle (with its threads) must not cross a
fork, so each worker opens the store itself before it says it is ready.
"""

from __future__ import annotations

import contextlib
import ctypes
import os

from kamergraph import settings
from kamergraph.store import GraphStore, StoreEmptyError, open_store
from server.sparqltext import inspect_query

PRELOAD = "KG_WORKER_PRELOAD"  # the store location each new worker opens at start (set by serve)
PRELOADED: dict[str, GraphStore] = {}  # location -> the store loaded here, before any fork
MADV_POPULATE_WRITE = 23  # Linux 5.14+: fault pages in writable (copying shared ones), unchanged


def _warm() -> None:
    inspect_query("ASK { SERVICE <urn:x:warm> { ?s ?p ?o } }", "http://localhost/sparql")
    location = os.environ.get(PRELOAD)
    if location and settings.get("KG_SERVE_MODE") == "memory":
        # if this fails, each worker tries itself, and a query gets the store's own error
        with contextlib.suppress(StoreEmptyError, OSError):
            PRELOADED[location] = open_store(location)


def take_private_copy() -> None:
    """Copy every inherited writable page now (the loaded graph among them), contents unchanged.

    Best effort: on kernels without MADV_POPULATE_WRITE the pages are copied on first write,
    as before."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    with open("/proc/self/maps", encoding="ascii") as maps:
        for line in maps:
            fields = line.split()
            if fields[1] != "rw-p" or (len(fields) > 5 and fields[5] != "[heap]"):
                continue  # file-backed or special: only anonymous private memory is copied
            start, end = (int(x, 16) for x in fields[0].split("-"))
            libc.madvise(start, end - start, MADV_POPULATE_WRITE)


_warm()
