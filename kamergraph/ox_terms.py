"""rdflib terms to pyoxigraph terms: for publication into the store and for the SHACL screen.

A build's quads repeat their terms (every predicate, every subject per triple, the graph per
quad), so a conversion keeps a table of the terms it made: each distinct term is built once.
The same holds for a graph as N-Triples text (what the SHACL screen reads): each distinct
term is written once, by pyoxigraph, and the lines joined.
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


class NTerms(dict[Node, str]):
    """rdflib term -> its N-Triples text as pyoxigraph writes it, each written once."""

    def __init__(self) -> None:
        super().__init__()
        self.terms = OxTerms()

    def __missing__(self, term: Node) -> str:
        made = str(self.terms[term])
        if not (isinstance(term, Literal) and term.language):
            self[term] = made  # as in OxTerms: a language tag's case is kept
        return made


def ntriples(triples: Iterable[tuple[Node, Node, Node]]) -> str:
    """rdflib triples as N-Triples text (a triple given twice is written twice)."""
    text = NTerms()
    return "".join([f"{text[s]} {text[p]} {text[o]} .\n" for s, p, o in triples])


def to_ox_quads(quads: Iterable[tuple[Node, Node, Node, Node]]) -> Iterator[ox.Quad]:
    """rdflib quads to pyoxigraph quads, for publication."""
    terms = OxTerms()
    for s, p, o, g in quads:
        yield ox.Quad(terms[s], terms[p], terms[o], terms[g])  # type: ignore[arg-type]
