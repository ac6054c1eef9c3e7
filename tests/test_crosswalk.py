"""The identifier crosswalk dump and the VoID description of the identifier spaces."""

from __future__ import annotations

import csv
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import RDF, VOID

from kamergraph.crosswalk import COLUMNS, linkset_graph, write_crosswalk
from kamergraph.resolve import crosswalk
from kamergraph.store import GraphStore

ID = "https://w3id.org/kamergraph/id/"
KG = "https://w3id.org/kamergraph/def#"


def test_the_crosswalk_lists_every_form_and_is_deterministic(
    built_store: GraphStore, tmp_path: Path
) -> None:
    entries = crosswalk(built_store)
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    count = write_crosswalk(entries, first)
    write_crosswalk(list(reversed(entries)), second)
    assert first.read_bytes() == second.read_bytes()
    rows = list(csv.DictReader(first.read_text(encoding="utf-8").splitlines()))
    assert tuple(rows[0]) == COLUMNS and len(rows) == count
    forms = {
        (r["scheme"], r["notation"]) for r in rows if r["entity"] == ID + "document/kst-36600-XX-E"
    }
    assert {
        (KG + "officialPublicationId", "kst-36600-XX-E"),
        (KG + "kamerstukCitation", "Kamerstukken I 2024/25, 36 600 XX, E"),
        (KG + "shortCitation", "36 600 XX, E"),
    } <= forms


def test_every_document_citing_a_law_has_an_identifier(built_store: GraphStore) -> None:
    query = """PREFIX cito: <http://purl.org/spar/cito/> PREFIX kg: <https://w3id.org/kamergraph/def#>
    PREFIX dcterms: <http://purl.org/dc/terms/>
    SELECT DISTINCT ?d ?id WHERE { ?d cito:cites ?l . ?l a kg:Law .
      OPTIONAL { ?d dcterms:identifier ?id } }"""
    rows = list(built_store.query(query).raw)  # type: ignore[union-attr]
    assert len(rows) >= 6 and all(r["id"] is not None for r in rows)


def test_a_linkset_per_external_space(built_store: GraphStore) -> None:
    dataset = URIRef(ID + "dataset")
    graph = linkset_graph(crosswalk(built_store), dataset)
    senate = URIRef("https://www.eerstekamer.nl/")
    linksets = list(graph.subjects(VOID.objectsTarget, senate))
    assert len(linksets) == 1 and (linksets[0], RDF.type, VOID.Linkset) in graph
    links = built_store.query(
        "SELECT DISTINCT ?t ?u WHERE { ?t <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?u }"
    )
    assert int(graph.value(linksets[0], VOID.triples)) == len(list(links.raw))
    schemes = {
        graph.value(s, URIRef("http://purl.org/dc/terms/conformsTo"))
        for s in graph.objects(dataset, VOID.subset)
    }
    assert URIRef(KG + "tNumber") in schemes and URIRef(KG + "bwbId") in schemes
