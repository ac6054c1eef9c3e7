"""Dumps: every file parses with independent parsers, round-trips to the store, is
deterministic, carries its checksum and the dataset description, and is served as a file."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import subprocess
import urllib.request
import warnings
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from rdflib.compare import isomorphic

from kamergraph.dataset import description_graph
from kamergraph.dump import CSV_VIEWS, RDF_DUMPS, current_dumps, read_checksums
from kamergraph.publish import dump_store
from kamergraph.store import GraphStore, MemoryStore
from tests.publishing import (
    DumpServer,
    rapper_count,
    rdflib_graph_of,
    riot_command,
    riot_validate,
)


@pytest.fixture(scope="module")
def dumps(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    assert isinstance(built_store, MemoryStore)
    return dump_store(built_store.snapshot(), tmp_path_factory.mktemp("dumps"))


def _store_quads(store: GraphStore) -> list[ox.Quad]:
    return list(store.quads())


def test_the_dump_folder_holds_every_format_and_view(dumps: Path) -> None:
    names = set(read_checksums(dumps))
    assert {f.name for f in RDF_DUMPS} <= names
    assert {f.name for f in CSV_VIEWS} <= names
    assert {"void.ttl", "void.jsonld"} <= names
    assert len(RDF_DUMPS) == 5 and len(CSV_VIEWS) == 7


def test_every_checksum_matches_its_file(dumps: Path) -> None:
    for name, digest in read_checksums(dumps).items():
        assert hashlib.sha256((dumps / name).read_bytes()).hexdigest() == digest, name
    check = subprocess.run(["sha256sum", "-c", "SHA256SUMS"], cwd=dumps, capture_output=True)
    assert check.returncode == 0, check.stdout.decode() + check.stderr.decode()


@pytest.mark.parametrize(
    ("name", "syntax"),
    [
        ("kamergraph.ttl", "turtle"),
        ("kamergraph.nt.gz", "ntriples"),
        ("kamergraph.nq", "nquads"),
        ("kamergraph.trig", "trig"),
    ],
)
def test_rapper_parses_every_statement(
    dumps: Path, built_store: GraphStore, name: str, syntax: str
) -> None:
    description = len(_description_quads(dumps))
    assert description > 0
    assert rapper_count(dumps / name, syntax) == len(_store_quads(built_store)) + description


@pytest.mark.parametrize(
    ("name", "syntax"),
    [
        ("kamergraph.ttl", "turtle"),
        ("kamergraph.nq", "nquads"),
        ("kamergraph.trig", "trig"),
        # Jena's JSON-LD 1.1 reader (titanium) needs a Jakarta JSON provider that Debian does
        # not package (only the API, libjsonp2-java); its JSON-LD 1.0 reader needs none
        ("kamergraph.jsonld", "jsonld10"),
    ],
)
def test_jena_riot_validates_the_dumps(dumps: Path, name: str, syntax: str) -> None:
    command, why = riot_command()
    if command is None:
        pytest.skip(why)
    riot_validate(command, dumps / name, syntax)


@pytest.mark.parametrize(
    ("text", "syntax"),
    [
        ('<http://a.example/s> <http://a.example/p> "x"^^<http://a.example/t .\n', "ntriples"),
        ('[{"@id": "http://a.example/s", "http://a.example/p": [{"@value": }]}]', "jsonld10"),
    ],
)
def test_jena_riot_rejects_a_broken_file(tmp_path: Path, text: str, syntax: str) -> None:
    command, why = riot_command()
    if command is None:
        pytest.skip(why)
    broken = tmp_path / "broken"
    broken.write_text(text, encoding="utf-8")
    with pytest.raises(AssertionError):
        riot_validate(command, broken, syntax)


def _rdflib_dataset(path: Path, fmt: str) -> rdflib.Dataset:
    dataset = rdflib.Dataset()
    with warnings.catch_warnings():  # rdflib 7 warns about its own default_context
        warnings.simplefilter("ignore", DeprecationWarning)
        dataset.parse(data=path.read_bytes(), format=fmt)
    return dataset


def _description_quads(dumps: Path) -> list[ox.Quad]:
    data = (dumps / "kamergraph.nq").read_bytes()
    graph = ox.NamedNode(description_graph())
    return [q for q in ox.parse(data, format=ox.RdfFormat.N_QUADS) if q.graph_name == graph]


@pytest.mark.parametrize(
    ("name", "fmt"), [("kamergraph.nq", "nquads"), ("kamergraph.trig", "trig")]
)
def test_quad_dumps_round_trip_graph_by_graph(
    dumps: Path, built_store: GraphStore, name: str, fmt: str
) -> None:
    dataset = _rdflib_dataset(dumps / name, fmt)
    store_graphs: dict[str, list[ox.Quad]] = {}
    for quad in _store_quads(built_store):
        store_graphs.setdefault(quad.graph_name.value, []).append(quad)  # type: ignore[union-attr]
    dumped = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert dumped == {*store_graphs, description_graph()}
    for iri, quads in store_graphs.items():
        assert isomorphic(dataset.graph(rdflib.URIRef(iri)), rdflib_graph_of(quads)), iri


def test_json_ld_dump_round_trips(dumps: Path, built_store: GraphStore) -> None:
    dataset = _rdflib_dataset(dumps / "kamergraph.jsonld", "json-ld")
    union = rdflib.Graph()
    for graph in dataset.graphs():
        if str(graph.identifier) != description_graph():
            union += graph
    assert isomorphic(union, rdflib_graph_of(_store_quads(built_store)))


@pytest.mark.parametrize(
    ("name", "fmt"), [("kamergraph.ttl", "turtle"), ("kamergraph.nt.gz", "nt")]
)
def test_triple_dumps_round_trip(dumps: Path, built_store: GraphStore, name: str, fmt: str) -> None:
    data = (dumps / name).read_bytes()
    if name.endswith(".gz"):
        data = gzip.decompress(data)
    parsed = rdflib.Graph().parse(data=data.decode(), format=fmt)
    expected = _store_quads(built_store) + _description_quads(dumps)
    assert isomorphic(parsed, rdflib_graph_of(expected))


def test_same_store_same_bytes(dumps: Path, built_store: GraphStore, tmp_path: Path) -> None:
    assert isinstance(built_store, MemoryStore)
    # the same content loaded in another order, into a fresh store: still the same bytes
    reordered = MemoryStore()
    reordered.publish(reversed(_store_quads(built_store)))
    again = dump_store(reordered.snapshot(), tmp_path)
    assert read_checksums(again) == read_checksums(dumps)


def test_csv_views_answer_their_named_queries(dumps: Path, built_store: GraphStore) -> None:
    def rows(name: str) -> list[dict[str, str]]:
        text = (dumps / "csv" / f"{name}.csv").read_text(encoding="utf-8")
        return list(csv.DictReader(io.StringIO(text)))

    commitments = {r["identifier"] for r in rows("commitments") if r["identifier"]}
    ids = built_store.query(
        "SELECT DISTINCT ?id WHERE { ?c a <https://w3id.org/kamergraph/def#Commitment> ; "
        "<http://purl.org/dc/terms/identifier> ?id }"
    ).serialize("csv")
    assert commitments == set(ids.decode().split("\r\n")[1:-1])
    assert {"kst-36600-XX-E", "kst-36800-XX-A"} <= {r["identifier"] for r in rows("documents")}
    assert any(r["partyLabel"] == "OPNL" for r in rows("persons"))
    assert any(r["answerText"] for r in rows("questions"))
    assert any(r["subjectIdentifier"] == "T03853" for r in rows("reports"))
    assert any(r["identifier"] == "36333-I" for r in rows("motions"))
    assert rows("citations")


def test_the_dumps_state_the_data_licence(dumps: Path) -> None:
    turtle = (dumps / "kamergraph.ttl").read_text(encoding="utf-8")
    assert "<http://creativecommons.org/publicdomain/zero/1.0/>" in turtle
    assert "dcat:Dataset" in turtle and "void:triples" in turtle


@pytest.fixture(scope="module")
def server(built_store: GraphStore, dumps: Path) -> Iterator[str]:
    live = DumpServer(built_store, dumps.parent, None)
    yield live.url
    live.close()


@pytest.mark.e2e
def test_dumps_are_served_as_files_with_checksums(server: str, dumps: Path) -> None:
    with urllib.request.urlopen(server + "/dumps/") as response:
        page = response.read().decode()
    assert "kamergraph.nq" in page and "CC0" in page
    sums = read_checksums(dumps)
    for name in ("kamergraph.nq", "kamergraph.nt.gz", "csv/commitments.csv", "SHA256SUMS"):
        with urllib.request.urlopen(f"{server}/dumps/{name}") as response:
            body = response.read()
            assert body == (dumps / name).read_bytes()
            if name in sums:
                assert response.headers["ETag"] == f'"{sums[name]}"'
            assert "license" in response.headers["Link"]
    with urllib.request.urlopen(f"{server}/dumps/kamergraph.nq") as response:
        assert response.headers.get_content_type() == "application/n-quads"
    for outside in ("%2e%2e/SHA256SUMS", "..%2fSHA256SUMS", "nothing.nq"):
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{server}/dumps/{outside}")
        missing.value.close()
        assert missing.value.code == 404


def test_a_new_dump_becomes_current_and_the_old_one_stays_readable(
    built_store: GraphStore, tmp_path: Path
) -> None:
    assert isinstance(built_store, MemoryStore)
    first = dump_store(built_store.snapshot(), tmp_path)
    second = dump_store(built_store.snapshot(), tmp_path)
    assert current_dumps(tmp_path) == second and first.is_dir()
    third = dump_store(built_store.snapshot(), tmp_path)
    assert current_dumps(tmp_path) == third and not first.exists() and second.is_dir()


def test_the_cli_dumps_after_every_build_and_writes_releases(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kamergraph.cli import main

    store, releases = tmp_path / "store", tmp_path / "releases"
    built = CliRunner().invoke(main, ["build", "--store", str(store)])
    assert built.exit_code == 0, built.output
    first = current_dumps(store / "dumps")
    assert first is not None and "Dumps written" in built.output
    dumped = CliRunner().invoke(main, ["dump", "--store", str(store)])
    assert dumped.exit_code == 0, dumped.output
    assert current_dumps(store / "dumps") != first and "kamergraph.nq" in dumped.output
    args = ["release", "--store", str(store), "--out", str(releases), "--date", "2026-03-01"]
    released = CliRunner().invoke(main, args)
    assert released.exit_code == 0, released.output
    assert "v1.0.0-2026-03-01" in released.output and (releases / "v1.0.0-2026-03-01").is_dir()
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 1 and "never overwritten" in again.output
    bad = CliRunner().invoke(main, [*args[:-1], "March"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output
