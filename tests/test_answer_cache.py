"""The pages' answer cache: exact while a generation is served, dropped when the next one is
published, bounded in rows, and never used for stores whose contents change under one name."""

from __future__ import annotations

import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from kamergraph.store import DiskStore, MemoryStore
from server import create_app
from server import dumps as dumps_module
from server import prewarm as prewarm_module
from server import site as site_module
from server.pool import WorkerPool
from server.prewarm import Prewarm, init_prewarm
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


def test_a_page_view_is_kept_per_generation_beside_the_rows(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(_quads("x"))
    cache = AnswerCache(1)
    made: list[str] = []
    for _ in range(2):
        assert cache.view(store, ("page", "en"), lambda: made.append("en") or {"n": 1}) == {"n": 1}
    assert made == ["en"]
    cache.answer(store, "plain", "q", lambda: [{"n": "row"}])  # the rows' bound holds no view
    cache.view(store, ("page", "en"), lambda: made.append("again") or {})
    assert made == ["en"]
    store.publish(_quads("y"))  # a new generation: made anew
    cache.view(store, ("page", "en"), lambda: made.append("next") or {})
    assert made == ["en", "next"]
    off = AnswerCache(0)
    for _ in range(2):
        off.view(store, ("page", "en"), lambda: made.append("off") or {})
    assert made[-2:] == ["off", "off"]


def test_the_overview_keeps_its_view_not_its_answers(
    tmp_path: Path, built_store: MemoryStore
) -> None:
    """The overview's whole-graph answers would push the other pages' out of the rows'
    bound; it keeps what it shows instead, and asks the store nothing on a second visit."""
    store = _CountingStore(tmp_path / "store")
    store.publish(iter(built_store.quads()))
    app = create_app(store, pool=WorkerPool(1, 1024))
    client = app.test_client()
    site: Site = app.extensions["kamergraph"]
    try:
        first = client.get("/overview", headers={"Accept": "text/html"}).get_data(as_text=True)
        asked = store.asked
        again = client.get("/overview", headers={"Accept": "text/html"}).get_data(as_text=True)
        assert again == first and store.asked == asked
        kept = [text for _, text in site.answers._answers]
        assert not any("GROUP BY ?party ?partyLabel ?document" in text for text in kept)
        dutch = client.get("/overview?lang=nl", headers={"Accept": "text/html"})
        assert dutch.status_code == 200 and store.asked > asked  # a view per language
    finally:
        app.extensions["kamergraph-workers"][0].close()


class _CountingStore(DiskStore):
    """A DiskStore that counts the queries it is asked."""

    asked = 0

    def query(self, sparql, default_graphs=None, named_graphs=None):  # type: ignore[no-untyped-def]
        self.asked += 1
        return super().query(sparql, default_graphs, named_graphs)


def _wait_for_warmth(prewarm: Prewarm, generation: str | None) -> None:
    deadline = time.monotonic() + 60
    while prewarm.state.generation != generation and time.monotonic() < deadline:
        time.sleep(0.05)
    assert prewarm.state.generation == generation, prewarm.state


def test_the_aggregate_pages_are_warmed_after_each_publication(
    tmp_path: Path, built_store: MemoryStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """KG_PREWARM: once a generation is served, the server renders the list pages itself,
    so the first reader's overview asks the store nothing; a new publication is warmed in
    its turn; /-/health says which generation was warmed."""
    monkeypatch.setattr(prewarm_module, "CHECK_EVERY", 0.05)
    counted = []
    real_count = dumps_module.count
    monkeypatch.setattr(dumps_module, "count", lambda *args: counted.append(1) or real_count(*args))
    store = _CountingStore(tmp_path / "store")
    store.publish(iter(built_store.quads()))
    app = create_app(store, pool=WorkerPool(1, 1024))
    prewarm = init_prewarm(app)
    assert prewarm is not None and prewarm.state.paths == ["/", "/commitments", "/overview"]
    prewarm.start()
    try:
        for generations in (1, 2):
            _wait_for_warmth(prewarm, store.current_generation())
            assert prewarm.state.failed == []
            asked = store.asked
            client = app.test_client()
            assert client.get("/overview", headers={"Accept": "text/html"}).status_code == 200
            assert store.asked == asked
            # the service description's counts too, kept over a reopened read handle
            store.release_caches()
            assert client.get("/sparql", headers={"Accept": "text/turtle"}).status_code == 200
            assert len(counted) == generations
            health = client.get("/-/health").get_json()
            assert health["prewarm"]["generation"] == store.current_generation()
            store.publish(iter(built_store.quads()))
    finally:
        prewarm.stop()
        app.extensions["kamergraph-workers"][0].close()


def test_nothing_is_warmed_without_a_cache_or_paths(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = DiskStore(tmp_path / "store")
    store.publish(iter(_quads("one")))
    monkeypatch.setenv("KG_PREWARM", "")
    assert init_prewarm(create_app(store, pool=WorkerPool(1, 1024))) is None
    monkeypatch.setenv("KG_PREWARM", "/")
    monkeypatch.setenv("KG_ANSWER_CACHE_ROWS", "0")
    assert init_prewarm(create_app(store, pool=WorkerPool(1, 1024))) is None
    monkeypatch.delenv("KG_ANSWER_CACHE_ROWS")
    assert init_prewarm(create_app(MemoryStore(), pool=WorkerPool(1, 1024))) is None


def test_health_counts_each_generation_once_even_without_a_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Monitors poll /-/health often; its triple count is made once per published
    generation, answer cache or not, and follows a new publication."""
    monkeypatch.setenv("KG_ANSWER_CACHE_ROWS", "0")
    store = _CountingStore(tmp_path / "store")
    store.publish(iter(_quads("one")))
    app = create_app(store, pool=WorkerPool(1, 1024))
    client = app.test_client()
    try:
        assert client.get("/-/health").get_json()["triples"] == 1
        asked = store.asked
        assert client.get("/-/health").get_json()["triples"] == 1
        assert store.asked == asked
        store.publish(iter(_quads("one") + _quads("two")))
        assert client.get("/-/health").get_json()["triples"] == 2
    finally:
        app.extensions["kamergraph-workers"][0].close()
