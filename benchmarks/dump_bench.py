"""Dumps: peak memory and time of `kamergraph dump` against pyoxigraph's own serialiser.

Run on demand: `.venv/bin/python benchmarks/dump_bench.py --triples 1000000 5000000`. Each size
is the synthetic graph of `graphgen.py` in an on-disk store (made once, cached under
var/bench/). In a fresh child process each, the same run measures

- baseline: pyoxigraph writing the same RDF files itself (`Store.dump` for N-Quads, TriG and
  JSON-LD; `pyoxigraph.serialize` of the store's triples for Turtle and gzipped N-Triples);
- dump: `dump_store`, everything `kamergraph dump` writes (the five RDF files in a stable
  order, the seven CSV views, VoID counts and DCAT, checksums).

Each child reports its own peak resident memory (VmHWM). The store's own peak grows with the
graph (pyoxigraph's `Store.dump` to N-Quads: 114 MB at 1M triples, 211 MB at 5M), so bounded
memory means the dump's peak grows no faster than the baseline's, from the smallest size to the
largest (the dump's fixed extra, its imports, shows as the ratio at small sizes). Time: at most
1.5x the baseline's (issue 18); CPU seconds (user + system) and the load average are
printed beside it, as the machine may be shared. Exits non-zero when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.graphgen import cached_store

# VmHWM, not ru_maxrss: Linux carries ru_maxrss over exec, so a child would report the
# parent's peak.
PEAK = "\nimport re; print(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read())[1])"
BASELINE = """
import gzip, operator, sys
from pathlib import Path
import pyoxigraph as ox
from kamergraph.store import DiskStore
store, out = DiskStore(Path(sys.argv[1])).snapshot(), Path(sys.argv[2])
out.mkdir(parents=True, exist_ok=True)
for name, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG),
                  ("jsonld", ox.RdfFormat.JSON_LD)):
    store.dump(str(out / ("kamergraph." + name)), fmt)
triples = operator.attrgetter("triple")
with (out / "kamergraph.ttl").open("wb") as raw:
    ox.serialize(map(triples, store), raw, ox.RdfFormat.TURTLE)
with (out / "kamergraph.nt.gz").open("wb") as raw:
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=6) as packed:
        ox.serialize(map(triples, store), packed, ox.RdfFormat.N_TRIPLES)
"""
DUMP = """
import sys
from pathlib import Path
from kamergraph.publish import dump_store
from kamergraph.store import DiskStore
dump_store(DiskStore(Path(sys.argv[1])).snapshot(), Path(sys.argv[2]))
"""


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def measure(code: str, store: Path, out: Path) -> tuple[float, float, int, float]:
    """(peak RSS in MB, seconds, bytes written, CPU seconds) of a child Python running `code`.
    CPU time shows what a busy machine does to the wall time."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code + PEAK, str(store), str(out)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"the child failed ({done.returncode}):\n{done.stderr}")
    seconds = time.perf_counter() - start
    written = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return int(done.stdout.split()[-1]) / 1024, seconds, written, _children_cpu() - cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, nargs="+", default=[1_000_000, 5_000_000])
    parser.add_argument("--growth", type=float, default=0.1, help="of the largest baseline")
    parser.add_argument("--time-ratio", type=float, default=1.5)
    parser.add_argument("--work", type=Path, default=None, help="where to write (default: tmp)")
    args = parser.parse_args()
    import shutil
    import tempfile

    work = args.work or Path(tempfile.mkdtemp(prefix="dump-bench-"))
    print(
        f"{'triples':>9} {'base MB':>8} {'dump MB':>8} {'mem x':>6} "
        f"{'base s':>7} {'dump s':>7} {'time x':>7} {'cpu x':>6} {'base bytes':>12} "
        f"{'dump bytes':>12} {'load':>5}"
    )
    peaks: list[tuple[float, float]] = []
    failed: list[str] = []
    for size in sorted(args.triples):
        store = cached_store(size)
        base = measure(BASELINE, store, work / f"base-{size}")
        shutil.rmtree(work / f"base-{size}")
        dump = measure(DUMP, store, work / f"dump-{size}")
        shutil.rmtree(work / f"dump-{size}")
        memory, speed = dump[0] / base[0], dump[1] / base[1]
        peaks.append((base[0], dump[0]))
        print(
            f"{size:>9} {base[0]:>8.0f} {dump[0]:>8.0f} {memory:>6.2f} {base[1]:>7.1f} "
            f"{dump[1]:>7.1f} {speed:>7.2f} {dump[3] / base[3]:>6.2f} {base[2]:>12} "
            f"{dump[2]:>12} {os.getloadavg()[0]:>5.1f}",
            flush=True,
        )
        if speed > args.time_ratio:
            failed.append(f"{size}: dump time {speed:.2f}x the baseline's")
    if len(peaks) > 1:
        (base_low, dump_low), (base_high, dump_high) = peaks[0], peaks[-1]
        growth = (dump_high - dump_low) - (base_high - base_low)
        print(f"peak growth beyond the baseline's, smallest to largest: {growth:+.0f} MB")
        if growth > args.growth * base_high:
            failed.append(f"the dump's peak grows {growth:.0f} MB more than the baseline's")
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)
    for reason in failed:
        print("MISSED:", reason)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
