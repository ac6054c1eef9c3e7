"""The synthetic corpus and graph the benchmarks run on: deterministic, and real to the reader.

A generated paper must extract to the records it was written to hold, or the benchmarks would
time an extractor that reads nothing; a generated graph must use only defined terms, or the
query benchmarks would time queries that match nothing.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS

from benchmarks.corpus import KINDS, paper, write_corpus
from benchmarks.graphgen import KG, generate
from kamergraph.extract import extract_source, load_manifest
from kamergraph.records import Commitment, Document, Motion, Question
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

PAPERS = 24  # covers every kind with seed 18 (asserted below)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list]:
    folder = tmp_path_factory.mktemp("corpus")
    return folder, write_corpus(folder, PAPERS)


def test_the_corpus_is_deterministic_and_each_paper_independent_of_size(corpus) -> None:
    folder, expected = corpus
    assert sorted({e.kind for e in expected}) == sorted(KINDS)
    for e in expected[:5]:
        assert (folder / e.name).read_text(encoding="utf-8") == paper(18, int(e.name[:6]))[0]
    assert paper(18, 7) != paper(19, 7)


def test_generated_papers_extract_to_the_records_they_hold(corpus) -> None:
    folder, expected = corpus
    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(folder)
    for e in expected:
        extraction = extract_source(folder / e.name, reference, manifest)
        doc = next(d for d in extraction.of_type(Document) if d.is_source)
        assert (doc.ref.key, doc.date, doc.dossier) == (e.document, e.date, e.dossier), e.name
        found = {
            "commitments": sorted(str(c.identifier) for c in extraction.of_type(Commitment)),
            "motions": sorted(m.ref.key for m in extraction.of_type(Motion)),
            "cites": sorted(c.key for c in doc.cites),
        }
        assert found == {
            "commitments": sorted(e.commitments),
            "motions": sorted(e.motions),
            "cites": sorted(e.cites),
        }, e.name
        asked = {q.asked_by.key for q in extraction.of_type(Question) if q.asked_by}
        assert len(asked) == len(e.parties), e.name


def test_the_graph_generator_is_deterministic_and_uses_defined_terms() -> None:
    first = list(generate(5000))
    assert first == list(generate(5000))
    assert 5000 <= len(first) < 5400
    ontology = Graph().parse(PROJECT_ROOT / "ontology" / "kamergraph.ttl")
    defined = {str(s) for s in ontology.subjects() if str(s).startswith(KG)}
    used = {t.value for q in first for t in (q.predicate, q.object) if isinstance(t, ox.NamedNode)}
    assert {t for t in used if t.startswith(KG)} <= defined
    classes = {q.object.value for q in first if q.predicate.value == str(RDF.type)}
    assert {c for c in classes if c.startswith(KG)} <= {
        str(s) for s in ontology.subjects(RDF.type, OWL.Class)
    } | {str(s) for s in ontology.subjects(RDF.type, RDFS.Class)}
