"""Per-document work across processes (SHACL validation of a large build, `validation_units`).

One process per CPU by default (`KG_BUILD_WORKERS`, 0: one per CPU; 1: serial). Workers are
forked from a forkserver, as the extraction sandbox's are, so no thread of the parent is forked;
they run our own code over our own graph, so they need none of the sandbox's limits. A small
build stays in-process: starting a pool costs more than it saves. RDF building stays in the
parent: shipping a document's rdflib triples back from a worker costs about as much as making
them (benchmarks/RESULTS.md, "Build throughput").
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

from kamergraph.settings import get

T = TypeVar("T")
R = TypeVar("R")


def build_workers() -> int:
    """Processes for per-document building and validation (`KG_BUILD_WORKERS`)."""
    return max(1, int(get("KG_BUILD_WORKERS")) or os.cpu_count() or 1)


def map_documents(
    work: Callable[[T], R], items: Sequence[T], workers: int, chunks_per_worker: int = 4
) -> list[R]:
    """`work` over `items` in order, across `workers` processes (in-process for one)."""
    if workers <= 1 or len(items) <= 1:
        return [work(item) for item in items]
    chunk = max(1, len(items) // (workers * chunks_per_worker))
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(min(workers, len(items)), mp_context=context) as pool:
        return list(pool.map(work, items, chunksize=chunk))


__all__ = ["build_workers", "map_documents"]
