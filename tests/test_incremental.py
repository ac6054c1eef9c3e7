"""A rebuild after one changed document: only that document is re-extracted, re-validated and
has its named graph replaced (`kamergraph add`, see `kamergraph/ingest.py`).

The corpus is generated (`benchmarks/corpus.py`): small, and every paper readable.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from benchmarks.corpus import write_corpus
from kamergraph.ingest import add_source
from kamergraph.pipeline import run_build
from kamergraph.reference import load_reference
from kamergraph.store import DiskStore
from tests.conftest import REFERENCE

KG = "https://w3id.org/kamergraph/def#"
ID = "https://w3id.org/kamergraph/id/"


def _by_graph(store: DiskStore) -> dict[str, set[ox.Quad]]:
    graphs: dict[str, set[ox.Quad]] = {}
    for quad in store.quads():
        graphs.setdefault(str(quad.graph_name), set()).add(quad)
    return graphs


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, DiskStore, list]:
    sources = tmp_path / "sources"
    expected = write_corpus(sources, 4)
    store = DiskStore(tmp_path / "store")
    summary = run_build(sources, REFERENCE, store, strict=True)
    assert len(summary.sources) == 4
    return sources, store, expected


def test_a_changed_document_replaces_only_its_graph(built, tmp_path: Path) -> None:
    sources, store, expected = built
    changed = tmp_path / expected[0].name
    text = (sources / expected[0].name).read_text(encoding="utf-8")
    changed.write_text(text.replace("Het kabinet", "De regering"), encoding="utf-8")
    before = _by_graph(store)
    result = add_source(changed, sources, store, load_reference(REFERENCE))
    assert result.status == "replaced"
    after = _by_graph(store)
    own = f"<{ID}document/{expected[0].document}/graph>"
    assert before[own] != after[own]
    assert any("De regering" in str(q.object) for q in after[own])
    for graph in set(before) - {own, f"<{ID}graph/build>", f"<{ID}graph/shared>"}:
        assert before[graph] == after[graph], graph


def test_revalidation_covers_the_document_not_the_whole_graph(built, tmp_path: Path) -> None:
    """A node no change touches is not validated again: an untitled commitment in the served
    graph (a violation) does not block adding an unrelated paper; a whole-graph check would."""
    sources, store, _expected = built
    untitled = ox.NamedNode(f"{ID}commitment/T99999")
    kind = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    store.revise(
        [], [ox.Quad(untitled, kind, ox.NamedNode(f"{KG}Commitment"), ox.NamedNode(f"{ID}graph/x"))]
    )
    extra = tmp_path / "more"
    new = write_corpus(extra, 6)[5]
    result = add_source(extra / new.name, sources, store, load_reference(REFERENCE))
    assert result.status == "added"
    assert any(q.subject == untitled for q in store.quads())
