"""The naive designs the endpoint must beat by 20x: rdflib's memory store, and rdflib-endpoint
(rdflib's store behind a FastAPI SPARQL endpoint), on a smaller graph (they are slow).

rdflib evaluates in its own process (it cannot be interrupted), once per query after the graph
is parsed; a query past RDFLIB_TIMEOUT counts as taking that long (the ratio is then a lower
bound). rdflib-endpoint is measured over HTTP like our server, one request per query after a
warm-up; one it cannot answer (an error status) is left out and named.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from benchmarks.serving import KG, free_port, post_query

RDFLIB_TIMEOUT = 120  # seconds one rdflib query may take; past it the ratio is a lower bound
RDFLIB_ENDPOINT = str(Path(KG).with_name("rdflib-endpoint"))

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
    """One rdflib evaluation in its own process, the timeout, or None when rdflib cannot
    answer the query at all."""
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


class RdflibEndpoint:
    """`rdflib-endpoint serve` on an N-Quads file, on loopback."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.process: subprocess.Popen[bytes] | None = None
        self.url = ""

    def start(self) -> None:
        port = free_port()
        self.process = subprocess.Popen(
            [RDFLIB_ENDPOINT, "serve", "--host", "127.0.0.1", "--port", str(port), str(self.path)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"http://127.0.0.1:{port}/"  # its CLI serves the endpoint at the root
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            try:
                post_query(self.url, "ASK {}")()
                return
            except OSError:
                time.sleep(1)
        raise RuntimeError("rdflib-endpoint did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(30)

    def rows_and_ms(self, text: str) -> tuple[int, float] | None:
        """(rows, milliseconds) of one answer after a warm-up, or None if it fails; a query
        past the timeout counts as the timeout (and the endpoint is restarted)."""
        run = post_query(self.url, text, RDFLIB_TIMEOUT)
        try:
            run()
            start = time.perf_counter()
            body = run()
        except urllib.error.HTTPError as error:
            print(f"  rdflib-endpoint fails: HTTP {error.code}")
            return None
        except TimeoutError:
            self.stop()
            self.start()
            return -1, RDFLIB_TIMEOUT * 1000.0
        return rows_in(body), (time.perf_counter() - start) * 1000


def rows_in(body: bytes) -> int:
    """The number of rows in a SPARQL JSON answer (1 for ASK)."""
    answer = json.loads(body)
    return len(answer["results"]["bindings"]) if "results" in answer else 1
