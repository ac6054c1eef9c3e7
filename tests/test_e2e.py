"""End to end: the real `kamergraph serve` process on a free port, queried with SPARQLWrapper."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, SPARQLWrapper

from kamergraph.cli import main
from tests.conftest import SOURCES

pytestmark = pytest.mark.e2e
COUNT_COMMITMENTS = """PREFIX kg: <https://w3id.org/kamergraph/def#>
SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a kg:Commitment }"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, process: subprocess.Popen) -> None:
    for _ in range(100):
        if process.poll() is not None:
            raise AssertionError(f"server exited: {process.stdout.read()}")  # type: ignore[union-attr]
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"server at {url} did not come up")


_STORES: dict[str, Path] = {}


def served_store(url: str) -> Path:
    return _STORES[url]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = tmp_path_factory.mktemp("store")
    assert CliRunner().invoke(main, ["build", "--store", str(store)]).exit_code == 0
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "kamergraph.cli",
        "serve",
        "--store",
        str(store),
        "--port",
        str(port),
    ]
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "KG_HOST": "127.0.0.1"},
    )
    url = f"http://127.0.0.1:{port}"
    _STORES[url] = store
    try:
        wait_until_up(url + "/-/health", process)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        process.stdout.close()  # type: ignore[union-attr]


def test_sparqlwrapper_counts_the_commitments(served: str) -> None:
    assert count_commitments(served) >= 10


def test_entity_page_is_served_at_its_iri_path(served: str) -> None:
    with urllib.request.urlopen(served + "/id/commitment/T03853") as response:
        assert response.status == 200
        assert "T03853" in response.read().decode()


def count_commitments(url: str) -> int:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(COUNT_COMMITMENTS)
    client.setReturnFormat(JSON)
    return int(client.queryAndConvert()["results"]["bindings"][0]["n"]["value"])  # type: ignore[index]


def test_server_serves_a_new_build_without_restart(served: str, tmp_path: Path) -> None:
    """Runs last in this module: it replaces the served graph with a one-letter build."""
    before = count_commitments(served)
    sources = tmp_path / "sources"
    sources.mkdir()
    for name in ("000_c0a24f6b65b225cd.txt", "manifest.csv"):
        (sources / name).write_bytes((SOURCES / name).read_bytes())
    store = served_store(served)
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--store", str(store)])
    assert result.exit_code == 0, result.output
    after = count_commitments(served)
    assert 0 < after < before
