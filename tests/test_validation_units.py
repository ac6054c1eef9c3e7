"""Per-document validation across processes gives the whole-graph verdicts, cross-document
violations included; a build in parallel publishes what a serial one does, or refuses alike."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, SH, TIME, XSD

from kamergraph import pipeline, validation_units
from kamergraph.iris import KG
from kamergraph.pipeline import assemble, extract_all, run_build, source_files
from kamergraph.quarantine import rdflib_term
from kamergraph.shape_reach import shape_reach
from kamergraph.store import DiskStore
from kamergraph.validate import load_shapes, validate_triples
from kamergraph.validation_units import batches, validate_batch, validate_documents
from tests.conftest import REFERENCE, SOURCES
from tests.test_quarantine import BAD_SIDECAR, LETTER, NOTA, _sources

ID = "https://w3id.org/kamergraph/id/"
A, B, C = (URIRef(f"{ID}graph/test-{n}") for n in "abc")
MOTION, REPORT, INTERVAL = (URIRef(f"{ID}test/{n}") for n in ("motion", "report", "interval"))
COMMITMENT, BAD_T, INSTANT = (URIRef(f"{ID}test/{n}") for n in ("commitment", "t", "instant"))


@pytest.fixture(scope="module")
def seed_quads() -> list:
    extractions, errors, reference = extract_all(source_files(SOURCES), REFERENCE, SOURCES)
    assert not errors
    return assemble(extractions, reference)


def _day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def _cross_document_quads(document: URIRef) -> list:
    """Facts split over three graphs so that each graph alone says something else."""
    a = [
        (MOTION, RDF.type, KG.Motion),  # B gives it a second identifier: maxCount across graphs
        (MOTION, DCTERMS.identifier, Literal("36000-1")),
        (REPORT, RDF.type, KG.Report),  # on a commitment whose class only B states
        (REPORT, KG.reportsOn, COMMITMENT),
        (REPORT, KG.inDocument, document),
        (REPORT, KG.statusText, Literal("Wordt uitgevoerd.")),
        (REPORT, KG.reportedStatus, KG.fulfilled),
        (REPORT, KG.promisedInterval, INTERVAL),  # first day in B, last day nowhere
        (INTERVAL, TIME.hasBeginning, URIRef(f"{INTERVAL}/begin")),
        (INTERVAL, TIME.hasEnd, URIRef(f"{INTERVAL}/end")),
        (BAD_T, RDF.type, KG.Commitment),  # the refused build's T-number
        (BAD_T, DCTERMS.identifier, Literal("T0372612")),
        (BAD_T, DCTERMS.title, Literal("t")),
    ]
    b = [
        (MOTION, DCTERMS.identifier, Literal("36000-2")),
        (COMMITMENT, RDF.type, KG.Commitment),
        (COMMITMENT, DCTERMS.title, Literal("Een toezegging")),
        (URIRef(f"{INTERVAL}/begin"), TIME.inXSDDate, _day("2026-01-01")),
        (INSTANT, TIME.inXSDDate, _day("2026-02-01")),  # two days; a target only through C
        (INSTANT, TIME.inXSDDate, _day("2026-02-02")),
    ]
    c = [(URIRef(f"{ID}test/other-interval"), TIME.hasBeginning, INSTANT)]
    return [(*t, A) for t in a] + [(*t, B) for t in b] + [(*t, C) for t in c]


@pytest.fixture(scope="module")
def violating(seed_quads: list) -> list:
    document = next(q[0] for q in seed_quads if q[1] == KG.text)
    return seed_quads + _cross_document_quads(document)


def _violations(report) -> set[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {(f.focus, f.path.rpartition("/")[2].rpartition("#")[2]) for f in report.violations}


def test_the_shapes_look_a_bounded_way_forward() -> None:
    reach = shape_reach(load_shapes())
    assert reach.problems == []
    # a report's promised interval, then its first day, then that day's date
    assert reach.depth >= 3
    assert reach.object_targets == {TIME.hasBeginning, TIME.hasEnd}
    assert {KG.reportsOn, KG.promisedInterval, TIME.inXSDDate} <= reach.predicates


def test_a_shape_looking_backwards_is_reported_and_the_whole_graph_validated() -> None:
    shapes = Graph().parse(
        data="""@prefix sh: <http://www.w3.org/ns/shacl#> .
        <urn:s> a sh:NodeShape ; sh:targetClass <urn:C> ;
          sh:property [ sh:path [ sh:inversePath <urn:p> ] ; sh:minCount 1 ] .""",
        format="turtle",
    )
    assert any("inversePath" in problem for problem in shape_reach(shapes).problems)
    assert (None, SH.inversePath, None) not in load_shapes()


def test_the_whole_graph_holds_the_cross_document_violations(violating: list) -> None:
    whole = validate_triples(q[:3] for q in violating)
    assert _violations(whole) == {
        (str(MOTION), "identifier"),  # two papers, one identifier each
        (str(REPORT), "promisedInterval"),  # the last day: its first day is in another graph
        (str(INTERVAL), "inXSDDate"),  # (the detail of the report's violation)
        (str(BAD_T), "identifier"),
        (str(INSTANT), "inXSDDate"),  # two days; what makes it a target is in a third graph
    }
    alone = validate_triples(q[:3] for q in violating if q[3] == A)
    assert (str(MOTION), "identifier") not in _violations(alone)
    assert (str(REPORT), "reportsOn") in _violations(alone)  # the class is in B
    assert (str(INSTANT), "inXSDDate") not in _violations(alone)


def test_one_document_per_batch_gives_the_whole_graph_findings(violating: list) -> None:
    whole = validate_triples(q[:3] for q in violating)
    units = batches(violating, shape_reach(load_shapes()), count=10**6)
    assert len(units) == len({q[3] for q in violating})  # one named graph per batch
    findings = sorted(
        (f for unit in units for f in validate_batch(unit)),
        key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message),
    )
    assert findings == whole.findings


def test_documents_across_processes_give_the_whole_graph_findings(
    violating: list, seed_quads: list
) -> None:
    assert validate_documents(violating, workers=2).findings == (
        validate_triples(q[:3] for q in violating).findings
    )
    assert validate_documents(seed_quads, workers=2).conforms


VOCABULARY = {f"{ID}graph/ontology", f"{ID}graph/shapes"}  # the files, with fresh blank nodes


def _published(store: DiskStore) -> set:
    return {
        tuple(rdflib_term(t) for t in (q.subject, q.predicate, q.object, q.graph_name))
        for q in store.quads()
        if q.predicate.value != str(PROV.startedAtTime) and q.graph_name.value not in VOCABULARY
    }


@pytest.fixture
def parallel(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every build in this test validates per document across two processes."""
    monkeypatch.setattr(validation_units, "PARALLEL_FROM", 0)
    monkeypatch.setenv("KG_BUILD_WORKERS", "2")


def test_a_parallel_build_publishes_the_serial_builds_quads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_BUILD_WORKERS", "1")
    serial = DiskStore(tmp_path / "serial")
    run_build(SOURCES, REFERENCE, serial, strict=True)
    monkeypatch.setattr(validation_units, "PARALLEL_FROM", 0)
    monkeypatch.setenv("KG_BUILD_WORKERS", "2")
    parallel = DiskStore(tmp_path / "parallel")
    run_build(SOURCES, REFERENCE, parallel, strict=True)
    assert _published(parallel) == _published(serial)


def test_a_parallel_strict_build_with_violations_is_refused(
    parallel: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    quads = _cross_document_quads(URIRef(f"{ID}document/x"))
    monkeypatch.setattr(
        pipeline, "assemble_sources", lambda *a, **k: pipeline.Assembly(quads, {}, [], {})
    )
    monkeypatch.setattr(pipeline, "extract_all", lambda *args, **kwargs: ([], [], []))
    store = DiskStore(tmp_path / "store")
    with pytest.raises(pipeline.ValidationFailed) as refused:
        run_build(tmp_path, tmp_path, store, strict=True)
    expected = validate_triples(q[:3] for q in quads)
    assert refused.value.report.findings == expected.findings
    assert (str(MOTION), "identifier") in _violations(refused.value.report)
    assert store.current_generation() is None


def test_a_parallel_build_quarantines_as_a_serial_one(parallel: None, tmp_path: Path) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    (sources / f"{NOTA}.yaml").write_text(BAD_SIDECAR, encoding="utf-8")
    summary = run_build(sources, REFERENCE, DiskStore(tmp_path / "store"))
    assert [p.name for p in summary.sources] == [LETTER]
    [entry] = summary.quarantined
    assert entry.source.name == NOTA
    assert any("dateKind" in reason for reason in entry.reasons)
