"""The assembled graph: placement, set semantics, stable IRIs, mentions that quote their words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kamergraph.pipeline import assemble, extract_all, source_files
from kamergraph.store import GraphStore
from tests.conftest import REFERENCE, SOURCES

KG = "https://w3id.org/kamergraph/def#"


def scalar(store: GraphStore, query: str) -> int:
    result = json.loads(store.query(query).serialize("json"))
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_at_least_the_ten_t_numbered_commitments(built_store: GraphStore) -> None:
    n = scalar(built_store, f"SELECT (COUNT(?c) AS ?n) WHERE {{ ?c a <{KG}Commitment> }}")
    assert n >= 10


def test_default_graph_behaves_as_a_set(built_store: GraphStore) -> None:
    plain = scalar(built_store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    distinct = scalar(
        built_store, "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o { ?s ?p ?o } }"
    )
    assert plain == distinct
    typed = f"SELECT (COUNT(?x) AS ?n) WHERE {{ ?x a <{KG}Person> }}"
    typed_distinct = f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a <{KG}Person> }}"
    assert scalar(built_store, typed) == scalar(built_store, typed_distinct)


def test_one_named_graph_per_source_document(built_store: GraphStore) -> None:
    query = f"""SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE {{
        GRAPH ?g {{ ?doc <{KG}text> ?text }} }}"""
    assert scalar(built_store, query) == len(source_files(SOURCES))


def test_iris_and_triples_are_stable_across_two_builds() -> None:
    def build_once() -> set:
        extractions, errors, reference = extract_all(source_files(SOURCES), REFERENCE, SOURCES)
        assert not errors
        build_graph = "https://w3id.org/kamergraph/id/graph/build"
        return {q for q in assemble(extractions, reference) if str(q[3]) != build_graph}

    first, second = build_once(), build_once()
    assert first == second


def test_every_mention_quotes_the_text_at_its_offsets(built_store: GraphStore) -> None:
    texts = json.loads(
        built_store.query(f"SELECT ?doc ?text WHERE {{ ?doc <{KG}text> ?text }}").serialize("json")
    )["results"]["bindings"]
    text_of = {b["doc"]["value"]: b["text"]["value"] for b in texts}
    query = """PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?doc ?start ?end ?exact WHERE {
      ?m oa:hasTarget ?t . ?t oa:hasSource ?doc ; oa:hasSelector ?pos, ?quote .
      ?pos oa:start ?start ; oa:end ?end . ?quote oa:exact ?exact . }"""
    mentions = json.loads(built_store.query(query).serialize("json"))["results"]["bindings"]
    assert len(mentions) > 100
    for m in mentions:
        text = text_of[m["doc"]["value"]]
        start, end = int(m["start"]["value"]), int(m["end"]["value"])
        assert text[start:end] == m["exact"]["value"]


def test_a_strict_build_with_violations_is_refused_and_nothing_published(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from kamergraph import pipeline
    from kamergraph.records import Commitment, Document, Extraction, Ref
    from kamergraph.store import DiskStore

    store = DiskStore(tmp_path / "store")
    (tmp_path / "bad.txt").write_text("Toezegging T0372612", encoding="utf-8")
    bad = Extraction(
        source=tmp_path / "bad.txt",
        text="Toezegging T0372612",
        records=[
            Document(Ref("document", "letter-x"), kind="Letter", title="x", is_source=True),
            Commitment(Ref("commitment", "T0372612"), identifier="T0372612", title="t"),
        ],
    )
    monkeypatch.setattr(pipeline, "extract_all", lambda *args, **kwargs: ([bad], [], []))
    with pytest.raises(pipeline.ValidationFailed) as refused:
        pipeline.run_build(tmp_path, tmp_path, store, strict=True)
    violation = refused.value.report.violations[0]
    assert violation.focus.endswith("commitment/T0372612")
    assert violation.path.endswith("identifier") and "T-number" in violation.message
    assert store.current_generation() is None
    # validated while written (publication_gate.py): the written generation is gone again
    assert not [p.name for p in store.folder.glob("*") if p.name.startswith(("g", "search-"))]


def test_two_sources_read_as_one_document_are_refused(tmp_path: Path) -> None:
    from kamergraph.pipeline import extract_all

    first = SOURCES / "000_c0a24f6b65b225cd.txt"
    copy = tmp_path / "copy_of_000.txt"
    copy.write_bytes(first.read_bytes())
    extractions, errors, _ = extract_all([first, copy], REFERENCE, SOURCES)
    assert [e.source for e in extractions] == [first]
    assert len(errors) == 1 and "copy_of_000.txt" in str(errors[0])
    assert "kst-36800-XX-A" in str(errors[0]) and "000_c0a24f6b65b225cd.txt" in str(errors[0])
