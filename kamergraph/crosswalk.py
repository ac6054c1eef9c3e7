"""The crosswalk of identifiers as a CSV dump, and a VoID description of the identifier spaces.

For the publishing side (dumps, `/.well-known/void`), over `kamergraph.resolve.crosswalk(store)`:
`write_crosswalk` writes every notation of
every thing with its scheme (the rows the resolver looks up), `linkset_graph` describes each
external space the graph links into (`rdfs:seeAlso` pages, by host) as a `void:Linkset` and each
identifier scheme as a subset with its count. Deterministic: same store, same bytes.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, VOID, XSD

from kamergraph.resolve import Entry

COLUMNS = ("entity", "type", "scheme", "notation", "label")
_WEB_PAGE = "https://w3id.org/kamergraph/def#webPage"


def write_crosswalk(entries: list[Entry], path: Path) -> int:
    """Write the crosswalk CSV (one row per notation, sorted); returns the number of rows."""
    rows = sorted({(e.entity, e.type, e.scheme, e.notation, e.label) for e in entries})
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return len(rows)


def _space(url: str) -> str:
    """The external space a page belongs to: its scheme and host ("https://www.eerstekamer.nl/")."""
    parts = urlsplit(url)
    host = parts.netloc.lower().removeprefix("www.")
    return f"https://www.{host}/" if host else url


def linkset_graph(entries: list[Entry], dataset: URIRef) -> Graph:
    """VoID: a linkset per external space the things link to, a subset per identifier scheme."""
    graph = Graph()
    graph.bind("void", VOID)
    links = Counter(_space(e.notation) for e in entries if e.scheme == _WEB_PAGE)
    for space, count in sorted(links.items()):
        linkset = URIRef(f"{dataset}/linkset/{urlsplit(space).netloc}")
        graph.add((linkset, RDF.type, VOID.Linkset))
        graph.add((linkset, VOID.subjectsTarget, dataset))
        graph.add((linkset, VOID.objectsTarget, URIRef(space)))
        graph.add((URIRef(space), RDF.type, VOID.Dataset))
        graph.add((linkset, VOID.linkPredicate, RDFS.seeAlso))
        graph.add((linkset, VOID.triples, Literal(count, datatype=XSD.integer)))
        graph.add((dataset, VOID.subset, linkset))
    schemes = Counter(e.scheme for e in entries if e.scheme != _WEB_PAGE)
    for scheme, count in sorted(schemes.items()):
        subset = URIRef(f"{dataset}/identifiers/{scheme.rpartition('#')[2]}")
        graph.add((subset, RDF.type, VOID.Dataset))
        graph.add((subset, DCTERMS.conformsTo, URIRef(scheme)))
        graph.add((subset, VOID.entities, Literal(count, datatype=XSD.integer)))
        graph.add((dataset, VOID.subset, subset))
    return graph
