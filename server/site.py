"""What every view needs: the store, the data namespace, the named queries, the prefixes.

Held once per app (in `app.extensions`), so tests can run several apps over different stores
side by side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from flask import current_app

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


@dataclass
class Site:
    store: GraphStore
    base_iri: str
    queries: list[NamedQuery]
    prefixes: dict[str, str] = field(default_factory=dict)

    def named_query(self, name: str) -> NamedQuery | None:
        """The named query with this file stem, if any."""
        return next((q for q in self.queries if q.name == name), None)

    def select(self, sparql: str) -> list[Row]:
        """A small internal SELECT, materialised (for pages; the endpoint streams instead)."""
        result = self.store.query(sparql)
        assert result.form == "solutions", sparql
        names = [v.value for v in result.raw.variables]  # type: ignore[union-attr]
        return [
            {name: solution[name] for name in names if solution[name] is not None}
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
