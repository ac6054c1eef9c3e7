"""Endpoint speed against the engines underneath and beside it, in one run, as ratios.

For every query in `queries/`: p50/p95 of the answer over HTTP from `kamergraph serve`
(SPARQL JSON, a fresh connection per request, as a researcher's client makes them) against the
same query evaluated and serialised directly by pyoxigraph in this process, in the same storage
mode (the store on disk, then `KG_SERVE_MODE=memory` against pyoxigraph in memory); then
pyoxigraph in memory against rdflib's memory store (the naive design) on a smaller graph; and
the RSS of the serving processes. Exits 1 when a target is missed.

    .venv/bin/python benchmarks/endpoint_bench.py [--triples 1000000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import io
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.graphgen import cached_store, generate
from kamergraph.queries import NamedQuery, load_queries
from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import DiskStore

TARGETS = {"disk": 1.5, "memory": 1.3}  # served / direct, geometric mean over the queries
RDFLIB_TARGET = 20.0  # rdflib / pyoxigraph-in-memory, at least
RDFLIB_TIMEOUT = 120  # seconds one rdflib query may take; past it the ratio is a lower bound
KG = str(PROJECT_ROOT / ".venv" / "bin" / "kamergraph")


def percentiles(run: Callable[[], object], repeat: int) -> tuple[float, float]:
    """p50 and p95 in milliseconds over `repeat` runs (after one warm-up)."""
    run()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def direct(store: ox.Store, text: str) -> Callable[[], bytes]:
    def run() -> bytes:
        out = io.BytesIO()
        store.query(text, use_default_graph_as_union=True).serialize(
            out, ox.QueryResultsFormat.JSON
        )
        return out.getvalue()

    return run


def over_http(url: str, text: str) -> Callable[[], bytes]:
    body = urllib.parse.urlencode({"query": text}).encode()

    def run() -> bytes:
        request = urllib.request.Request(
            url, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read()

    return run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(folder: Path, mode: str) -> tuple[subprocess.Popen[bytes], str]:
    """`kamergraph serve` on the store, unthrottled (the rate limit is for strangers)."""
    port = free_port()
    env = {**os.environ, "KG_SERVE_MODE": mode, "KG_RATE_LIMIT": "100000 per second"}
    env["KG_QUERY_TIMEOUT"] = env["KG_STREAM_TIMEOUT"] = "300"
    env["KG_WORKER_MEMORY"] = "0"
    process = subprocess.Popen(
        [KG, "serve", "--store", str(folder), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{base}/-/health", timeout=5):
                return process, f"{base}/sparql"
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError("server did not start")


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the query workers), in MB."""
    children = subprocess.run(
        ["ps", "-o", "pid=,ppid=,rss=", "-A"], capture_output=True, text=True, check=True
    ).stdout.split()
    rows = [tuple(int(x) for x in children[i : i + 3]) for i in range(0, len(children), 3)]
    family, total = {pid}, 0
    for _ in range(4):  # server -> forkserver -> workers
        family |= {p for p, parent, _rss in rows if parent in family}
    total = sum(rss for p, _parent, rss in rows if p in family)
    return total / 1024


def compare_mode(
    mode: str, folder: Path, raw: ox.Store, queries: list[NamedQuery], repeat: int
) -> tuple[list[tuple[str, float, float, float, float]], float]:
    """Rows (query, served p50, p95, direct p50, p95) and the server's RSS afterwards."""
    process, url = start_server(folder, mode)
    try:
        rows = []
        for query in queries:
            served = percentiles(over_http(url, query.text), repeat)
            base = percentiles(direct(raw, query.text), repeat)
            rows.append((query.name, *served, *base))
            print(f"  {mode:6} {query.name:28} {served[0] / base[0]:5.2f}x", flush=True)
        return rows, tree_rss_mb(process.pid)
    finally:
        process.terminate()
        process.wait(30)


RDFLIB_RUN = """
import sys, time
from rdflib import Dataset
data = Dataset(default_union=True)
data.parse(sys.argv[1], format="nquads")
start = time.perf_counter()
len(data.query(sys.stdin.read()).serialize(format="json"))
print((time.perf_counter() - start) * 1000)
"""


def rdflib_ms(path: Path, text: str) -> float | None:
    """One rdflib evaluation in its own process (it cannot be interrupted), the timeout, or
    None when rdflib cannot answer the query at all."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", RDFLIB_RUN, str(path)],
            input=text,
            capture_output=True,
            text=True,
            timeout=RDFLIB_TIMEOUT + 120,  # the parse comes first
            check=True,
        )
    except subprocess.TimeoutExpired:
        return RDFLIB_TIMEOUT * 1000.0
    except subprocess.CalledProcessError as error:
        print(f"  rdflib fails: {error.stderr.strip().splitlines()[-1]}")
        return None
    return float(done.stdout.strip().splitlines()[-1])


def geomean(values: list[float]) -> float:
    return statistics.geometric_mean(values)


def table(rows: list[tuple[str, float, float, float, float]], left: str, right: str) -> str:
    lines = [
        f"| query | {left} p50 ms | p95 ms | {right} p50 ms | p95 ms | ratio p50 |",
        "|---|---|---|---|---|---|",
    ]
    for name, a50, a95, b50, b95 in rows:
        lines.append(
            f"| {name} | {a50:.1f} | {a95:.1f} | {b50:.1f} | {b95:.1f} | {a50 / b50:.2f} |"
        )
    lines.append(f"| geo-mean | | | | | {geomean([r[1] / r[3] for r in rows]):.2f} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--rdflib-triples", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    queries = load_queries()
    folder = cached_store(args.triples)
    disk = DiskStore(folder)
    failed = []
    print(f"graph: {args.triples} generated triples ({folder.name}); repeat {args.repeat}")
    on_disk = ox.Store.read_only(str(folder / str(disk.current_generation())))
    in_memory = ox.Store()
    in_memory.bulk_extend(on_disk)
    results = {}
    for mode, raw in (("disk", on_disk), ("memory", in_memory)):
        rows, rss = compare_mode(mode, folder, raw, queries, args.repeat)
        ratio = geomean([r[1] / r[3] for r in rows])
        results[mode] = (rows, rss, ratio)
        if ratio > TARGETS[mode]:
            failed.append(f"{mode}: served/direct {ratio:.2f}x > {TARGETS[mode]}x")
    for mode, (rows, rss, _ratio) in results.items():
        print(f"\n### Served over HTTP vs pyoxigraph direct, {mode} (server RSS {rss:.0f} MB)\n")
        print(table(rows, "served", "pyoxigraph"))
    small = PROJECT_ROOT / "var" / "bench" / f"graph-{args.rdflib_triples}.nq"
    if not small.exists():
        with small.open("wb") as out:
            ox.serialize(generate(args.rdflib_triples), out, ox.RdfFormat.N_QUADS)
    small_store = ox.Store()
    small_store.bulk_load(path=str(small), format=ox.RdfFormat.N_QUADS)
    naive = []
    for query in queries:
        oxi = percentiles(direct(small_store, query.text), args.repeat)[0]
        slow = rdflib_ms(small, query.text)
        if slow is None:
            continue
        naive.append((query.name, slow, slow, oxi, oxi))
        print(f"  rdflib {query.name:28} {slow / oxi:7.1f}x", flush=True)
    speedup = geomean([r[1] / r[3] for r in naive])
    print(f"\n### rdflib memory store vs pyoxigraph in memory ({args.rdflib_triples} triples)\n")
    print(table(naive, "rdflib", "pyoxigraph"))
    if speedup < RDFLIB_TARGET:
        failed.append(f"rdflib/pyoxigraph {speedup:.1f}x < {RDFLIB_TARGET}x")
    print("\ndump: skipped (no dump command on main yet; issue 16 adds dumps)")
    for line in failed:
        print(f"MISSED: {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
