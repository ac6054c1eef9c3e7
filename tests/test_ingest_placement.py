"""`add` places a source's triples as `build` would, and starts an empty store from scratch."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pyoxigraph as ox

from kamergraph.ingest import add_source
from kamergraph.iris import system_graph
from kamergraph.pipeline import run_build
from kamergraph.reference import load_reference
from kamergraph.store import DiskStore
from tests.conftest import REFERENCE, SOURCES
from tests.test_ingest_formats import verslag_pair

# Build provenance differs by design (time, activity); the shapes' blank nodes differ per load.
_ASIDE = {system_graph("build").__str__(), system_graph("shapes").__str__()}


def _data(store: DiskStore) -> set[ox.Quad]:
    return {q for q in store.quads() if q.graph_name.value not in _ASIDE}


def test_adding_a_source_gives_the_graph_a_build_of_all_sources_gives(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    reference = load_reference(REFERENCE)
    added = DiskStore(tmp_path / "added")
    run_build(sources, REFERENCE, added)
    result = add_source(verslag_pair(tmp_path / "in"), sources, added, reference, "test")
    assert result.status == "added"
    assert (sources / "kst-36600-XX-S.xml.metadata.xml").is_file()
    built = DiskStore(tmp_path / "built")
    run_build(sources, REFERENCE, built)
    assert _data(added) == _data(built)


def test_an_empty_store_starts_with_the_reference_and_the_vocabulary(tmp_path: Path) -> None:
    store = DiskStore(tmp_path / "store")
    reference = load_reference(REFERENCE)
    result = add_source(
        verslag_pair(tmp_path / "in"),
        tmp_path / "sources",
        store,
        reference,
        "test",
        date(2026, 1, 2),
    )
    graphs = {q.graph_name.value for q in store.quads()}
    assert result.graph in graphs
    assert {str(system_graph(n)) for n in ("reference", "ontology", "shapes")} <= graphs
    manifest = (tmp_path / "sources" / "manifest.csv").read_text(encoding="utf-8").splitlines()
    assert manifest[0] == "file,key,kind,title,note,sha256,origin,added"
    assert manifest[1].startswith("kst-36600-XX-S.xml,,,,,") and manifest[1].endswith(
        ",test,2026-01-02"
    )
