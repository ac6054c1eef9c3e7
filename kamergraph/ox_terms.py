"""rdflib terms to pyoxigraph terms: for publication into the store and for the SHACL screen.

A build's quads repeat their terms (every predicate, every subject per triple, the graph per
quad), so a conversion keeps a table of the terms it made: each distinct term is built once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
OxTerm = ox.NamedNode | ox.Literal | ox.BlankNode


def to_ox(term: Node) -> OxTerm:
    """One rdflib term as pyoxigraph's (a plain literal is an xsd:string)."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    assert isinstance(term, Literal), term
    if term.language:
        return ox.Literal(str(term), language=term.language)
    return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or XSD_STRING)))


class OxTerms(dict[Node, OxTerm]):
    """rdflib term -> pyoxigraph term, each made once (see the module docstring)."""

    def __missing__(self, term: Node) -> OxTerm:
        made = to_ox(term)
        if not (isinstance(term, Literal) and term.language):
            self[term] = made  # rdflib equates language tags case-insensitively: not those
        return made


def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node]]) -> Iterator[ox.Quad]:
    """rdflib quads to pyoxigraph quads, for publication."""
    terms = OxTerms()
    for s, p, o, g in quads:
        yield ox.Quad(terms[s], terms[p], terms[o], terms[g])  # type: ignore[arg-type]


def to_ox_triples(triples: Iterable[tuple[Node, Node, Node]]) -> Iterator[ox.Quad]:
    """rdflib triples as pyoxigraph quads in the default graph (a data graph to validate)."""
    terms = OxTerms()
    for s, p, o in triples:
        yield ox.Quad(terms[s], terms[p], terms[o])  # type: ignore[arg-type]
