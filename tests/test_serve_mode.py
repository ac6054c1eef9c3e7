"""KG_SERVE_MODE: the on-disk store and its in-memory copy give the same answers.

Over the store API (every named query, a new generation picked up) and over HTTP, with two
real `kamergraph serve` processes on 127.0.0.1, one per mode, answering the same requests.
"""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kamergraph.memory_mode import LoadedStore
from kamergraph.queries import load_queries
from kamergraph.store import DiskStore, GraphStore, StoreEmptyError, open_store
from tests.hardening import wait_until_healthy

QUERIES = load_queries()
KG = str(Path(sys.executable).with_name("kamergraph"))


def canonical(table: str) -> list[dict[str, str]]:
    """Rows with GROUP_CONCAT lists sorted: their order follows storage order, which differs
    between the two engines' layouts (as it may between any two builds)."""
    rows = csv.DictReader(io.StringIO(table))
    return [{k: "; ".join(sorted(v.split("; "))) for k, v in row.items()} for row in rows]


def answer(store: GraphStore, text: str) -> list[dict[str, str]]:
    return canonical(store.query(text).serialize("csv").decode())


@pytest.fixture(scope="module")
def on_disk(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("served") / "store"
    DiskStore(folder).publish(built_store.quads())
    return folder


def test_the_setting_chooses_the_mode(on_disk: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert type(open_store(on_disk)) is DiskStore
    monkeypatch.setenv("KG_SERVE_MODE", "memory")
    assert type(open_store(on_disk)) is LoadedStore


@pytest.mark.parametrize("query", QUERIES, ids=lambda q: q.name)
def test_both_modes_answer_every_named_query_alike(on_disk: Path, query) -> None:
    rows = answer(DiskStore(on_disk), query.text)
    assert rows == answer(LoadedStore(on_disk), query.text)


def test_memory_mode_follows_a_new_generation(tmp_path: Path) -> None:
    loaded = LoadedStore(tmp_path / "store")
    with pytest.raises(StoreEmptyError):
        loaded.query("ASK {}")
    thing = ox.NamedNode("https://w3id.org/kamergraph/id/thing/1")
    name = ox.NamedNode("http://xmlns.com/foaf/0.1/name")
    loaded.publish([ox.Quad(thing, name, ox.Literal("een"), ox.NamedNode("urn:g"))])
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert answer(loaded, count) == [{"n": "1"}]
    DiskStore(tmp_path / "store").revise([], [ox.Quad(thing, name, ox.Literal("twee"))])
    assert answer(loaded, count) == [{"n": "2"}]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def servers(on_disk: Path) -> Iterator[dict[str, str]]:
    """`kamergraph serve` on the same store, once per mode."""
    processes, urls = [], {}
    for mode in ("disk", "memory"):
        port = _free_port()
        env = {**os.environ, "KG_SERVE_MODE": mode}
        processes.append(
            subprocess.Popen(
                [KG, "serve", "--store", str(on_disk), "--port", str(port)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        urls[mode] = f"http://127.0.0.1:{port}"
    try:
        for url in urls.values():
            wait_until_healthy(url)
        yield urls
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)


def _get(url: str, text: str) -> bytes:
    body = urllib.parse.urlencode({"query": text}).encode()
    request = urllib.request.Request(f"{url}/sparql", data=body, headers={"Accept": "text/csv"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


def test_both_servers_give_the_same_answers(servers: dict[str, str]) -> None:
    assert len(QUERIES) >= 8
    for query in QUERIES:
        disk = canonical(_get(servers["disk"], query.text).decode())
        assert disk, query.name
        assert disk == canonical(_get(servers["memory"], query.text).decode()), query.name
