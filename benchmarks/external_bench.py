"""Load and query times of an external store against the embedded one, in one run.

The generated graph (`graphgen.py`) is published into the embedded on-disk store (pyoxigraph
bulk load) and into Virtuoso and Oxigraph server (started here on 127.0.0.1 with fresh
databases, written through the Graph Store Protocol as `kamergraph build` writes them); then
every named query's median time over `--repeat` runs, through each store's `query`, parsed
answer included. Prints the times and the external/embedded ratios; it checks no target (the
issue sets none for external stores), so it always exits 0 unless an engine fails.

    .venv/bin/python benchmarks/external_bench.py [--triples 200000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.graphgen import generate
from benchmarks.serving import percentiles
from kamergraph.external_store import ExternalStore
from kamergraph.queries import load_queries
from kamergraph.store import DiskStore, GraphStore
from tests.engines import Engine, start_oxigraph, start_virtuoso


def timed_query(store: GraphStore, text: str, repeat: int) -> float:
    """Median milliseconds of a query with its answer read in full (after one warm-up)."""

    def run() -> None:
        result = store.query(text)
        result.serialize("json" if result.form != "graph" else "ntriples")

    return percentiles(run, repeat)[0]


def external(engine: Engine) -> ExternalStore:
    env = engine.environment()
    return ExternalStore(
        env["KG_STORE"],
        env["KG_STORE_GSP"],
        user=env["KG_STORE_USER"],
        password=env["KG_STORE_PASSWORD"],
        engine=env["KG_STORE_ENGINE"],
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--triples", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    quads = list(generate(args.triples))
    root = Path(tempfile.mkdtemp(prefix="kg-external-bench-"))
    stores: dict[str, GraphStore] = {}
    engines: list[Engine] = []
    try:
        start = time.perf_counter()
        disk = DiskStore(root / "embedded")
        disk.publish(iter(quads))
        loads = {"embedded": time.perf_counter() - start}
        stores["embedded"] = disk
        for name, launch in (("virtuoso", start_virtuoso), ("oxigraph", start_oxigraph)):
            engine = launch(root / name)
            engines.append(engine)
            store = external(engine)
            start = time.perf_counter()
            store.publish(iter(quads))
            loads[name] = time.perf_counter() - start
            stores[name] = store
        print(f"{len(quads)} quads in {len({q.graph_name for q in quads})} graphs")
        for name, seconds in loads.items():
            ratio = seconds / loads["embedded"]
            print(f"load {name:<9} {seconds:8.1f} s  ({ratio:.1f}x embedded)")
        print(f"{'query (median ms)':<34}" + "".join(f"{n:>11}" for n in stores))
        for query in load_queries():
            row = []
            for name, store in stores.items():
                try:
                    row.append(f"{timed_query(store, query.text, args.repeat):11.1f}")
                except OSError as error:
                    row.append(f"{'fails':>11}")
                    print(f"  {name} {query.name}: {str(error)[:120]}", file=sys.stderr)
            print(f"{query.name:<34}" + "".join(row))
    finally:
        for engine in engines:
            engine.stop()
        import shutil

        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
