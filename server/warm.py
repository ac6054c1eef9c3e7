"""What the workers' forkserver prepares once, so every worker forked from it starts warm.

`server.pool` names this module for the forkserver to import. Importing it runs, once, what a
worker would otherwise do on its first query (the query checker's lazy imports, rdflib's
parser included), and in memory mode (KG_SERVE_MODE=memory) loads the generation being served
(KG_WORKER_PRELOAD) into memory: forked workers share that copy copy-on-write instead of each
loading its own, so a new worker is ready in milliseconds and the copy is in memory once for
all workers. On disk nothing is opened here: a RocksDB handle (with its threads) must not
cross a fork, so each worker opens the store itself before it says it is ready.
"""

from __future__ import annotations

import contextlib
import os

from kamergraph import settings
from kamergraph.store import GraphStore, StoreEmptyError, open_store
from server.sparqltext import inspect_query

PRELOAD = "KG_WORKER_PRELOAD"  # the store location each new worker opens at start (set by serve)
PRELOADED: dict[str, GraphStore] = {}  # location -> the store loaded here, before any fork


def _warm() -> None:
    inspect_query("ASK { SERVICE <urn:x:warm> { ?s ?p ?o } }", "http://localhost/sparql")
    location = os.environ.get(PRELOAD)
    if location and settings.get("KG_SERVE_MODE") == "memory":
        # if this fails, each worker tries itself, and a query gets the store's own error
        with contextlib.suppress(StoreEmptyError, OSError):
            PRELOADED[location] = open_store(location)


_warm()
