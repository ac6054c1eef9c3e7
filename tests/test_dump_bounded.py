"""Dumps in bounded memory: CSV views sorted by external merge sort, VoID counts without
COUNT(DISTINCT), both giving what the plain (memory-hungry) queries give; the RDF files written
from one pass, a failing writer or reader stopping it with its error."""

from __future__ import annotations

import csv
import io
import random
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from kamergraph import dump, settings
from kamergraph.csv_views import sorted_rows, unordered, write_csv_view
from kamergraph.dump import (
    BATCH_QUADS,
    DUMP_PREFIXES,
    QUEUED_BATCHES,
    RDF_DUMPS,
    DumpFormat,
    ordered_quads,
    write_rdf_dumps,
)
from kamergraph.void_counts import Bloom, count

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


def _distinct(store: ox.Store, query: str) -> list[tuple[str, ...]]:
    rows = store.query(query, use_default_graph_as_union=True)
    assert isinstance(rows, ox.QuerySolutions)
    return sorted(tuple(term.value for term in row) for row in rows)  # type: ignore[union-attr]


def _store_with_repeats() -> ox.Store:
    """The same triples in several named graphs and the default graph; a subject typed twice
    in one graph and again elsewhere; a blank subject; links out, some of them repeated."""
    store = _store()
    shared, doc = _n("graph/shared"), _n("thing/1")
    cites = ox.NamedNode("http://purl.org/spar/cito/cites")
    for graph in (shared, _n("graph/3"), ox.DefaultGraph()):
        store.add(ox.Quad(doc, RDF_TYPE, _n("Class"), graph))
        store.add(ox.Quad(doc, RDF_TYPE, _n("Other"), graph))
        store.add(ox.Quad(doc, cites, ox.NamedNode("https://example.org/law/1"), graph))
    store.add(ox.Quad(ox.BlankNode(), RDF_TYPE, _n("Other"), shared))
    store.add(ox.Quad(_n("thing/2"), cites, ox.NamedNode("https://example.org/law/2"), shared))
    store.add(ox.Quad(_n("thing/2"), cites, ox.NamedNode("https://other.example/x"), shared))
    store.add(ox.Quad(_n("thing/2"), cites, ox.NamedNode("http://purl.org/dc/terms/x"), shared))
    person = ox.NamedNode("https://w3id.org/kamergraph/def#Person")
    for n in (12, 3):
        store.add(ox.Quad(_n(f"thing/{n}"), RDF_TYPE, person, _n(f"graph/{n % 4}")))
    return store


# 8 bits: nearly every triple gets a "perhaps" and the store's lookup decides
@pytest.mark.parametrize("bits", [8, 1 << 20])
def test_counts_without_distinct_equal_the_distinct_counts(bits: int) -> None:
    store = _store_with_repeats()
    base = settings.base_iri()
    counts = count(store, base, bits)
    properties = _distinct(
        store, "SELECT ?p (COUNT(*) AS ?n) { SELECT DISTINCT * { ?s ?p ?o } } GROUP BY ?p"
    )
    assert [(p, str(n)) for p, n in counts.properties] == properties
    classes = _distinct(
        store, "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c FILTER(isIRI(?c)) } GROUP BY ?c"
    )
    assert [(c, str(n)) for c, n in counts.classes] == classes
    entities = "SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a ?c FILTER(isIRI(?s)) }"
    assert counts.entities == int(_distinct(store, entities)[0][0]) == 60
    links = _distinct(
        store,
        f"""PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
            SELECT ?p ?ns (COUNT(*) AS ?n) {{ SELECT DISTINCT ?s ?p ?o {{ ?s ?p ?o
              FILTER(isIRI(?o) && ?p != rdf:type && !STRSTARTS(STR(?o), "{base}")
                     && STRSTARTS(STR(?s), "{base}")) }} }}
            GROUP BY ?p (REPLACE(STR(?o), "[^/#]*$", "") AS ?ns)""",
    )
    vocabulary = ("http://purl.org/spar/cito/cites", "http://purl.org/dc/terms/", "1")
    assert vocabulary in links  # a link to a vocabulary is no linkset
    assert [(p, ns, str(n)) for p, ns, n in counts.linksets] == [
        r for r in links if r != vocabulary
    ]
    assert [ns for _, ns, _ in counts.linksets] == [
        "https://example.org/law/",
        "https://other.example/",
    ]
    examples = _distinct(
        store,
        """SELECT ?c (MIN(STR(?s)) AS ?e) { ?s a ?c
              FILTER(?c = <https://w3id.org/kamergraph/def#Person>) } GROUP BY ?c""",
    )
    assert counts.examples == [e for _, e in examples] == [EX + "thing/12"]
    # 60 things with a type and a title; thing 1 is a Class already, "Other" and the blank new
    assert counts.triples == sum(n for _, n in counts.properties) == 60 * 2 + 1 + 1 + 6


def test_a_bloom_filter_never_forgets() -> None:
    seen = Bloom(1 << 10)
    keys = [ox.NamedNode(f"{EX}thing/{n}") for n in range(300)]
    assert sum(seen.add(key) for key in keys) < 100  # a few false "perhaps", no more
    assert all(seen.add(key) for key in keys)


def _finishes(target: object, *args: object) -> BaseException | None:
    """Run `target` in a thread; the error it raised, failing if it hangs."""
    raised: list[BaseException] = []

    def run() -> None:
        try:
            target(*args)  # type: ignore[operator]
        except BaseException as error:  # the test inspects it
            raised.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the writers deadlocked"
    return raised[0] if raised else None


def _many_quads(n: int) -> Iterator[ox.Quad]:
    for i in range(n):
        yield ox.Quad(_n(f"thing/{i}"), RDF_TYPE, _n("Class"), _n("graph/0"))


NQ = DumpFormat("a.nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS)
TRIPLES_ONLY = DumpFormat("b.nt", "application/n-triples", "N-Triples", ox.RdfFormat.N_TRIPLES)
MANY = BATCH_QUADS * (QUEUED_BATCHES + 3)


def test_one_pass_writes_what_one_file_at_a_time_writes(tmp_path: Path) -> None:
    trig = DumpFormat("c.trig", "application/trig", "TriG", ox.RdfFormat.TRIG)
    write_rdf_dumps(tmp_path, [NQ, trig], _many_quads(MANY))
    for fmt in (NQ, trig):
        assert fmt.rdf_format is not None
        alone = ox.serialize(_many_quads(MANY), format=fmt.rdf_format, prefixes=DUMP_PREFIXES)
        assert (tmp_path / fmt.name).read_bytes() == alone


def test_a_failing_writer_stops_the_pass_with_its_error(tmp_path: Path) -> None:
    # quads handed to a triples-only format: that writer fails at once, the other goes on
    error = _finishes(write_rdf_dumps, tmp_path, [NQ, TRIPLES_ONLY], _many_quads(MANY))
    assert isinstance(error, (TypeError, ValueError))


def test_a_failing_reader_stops_every_writer(tmp_path: Path) -> None:
    def broken() -> Iterator[ox.Quad]:
        yield from _many_quads(MANY)
        raise OSError("the store went away")

    error = _finishes(write_rdf_dumps, tmp_path, [NQ], broken())
    assert isinstance(error, OSError) and "went away" in str(error)


def _dataset() -> list[ox.Quad]:
    """Plain graphs, and blank nodes in the default graph, a big graph and two small ones
    (one blank node in both); labels as random as a parser's."""
    quads = list(_store())
    shape, other = ox.BlankNode(), ox.BlankNode()
    label = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    for graph in (_n("graph/shapes"), _n("graph/more")):
        quads.append(ox.Quad(shape, RDF_TYPE, _n("Shape"), graph))
        quads.append(ox.Quad(other, label, ox.Literal(graph.value), graph))
    quads.append(ox.Quad(_n("thing/0"), label, ox.BlankNode(), ox.DefaultGraph()))
    quads += [
        ox.Quad(_n(f"big/{i}"), label, ox.Literal(str(i)), _n("graph/big")) for i in range(50)
    ]
    quads.append(ox.Quad(_n("big/0"), label, ox.BlankNode(), _n("graph/big")))
    return quads


def _dump_bytes(folder: Path, quads: list[ox.Quad]) -> dict[str, bytes]:
    store = ox.Store(str(folder / "store"))
    store.bulk_extend(quads)
    write_rdf_dumps(folder, RDF_DUMPS, ordered_quads(store))
    return {fmt.name: (folder / fmt.name).read_bytes() for fmt in RDF_DUMPS}


@pytest.mark.parametrize("held", [dump.HELD_QUADS, 7])  # 7: the store looks for blank nodes
def test_stores_loaded_in_other_orders_dump_the_same_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, held: int
) -> None:
    monkeypatch.setattr(dump, "HELD_QUADS", held)
    quads = _dataset()
    shuffled = list(quads)
    random.Random(18).shuffle(shuffled)
    # parsed again: new blank node labels
    relabelled = list(
        ox.parse(ox.serialize(quads, format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
    )
    for name in "abc":
        (tmp_path / name).mkdir()
    first = _dump_bytes(tmp_path / "a", quads)
    assert first == _dump_bytes(tmp_path / "b", shuffled) == _dump_bytes(tmp_path / "c", relabelled)
    lines = first["kamergraph.nq"].decode().splitlines()
    assert len(lines) == len(quads)
    graphs = [line.split()[-2] if len(line.split()) == 5 else "default" for line in lines]
    # the graphs with blank nodes come last, whole, relabelled: the default graph, then by IRI
    tail = 1 + 51 + 2 + 2
    assert not any("_:" in line for line in lines[:-tail])
    assert all("_:c14n" in line for line in lines[-tail:] if "_:" in line)
    assert list(dict.fromkeys(graphs[-tail:])) == [
        "default",
        *(f"<{EX}graph/{name}>" for name in ("big", "more", "shapes")),
    ]
