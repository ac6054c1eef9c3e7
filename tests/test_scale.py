"""Every named query stays usable at a million triples: a blow-up guard, not a speed test.

Each query runs against a generated 1M-triple on-disk store (`benchmarks/graphgen.py`, made
once and cached under var/bench/) in its own process with a hard time limit, so a query that
falls into an engine pitfall (a join that grows as members x questions, a NOT EXISTS evaluated
per row over the whole graph) fails here by name instead of hanging a researcher's request.
The limit is generous: the speed targets live in `benchmarks/`, not in tests.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.graphgen import cached_store
from benchmarks.pages import sample_pages
from kamergraph.queries import load_queries
from kamergraph.store import DiskStore
from tests.hardening import wait_until_healthy
from tests.test_serve_mode import KG, _free_port

TRIPLES = 1_000_000
HARD_LIMIT = 60  # seconds; every query takes under 3 s on a loaded 2-core machine
# A page runs up to two dozen queries (the overview: 23 whole-graph ones, ~20 s at 1M alone)
PAGE_LIMIT = 2 * HARD_LIMIT
QUERIES = load_queries()
RUN = """
import sys, pyoxigraph as ox
from kamergraph.store import DiskStore
store = DiskStore(sys.argv[1])
rows = sum(1 for _ in store.query(sys.stdin.read()).raw)
print(rows)
"""


@pytest.fixture(scope="session")
def million() -> Path:
    return cached_store(TRIPLES)


def test_the_guard_collects_every_named_query() -> None:
    assert len(QUERIES) >= 8


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_named_query_finishes_at_a_million_triples(million: Path, query) -> None:
    try:
        done = subprocess.run(
            [sys.executable, "-c", RUN, str(million)],
            input=query.text,
            capture_output=True,
            text=True,
            timeout=HARD_LIMIT,
            check=True,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"{query.name} ran past {HARD_LIMIT} s at {TRIPLES} triples")
    assert int(done.stdout) > 0, f"{query.name} matched nothing in the generated graph"


@pytest.fixture(scope="module")
def endpoint(million: Path) -> Iterator[str]:
    """`kamergraph serve` on the million-triple store, with its default limits."""
    port = _free_port()
    process = subprocess.Popen(
        [KG, "serve", "--store", str(million), "--port", str(port)],
        # Generous limits: this guards against blow-ups, and the suite runs on a loaded machine.
        # No prewarm: the pages are to be measured on a first visit, and the list pages'
        # warming would load the machine while the named queries run.
        env={**os.environ, "KG_QUERY_TIMEOUT": "60", "KG_STREAM_TIMEOUT": "60"}
        | {"KG_QUEUE_TIMEOUT": "60", "KG_PREWARM": ""},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_healthy(f"http://127.0.0.1:{port}")
        yield f"http://127.0.0.1:{port}/sparql"
    finally:
        process.terminate()
        process.wait(30)


def test_the_endpoint_answers_every_named_query_whole_at_a_million_triples(endpoint: str) -> None:
    """Served, a query slower than the head window must still arrive complete (its progress
    note can come after the head)."""
    for query in QUERIES:
        body = urllib.parse.urlencode({"query": query.text}).encode()
        request = urllib.request.Request(
            endpoint, data=body, headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=HARD_LIMIT) as response:
            answer = json.loads(response.read())
        assert answer["results"]["bindings"], query.name


def test_every_page_type_renders_at_a_million_triples(endpoint: str, million: Path) -> None:
    """The pages' own queries (`queries/pages/`) meet the same guard, run as the pages run
    them: one thing of each class with a page, the list pages, a reader and a search, each a
    first visit (nothing kept yet) within PAGE_LIMIT."""
    raw = ox.Store.read_only(str(million / str(DiskStore(million).current_generation())))
    pages = sample_pages(raw)
    letter = dict(pages)["letter"]
    paths = [path for _, path in pages] + [letter + "/text", "/search?q=opvang"]
    base = endpoint.removesuffix("/sparql")
    for path in paths:
        request = urllib.request.Request(base + path, headers={"Accept": "text/html"})
        try:
            with urllib.request.urlopen(request, timeout=PAGE_LIMIT) as response:
                assert response.status == 200, path
                assert b"</html>" in response.read(), path
        except TimeoutError:
            pytest.fail(f"{path} took longer than {PAGE_LIMIT} s at {TRIPLES} triples")
