"""IRIs follow the vocabulary contract and come from keys only, so rebuilding keeps them."""

from __future__ import annotations

import pytest

from kamergraph.iris import KG, graph_of, mention_iri, mint, system_graph
from kamergraph.records import Ref, Span

BASE = "https://w3id.org/kamergraph/id/"


@pytest.mark.parametrize(
    ("ref", "iri"),
    [
        (Ref("commitment", "T03853"), BASE + "commitment/T03853"),
        (Ref("motion", "36600-XX-M"), BASE + "motion/36600-XX-M"),
        (Ref("dossier", "36600-XX"), BASE + "dossier/36600-XX"),
        (Ref("document", "kst-36600-XX-E"), BASE + "document/kst-36600-XX-E"),
        (Ref("person", "van-der-goot-a-sj"), BASE + "person/van-der-goot-a-sj"),
        (Ref("party", "groenlinks-pvda"), BASE + "party/groenlinks-pvda"),
        (Ref("law", "BWBR0011823"), BASE + "law/BWBR0011823"),
        (Ref("question", "kst-36600-XX-E/question/3"), BASE + "document/kst-36600-XX-E/question/3"),
        (Ref("answer", "kst-36600-XX-E/answer/3"), BASE + "document/kst-36600-XX-E/answer/3"),
    ],
)
def test_things_are_minted_from_their_keys(ref: Ref, iri: str) -> None:
    assert str(mint(ref)) == iri


def test_base_iri_is_configurable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_BASE_IRI", "http://localhost:5000/id")
    assert str(mint(Ref("party", "opnl"))) == "http://localhost:5000/id/party/opnl"


def test_keys_with_unsafe_characters_are_escaped() -> None:
    assert str(mint(Ref("organisation", "a b"))).endswith("organisation/a%20b")


def test_graphs_and_mentions() -> None:
    doc = Ref("document", "kst-36800-XX-A")
    assert str(graph_of(doc)) == BASE + "document/kst-36800-XX-A/graph"
    assert str(system_graph("reference")) == BASE + "graph/reference"
    m = mention_iri(doc, Ref("commitment", "T03853"), Span(10, 16))
    assert str(m) == BASE + "document/kst-36800-XX-A/mention/10-16-commitment-T03853"


def test_vocabulary_namespace_refuses_unknown_terms() -> None:
    assert str(KG.Commitment) == "https://w3id.org/kamergraph/def#Commitment"
    with pytest.raises(AttributeError):
        _ = KG.Comitment
