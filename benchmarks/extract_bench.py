"""Extraction speed: seconds per document and per megabyte, against a baseline in the same run.

Run on demand (not a test): `.venv/bin/python benchmarks/extract_bench.py [--repeat N]`. The
baseline is the normalisation step alone, so the ratio says what the extractors add on top of
reading and cleaning the text (the seeds, then the real papers of KG_CORPUS); a larger
synthetic source (the seeds concatenated) shows how the time grows with size.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kamergraph import settings
from kamergraph.extract import extract_source, load_manifest
from kamergraph.extract.paper.normalise import normalise
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "sources"


def best_of(repeat: int, run: Callable[[], object]) -> float:
    """The fastest of `repeat` runs, in seconds (least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Print one line per source, then a scaling line for a large synthetic source."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(SOURCES)
    paths = sorted(SOURCES.glob("*.txt"))
    print(f"{'source':<28}{'KB':>8}{'records':>9}{'s/doc':>10}{'s/MB':>9}{'x norm':>9}")
    total_bytes, total_time = 0, 0.0
    for path in paths:
        size = path.stat().st_size
        text = path.read_text(encoding="utf-8")
        seconds = best_of(args.repeat, lambda p=path: extract_source(p, reference, manifest))
        baseline = best_of(args.repeat, lambda t=text: normalise(t))
        records = len(extract_source(path, reference, manifest).records)
        total_bytes += size
        total_time += seconds
        print(
            f"{path.name:<28}{size / 1024:>8.1f}{records:>9}{seconds:>10.4f}"
            f"{seconds / (size / 1e6):>9.2f}{seconds / baseline:>9.1f}"
        )
    print(
        f"{'all five':<28}{total_bytes / 1024:>8.1f}{'':>9}{total_time:>10.4f}"
        f"{total_time / (total_bytes / 1e6):>9.2f}"
    )
    corpus = sorted((Path(settings.get("KG_CORPUS")) / "real").glob("*.txt"))
    corpus_bytes = sum(p.stat().st_size for p in corpus)
    corpus_time = best_of(args.repeat, lambda: [extract_source(p, reference, {}) for p in corpus])
    corpus_norm = best_of(
        args.repeat, lambda: [normalise(p.read_text(encoding="utf-8")) for p in corpus]
    )
    print(
        f"{f'real corpus ({len(corpus)} papers)':<28}{corpus_bytes / 1024:>8.1f}{'':>9}"
        f"{corpus_time:>10.4f}{corpus_time / (corpus_bytes / 1e6):>9.2f}"
        f"{corpus_time / corpus_norm:>9.1f}"
    )
    with tempfile.TemporaryDirectory() as folder:
        big = Path(folder) / "concatenated.txt"
        big.write_text("\n".join(p.read_text(encoding="utf-8") for p in paths * 4), "utf-8")
        size = big.stat().st_size
        seconds = best_of(1, lambda: extract_source(big, reference, {}))
        print(
            f"{'seeds x4 concatenated':<28}{size / 1024:>8.1f}{'':>9}{seconds:>10.4f}"
            f"{seconds / (size / 1e6):>9.2f}"
        )


if __name__ == "__main__":
    main()
