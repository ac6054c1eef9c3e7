"""The ontology defines every term of the vocabulary contract, with labels and comments."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDFS

from kamergraph.iris import KG_IRI, ONTOLOGY_FILE
from kamergraph.validate import load_shapes

CONTRACT_TERMS = [
    "Document",
    "Letter",
    "MemorandumOfReply",
    "ConsultationReport",
    "Note",
    "ParliamentaryPaper",
    "Dossier",
    "Person",
    "Party",
    "Organisation",
    "Motion",
    "Commitment",
    "Law",
    "Question",
    "Answer",
    "Report",
    "Mention",
    "dossier",
    "paperNumber",
    "chamber",
    "text",
    "party",
    "role",
    "submitter",
    "status",
    "requestedBy",
    "requestedByParty",
    "madeOn",
    "madeBy",
    "askedBy",
    "position",
    "reportsOn",
    "inDocument",
    "statusText",
    "EersteKamer",
    "TweedeKamer",
]


def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def test_every_contract_term_is_defined() -> None:
    graph = ontology()
    missing = [t for t in CONTRACT_TERMS if (URIRef(KG_IRI + t), None, None) not in graph]
    assert not missing


def test_every_term_has_dutch_and_english_labels_and_a_comment() -> None:
    graph = ontology()
    terms = {s for s in graph.subjects() if str(s).startswith(KG_IRI) and str(s) != KG_IRI}
    assert len(terms) > 40
    for term in terms:
        languages = {lbl.language for lbl in graph.objects(term, RDFS.label)}
        assert {"nl", "en"} <= languages, term
        assert graph.value(term, RDFS.comment) is not None, term


def test_ontology_has_a_version() -> None:
    graph = ontology()
    assert isinstance(graph.value(URIRef(KG_IRI), OWL.versionInfo), Literal)


def test_shapes_use_only_defined_kg_terms() -> None:
    defined = {str(s) for s in ontology().subjects()}
    used = {str(t) for triple in load_shapes() for t in triple if str(t).startswith(KG_IRI)}
    assert used and used <= defined, used - defined
