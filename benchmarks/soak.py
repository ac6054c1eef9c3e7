"""Normal clients' latency on an idle server and under attack, and what each attack got.

Run on demand, not a test: `.venv/bin/python benchmarks/soak.py [--seconds 60] [--check]`, or
`make soak` (60 s, checked). It builds the seed graph into a temporary store, serves it with
`kamergraph serve` on a free loopback port, and measures in the same run:
1. idle: one client sending the named research queries one after another;
2. under attack: `--normal` clients (default 8, each pausing 0.1 s between queries) while
   `--hostile` clients (default 2) cycle through every attack in `benchmarks/attacks.py`.
It prints the normal clients' p50/p95 idle and under attack, their statuses, the server's
memory (its process and workers), and a table of every attack with its outcome. `--check`
exits 1 unless: no normal request got a 5xx (or failed), the attack p50 is within 2x of idle,
memory stayed under its bound, every attack was refused or cut as expected, and no worker was
still running once the clients had stopped.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from multiprocessing import Queue
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from attacks import ATTACKS, LONGEST, Outcome, sparql

from kamergraph.queries import QUERIES_DIR, load_queries

PROJECT = Path(__file__).resolve().parent.parent
KAMERGRAPH = Path(sys.executable).with_name("kamergraph")


@dataclass
class Served:
    url: str
    pid: int


@dataclass
class Run:
    """What one phase measured."""

    latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    attacks: list[tuple[str, Outcome, bool]] = field(default_factory=list)
    memory: list[int] = field(default_factory=list)

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(env: dict[str, str] | None = None, store: Path | None = None) -> Iterator[Served]:
    """`kamergraph serve` over `store`, or over the seed graph built into a temporary one."""
    with tempfile.TemporaryDirectory(prefix="kg-soak-") as folder:
        environment = {**os.environ, **(env or {}), "KG_HOST": "127.0.0.1"}
        if store is None:
            store = Path(folder) / "store"
            build = [str(KAMERGRAPH), "build", "--store", str(store)]
            subprocess.run(build, check=True, capture_output=True, env=environment, cwd=PROJECT)
        port = _free_port()
        command = [str(KAMERGRAPH), "serve", "--store", str(store), "--port", str(port)]
        process = subprocess.Popen(
            command, env=environment, cwd=PROJECT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )
        url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(url, process)
            yield Served(url, process.pid)
        finally:
            process.terminate()
            process.wait(15)
            assert process.stderr is not None
            process.stderr.close()


def _wait_until_up(url: str, process: subprocess.Popen[bytes]) -> None:
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(url + "/-/health", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server at {url} did not come up")


def health(url: str) -> dict:  # type: ignore[type-arg]
    """The server's /-/health answer (200 or 503)."""
    try:
        with urllib.request.urlopen(url + "/-/health", timeout=10) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]
    except urllib.error.HTTPError as error:
        return json.loads(error.read())  # type: ignore[no-any-return]


def normal_queries() -> list[str]:
    """The project's research questions, as a researcher would send them."""
    return [q.text for q in load_queries(QUERIES_DIR)]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def process_tree(pid: int) -> list[int]:
    """The server process and all its descendants (the forkserver and the workers)."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += _children(current)
    return tree


def _status_field(pid: int, name: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def tree_rss(pid: int) -> int:
    """Resident memory of the server and its workers, in bytes."""
    return sum(_status_field(p, "VmRSS") for p in process_tree(pid))


def cpu_ticks(pids: list[int]) -> int:
    """User and system CPU ticks used so far by these processes."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total


def _normal_client(url: str, address: str, stop: threading.Event, run: Run, pause: float) -> None:
    queries = normal_queries()
    index = int(address.rsplit(".", 1)[1])
    while not stop.is_set():
        outcome = sparql(url, address, queries[index % len(queries)])
        index += 1
        run.count(outcome.status)
        if outcome.status == 200:
            run.latencies.append(outcome.seconds)
        stop.wait(pause)


def _hostile_client(url: str, address: str, seconds: float, results: Queue) -> None:  # type: ignore[type-arg]
    """Every attack in turn until `seconds` have passed (in a process of its own, so that its
    reading megabytes does not slow the normal clients' own Python threads down)."""
    os.nice(10)  # the attacker stands in for another machine: its own CPU use is not the test
    deadline = time.monotonic() + seconds
    outcomes = []
    while time.monotonic() < deadline:
        for attack in ATTACKS:
            if time.monotonic() >= deadline:
                break
            outcome = attack.run(url, address)
            outcomes.append((attack.name, outcome, attack.accept(outcome)))
    results.put(outcomes)


def _sample_memory(pid: int, stop: threading.Event, run: Run) -> None:
    while not stop.is_set():
        run.memory.append(tree_rss(pid))
        stop.wait(0.5)


def measure(url: str, pid: int, seconds: float, normal: int, hostile: int) -> Run:
    """`normal` client threads and `hostile` client processes for `seconds`."""
    run, stop = Run(), threading.Event()
    pause = 0.1 if normal > 1 else 0.0
    threads = [threading.Thread(target=_sample_memory, args=(pid, stop, run))]
    for i in range(normal):
        address = f"127.0.1.{i + 1}"
        threads.append(
            threading.Thread(target=_normal_client, args=(url, address, stop, run, pause))
        )
    context = multiprocessing.get_context("spawn")
    results = context.Queue()
    attackers = [
        context.Process(target=_hostile_client, args=(url, f"127.0.2.{i + 1}", seconds, results))
        for i in range(hostile)
    ]
    for worker in [*threads, *attackers]:
        worker.start()
    time.sleep(seconds)
    stop.set()
    for thread in threads:
        thread.join(LONGEST + 5)
    for _ in attackers:
        run.attacks += results.get(timeout=LONGEST + 10)
    for attacker in attackers:
        attacker.join(10)
    return run


def workers_at_rest(url: str, pid: int, wait: float = 10, window: float = 2.0) -> tuple[bool, str]:
    """Whether, once the clients have stopped, no worker is busy or still computing: within
    `wait` seconds there is a `window` in which none uses more than a tenth of a core. A worker
    finishing its last answer settles at once; a query left running stays hot throughout."""
    deadline = time.monotonic() + wait
    while health(url)["workers"]["busy"] and time.monotonic() < deadline:
        time.sleep(0.2)
    while True:
        busy = health(url)["workers"]["busy"]
        workers = [p for p in process_tree(pid) if p != pid]
        before = {p: cpu_ticks([p]) for p in workers}
        time.sleep(window)
        used = {p: cpu_ticks([p]) - ticks for p, ticks in before.items()}
        hungriest = max(used.values(), default=0) / os.sysconf("SC_CLK_TCK") / window
        note = f"busy={busy}, {len(workers)} worker processes, most CPU {hungriest:.0%} of a core"
        if (busy == 0 and hungriest <= 0.1) or time.monotonic() >= deadline:
            return busy == 0 and hungriest <= 0.1, note


def p50(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) >= 20 else max(values, default=0)


@dataclass
class Verdict:
    """The acceptance checks of issue 17, with the figures behind them."""

    idle_p50: float
    attack_p50: float
    attack_p95: float
    normal_failures: int
    normal_total: int
    memory_peak: int
    memory_bound: int
    attacks_refused: bool
    at_rest: bool
    rest_note: str

    @property
    def passed(self) -> bool:
        return (
            self.normal_failures == 0
            and self.attack_p50 <= 2 * self.idle_p50
            and self.memory_peak <= self.memory_bound
            and self.attacks_refused
            and self.at_rest
        )


def judge(baseline: Run, attacked: Run, url: str, pid: int, memory_bound: int) -> Verdict:
    """Compare the attack run with the same clients on an otherwise idle server."""
    failures = sum(n for status, n in attacked.statuses.items() if status >= 500 or status < 200)
    failures += attacked.statuses.get(429, 0)
    at_rest, note = workers_at_rest(url, pid)
    return Verdict(
        idle_p50=p50(baseline.latencies),
        attack_p50=p50(attacked.latencies),
        attack_p95=p95(attacked.latencies),
        normal_failures=failures,
        normal_total=sum(attacked.statuses.values()),
        memory_peak=max(attacked.memory, default=0),
        memory_bound=memory_bound,
        attacks_refused=bool(attacked.attacks) and all(ok for _, _, ok in attacked.attacks),
        at_rest=at_rest,
        rest_note=note,
    )


def print_report(single: Run, baseline: Run, attacked: Run, verdict: Verdict) -> None:
    """The figures and the attack table, as the issue's closing note wants them."""
    mb = 2**20
    ratio = verdict.attack_p50 / verdict.idle_p50

    def line(label: str, run: Run) -> None:
        count = len(run.latencies)
        middle, high = p50(run.latencies) * 1000, p95(run.latencies) * 1000
        print(f"  {label:34} {middle:7.1f} ms / {high:7.1f} ms  ({count} answers)")

    print("normal clients' latency, p50 / p95:")
    line("1 client alone", single)
    line("normal clients, no attack (idle)", baseline)
    line("normal clients under attack", attacked)
    print(f"  ratio under attack / idle: p50 {ratio:.2f}x (must be <= 2)")
    print(f"  statuses under attack  {dict(sorted(attacked.statuses.items()))}")
    print(f"  failed (5xx, 429, none) {verdict.normal_failures} of {verdict.normal_total}")
    print(
        f"server memory (process + workers): peak {verdict.memory_peak / mb:.0f} MB, "
        f"bound {verdict.memory_bound / mb:.0f} MB"
    )
    print(f"workers after the run: {verdict.rest_note}")
    print(f"\n{'attack':38} {'expected':52} {'status':>6} {'s':>6}  outcome")
    for name, outcome, ok in attacked.attacks:
        expected = next(a.expected for a in ATTACKS if a.name == name)
        mark = "ok" if ok else "FAILED"
        print(
            f"{name:38} {expected:52} {outcome.status:>6} {outcome.seconds:6.1f}  "
            f"{mark}: {outcome.note[:60]}"
        )
    print(f"\nacceptance: {'PASSED' if verdict.passed else 'FAILED'}")


def soak(seconds: float, normal: int, hostile: int, env: dict[str, str] | None = None) -> Verdict:
    """Serve the seed graph, measure without and with attackers, print and return the verdict."""
    with served(env) as server:
        for query in normal_queries():  # warm every worker's store and caches
            sparql(server.url, "127.0.0.1", query)
        single = measure(server.url, server.pid, max(2.0, seconds / 6), 1, 0)
        baseline = measure(server.url, server.pid, max(3.0, seconds / 3), normal, 0)
        settled = tree_rss(server.pid)
        workers = health(server.url)["workers"]["size"]
        limit = float(
            (env or {}).get("KG_WORKER_MEMORY", os.environ.get("KG_WORKER_MEMORY", "1024"))
        )
        bound = settled + int(workers * limit * 2**20)
        attacked = measure(server.url, server.pid, seconds, normal, hostile)
        verdict = judge(baseline, attacked, server.url, server.pid, bound)
        print_report(single, baseline, attacked, verdict)
        return verdict


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--normal", type=int, default=8)
    parser.add_argument("--hostile", type=int, default=2)
    parser.add_argument("--check", action="store_true", help="exit 1 if acceptance fails")
    args = parser.parse_args()
    verdict = soak(args.seconds, args.normal, args.hostile)
    if args.check and not verdict.passed:
        sys.exit(1)


if __name__ == "__main__":
    main()
