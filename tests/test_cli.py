"""The CLI end to end on a temporary store: build, refusal of broken sources, extract, query."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from kamergraph.cli import main
from kamergraph.store import DiskStore
from tests.conftest import SOURCES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    store = tmp_path_factory.mktemp("store")
    result = CliRunner().invoke(main, ["build", "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store, result.output


def test_build_prints_counts_per_class(built: tuple[Path, str]) -> None:
    _store, output = built
    assert "Commitment" in output and "Person" in output and "triples" in output


@pytest.mark.parametrize(
    ("name", "content"),
    [("empty.txt", b""), ("garbage.txt", bytes(range(256)) * 4)],
)
def test_strict_build_names_a_broken_source_and_keeps_the_last_good_graph(
    built: tuple[Path, str], tmp_path: Path, name: str, content: bytes
) -> None:
    store, _ = built
    sources = tmp_path / "sources"
    shutil.copytree(SOURCES, sources)
    (sources / name).write_bytes(content)
    served = DiskStore(store).current_generation()
    args = ["build", "--strict", "--sources", str(sources), "--store", str(store)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 1
    assert name in result.output and "last good graph" in result.output
    assert DiskStore(store).current_generation() == served
    assert DiskStore(store).query("ASK { ?s ?p ?o }").serialize("json").endswith(b"true}")


def test_a_broken_source_is_quarantined_and_the_rest_published(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / "000_c0a24f6b65b225cd.txt", sources)
    shutil.copy(SOURCES / "manifest.csv", sources)
    (sources / "empty.txt").write_bytes(b"")
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "quarantined: empty.txt: quarantined (no previous graph): empty file" in result.output
    assert "Built 1 sources" in result.output and "1 quarantined" in result.output


def test_extract_prints_nquads_without_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["extract", str(SOURCES / "000_c0a24f6b65b225cd.txt")])
    assert result.exit_code == 0, result.output
    quads = list(ox.parse(result.output.encode(), format=ox.RdfFormat.N_QUADS))
    assert len(quads) > 50
    assert all(isinstance(q.graph_name, ox.NamedNode) for q in quads)


def test_query_a_named_query(built: tuple[Path, str]) -> None:
    store, _ = built
    result = CliRunner().invoke(
        main, ["query", "--store", str(store), "--name", "list_commitments"]
    )
    assert result.exit_code == 0, result.output
    assert "T03853" in result.output


def test_bad_query_gives_the_parsers_message(built: tuple[Path, str]) -> None:
    store, _ = built
    result = CliRunner().invoke(main, ["query", "--store", str(store), "SELEC ?x"])
    assert result.exit_code == 1
    assert "error at 1" in result.output


def test_load_any_rdf_into_a_named_graph(tmp_path: Path) -> None:
    data = tmp_path / "d.ttl"
    data.write_text("<http://e/s> <http://e/p> 'o' .\n", encoding="utf-8")
    store = tmp_path / "store"
    result = CliRunner().invoke(
        main, ["load", "--store", str(store), "--graph", "http://e/g", str(data)]
    )
    assert result.exit_code == 0, result.output
    answer = DiskStore(store).query("ASK { GRAPH <http://e/g> { ?s ?p 'o' } }").serialize("json")
    assert answer.endswith(b"true}")


@pytest.mark.parametrize(("fmt", "rdf_format"), [("turtle", "TURTLE"), ("trig", "TRIG")])
def test_extract_prints_turtle_and_trig(fmt: str, rdf_format: str) -> None:
    source = str(SOURCES / "000_c0a24f6b65b225cd.txt")
    result = CliRunner().invoke(main, ["extract", source, "--format", fmt])
    assert result.exit_code == 0, result.output
    parsed = list(ox.parse(result.output.encode(), format=getattr(ox.RdfFormat, rdf_format)))
    assert len(parsed) > 50
