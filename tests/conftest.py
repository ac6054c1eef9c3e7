"""Shared fixtures: one built dataset per session, a fresh app per test, a live server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import GraphStore, MemoryStore

SOURCES = PROJECT_ROOT / "data" / "sources"
SCORE_TABLE = pytest.StashKey[str]()
CORPUS_TABLE = pytest.StashKey[str]()
SEED_TEXT_ONLY_TABLE = pytest.StashKey[str]()
REFERENCE = PROJECT_ROOT / "data" / "reference"


@pytest.fixture(scope="session")
def built_store() -> GraphStore:
    """The five seed documents built, validated and published into an in-memory store."""
    from kamergraph.pipeline import run_build

    store = MemoryStore()
    summary = run_build(SOURCES, REFERENCE, store)
    assert not summary.errors, summary.errors
    return store


@pytest.fixture
def app(built_store: GraphStore):  # type: ignore[no-untyped-def]
    from server import create_app

    application = create_app(built_store)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app):  # type: ignore[no-untyped-def]
    return app.test_client()


class LiveServer:
    """A waitress server in a thread; `close()` drains its workers before closing sockets."""

    def __init__(self, store: GraphStore) -> None:
        from waitress import create_server

        from server import create_app

        self._server = create_server(create_app(store), host="127.0.0.1", port=0, threads=4)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.effective_port}"

    def close(self) -> None:
        # Workers still answering would write to the closed wake-up pipe: stop them first.
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._server.close()


def start_live_server(store: GraphStore) -> tuple[str, LiveServer]:
    """Serve a store with the production WSGI server on a free 127.0.0.1 port."""
    server = LiveServer(store)
    return server.url, server


@pytest.fixture(scope="session")
def live_server(built_store: GraphStore) -> Iterator[str]:
    """Base URL of a real HTTP server answering over the built dataset."""
    url, server = start_live_server(built_store)
    yield url
    server.close()


@pytest.fixture
def sources_dir() -> Path:
    return SOURCES


def pytest_terminal_summary(terminalreporter, config) -> None:  # type: ignore[no-untyped-def]
    """Show the extraction scores in every run's output, not only with `-s`."""
    table = config.stash.get(SCORE_TABLE, None)
    if table:
        terminalreporter.write_sep("=", "extraction precision and recall (tests/annotations)")
        terminalreporter.write_line(table)
    seeds_text_only = config.stash.get(SEED_TEXT_ONLY_TABLE, None)
    if seeds_text_only:
        terminalreporter.write_line("")
        terminalreporter.write_line(seeds_text_only)
    corpus = config.stash.get(CORPUS_TABLE, None)
    if corpus:
        terminalreporter.write_sep("=", "real corpus precision and recall (KG_CORPUS)")
        terminalreporter.write_line(corpus)
