"""kill -9 during a build and during publication leaves the served generation intact, and a
restarted build publishes as if nothing had happened (a real `kamergraph build` process)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from kamergraph.pipeline import run_build
from kamergraph.store import DiskStore
from tests.conftest import REFERENCE, SOURCES

DATA_COUNT = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER (?g != <https://w3id.org/kamergraph/id/graph/build>) }"""


def _count(store: DiskStore) -> int:
    answer = json.loads(store.query(DATA_COUNT).serialize("json"))
    return int(answer["results"]["bindings"][0]["n"]["value"])


def _build(store: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "kamergraph.cli", "build", "--store", str(store)]
    env = {**os.environ, "KG_SOURCES": str(SOURCES), "KG_REFERENCE": str(REFERENCE)}
    return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _kill(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGKILL)
    process.wait(10)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, int]:
    folder = tmp_path_factory.mktemp("store")
    store = DiskStore(folder)
    run_build(SOURCES, REFERENCE, store)
    generation = store.current_generation()
    assert generation is not None
    return folder, generation, _count(store)


def _intact(folder: Path, generation: str, count: int) -> None:
    store = DiskStore(folder)  # a fresh reader, as a restarted server would open it
    assert store.current_generation() == generation
    assert _count(store) == count


@pytest.mark.parametrize("delay", [0.5, 2.0])
def test_kill_9_during_a_build_leaves_the_served_generation(
    served: tuple[Path, str, int], delay: float
) -> None:
    folder, generation, count = served
    process = _build(folder)
    time.sleep(delay)
    if process.poll() is not None:
        pytest.fail(f"the build ended before {delay} s; kill it earlier")
    _kill(process)
    _intact(folder, generation, count)


def _next_generation_appears(folder: Path, after: str, process: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        if any(p.name > after for p in folder.glob("g[0-9]*")):
            return True
        time.sleep(0.002)
    return False


def test_kill_9_during_publication_then_a_restart_loses_nothing(
    served: tuple[Path, str, int],
) -> None:
    folder, generation, count = served
    process = _build(folder)
    assert _next_generation_appears(folder, generation, process), "publication never started"
    _kill(process)  # the new generation is being written: CURRENT must still name the old one
    _intact(folder, generation, count)
    restarted = _build(folder)
    assert restarted.wait(120) == 0
    store = DiskStore(folder)
    assert store.current_generation() not in (None, generation)
    assert _count(store) == count
