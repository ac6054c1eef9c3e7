"""The main page types, for the endpoint benchmark: which pages, and their direct baseline.

A page is one request that runs several queries and renders them. Its baseline is the same
queries run directly on pyoxigraph (the queries are recorded while the page renders once
in-process, through the app over a store that notes what it is asked); so the ratio says
what the page costs beyond its queries: HTTP, rendering, the server's own work.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.store import DiskStore, QueryResult
from server import create_app

KG = "https://w3id.org/kamergraph/def#"
# One thing of each class with its own page (`server.entity_views.PAGE_ORDER`), plus the
# site's list pages.
CLASSES = ("Commitment", "Motion", "Person", "Party", "Law", "Dossier", "Letter")
LIST_PAGES = ("/", "/commitments", "/overview")


class RecordingStore(DiskStore):
    """A DiskStore that notes the text of every query it is asked."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.asked: list[str] = []

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        self.asked.append(sparql)
        return super().query(sparql, default_graphs, named_graphs)


def sample_pages(raw: ox.Store) -> list[tuple[str, str]]:
    """(page type, path): the first thing of each class with a page, and the list pages."""
    base = settings.base_iri()
    pages = []
    for name in CLASSES:
        rows = list(
            raw.query(
                f"SELECT ?t WHERE {{ ?t a <{KG}{name}> FILTER(STRSTARTS(STR(?t), STR(<{base}>))) }}"
                " ORDER BY ?t LIMIT 1",
                use_default_graph_as_union=True,
            )
        )
        if rows:
            thing = rows[0]["t"]
            assert isinstance(thing, ox.NamedNode)
            pages.append((name.lower(), "/id/" + thing.value[len(base) :]))
    return pages + [(path.strip("/") or "home", path) for path in LIST_PAGES]


def page_queries(folder: Path, paths: list[str]) -> dict[str, list[str]]:
    """The queries each page runs, recorded while it renders once in-process."""
    store = RecordingStore(folder)
    client = create_app(store).test_client()
    asked = {}
    for path in paths:
        store.asked.clear()
        response = client.get(path, headers={"Accept": "text/html"})
        assert response.status_code == 200, f"{path}: {response.status_code}"
        asked[path] = list(store.asked)
    return asked


def direct_queries(raw: ox.Store, texts: list[str]) -> Callable[[], None]:
    """Evaluate the queries to their last row on pyoxigraph, as the page needs them."""

    def run() -> None:
        for text in texts:
            result = raw.query(text, use_default_graph_as_union=True)
            if isinstance(result, ox.QuerySolutions | ox.QueryTriples):
                for _ in result:
                    pass

    return run
