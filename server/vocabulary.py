"""`/def`: the kamergraph vocabulary, as HTML documentation and as RDF by content negotiation.

The terms are `https://w3id.org/kamergraph/def#Commitment` and so on: a browser asks for `/def`
(the fragment never reaches the server) and lands on the term's anchor. The vocabulary is read
from the store's ontology graph (the build loads `ontology/kamergraph.ttl` there), so the page
and the data always agree; examples are instances from the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request

from kamergraph.store import PREFIXES
from server import negotiation
from server.describe import compact
from server.site import VOCABULARY, Site, current_site
from server.terms import iri_term

bp = Blueprint("vocabulary", __name__)
OWL = "http://www.w3.org/2002/07/owl#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
KINDS = (
    ("Classes", (OWL + "Class",)),
    ("Properties", (OWL + "ObjectProperty", OWL + "DatatypeProperty", OWL + "SymmetricProperty")),
)
EXAMPLES = 3


@dataclass
class Term:
    """One term of the vocabulary as the page shows it."""

    iri: str
    anchor: str
    labels: dict[str, str] = field(default_factory=dict)  # language -> label
    comment: str = ""
    related: list[tuple[str, str, str]] = field(default_factory=list)  # (relation, text, href)
    examples: list[tuple[str, str]] = field(default_factory=list)  # (text, href)


def ontology_graph(site: Site) -> str:
    """The named graph the build loads the vocabulary into."""
    return site.base_iri + "graph/ontology"


def vocabulary_triples(site: Site) -> list[ox.Triple]:
    """Every statement of the vocabulary graph, in a stable order."""
    graph = iri_term(ontology_graph(site))
    result = site.store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}")
    return sorted(result.raw, key=str)  # type: ignore[arg-type]


def _v(term: object) -> str:
    return str(getattr(term, "value", ""))


def _terms(site: Site, triples: list[ox.Triple], classes: tuple[str, ...]) -> list[Term]:
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    iris = sorted(
        {
            _v(t.subject)
            for t in triples
            if t.predicate.value == rdf_type
            and _v(t.object) in classes
            and _v(t.subject).startswith(VOCABULARY)
        }
    )
    terms = []
    for iri in iris:
        term = Term(iri, iri[len(VOCABULARY) :])
        for t in (t for t in triples if _v(t.subject) == iri):
            if t.predicate.value == RDFS + "label" and isinstance(t.object, ox.Literal):
                term.labels[t.object.language or ""] = t.object.value
            elif t.predicate.value == RDFS + "comment" and isinstance(t.object, ox.Literal):
                term.comment = t.object.value
            elif t.predicate.value in (RDFS + "subClassOf", RDFS + "domain", RDFS + "range"):
                relation = t.predicate.value.rpartition("#")[2]
                target = _v(t.object)
                term.related.append((relation, compact(site, target), _href(target)))
        term.examples = _examples(site, iri, classes)
        terms.append(term)
    return terms


def _href(iri: str) -> str:
    return "#" + iri[len(VOCABULARY) :] if iri.startswith(VOCABULARY) else iri


def _examples(site: Site, iri: str, classes: tuple[str, ...]) -> list[tuple[str, str]]:
    term = iri_term(iri)
    if OWL + "Class" in classes:
        sparql = f"SELECT DISTINCT ?x WHERE {{ ?x a {term} FILTER(isIRI(?x)) }} LIMIT {EXAMPLES}"
    else:
        sparql = f"SELECT DISTINCT ?x WHERE {{ ?x {term} ?o FILTER(isIRI(?x)) }} LIMIT {EXAMPLES}"
    rows = site.select(sparql)
    return [(compact(site, r["x"].value), site.href(r["x"].value) or "") for r in rows]


@bp.get("/def")
def vocabulary() -> Response:
    """The vocabulary page (classes and properties, nl and en labels, examples) or its RDF."""
    site = current_site()
    fmt = negotiation.choose("page", request.accept_mimetypes, request.args.get("format"))
    triples = vocabulary_triples(site)
    headers = {
        "Vary": "Accept",
        "Link": '</def>; rel="canonical"; type="text/html", '
        '</def?format=ttl>; rel="alternate"; type="text/turtle"',
    }
    if fmt.name != "html":
        if fmt.name in ("nquads", "trig"):
            fmt = negotiation.FORMATS["turtle"]
        rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
        body = ox.serialize(triples, format=rdf_format, prefixes=PREFIXES)
        return Response(body, content_type=negotiation.content_type(fmt), headers=headers)
    sections = [(title, _terms(site, triples, classes)) for title, classes in KINDS]
    html = render_template("def.html", sections=sections, namespace=VOCABULARY)
    return Response(html, content_type="text/html; charset=utf-8", headers=headers)


@bp.get("/def/")
def vocabulary_slash() -> Response:
    return vocabulary()
