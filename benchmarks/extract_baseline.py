"""Extraction speed against the extractor as it was when issue 13 was filed, in the same run.

Why: seconds per MB depend on the machine and its load; "no slower than the extractor we
started from" is only honest when both run side by side. This script unpacks that commit's
`kamergraph/` (git archive, nothing committed) into a temporary folder and times both
extractors over the five seeds in fresh subprocesses, alternating, best of N each.

Run on demand: `.venv/bin/python benchmarks/extract_baseline.py [--against COMMIT]
[--repeat N] [--check]`; `--check` exits 1 when the current extractor is more than 10% slower.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from kamergraph.settings import PROJECT_ROOT

#: The extractor issue 13 measured ("about 3.2 s/MB for the seeds"), before that work began.
BASELINE_COMMIT = "9067fad"
TOLERANCE = 1.10
_TIMER = """
import json, sys, time
from pathlib import Path
from kamergraph.extract import extract_source, load_manifest
from kamergraph.reference import load_reference
sources, reference_dir, repeat = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
reference, manifest = load_reference(reference_dir), load_manifest(sources)
paths = sorted(sources.glob("*.txt"))
for p in paths:
    extract_source(p, reference, manifest)  # warm caches (compiled patterns, tables)
best = min(
    (lambda t: [extract_source(p, reference, manifest) for p in paths] and time.perf_counter() - t)(
        time.perf_counter()
    )
    for _ in range(repeat)
)
print(json.dumps({"seconds": best, "bytes": sum(p.stat().st_size for p in paths)}))
"""


def unpack(commit: str, folder: Path) -> Path:
    """The commit's package and registries, unpacked (the history is read, never changed)."""
    archive = subprocess.run(
        [
            "git",
            "-C",
            str(PROJECT_ROOT),
            "archive",
            commit,
            "kamergraph",
            "data/reference",
            "ontology",
        ],
        check=True,
        capture_output=True,
    ).stdout
    target = folder / commit
    target.mkdir()
    archive_path = folder / f"{commit}.tar"
    archive_path.write_bytes(archive)
    with tarfile.open(archive_path) as tar:
        tar.extractall(target, filter="data")
    return target


def time_extractor(root: Path, repeat: int) -> dict[str, float]:
    """Best-of-`repeat` seconds for the five seeds with the package found under `root`."""
    env = {**os.environ, "PYTHONPATH": str(root)}
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            _TIMER,
            str(PROJECT_ROOT / "data" / "sources"),
            str(root / "data" / "reference"),
            str(repeat),
        ],
        check=True,
        capture_output=True,
        text=True,
        cwd=root,
        env=env,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--against", default=BASELINE_COMMIT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        old = unpack(args.against, Path(folder))
        runs: dict[str, list[float]] = {"baseline": [], "current": []}
        size = 0.0
        for _ in range(args.rounds):  # alternate, so a burst of load hits both sides
            for name, root in (("baseline", old), ("current", PROJECT_ROOT)):
                result = time_extractor(root, args.repeat)
                runs[name].append(result["seconds"])
                size = result["bytes"]
    base, now = min(runs["baseline"]), min(runs["current"])
    mb = size / 1e6
    print(f"{'extractor':<34}{'s (5 seeds)':>12}{'s/MB':>8}")
    print(f"{'baseline ' + args.against:<34}{base:>12.4f}{base / mb:>8.2f}")
    print(f"{'current':<34}{now:>12.4f}{now / mb:>8.2f}")
    print(f"ratio current / baseline: {now / base:.2f} (target <= {TOLERANCE:.2f})")
    return 1 if args.check and now / base > TOLERANCE else 0


if __name__ == "__main__":
    sys.exit(main())
