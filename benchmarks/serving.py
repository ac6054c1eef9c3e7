"""What the serving benchmarks share: a `kamergraph serve` to measure, timings, memory.

The server runs as `make run` would run it (waitress, the worker pool, the default caps and
demotion), unthrottled (the rate limit and the per-address query cap are for strangers; the
load test's clients share one address) and with the long time limits a benchmark's large
answers need; it is measured only once every query worker is ready.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path

from kamergraph.settings import PROJECT_ROOT

KG = str(PROJECT_ROOT / ".venv" / "bin" / "kamergraph")
Timing = tuple[float, float]  # p50, p95 in milliseconds


def percentiles(run: Callable[[], object], repeat: int) -> Timing:
    """p50 and p95 in milliseconds over `repeat` runs (after one warm-up)."""
    return paired([run], repeat)[0]


def paired(runs: list[Callable[[], object]], repeat: int) -> list[Timing]:
    """p50 and p95 of each of `runs`, taken in turn (a, b, a, b, ...) after one warm-up each.

    Two sides of a ratio measured in turn meet the same machine: on a shared host, load that
    comes and goes would otherwise land on whichever side ran at the time."""
    for run in runs:
        run()
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, taken in zip(runs, times, strict=True):
            start = time.perf_counter()
            run()
            taken.append((time.perf_counter() - start) * 1000)
    return [_timing(taken) for taken in times]


def _timing(times: list[float]) -> Timing:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def post_query(url: str, text: str, timeout: float = 300) -> Callable[[], bytes]:
    """A SPARQL protocol POST for JSON results, over a fresh connection each time."""
    body = urllib.parse.urlencode({"query": text}).encode()

    def run() -> bytes:
        request = urllib.request.Request(
            url, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.read()  # type: ignore[no-any-return]

    return run


def get_page(url: str, accept: str = "text/html") -> Callable[[], bytes]:
    def run() -> bytes:
        request = urllib.request.Request(url, headers={"Accept": accept})
        with urllib.request.urlopen(request, timeout=300) as response:
            return response.read()  # type: ignore[no-any-return]

    return run


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _health(base: str) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"{base}/-/health", timeout=5) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]
    except OSError:
        return None


def start_server(
    folder: Path, mode: str, answer_cache: bool = False
) -> tuple[subprocess.Popen[bytes], str]:
    """`kamergraph serve` on the store; returns once it answers and its workers are ready.

    Without the pages' answer cache unless asked: a page is then measured doing its work, as
    on a first visit, and compared with its queries run directly. Never prewarmed: a first
    visit is measured as one (with KG_PREWARM, the list pages' first visit is their second)."""
    port = free_port()
    env = {**os.environ, "KG_SERVE_MODE": mode, "KG_RATE_LIMIT": "100000 per second"}
    env["KG_PREWARM"] = ""
    if not answer_cache:
        env["KG_ANSWER_CACHE_ROWS"] = "0"
    env["KG_QUERY_TIMEOUT"] = env["KG_STREAM_TIMEOUT"] = "300"
    env["KG_WORKER_MEMORY"] = "0"
    env["KG_CLIENT_QUERIES"] = "0"  # the load test's clients all come from 127.0.0.1
    process = subprocess.Popen(
        [KG, "serve", "--store", str(folder), "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and process.poll() is None:
        health = _health(base)
        workers = health.get("workers") if health else None
        if isinstance(workers, dict) and workers["idle"] == workers["size"]:
            return process, base
        if health:  # answering: ask for a query once, so that the pool starts its workers
            with contextlib.suppress(urllib.error.HTTPError):  # 503 while they are loading
                post_query(f"{base}/sparql", "ASK {}")()
        time.sleep(0.5)
    process.kill()
    raise RuntimeError("server did not start")


def stop_server(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(30)


def _process_table() -> list[tuple[int, int]]:
    rows = subprocess.run(
        ["ps", "-o", "pid=,ppid=", "-A"], capture_output=True, text=True, check=True
    ).stdout.split()
    return [(int(rows[i]), int(rows[i + 1])) for i in range(0, len(rows), 2)]


def _family(pid: int) -> set[int]:
    rows, family = _process_table(), {pid}
    for _ in range(4):  # server -> forkserver -> workers
        family |= {p for p, parent in rows if parent in family}
    return family


def _status_kb(pid: int, field: str, name: str = "status") -> int:
    try:
        text = Path(f"/proc/{pid}/{name}").read_text()
    except OSError:  # ended meanwhile
        return 0
    for line in text.splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def tree_memory_mb(pid: int) -> tuple[float, float]:
    """RSS and PSS of a process and all its descendants (the query workers), in MB.

    RSS counts a page once per process that maps it (workers sharing one copy-on-write copy of
    the graph count it each); PSS divides shared pages among their sharers, so its sum is what
    the family really holds."""
    family = _family(pid)
    rss = sum(_status_kb(p, "VmRSS") for p in family)
    pss = sum(_status_kb(p, "Pss", "smaps_rollup") for p in family)
    return rss / 1024, pss / 1024


def tree_rss_by_process(pid: int) -> list[float]:
    """RSS of a process and each of its descendants in MB, the process first, then the
    largest first (where the sum in `tree_memory_mb` comes from)."""
    others = sorted((_status_kb(p, "VmRSS") for p in _family(pid) - {pid}), reverse=True)
    return [kb / 1024 for kb in (_status_kb(pid, "VmRSS"), *others)]
