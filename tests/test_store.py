"""The store: queries over the union graph, atomic publication, loading files."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from kamergraph.store import DiskStore, MemoryStore, QuerySyntaxError, StoreEmptyError, open_store

EX = "http://example.org/"


def quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(EX + s), ox.NamedNode(EX + "p"), ox.Literal(o), ox.NamedNode(EX + g)
    )


def count(store, query: str = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }") -> int:
    result = json.loads(store.query(query).serialize("json"))
    return int(result["results"]["bindings"][0]["n"]["value"])


def test_default_graph_is_the_union_of_named_graphs() -> None:
    store = MemoryStore()
    store.publish([quad("a", "1", "g1"), quad("b", "2", "g2")])
    assert count(store) == 2


def test_dataset_clauses_restrict_the_default_graph() -> None:
    store = MemoryStore()
    store.publish([quad("a", "1", "g1"), quad("b", "2", "g2")])
    result = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graphs=[EX + "g1"])
    assert json.loads(result.serialize("json"))["results"]["bindings"][0]["n"]["value"] == "1"


def test_bad_query_raises_with_the_parsers_message() -> None:
    with pytest.raises(QuerySyntaxError, match="error at 1"):
        MemoryStore().query("SELEC ?x")


@pytest.mark.parametrize("fmt", ["json", "xml", "csv", "tsv"])
def test_solutions_serialise_in_every_results_format(fmt: str) -> None:
    store = MemoryStore()
    store.publish([quad("a", "1", "g1")])
    assert b"a" in store.query("SELECT ?s WHERE { ?s ?p ?o }").serialize(fmt)


def test_construct_result_is_a_graph() -> None:
    store = MemoryStore()
    store.publish([quad("a", "1", "g1")])
    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert result.form == "graph"
    assert b"example.org/a" in result.serialize("ntriples")


def test_empty_disk_store_says_to_build_first(tmp_path: Path) -> None:
    with pytest.raises(StoreEmptyError, match="kamergraph build"):
        DiskStore(tmp_path).query("ASK {}")


def test_publication_is_atomic_and_seen_by_an_open_reader(tmp_path: Path) -> None:
    writer, reader = DiskStore(tmp_path), DiskStore(tmp_path)
    writer.publish([quad("a", "1", "g1")])
    assert count(reader) == 1
    writer.publish([quad("a", "1", "g1"), quad("b", "2", "g1")])
    assert count(reader) == 2  # the reader follows CURRENT to the new generation


def test_failed_publication_leaves_the_served_graph(tmp_path: Path) -> None:
    store = DiskStore(tmp_path)
    store.publish([quad("a", "1", "g1")])
    served = store.current_generation()

    def broken():
        yield quad("b", "2", "g1")
        raise RuntimeError("build crashed half-way")

    with pytest.raises(RuntimeError):
        store.publish(broken())
    assert store.current_generation() == served
    assert count(store) == 1


@pytest.mark.parametrize("kind", ["disk", "memory"])
def test_a_publication_waits_for_its_confirmation_and_a_refusal_publishes_nothing(
    tmp_path: Path, kind: str
) -> None:
    store = DiskStore(tmp_path) if kind == "disk" else MemoryStore()
    store.publish([quad("a", "1", "g1")])
    written: list[int] = []

    def refuse() -> None:
        written.append(len(list(tmp_path.glob("g[0-9]*"))))  # the new one is there, unserved
        assert count(store) == 1
        raise RuntimeError("the build does not conform")

    with pytest.raises(RuntimeError, match="does not conform"):
        store.publish([quad("a", "1", "g1"), quad("b", "2", "g1")], refuse)
    assert count(store) == 1
    if kind == "disk":
        assert written == [2]
        assert len(list(tmp_path.glob("g[0-9]*"))) == 1
        assert len(list(tmp_path.glob("search-g*"))) == 1
    store.publish([quad("a", "1", "g1"), quad("b", "2", "g1")], lambda: None)
    assert count(store) == 2


def test_old_generations_are_pruned(tmp_path: Path) -> None:
    store = DiskStore(tmp_path)
    for n in range(4):
        store.publish([quad("a", str(n), "g1")])
    assert len(list(tmp_path.glob("g[0-9]*"))) == 2


def test_a_partial_generation_of_a_killed_build_never_displaces_the_previous_one(
    tmp_path: Path,
) -> None:
    store = DiskStore(tmp_path)
    store.publish([quad("a", "1", "g1")])
    served_before = store.current_generation()
    (tmp_path / "g000099").mkdir()  # what a build killed mid-write leaves: never swapped in
    store.publish([quad("a", "2", "g1")])  # numbered after the partial one
    left = sorted(p.name for p in tmp_path.glob("g[0-9]*"))
    assert served_before in left and store.current_generation() in left
    assert "g000099" not in left
    assert count(store) == 1


def test_load_into_a_named_graph(tmp_path: Path) -> None:
    data = tmp_path / "data.ttl"
    data.write_text(f"<{EX}s> <{EX}p> 'o' .\n", encoding="utf-8")
    store = open_store(tmp_path / "store")
    assert store.load(data, graph=EX + "named") == 1
    assert (
        count(store, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{EX}named> {{ ?s ?p ?o }} }}") == 1
    )


def test_load_rejects_an_unknown_extension(tmp_path: Path) -> None:
    data = tmp_path / "data.xyz"
    data.write_text("nothing", encoding="utf-8")
    with pytest.raises(ValueError, match="unknown RDF file extension"):
        MemoryStore().load(data)


def test_remote_store_reads_a_live_endpoint_like_the_embedded_one(live_server: str) -> None:
    from kamergraph.remote_store import ReadOnlyStoreError, RemoteStore

    remote = open_store(live_server + "/sparql")
    assert isinstance(remote, RemoteStore)
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/kamergraph/def#Commitment> }"
    assert count(remote, query) >= 10
    graph = remote.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5")
    assert graph.form == "graph" and graph.serialize("ntriples").count(b"\n") == 5
    assert remote.query("ASK { ?s ?p ?o }").serialize("json").endswith(b"true}")
    with pytest.raises(QuerySyntaxError):
        remote.query("SELEC ?x")
    with pytest.raises(ReadOnlyStoreError):
        remote.publish([])


def test_turtle_answers_use_the_contracts_prefixes() -> None:
    store = MemoryStore()
    store.publish(
        [
            ox.Quad(
                ox.NamedNode(EX + "c"),
                ox.NamedNode("http://purl.org/dc/terms/title"),
                ox.Literal("t"),
                ox.NamedNode(EX + "g"),
            )
        ]
    )
    turtle = store.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }").serialize("turtle")
    assert b"@prefix dcterms:" in turtle and b"dcterms:title" in turtle
