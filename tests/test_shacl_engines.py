"""pyshacl-turbo (the screen) and pyshacl (the reference) agree on every case the tests know.

The build trusts the screen for one thing (docs/decisions/017-shacl-screen.md): when it finds
no result, pyshacl would find none either. Held here on every valid and invalid shape example,
on every one-triple mutation of the valid ones (a triple dropped, a second value, a literal
retyped, a value swapped for an unknown node), on the cross-document violations and on the seed
build. The findings are compared whole: the same severity, focus node and path each, and the
same message, except where the engines are known to differ (below); each difference is pinned,
so a new one fails here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from kamergraph.iris import OA
from kamergraph.validate import Finding, load_ontology, load_shapes, pyshacl_report, screen_findings
from tests import test_validation_units as units
from tests.test_validate import INVALID, VALID, graph

EXAMPLE = "http://example.org/"
seed_quads = units.seed_quads  # the seed build's quads (a module fixture)
Triples = list[tuple]

#: Default messages (no sh:message in the shape) the engines word differently, as one form:
#: (pyshacl's wording, pyshacl-turbo's, the form). The report a build returns is pyshacl's.
WORDED_DIFFERENTLY = (
    (
        r"Value is not Literal with datatype \S+",
        r"DatatypeConstraintComponent violated at <.*>",
        "sh:datatype",
    ),
    (r"Value is not >= .*", r"MinInclusiveConstraintComponent violated at <.*>", "sh:minInclusive"),
    (
        r"Value does not conform to Shape (\S+)\. See details for more information\.",
        r"Value does not conform to Shape '(\S+)'\. See details for more information\.",
        r"sh:node \1",
    ),
)


@pytest.fixture(scope="module")
def vocabulary() -> tuple[Graph, Graph]:
    return load_shapes(), load_ontology()


def _renamed(triples: Triples, prefix: str) -> Triples:
    """The example's own nodes moved below `prefix`, so many cases share one data graph."""

    def move(term: object) -> object:
        if isinstance(term, URIRef) and str(term).startswith(EXAMPLE):
            return URIRef(prefix + str(term)[len(EXAMPLE) :])
        return term

    return [tuple(move(t) for t in triple) for triple in triples]


def _mutations(triples: Triples) -> Iterator[Triples]:
    """Every graph one change away from `triples` (see the module docstring)."""
    for i, (s, p, o) in enumerate(triples):
        rest = triples[:i] + triples[i + 1 :]
        yield rest
        if isinstance(o, Literal):
            yield [*triples, (s, p, Literal(f"{o}x", datatype=o.datatype, lang=o.language))]
            retyped = Literal(str(o)) if o.datatype else Literal(str(o), datatype=XSD.date)
            yield [*rest, (s, p, retyped)]
        elif p != RDF.type:
            yield [*rest, (s, p, URIRef(f"{EXAMPLE}unknown"))]


def _cases() -> dict[str, Triples]:
    cases: dict[str, Triples] = {}
    for name, turtle in VALID.items():
        triples = sorted(graph(turtle))
        cases[f"valid {name}"] = triples
        for n, mutated in enumerate(_mutations(triples)):
            cases[f"valid {name}, mutation {n}"] = mutated
    for name, (turtle, _path) in INVALID.items():
        cases[f"invalid {name}"] = list(graph(turtle))
    return cases


def _incomparable_bounds(triples: Triples) -> set[tuple[str, str, str, str]]:
    """pyshacl-turbo's one extra kind of result: `sh:lessThan oa:end` on a selector whose
    start or end is not a well-typed integer ("9x"^^xsd:integer, "3"): incomparable, so a
    violation by the SHACL spec (turbo); pyshacl skips the pair. Either way the screen has
    found something, so the graph goes to pyshacl."""
    bounds: dict[object, list[object]] = {}
    for s, p, o in triples:
        if p in (OA.start, OA.end):
            bounds.setdefault(s, []).append(o)
    return {
        ("Violation", str(s), str(OA.start), "a mention's start lies before its end")
        for s, values in bounds.items()
        if any(
            not (isinstance(v, Literal) and v.datatype == XSD.integer and not v.ill_typed)
            for v in values
        )
    }


def _form(message: str, engine: int) -> str:
    """A message in the form both engines share (see WORDED_DIFFERENTLY)."""
    for row in WORDED_DIFFERENTLY:
        if (matched := re.fullmatch(row[engine], message)) is not None:
            return matched.expand(row[2])
    return message


def _compare(turbo: list[Finding], reference: list[Finding], data: Triples) -> None:
    """The same findings, up to the known differences (see the module docstring)."""
    theirs = Counter((f.severity, f.focus, f.path, _form(f.message, 1)) for f in turbo)
    ours = Counter((f.severity, f.focus, f.path, _form(f.message, 0)) for f in reference)
    assert ours - theirs == Counter()  # nothing pyshacl finds goes unseen by the screen
    extra = theirs - ours
    assert set(extra) <= _incomparable_bounds(data), extra
    assert all(n == 1 for n in extra.values())


def test_the_engines_agree_on_every_example_and_its_mutations(
    vocabulary: tuple[Graph, Graph],
) -> None:
    cases = _cases()
    assert len(cases) > 250  # the mutations were generated, not an empty loop
    prefixes = {name: f"{EXAMPLE}case{n}/" for n, name in enumerate(sorted(cases))}
    data = [t for name, ts in cases.items() for t in _renamed(ts, prefixes[name])]
    turbo = screen_findings(data, *vocabulary)
    reference = pyshacl_report(data, *vocabulary).findings
    _compare(turbo, reference, data)
    assert _incomparable_bounds(data)  # the known difference was exercised
    judged = {name for name, prefix in prefixes.items() if any(prefix in f.focus for f in turbo)}
    assert {name for name in cases if name.startswith("invalid")} <= judged
    assert (
        not {name for name in cases if name.startswith("valid ") and "mutation" not in name}
        & judged
    )
    assert len(judged) > 100  # many mutations break a shape


def test_the_engines_agree_on_cross_document_violations(
    vocabulary: tuple[Graph, Graph],
) -> None:
    quads = units._cross_document_quads(URIRef("https://w3id.org/kamergraph/id/document/x"))
    triples = [q[:3] for q in quads]
    reference = pyshacl_report(triples, *vocabulary).findings
    assert reference
    _compare(screen_findings(triples, *vocabulary), reference, triples)


def test_the_engines_agree_on_the_seed_build(
    vocabulary: tuple[Graph, Graph], seed_quads: list
) -> None:
    triples = [q[:3] for q in seed_quads]
    assert screen_findings(triples, *vocabulary) == []
    assert pyshacl_report(triples, *vocabulary).findings == []
