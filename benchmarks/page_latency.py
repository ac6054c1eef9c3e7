"""Page latency on the seed build: each reading page against a 200 ms budget and its queries.

Run on demand and in `make bench` (not a test: a timed unit test fails whenever the machine is
busy): `.venv/bin/python benchmarks/page_latency.py [--repeat N]`. The seeds are built into an
on-disk store; every page is rendered in-process through the app (no HTTP, so the figure is the
server's own work), after one warm-up request that opens the search index and the store. The
baseline, in the same run, is the queries the page asks evaluated directly on pyoxigraph, so
the ratio says what rendering adds. Exits non-zero when a page's median exceeds the budget.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.pages import direct_queries, page_queries
from benchmarks.serving import percentiles
from kamergraph.pipeline import run_build
from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import DiskStore
from server import create_app

SOURCES = PROJECT_ROOT / "data" / "sources"
REFERENCE = PROJECT_ROOT / "data" / "reference"
BUDGET_MS = 200.0
# One page of each kind a reader meets, the 241 KB memorandum's reader among them.
PATHS = (
    "/",
    "/overview",
    "/commitments",
    "/search?q=kleinschalige+opvang",
    "/id/commitment/T03853",
    "/id/document/kst-36600-XX-E",
    "/id/document/kst-36600-XX-E/text",
    "/id/person/van-der-goot-a-sj",
    "/id/party/opnl",
    "/id/motion/36333-I",
    "/id/law/spreidingswet",
    "/id/dossier/36600-XX",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    os.environ["KG_ANSWER_CACHE_ROWS"] = "0"  # each render does its work (a first visit)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "store"
        store = DiskStore(folder)
        run_build(SOURCES, REFERENCE, store)
        raw = ox.Store.read_only(str(folder / str(store.current_generation())))
        asked = page_queries(folder, list(PATHS))
        client = create_app(store).test_client()
        print("| page | p50 ms | p95 ms | its queries direct p50 ms | ratio p50 |")
        print("|---|---|---|---|---|")
        missed = []
        for path in PATHS:

            def render(path: str = path) -> None:
                response = client.get(path, headers={"Accept": "text/html"})
                assert response.status_code == 200, f"{path}: {response.status_code}"

            median, slow = percentiles(render, args.repeat)
            baseline, _ = percentiles(direct_queries(raw, asked[path]), args.repeat)
            ratio = median / baseline if baseline else float("inf")
            print(f"| {path} | {median:.1f} | {slow:.1f} | {baseline:.1f} | {ratio:.2f} |")
            if median > BUDGET_MS:
                missed.append(f"{path}: p50 {median:.0f} ms > {BUDGET_MS:.0f} ms")
    for line in missed:
        print("MISSED:", line)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
