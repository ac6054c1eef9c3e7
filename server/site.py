"""What every view needs: the store, the data namespace, the named queries, the prefixes.

Held once per app (in `app.extensions`), so tests can run several apps over different stores
side by side.
"""

from __future__ import annotations

import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

from kamergraph import settings
from kamergraph.queries import NamedQuery
from kamergraph.store import GraphStore

VOCABULARY = "https://w3id.org/kamergraph/def#"
STANDARD_PREFIXES: dict[str, str] = {
    "kg": VOCABULARY,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "oa": "http://www.w3.org/ns/oa#",
    "cito": "http://purl.org/spar/cito/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "time": "http://www.w3.org/2006/time#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "sd": "http://www.w3.org/ns/sparql-service-description#",
    "sh": "http://www.w3.org/ns/shacl#",
}
WEB_IRI = re.compile(r"https?://", re.IGNORECASE)
Row = dict[str, Any]  # variable name -> pyoxigraph term (NamedNode, BlankNode, Literal)


KEEP_AFTER = 0.05  # seconds: a page's answer quicker than this is not worth keeping
MAX_VIEWS = 16  # pages' own views kept per generation (`AnswerCache.view`)


def generation_key(store: object) -> tuple[str, int] | None:
    """What names the store's published generation for good (`DiskStore.generation_identity`).
    None for stores without generations (in memory, external): their contents may change
    under the name."""
    identity = getattr(store, "generation_identity", None)
    return identity() if identity is not None else None


class AnswerCache:
    """The pages' slower answers, kept while the generation they came from is served.

    A published generation never changes, so a kept answer is exact until the next one is
    published (then all are dropped). Aggregate pages (the overview, a party, the commitments
    list) run many whole-graph queries, seconds each at a million triples, and answer the
    same for everyone; an answer taking under KEEP_AFTER is asked again, and at most
    KG_ANSWER_CACHE_ROWS rows are kept, the least recently used going first."""

    def __init__(self, max_rows: int) -> None:
        self.max_rows = max_rows
        self._lock = threading.Lock()
        self._answers: OrderedDict[tuple[str, str], list[Row]] = OrderedDict()
        self._rows = 0
        self._generation: tuple[str, int] | None = None
        self._views: OrderedDict[tuple[str, ...], Any] = OrderedDict()

    def answer(
        self, store: GraphStore, kind: str, sparql: str, compute: Callable[[], list[Row]]
    ) -> list[Row]:
        """`compute()`'s rows, or a copy of the ones kept for this generation."""
        generation = generation_key(store) if self.max_rows > 0 else None
        if generation is None:
            return compute()
        key = (kind, sparql)
        with self._lock:
            self._turn(generation)
            kept = self._answers.get(key)
            if kept is not None:
                self._answers.move_to_end(key)
                return [dict(row) for row in kept]
        started = time.monotonic()
        rows = compute()
        if time.monotonic() - started >= KEEP_AFTER and len(rows) <= self.max_rows:
            self._keep(generation, key, [dict(row) for row in rows])
        return rows

    def view(self, store: GraphStore, key: tuple[str, ...], compute: Callable[[], Any]) -> Any:
        """What a page made of its answers (`compute()`), kept while the generation is served.

        For pages whose answers are larger than what they show: the overview reads tens of
        thousands of rows at 5M triples and shows a few hundred, so keeping its answers would
        push the other pages' out of KG_ANSWER_CACHE_ROWS, and would not spare it the work of
        going through them again. The view is the page's own, small size; at most MAX_VIEWS
        are kept. Callers must not change what they get back."""
        generation = generation_key(store) if self.max_rows > 0 else None
        if generation is None:
            return compute()
        with self._lock:
            self._turn(generation)
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
        made = compute()
        with self._lock:
            if generation == self._generation:
                self._views[key] = made
                while len(self._views) > MAX_VIEWS:
                    self._views.popitem(last=False)
        return made

    def _turn(self, generation: tuple[str, int]) -> None:
        """Drop what an earlier generation left (under the lock)."""
        if generation != self._generation:
            self._answers.clear()
            self._views.clear()
            self._rows, self._generation = 0, generation

    def _keep(self, generation: tuple[str, int], key: tuple[str, str], rows: list[Row]) -> None:
        with self._lock:
            if generation != self._generation or key in self._answers:
                return
            self._answers[key] = rows
            self._rows += len(rows)
            while self._rows > self.max_rows:
                _, dropped = self._answers.popitem(last=False)
                self._rows -= len(dropped)


@dataclass
class Site:
    store: GraphStore
    base_iri: str
    queries: list[NamedQuery]
    prefixes: dict[str, str] = field(default_factory=dict)
    answers: AnswerCache = field(
        default_factory=lambda: AnswerCache(int(settings.get("KG_ANSWER_CACHE_ROWS")))
    )

    def named_query(self, name: str) -> NamedQuery | None:
        """The named query with this file stem, if any."""
        return next((q for q in self.queries if q.name == name), None)

    def select(self, sparql: str) -> list[Row]:
        """An internal SELECT, materialised (for pages; the endpoint streams instead)."""
        return self.answers.answer(self.store, "terms", sparql, lambda: self._select(sparql))

    def _select(self, sparql: str) -> list[Row]:
        result = self.store.query(sparql)
        assert result.form == "solutions", sparql
        names = [v.value for v in result.raw.variables]  # type: ignore[union-attr]
        return [  # a solution's values come in the order of its variables (see answers._plain)
            {name: term for name, term in zip(names, solution, strict=True) if term is not None}
            for solution in result.raw  # type: ignore[union-attr]
        ]

    def ask(self, sparql: str) -> bool:
        """A small internal ASK."""
        result = self.store.query(sparql)
        return bool(result.raw)

    def href(self, iri: str) -> str | None:
        """Where a link to this thing may point: its page here (a vocabulary term: its entry in
        /def), or the IRI itself when it is a web address. Other schemes (`javascript:`,
        `data:`...) come from loaded data and could run script when clicked, so they are never
        links: pages show them as text."""
        local = self.local_path(iri)
        if local is not None:
            return local
        if iri.startswith(VOCABULARY) and len(iri) > len(VOCABULARY):
            return "/def#" + iri[len(VOCABULARY) :]  # our terms: their entry in /def
        return iri if WEB_IRI.match(iri) else None

    def local_path(self, iri: str) -> str | None:
        """The path of a thing's page on this server (`/id/...`), for IRIs in the data namespace."""
        if iri.startswith(self.base_iri) and len(iri) > len(self.base_iri):
            return "/id/" + iri[len(self.base_iri) :]
        return None


def current_site() -> Site:
    """The Site of the app handling the current request."""
    return current_app.extensions["kamergraph"]  # type: ignore[no-any-return]
