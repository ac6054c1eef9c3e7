"""Records -> RDF: golden cases compared by graph isomorphism, and mentions quoting their words."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.namespace import XSD

from kamergraph.build import describe, describe_mentions
from kamergraph.iris import KG, OA
from kamergraph.records import Commitment, Document, Person, Question, Ref, Span

GOLDEN = Path(__file__).parent / "golden"


def as_graph(triples) -> Graph:
    graph = Graph()
    for triple in triples:
        graph.add(triple)
    return graph


def assert_isomorphic(actual: Graph, expected: Graph) -> None:
    if to_isomorphic(actual) != to_isomorphic(expected):
        _both, only_actual, only_expected = graph_diff(
            to_isomorphic(actual), to_isomorphic(expected)
        )
        raise AssertionError(
            "graphs differ\n--- only built:\n"
            + only_actual.serialize(format="nt")
            + "--- only expected:\n"
            + only_expected.serialize(format="nt")
        )


def test_commitment_golden_case() -> None:
    commitment = Commitment(
        Ref("commitment", "T03853"),
        identifier="T03853",
        title="Periodiek overzicht ontwikkeling kleinschalige opvang",
        requested_by=[Ref("person", "van-der-goot-a-sj")],
        requested_by_party=[Ref("party", "opnl")],
        dossier="36333",
    )
    expected = Graph().parse(GOLDEN / "commitment.ttl")
    assert_isomorphic(as_graph(describe(commitment)), expected)


def test_document_dates_are_typed_and_inferred_ones_marked() -> None:
    doc = Document(
        Ref("document", "kst-36800-XX-A"),
        kind="Letter",
        title="Brief",
        date=date(2025, 12, 10),
        date_inferred=True,
        chamber="EK",
    )
    graph = as_graph(describe(doc))
    s = URIRef("https://w3id.org/kamergraph/id/document/kst-36800-XX-A")
    assert graph.value(s, URIRef("http://purl.org/dc/terms/date")) == Literal(
        "2025-12-10", datatype=XSD.date
    )
    assert graph.value(s, KG.dateInferred) == Literal(True)
    assert graph.value(s, KG.chamber) == KG.EersteKamer


def test_cited_document_without_a_kind_is_a_parliamentary_paper() -> None:
    graph = as_graph(describe(Document(Ref("document", "kst-19637-3662"))))
    assert (None, None, KG.ParliamentaryPaper) in graph


def test_mentions_quote_the_exact_words_at_their_offsets() -> None:
    text = "het lid Van der Goot (OPNL) vroeg"
    person = Person(
        Ref("person", "van-der-goot-a-sj"), name="A.Sj. van der Goot", spans=[Span(8, 20)]
    )
    graph = as_graph(describe_mentions(person, Ref("document", "d"), text))
    quotes = list(graph.objects(None, OA.exact))
    assert quotes == [Literal("Van der Goot")]
    assert {int(v) for v in graph.objects(None, OA.start)} == {8}


def test_question_links_to_its_answer_and_party() -> None:
    question = Question(
        Ref("question", "d/question/1"),
        document=Ref("document", "d"),
        position=1,
        text="Kan de minister ...?",
        asked_by=Ref("party", "d66"),
        answer=Ref("answer", "d/answer/1"),
    )
    graph = as_graph(describe(question))
    q = URIRef("https://w3id.org/kamergraph/id/document/d/question/1")
    assert graph.value(q, KG.askedBy) == URIRef("https://w3id.org/kamergraph/id/party/d66")
    assert graph.value(q, KG.position) == Literal(1)
