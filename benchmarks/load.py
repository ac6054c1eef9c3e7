"""Requests per second with concurrent clients on loopback (issue 18: report, then improve).

Each client is a thread sending one request after another over a fresh connection, cycling
through its list of requests from a different starting point; what is counted is answers with
status 200 completed within the time, and their latency.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class LoadResult:
    requests: int
    errors: int
    seconds: float
    p50_ms: float
    p95_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds


def run_load(requests: list[Callable[[], object]], clients: int, seconds: float) -> LoadResult:
    """`clients` threads sending `requests` round-robin for `seconds`."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client(offset: int) -> None:
        index = offset
        while time.monotonic() < stop:
            start = time.perf_counter()
            try:
                requests[index % len(requests)]()
            except OSError:
                with lock:
                    errors[0] += 1
                continue
            finally:
                index += 1
            with lock:
                latencies.append((time.perf_counter() - start) * 1000)

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, round(0.95 * (len(latencies) - 1)))] if latencies else 0
    return LoadResult(
        len(latencies), errors[0], elapsed, statistics.median(latencies or [0.0]), p95
    )
