"""The per-document policy: one bad source is set aside, and the rest of the build publishes.

A source is quarantined when it cannot be extracted (a `SourceError`, the sandbox's limits
included) or when its graph violates the shapes. Violations are attributed to sources by
validating each suspect source's graph together with the shared and reference graphs: a
violation whose focus node that source states something about is that source's. A quarantined
source keeps the graph it had in the generation being served, if any, so a paper that was good
yesterday and is corrupt today does not vanish. See docs/decisions/005-quarantined-sources.md.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from kamergraph.build import Triple
from kamergraph.iris import system_graph
from kamergraph.records import Extraction
from kamergraph.store import GraphStore, StoreEmptyError
from kamergraph.validate import Finding, validate_graph

Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


@dataclass
class Quarantined:
    """A source left out of this build: why, and which of its served graphs were kept."""

    source: Path
    reasons: list[str]
    kept: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        kept = f"its previous graph <{self.kept[0]}> kept" if self.kept else "no previous graph"
        return f"{self.source.name}: quarantined ({kept}): " + "; ".join(self.reasons)


# --- truncation -----------------------------------------------------------------------------

_EXCERPT = re.compile(
    r"(?:\[\s*(?:\.\.\.|…)\s*\]|\(\s*(?:\.\.\.|…)\s*\)|\.\.\.|…"
    r"|\[[^\]\n]{0,30}(?:knip|ingekort|afgebroken|excerpt|fragment|truncated)[^\]\n]{0,30}\])\s*$",
    re.IGNORECASE,
)
_FINAL = re.compile(r"[.!?:;)\]\"'”’»|0-9]$")
# Page furniture a complete web page ends on ("back to top", "share this item").
_FURNITURE = re.compile(r"^(?:Naar boven|Deel dit item:?|Terug naar boven)$", re.IGNORECASE)
_RUNNING_LINE = 60  # a longer last line without final punctuation is running text, cut off


def truncation_warning(extraction: Extraction) -> str | None:
    """Why the text looks cut off at its end, or None.

    Papers end on a full stop, a signature (a name), a reference number, a URL or a table
    row; a text that ends on an excerpt marker, inside a word (`asiel-`), on a long running
    line without final punctuation or on a lower-case word ends mid-sentence.
    """
    text = extraction.text.rstrip()
    if not text:
        return None
    last = text.rpartition("\n")[2].strip()
    where = f"{extraction.source.name}: looks truncated:"
    if _EXCERPT.search(text[-80:]):
        return f"{where} ends with an excerpt marker ({last[-20:]!r})"
    if _FINAL.search(last) or _FURNITURE.match(last) or "://" in last or "www." in last:
        return None
    if re.search(r"\w-$", last):
        return f"{where} ends inside a word ({last[-30:]!r})"
    if len(last) > _RUNNING_LINE or re.search(r"(?:^|\s)[a-zà-ÿ][\w-]*$", last):
        return f"{where} ends mid-sentence without final punctuation ({last[-30:]!r})"
    return None


# --- graphs of the served generation --------------------------------------------------------


def rdflib_term(term: object) -> URIRef | Literal | BNode:
    """A pyoxigraph term as the rdflib term `build.py` would have made."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def rdflib_triple(statement: ox.Triple | ox.Quad) -> Triple:
    """A pyoxigraph triple (or a quad's triple) in rdflib terms."""
    s, p, o = (rdflib_term(t) for t in (statement.subject, statement.predicate, statement.object))
    return s, p, o  # type: ignore[return-value]


@dataclass
class Served:
    """The published generation's source graphs, by the file name they were derived from."""

    graphs: dict[str, dict[URIRef, set[Triple]]] = field(default_factory=dict)
    provenance: dict[str, list[Quad]] = field(default_factory=dict)

    @classmethod
    def read(cls, store: GraphStore, source_iris: Mapping[str, URIRef]) -> Served:
        """What the served generation holds for these files (nothing before a first build)."""
        by_graph: dict[URIRef, set[Triple]] = {}
        try:
            for quad in store.quads():
                graph = rdflib_term(quad.graph_name)
                triple = (
                    rdflib_term(quad.subject),
                    rdflib_term(quad.predicate),
                    rdflib_term(quad.object),
                )
                by_graph.setdefault(graph, set()).add(triple)  # type: ignore[arg-type]
        except StoreEmptyError:
            return cls()
        build = by_graph.pop(system_graph("build"), set())
        system = {system_graph(n) for n in ("reference", "shared", "ontology", "shapes")}
        served = cls()
        for name, iri in source_iris.items():
            graphs = {g: ts for g, ts in by_graph.items() if g not in system and _derives(ts, iri)}
            if graphs:
                served.graphs[name] = graphs  # type: ignore[assignment]
                served.provenance[name] = list(_provenance_of(build, set(graphs), iri))
        return served


def _derives(triples: set[Triple], source: URIRef) -> bool:
    return any(o == source for _s, _p, o in triples)


def _provenance_of(build: set[Triple], graphs: set[URIRef], source: URIRef) -> Iterator[Quad]:
    """The build-graph statements about kept graphs, their activity and their file."""
    activities = {o for s, _p, o in build if s in graphs}
    target = system_graph("build")
    for s, p, o in sorted(build):
        if s in graphs or s == source or s in activities:
            yield s, p, o, target


# --- attribution ----------------------------------------------------------------------------


def _about(triples: Iterable[Triple]) -> set[str]:
    return {str(s) for s, _p, _o in triples}


def suspects(findings: list[Finding], per_source: Mapping[URIRef, set[Triple]]) -> list[URIRef]:
    """The sources that state something about a violation's focus node."""
    foci = {f.focus for f in findings if f.severity == "Violation"}
    return [key for key, triples in per_source.items() if foci & _about(triples)]


def attribute(
    findings: list[Finding],
    per_source: Mapping[URIRef, set[Triple]],
    placed: Mapping[URIRef, set[Triple]],
) -> dict[URIRef, list[Finding]]:
    """Each suspect source's own violations: its graph validated with shared and reference.

    `per_source` is what each source states (before placement), `placed` the triples of every
    graph after placement; a finding counts against a source only if its focus is one of the
    nodes the source states something about, so a shared node's violation falls on every
    source that states it and on no bystander.
    """
    shared, reference = (placed.get(system_graph(n), set()) for n in ("shared", "reference"))
    common = shared | reference
    guilty: dict[URIRef, list[Finding]] = {}
    for key in suspects(findings, per_source):
        data = Graph()
        for triple in (*placed.get(key, set()), *common):
            data.add(triple)
        about = _about(per_source[key])
        own = [f for f in validate_graph(data).violations if f.focus in about]
        if own:
            guilty[key] = own
    return guilty


__all__ = [
    "Quarantined",
    "Served",
    "attribute",
    "rdflib_term",
    "rdflib_triple",
    "suspects",
    "truncation_warning",
]
