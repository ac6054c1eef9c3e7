"""The safe term serialiser: the only way request values reach SPARQL text."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from server.terms import TermError, iri_term, is_absolute_iri, literal_term, values_block, variable


@pytest.mark.parametrize(
    "iri",
    [
        "https://w3id.org/kamergraph/id/commitment/T03853",
        "urn:isbn:0451450523",
        "http://example.org/a?b=c#d",
        "https://example.org/caf\u00e9",
    ],
)
def test_absolute_iris_are_wrapped(iri: str) -> None:
    assert iri_term(iri) == f"<{iri}>"
    assert is_absolute_iri(iri)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "relative/path",
        "http://example.org/> } ; DROP ALL ; { <x",
        "http://example.org/a b",
        'http://example.org/"',
        "http://example.org/{x}",
        "http://example.org/\\u003e",
        "http://example.org/\n",
    ],
)
def test_anything_that_could_close_the_iri_is_refused(value: str) -> None:
    with pytest.raises(TermError):
        iri_term(value)


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        'with "quotes"',
        "back\\slash",
        "new\nline\r\ttab",
        '"""',
        "' OR 1=1 } #",
        "caf\u00e9",
    ],
)
def test_literals_round_trip_through_the_sparql_parser(value: str) -> None:
    """Whatever the value, the query sees exactly that string, not syntax."""
    store = ox.Store()
    query = f"SELECT ?v WHERE {{ {values_block('v', [literal_term(value)])} }}"
    [solution] = list(store.query(query))
    assert solution["v"] == ox.Literal(value)


def test_typed_and_tagged_literals() -> None:
    assert literal_term("2024-01-31", datatype="http://www.w3.org/2001/XMLSchema#date") == (
        '"2024-01-31"^^<http://www.w3.org/2001/XMLSchema#date>'
    )
    assert literal_term("toezegging", language="nl") == '"toezegging"@nl'
    with pytest.raises(TermError):
        literal_term("x", language="nl } DROP ALL")
    with pytest.raises(TermError):
        literal_term("x", datatype="not an iri")
    with pytest.raises(TermError):
        literal_term("x", datatype="http://x/", language="nl")


def test_variables_must_be_plain_names() -> None:
    assert variable("party") == "?party"
    assert variable("?party") == "?party"
    for bad in ("", "a b", "x}", "1x;"):
        with pytest.raises(TermError):
            variable(bad)
