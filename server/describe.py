"""What the pages show about a thing: its statements, what points at it, and readable labels.

The repository layer between the page views and the store: every query here binds its IRIs
through `terms`, so no request value is ever formatted into SPARQL raw.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kamergraph.store import GRAPH_FORMATS, PREFIXES
from server.site import Site
from server.terms import iri_term, values_block

# Which property names a thing, best first; and which language we prefer a label in.
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/identifier",
)
LANGUAGES = ("en", "", "nl")
_BATCH = 400
INCOMING_LIMIT = 500
TWIN_INCOMING = 10000  # statements pointing at a thing that its RDF twin carries at most
OA = "http://www.w3.org/ns/oa#"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
DCT_LICENSE = "http://purl.org/dc/terms/license"
FOAF_TOPIC = "http://xmlns.com/foaf/0.1/primaryTopic"


@dataclass
class Value:
    """One object (or subject) shown on a page: a linked thing or a literal."""

    text: str  # the label, or the literal's lexical form
    iri: str | None = None
    href: str | None = None  # a local page or the IRI itself, when that is safe (Site.href)
    note: str = ""  # language tag or datatype, for literals


@dataclass
class Statement:
    """A predicate with all its values, as one row of the page's table."""

    predicate: Value
    values: list[Value] = field(default_factory=list)


def labels_for(site: Site, iris: Iterable[str]) -> dict[str, str]:
    """The best label of each IRI that has one (see LABEL_PROPERTIES and LANGUAGES)."""
    wanted = sorted({i for i in iris})
    found: dict[str, tuple[int, int, str]] = {}
    properties = values_block("p", [iri_term(p) for p in LABEL_PROPERTIES])
    for start in range(0, len(wanted), _BATCH):
        batch = values_block("s", [iri_term(i) for i in wanted[start : start + _BATCH]])
        sparql = f"SELECT ?s ?p ?label WHERE {{ {batch} {properties} ?s ?p ?label }}"
        for row in site.select(sparql):
            label = row["label"]
            if not isinstance(label, ox.Literal):
                continue
            language = label.language or ""
            rank = (
                LABEL_PROPERTIES.index(row["p"].value),
                LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES),
                label.value,
            )
            subject = row["s"].value
            if subject not in found or rank < found[subject]:
                found[subject] = rank
    return {iri: rank[2] for iri, rank in found.items()}


def exists(site: Site, iri: str) -> bool:
    """Whether the store says anything about or pointing at this IRI."""
    term = iri_term(iri)
    return site.ask(f"ASK {{ {{ {term} ?p ?o }} UNION {{ ?s ?p {term} }} }}")


def compact(site: Site, iri: str) -> str:
    """`prefix:local` for IRIs under a known prefix, else the IRI itself."""
    for prefix, namespace in site.prefixes.items():
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def _value(site: Site, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Value:
    if isinstance(term, ox.NamedNode):
        return Value(compact(site, term.value), term.value, site.href(term.value))
    if isinstance(term, ox.Literal):
        note = f"@{term.language}" if term.language else ""
        if not note and term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            note = compact(site, term.datatype.value)
        return Value(term.value, note=note)
    return Value(str(term))


def _group(site: Site, pairs: list[tuple[ox.NamedNode, Value]]) -> list[Statement]:
    statements: dict[str, Statement] = {}
    for predicate, value in pairs:
        row = statements.setdefault(predicate.value, Statement(_value(site, predicate)))
        row.values.append(value)
    return list(statements.values())


def _label_all(site: Site, statements: list[Statement]) -> None:
    values = [v for s in statements for v in (s.predicate, *s.values)]
    labels = labels_for(site, (v.iri for v in values if v.iri))
    for value in values:
        if value.iri and value.iri in labels:
            value.text = labels[value.iri]


def outgoing(site: Site, iri: str) -> list[Statement]:
    """What the thing says: its statements grouped by predicate, objects labelled."""
    subject = values_block("s", [iri_term(iri)])
    rows = site.select(f"SELECT DISTINCT ?p ?o WHERE {{ {subject} ?s ?p ?o }} ORDER BY ?p ?o")
    statements = _group(site, [(row["p"], _value(site, row["o"])) for row in rows])  # type: ignore[misc]
    _label_all(site, statements)
    return statements


def incoming(site: Site, iri: str) -> list[Statement]:
    """What points at the thing, grouped by predicate, subjects labelled (capped)."""
    target = values_block("o", [iri_term(iri)])
    rows = site.select(
        f"SELECT DISTINCT ?s ?p WHERE {{ {target} ?s ?p ?o }} ORDER BY ?p ?s LIMIT {INCOMING_LIMIT}"
    )
    statements = _group(site, [(row["p"], _value(site, row["s"])) for row in rows])  # type: ignore[misc]
    _label_all(site, statements)
    return statements


def twin_quads(site: Site, iri: str) -> list[ox.Quad] | None:
    """What a thing's RDF twin holds, each statement in the graph it came from: its own
    statements, those pointing at it (capped), its blank nodes' and, for a mention, its target,
    selectors and quote. None for a store that cannot be read quad by quad (remote)."""
    snapshot = getattr(site.store, "snapshot", None)
    if snapshot is None:
        return None
    store = snapshot()
    node = ox.NamedNode(iri)
    own = list(store.quads_for_pattern(node, None, None, None))
    incoming = itertools.islice(store.quads_for_pattern(None, None, node, None), TWIN_INCOMING)
    quads = own + [q for q in incoming if q.subject != node]
    frontier = [q.object for q in own if _expands(q)]
    seen: set[str] = set()
    while frontier:  # blank nodes, a mention's target, the target's selectors
        term = frontier.pop()
        if str(term) in seen or not isinstance(term, ox.NamedNode | ox.BlankNode):
            continue
        seen.add(str(term))
        found = list(store.quads_for_pattern(term, None, None, None))
        quads += found
        frontier += [q.object for q in found if _expands(q)]
    return sorted(dict.fromkeys(quads), key=str)


def _expands(quad: ox.Quad) -> bool:
    return isinstance(quad.object, ox.BlankNode) or quad.predicate.value in (
        OA + "hasTarget",
        OA + "hasSelector",
    )


def describe(site: Site, iri: str, format_name: str, document: str | None = None) -> bytes:
    """The thing's RDF twin (see `twin_quads`) in a format of the store's table; quad formats
    keep each statement's named graph. `document`, the twin's own URL, is said to be under
    CC0 and about the thing."""
    quads = twin_quads(site, iri)
    if quads is None:  # a remote store: what DESCRIBE gives
        return site.store.query(f"DESCRIBE {iri_term(iri)}").serialize(format_name)
    if document:
        about = ox.NamedNode(document)
        quads += [
            ox.Quad(about, ox.NamedNode(DCT_LICENSE), ox.NamedNode(CC0), ox.DefaultGraph()),
            ox.Quad(about, ox.NamedNode(FOAF_TOPIC), ox.NamedNode(iri), ox.DefaultGraph()),
        ]
    fmt = GRAPH_FORMATS[format_name]
    if format_name in ("nquads", "trig"):
        return ox.serialize(quads, format=fmt, prefixes=PREFIXES) or b""
    triples = list(dict.fromkeys(q.triple for q in quads))
    return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""


def class_counts(site: Site) -> list[tuple[Value, int]]:
    """Every class in use with its number of distinct instances, most populous first."""
    rows = site.select(
        "SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class } "
        "GROUP BY ?class ORDER BY DESC(?n) ?class"
    )
    classes = [(_value(site, row["class"]), int(row["n"].value)) for row in rows]
    labels = labels_for(site, (v.iri for v, _ in classes if v.iri))
    for value, _ in classes:
        if value.iri in labels:
            value.text = labels[value.iri]
    return classes
