"""The pages' answer cache: exact while a generation is served, dropped when the next one is
published, bounded in rows, and never used for stores whose contents change under one name."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from kamergraph.store import DiskStore, MemoryStore
from server import site as site_module
from server.site import AnswerCache, Site

EX = "https://example.org/"


def _quads(label: str) -> list[ox.Quad]:
    return [ox.Quad(ox.NamedNode(EX + "a"), ox.NamedNode(EX + "label"), ox.Literal(label))]


@pytest.fixture(autouse=True)
def keep_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every answer counts as slow here: the store is tiny."""
    monkeypatch.setattr(site_module, "KEEP_AFTER", 0.0)


def _site(store: DiskStore | MemoryStore, rows: int = 100) -> Site:
    return Site(store, EX, [], answers=AnswerCache(rows))


QUERY = f"SELECT ?label WHERE {{ <{EX}a> <{EX}label> ?label }}"


def _label(site: Site) -> str:
    return str(site.select(QUERY)[0]["label"].value)


def test_an_answer_is_kept_until_the_next_generation(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("first"))
    site = _site(store)
    assert _label(site) == "first"
    calls = []
    site.answers.answer(store, "terms", QUERY, lambda: calls.append(1) or [])
    assert calls == []  # kept: not asked again
    store.publish(_quads("second"))
    assert _label(site) == "second"


def test_a_store_built_anew_under_the_same_name_is_not_confused(tmp_path: Path) -> None:
    import shutil

    store = DiskStore(tmp_path / "store")
    store.publish(_quads("first"))
    site = _site(store)
    assert _label(site) == "first"
    shutil.rmtree(tmp_path / "store")
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("rebuilt"))  # g000001 again
    site.store = store
    assert _label(site) == "rebuilt"


def test_callers_get_their_own_rows(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("first"))
    site = _site(store)
    site.select(QUERY)[0].clear()  # a page that edits what it got
    assert _label(site) == "first"


def test_the_least_recently_used_answers_go_first(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("x"))
    cache = AnswerCache(3)
    computed: list[str] = []

    def rows(name: str, count: int) -> list[dict[str, str]]:
        computed.append(name)
        return [{"n": name}] * count

    for name in ("a", "b", "a", "c"):  # a and b kept (3 rows), a used again, c drops b
        cache.answer(store, "plain", name, lambda name=name: rows(name, 2 if name == "a" else 1))
    cache.answer(store, "plain", "a", lambda: rows("a", 2))
    cache.answer(store, "plain", "b", lambda: rows("b", 1))
    assert computed == ["a", "b", "c", "b"]
    cache.answer(store, "plain", "big", lambda: rows("big", 4))  # more than all: never kept
    cache.answer(store, "plain", "big", lambda: rows("big", 4))
    assert computed[-2:] == ["big", "big"]


def test_stores_without_generations_are_asked_each_time() -> None:
    store = MemoryStore()
    store.publish(_quads("first"))
    site = _site(store)
    assert _label(site) == "first"
    store.publish(_quads("second"))
    assert _label(site) == "second"


def test_no_rows_kept_when_switched_off(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("first"))
    cache = AnswerCache(0)
    calls: list[int] = []
    for _ in range(2):
        cache.answer(store, "plain", QUERY, lambda: calls.append(1) or [])
    assert calls == [1, 1]
