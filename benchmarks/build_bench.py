"""Build throughput on a generated corpus: papers/s, MB/s and each stage's share, serial and
parallel, in one run.

The stages are the ones `run_build` chains (strict path): extraction in sandboxed worker
processes, RDF building and placement, then SHACL validation (the whole graph screened by
pyshacl-turbo, docs/decisions/017; pyshacl only if the screen finds anything: serially the
whole graph, in parallel per document across processes, `validation_units.py`) in a thread
while the generation is written into an on-disk store (`publication_gate.py`): their wall
time together, and the validation's own. The load average is printed: on a shared machine
it bounds what parallelism can show. Exits 1 when the parallel build misses the goal scaled
to this corpus (10k papers in 60 s).

    .venv/bin/python benchmarks/build_bench.py [--papers 10000] [--workers 0]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.corpus import write_corpus
from kamergraph.pipeline import (
    _added,
    assemble_sources,
    check,
    extract_all,
    source_files,
    vocabulary_quads,
)
from kamergraph.publication_gate import publish_validated
from kamergraph.sandbox import Limits
from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import DiskStore
from kamergraph.validate import ValidationReport

GOAL_PAPERS_PER_SECOND = 10_000 / 60
REFERENCE = PROJECT_ROOT / "data" / "reference"
STAGES = ("extract", "build+place", "validate+publish", "of which validate")


def timed_build(sources: Path, store: DiskStore, workers: int) -> dict[str, float]:
    """Seconds per stage of one strict build of `sources` into `store`."""
    os.environ["KG_EXTRACT_WORKERS"] = os.environ["KG_BUILD_WORKERS"] = str(workers)
    stages: dict[str, float] = {}
    start = time.perf_counter()
    paths = source_files(sources)
    extractions, errors, reference = extract_all(
        paths, REFERENCE, sources, None, Limits.from_settings()
    )
    assert not errors, errors[:3]
    stages["extract"] = time.perf_counter() - start
    start = time.perf_counter()
    assembly = assemble_sources(extractions, reference, added=_added(sources))
    stages["build+place"] = time.perf_counter() - start
    screened: list[float] = []

    def timed_check(quads: list) -> ValidationReport:
        begun = time.perf_counter()
        report = check(quads)
        screened.append(time.perf_counter() - begun)
        return report

    start = time.perf_counter()
    quads = assembly.quads + list(vocabulary_quads())
    report = publish_validated(store, assembly.quads, quads, timed_check)
    assert report.conforms, report.violations[:3]
    stages["validate+publish"] = time.perf_counter() - start
    stages["of which validate"] = screened[0]
    return stages


def row(label: str, papers: int, megabytes: float, stages: dict[str, float]) -> str:
    total = sum(v for s, v in stages.items() if not s.startswith("of which"))
    shares = " | ".join(f"{stages[s]:.1f} s ({100 * stages[s] / total:.0f}%)" for s in stages)
    return f"| {label} | {total:.1f} | {papers / total:.1f} | {megabytes / total:.2f} | {shares} |"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=0, help="parallel run (0: one per CPU)")
    parser.add_argument("--no-serial", action="store_true", help="skip the serial run")
    args = parser.parse_args()
    load = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="kg-build-bench-") as tmp:
        sources = Path(tmp) / "sources"
        write_corpus(sources, args.papers)
        megabytes = sum(p.stat().st_size for p in sources.iterdir()) / 2**20
        runs = [] if args.no_serial else [("serial", 1)]
        runs.append((f"parallel ({args.workers or os.cpu_count()} workers)", args.workers))
        lines = []
        for label, workers in runs:
            stages = timed_build(sources, DiskStore(Path(tmp) / label.split()[0]), workers)
            lines.append(row(label, args.papers, megabytes, stages))
            print(lines[-1], flush=True)
    print(f"\n### Build of {args.papers} generated papers ({megabytes:.1f} MB)\n")
    print(f"| run | seconds | papers/s | MB/s | {' | '.join(STAGES)} |")
    print("|---|---|---|---|---|---|---|---|")
    print("\n".join(lines))
    print(f"\nload average before/after: {load[0]:.1f} / {os.getloadavg()[0]:.1f}")
    rate = args.papers / float(lines[-1].split("|")[2])
    if rate < GOAL_PAPERS_PER_SECOND:
        print(f"MISSED: {rate:.1f} papers/s < {GOAL_PAPERS_PER_SECOND:.1f} (10k papers in 60 s)")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
