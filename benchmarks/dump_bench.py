"""Dump memory: peak resident memory of `kamergraph dump` against the size of the graph.

Run on demand (not a test): `.venv/bin/python benchmarks/dump_bench.py [--triples N ...]`. Each
size gets a synthetic on-disk store (entities with a type, a title and links, spread over one
named graph per thousand entities), then the dump runs in a child process whose peak RSS is
read from the kernel. Bounded memory means the peak stays flat as the graph grows; the baseline
is a child that only opens the store and iterates its quads.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from kamergraph.store import DiskStore

BASE = "https://w3id.org/kamergraph/id/"
KG = "https://w3id.org/kamergraph/def#"


def synthetic(triples: int) -> Iterator[ox.Quad]:
    """`triples` quads: per entity a type, a title, an identifier and a link to the previous."""
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    ident = ox.NamedNode("http://purl.org/dc/terms/identifier")
    cites = ox.NamedNode("http://purl.org/spar/cito/cites")
    for n in range(triples // 4):
        thing = ox.NamedNode(f"{BASE}document/synthetic-{n}")
        graph = ox.NamedNode(f"{BASE}document/synthetic-{n // 1000}/graph")
        yield ox.Quad(thing, kind, ox.NamedNode(KG + "Document"), graph)
        yield ox.Quad(thing, title, ox.Literal(f"Synthetic paper number {n}"), graph)
        yield ox.Quad(thing, ident, ox.Literal(f"synthetic-{n}"), graph)
        yield ox.Quad(
            thing, cites, ox.NamedNode(f"{BASE}document/synthetic-{max(n - 1, 0)}"), graph
        )


def peak_mb(code: str, store: Path) -> tuple[float, float]:
    """(peak RSS in MB, seconds) of a child Python running `code` with `store` as argv[1];
    the child reports its own peak (VmHWM), so the parent and earlier children do not count."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + PEAK, str(store)], check=True, capture_output=True, text=True
    )
    return int(done.stdout.split()[-1]) / 1024, time.perf_counter() - start


# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child would report the
# parent's peak (the parent built the synthetic store).
PEAK = "; import re; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
COUNT = (
    "import sys; from pathlib import Path; from kamergraph.store import DiskStore; "
    "s = DiskStore(Path(sys.argv[1])); n = sum(1 for _ in s.snapshot())"
)
DUMP = (
    "import sys; from pathlib import Path; from kamergraph.store import DiskStore; "
    "from kamergraph.publish import dump_store; s = DiskStore(Path(sys.argv[1])); "
    "dump_store(s.snapshot(), Path(sys.argv[1]) / 'dumps')"
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, nargs="+", default=[100_000, 1_000_000])
    args = parser.parse_args()
    print(f"{'triples':>10} {'count MB':>9} {'dump MB':>8} {'dump s':>7} {'dump bytes':>12}")
    for size in args.triples:
        with tempfile.TemporaryDirectory() as folder:
            DiskStore(Path(folder)).publish(synthetic(size))
            # each measurement in a fresh child: ru_maxrss of children is the largest so far
            count_mb, _ = peak_mb(COUNT, Path(folder))
            dump_mb, seconds = peak_mb(DUMP, Path(folder))
            written = sum(p.stat().st_size for p in Path(folder, "dumps").rglob("*") if p.is_file())
            print(f"{size:>10} {count_mb:>9.0f} {dump_mb:>8.0f} {seconds:>7.1f} {written:>12}")


if __name__ == "__main__":
    main()
