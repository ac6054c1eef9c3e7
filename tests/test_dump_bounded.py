"""Dumps in bounded memory: CSV views sorted by external merge sort, VoID counts without
COUNT(DISTINCT), both giving what the plain (memory-hungry) queries give."""

from __future__ import annotations

import csv
import io
import random
from pathlib import Path

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.csv_views import sorted_rows, unordered, write_csv_view
from kamergraph.void_counts import class_counts, count, entity_count, property_counts

EX = "https://w3id.org/kamergraph/id/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _n(local: str) -> ox.NamedNode:
    return ox.NamedNode(EX + local)


def test_spilled_chunks_merge_into_one_sorted_run(tmp_path: Path) -> None:
    rng = random.Random(16)
    cells = ["", "a", "b,c", 'say "x"', "two\r\nlines", " lead", "z" * 40, "é"]
    rows = [tuple(rng.choice(cells) for _ in range(3)) for _ in range(200)]
    assert list(sorted_rows(iter(rows), tmp_path, chunk_rows=7)) == sorted(rows)
    assert len(list(tmp_path.iterdir())) == 200 // 7  # the full chunks were spilled


def test_the_dump_query_drops_only_the_final_order() -> None:
    query = "SELECT ?s { ?s ?p ?o OPTIONAL { ?o ?q ?r } }\nORDER BY ?s DESC(?o)\n"
    assert unordered(query).rstrip() == "SELECT ?s { ?s ?p ?o OPTIONAL { ?o ?q ?r } }"
    inner = "SELECT ?s { { SELECT ?s { ?s ?p ?o } ORDER BY ?s LIMIT 3 } }"
    assert unordered(inner) == inner


def _store() -> ox.Store:
    store = ox.Store()
    title = ox.NamedNode("http://purl.org/dc/terms/title")
    for n in range(60):
        graph = _n(f"graph/{n % 4}")
        thing = _n(f"thing/{n}")
        store.add(ox.Quad(thing, RDF_TYPE, _n("Class"), graph))
        store.add(ox.Quad(thing, title, ox.Literal(f'Title, "{n % 7}"\nline'), graph))
    return store


def test_a_csv_view_holds_the_answer_of_its_query_in_a_stable_order(tmp_path: Path) -> None:
    store = _store()
    query = (
        "SELECT ?thing ?title { ?thing <http://purl.org/dc/terms/title> ?title } ORDER BY ?thing"
    )
    small, large = tmp_path / "small.csv", tmp_path / "large.csv"
    assert write_csv_view(small, store, query, chunk_rows=5) == 60
    write_csv_view(large, store, query)
    assert small.read_bytes() == large.read_bytes()
    assert small.read_bytes().startswith(b"thing,title\r\n")
    written = list(csv.reader(io.StringIO(small.read_text(encoding="utf-8"), newline="")))[1:]
    answer = store.query(query, use_default_graph_as_union=True)
    assert isinstance(answer, ox.QuerySolutions)
    expected = [[row["thing"].value, row["title"].value] for row in answer]  # type: ignore[union-attr]
    assert sorted(written) == sorted(expected) and written == sorted(written)
    assert not [p for p in tmp_path.iterdir() if p.is_dir()]  # spilled chunks removed


def _distinct(store: ox.Store, query: str) -> list[tuple[str, int]]:
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return sorted((r[0].value, int(r[1].value)) for r in rows)  # type: ignore[union-attr]


def test_counts_without_distinct_equal_the_distinct_counts() -> None:
    store = _store()
    shared, doc = _n("graph/shared"), _n("thing/1")
    # the same triples in several named graphs and in the default graph; a subject typed
    # twice in one graph and again elsewhere; a blank subject
    for graph in (shared, _n("graph/3"), ox.DefaultGraph()):
        store.add(ox.Quad(doc, RDF_TYPE, _n("Class"), graph))
        store.add(ox.Quad(doc, RDF_TYPE, _n("Other"), graph))
    store.add(ox.Quad(ox.BlankNode(), RDF_TYPE, _n("Other"), shared))
    properties = _distinct(
        store, "SELECT ?p (COUNT(*) AS ?n) { SELECT DISTINCT * { ?s ?p ?o } } GROUP BY ?p"
    )
    assert property_counts(store) == properties
    classes = _distinct(
        store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c"
    )
    assert class_counts(store) == classes
    entities = "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c FILTER(isIRI(?s)) }"
    rows = store.query(entities, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    assert entity_count(store) == int(next(rows)[0].value) == 60  # type: ignore[union-attr]
    counts = count(store, settings.base_iri())
    # 60 things with a type and a title; thing 1 is a Class already, "Other" and the blank new
    assert counts.triples == sum(n for _, n in properties) == 60 * 2 + 1 + 1
