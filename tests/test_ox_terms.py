"""rdflib terms to pyoxigraph's and to N-Triples text: the same graph either way."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from kamergraph.ox_terms import ntriples, to_ox_quads

S, P, G = URIRef("https://example.org/s"), URIRef("https://example.org/p"), URIRef("urn:g")
TRIPLES = [
    (S, P, Literal('a "quoted"\nline\\ with tab\t and é')),
    (S, P, Literal("dag", lang="nl")),
    (S, P, Literal("dag", lang="NL-be")),
    (S, P, Literal("2024-01-02", datatype=XSD.date)),
    (S, P, Literal("9x", datatype=XSD.integer)),  # ill-typed: kept as written
    (S, P, Literal(3)),
    (BNode("b1"), P, S),
    (S, P, BNode("b1")),
]


def test_ntriples_parse_back_to_the_triples_given() -> None:
    text = ntriples(TRIPLES)
    assert len(text.splitlines()) == len(TRIPLES)
    parsed = {q.triple for q in ox.parse(text.encode(), ox.RdfFormat.N_TRIPLES)}
    assert parsed == {q.triple for q in to_ox_quads((s, p, o, G) for s, p, o in TRIPLES)}
    assert len(parsed) == len(TRIPLES)  # both language tags, the blank node both ways


def test_ntriples_are_what_pyoxigraph_writes_for_the_same_quads() -> None:
    quads = list(to_ox_quads((s, p, o, G) for s, p, o in TRIPLES))
    written = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES)
    assert ntriples(TRIPLES).encode() == written
