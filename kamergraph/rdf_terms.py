"""The vocabularies as rdflib terms made once, and how a record's values become literals.

Shared by the writer of triples (`build.py`): rdflib makes and checks a new URIRef on every
namespace attribute lookup, which at tens of thousands of records was a tenth of building the
graph, so each term is made once here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from rdflib import Literal, URIRef
from rdflib import namespace as ns

from kamergraph import iris
from kamergraph import records as r
from kamergraph.iris import mint

Triple = tuple[URIRef, URIRef, URIRef | Literal]


class _Terms:
    """A namespace whose terms are made once: rdflib makes (and checks) a new URIRef on every
    attribute lookup, a tenth of building a large graph."""

    def __init__(self, namespace: ns.Namespace | ns.ClosedNamespace | type[ns.DefinedNamespace]):
        self._namespace = namespace
        self._made: dict[str, URIRef] = {}

    def __getattr__(self, name: str) -> URIRef:
        term: URIRef = getattr(self._namespace, name)  # an unknown term still fails here
        setattr(self, name, term)
        return term

    def __getitem__(self, name: str) -> URIRef:
        term = self._made.get(name)
        if term is None:
            term = self._made[name] = self._namespace[name]
        return term


DCTERMS, FOAF, ORG, PROV = (_Terms(n) for n in (ns.DCTERMS, ns.FOAF, ns.ORG, ns.PROV))
RDF, RDFS, SKOS, TIME, XSD = (_Terms(n) for n in (ns.RDF, ns.RDFS, ns.SKOS, ns.TIME, ns.XSD))
ADMS, CITO, ELI, KG, OA, SCHEMA = (
    _Terms(n) for n in (iris.ADMS, iris.CITO, iris.ELI, iris.KG, iris.OA, iris.SCHEMA)
)


def string_literal(value: str) -> Literal:
    return Literal(value)


def date_literal(value: date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def optional(s: URIRef, p: URIRef, value: object) -> Iterator[Triple]:
    """One triple when the value is known; dates and strings typed, refs minted."""
    if value is None or value == "":
        return
    if isinstance(value, r.Ref):
        yield s, p, mint(value)
    elif isinstance(value, date):
        yield s, p, date_literal(value)
    elif isinstance(value, bool | int | float):
        yield s, p, Literal(value)
    else:
        yield s, p, string_literal(str(value))


def many(s: URIRef, p: URIRef, values: Iterable[object]) -> Iterator[Triple]:
    for value in values:
        yield from optional(s, p, value)


__all__ = [
    "ADMS",
    "CITO",
    "DCTERMS",
    "ELI",
    "FOAF",
    "KG",
    "OA",
    "ORG",
    "PROV",
    "RDF",
    "RDFS",
    "SCHEMA",
    "SKOS",
    "TIME",
    "XSD",
    "Triple",
    "date_literal",
    "many",
    "optional",
    "string_literal",
]
