"""Reading queries before running them: updates, SERVICE, FROM, and where VALUES go."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from server.sparqltext import (
    ROW_MARK,
    ROW_VARIABLE,
    insert_values,
    inspect_query,
    tokenize,
    where_group_offset,
    with_row_marker,
)
from server.terms import iri_term, values_block


@pytest.mark.parametrize(
    "text",
    [
        "INSERT DATA { <http://a> <http://b> <http://c> }",
        "PREFIX ex: <http://ex/>\nDELETE WHERE { ?s ?p ?o }",
        "BASE <http://x/> # comment\nload <http://example.org/data.ttl>",
        "CLEAR ALL",
        "drop graph <http://g>",
        "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    ],
)
def test_updates_are_recognised(text: str) -> None:
    assert inspect_query(text).is_update


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s ?p ?o }",
        "# INSERT DATA in a comment\nASK {}",
        'SELECT ("DELETE" AS ?x) {}',
        "PREFIX insert: <http://ex/>\nSELECT * { ?s insert:load ?o }",
    ],
)
def test_queries_are_not_updates(text: str) -> None:
    assert not inspect_query(text).is_update


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
        "select * { service silent ?endpoint { ?s ?p ?o } }",
        "SELECT * WHERE {\n  ?s ?p ?o .\n  SERVICE<file:///etc/passwd>{ ?a ?b ?c }\n}",
    ],
)
def test_service_calls_are_found(text: str) -> None:
    assert inspect_query(text).calls_service


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * { ?s <http://example.org/SERVICE> ?o }",
        "PREFIX ex: <http://ex/> SELECT * { ?s ex:SERVICE ?service }",
        "# SERVICE <http://x> {}\nSELECT * {}",
        'SELECT * { ?s ?p "SERVICE <http://x> {}" }',
        "SELECT * { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }",
    ],
)
def test_the_word_service_elsewhere_is_not_a_call(text: str) -> None:
    assert not inspect_query(text).calls_service


def test_from_clauses_are_resolved() -> None:
    facts = inspect_query(
        "BASE <http://example.org/base/>\nPREFIX g: <http://graphs/>\n"
        "SELECT * FROM <http://a/> FROM g:b FROM NAMED <rel> FROM NAMED g:c { ?s ?p ?o }"
    )
    assert facts.from_graphs == ["http://a/", "http://graphs/b"]
    assert facts.from_named_graphs == ["http://example.org/base/rel", "http://graphs/c"]
    assert inspect_query("SELECT * FROM nope:x { }").unresolved == ["nope:x"]
    assert inspect_query("SELECT * FROM <r> {}", base="http://h/sparql").from_graphs == [
        "http://h/r"
    ]


def test_tokens_keep_strings_iris_and_comments_whole() -> None:
    kinds = [t.kind for t in tokenize('SELECT ?x { ?x <http://a b> "c } d" } # { x')]
    assert kinds[:3] == ["word", "var", "other"]
    assert "string" in kinds and kinds[-1] == "comment"


@pytest.mark.parametrize(
    ("text", "marker"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", "WHERE {"),
        ("SELECT * { ?s ?p ?o }", "* {"),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "WHERE {"),
        ("# title: a { brace in a comment\nASK { ?s ?p ?o }", "ASK {"),
        ("SELECT * { { SELECT ?s WHERE { ?s ?p ?o } } }", "* {"),
        ('SELECT ("{" AS ?x) WHERE { ?s ?p ?o }', "WHERE {"),
    ],
)
def test_where_group_is_found(text: str, marker: str) -> None:
    assert where_group_offset(text) == text.index(marker) + len(marker)


def test_inserted_values_constrain_the_query() -> None:
    store = ox.Store()
    for s in ("a", "b"):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{s}"), ox.NamedNode("http://x/p"), ox.Literal(s)))
    text = "SELECT ?o WHERE { ?s <http://x/p> ?o } ORDER BY ?o"
    bound = insert_values(text, [values_block("s", [iri_term("http://x/b")])])
    assert [row["o"].value for row in store.query(bound)] == ["b"]
    assert insert_values(text, []) == text
    with pytest.raises(ValueError):
        where_group_offset("DESCRIBE <http://x>")


MARK = f"(<{ROW_MARK}> AS ?{ROW_VARIABLE}) "


@pytest.mark.parametrize(
    ("text", "before"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s", "WHERE"),
        ("PREFIX x: <http://x/>\nSELECT DISTINCT ?s ?o { ?s x:p ?o } ORDER BY ?o", "{ ?s x:p"),
        ("SELECT ?s FROM <http://g> WHERE { ?s ?p ?o } ORDER BY ?s", "FROM"),
        ("SELECT ?o (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?o", "WHERE"),
        ('SELECT ?s ("{" AS ?b) WHERE { ?s ?p ?o } order by desc(?s) LIMIT 3', "WHERE"),
    ],
)
def test_a_query_whose_rows_come_at_once_gets_the_row_marker_last(text: str, before: str) -> None:
    offset = text.index(before)
    assert with_row_marker(text) == text[:offset] + MARK + text[offset:]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o }",  # rows may trickle: the row writer streams them
        "SELECT * WHERE { ?s ?p ?o } ORDER BY ?s",  # the engine orders its columns
        "SELECT ?s WHERE { { SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s } }",  # inner ORDER only
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        f"SELECT ?{ROW_VARIABLE} WHERE {{ ?{ROW_VARIABLE} ?p ?o }} ORDER BY ?p",
        "SELECT ?s # ORDER BY in a comment\nWHERE { ?s ?p 'ORDER BY' }",
    ],
)
def test_other_queries_get_no_row_marker(text: str) -> None:
    assert with_row_marker(text) is None


def test_the_marked_query_answers_the_same_rows_with_the_marker_last() -> None:
    store = ox.Store()
    for s in ("a", "b", "c"):
        store.add(ox.Quad(ox.NamedNode(f"http://x/{s}"), ox.NamedNode("http://x/p"), ox.Literal(s)))
    text = (
        "SELECT ?o ?missing WHERE { ?s <http://x/p> ?o OPTIONAL { ?s <http://x/q> ?missing } }"
        " ORDER BY DESC(?o)"
    )
    marked = store.query(str(with_row_marker(text)))
    assert [v.value for v in marked.variables] == ["o", "missing", ROW_VARIABLE]
    rows = [(row["o"].value, row[ROW_VARIABLE]) for row in marked]
    assert rows == [(o, ox.NamedNode(ROW_MARK)) for o in ("c", "b", "a")]
