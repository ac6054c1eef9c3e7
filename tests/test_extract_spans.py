"""Every span of every record of the five seed documents quotes the exact words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from kamergraph.extract import extract_source, load_manifest
from kamergraph.extract.paper.normalise import clean
from kamergraph.identifiers import slugify
from kamergraph.records import Commitment, Document, Extraction, Party, Person, Question
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "sources"
FILES = sorted(SOURCES.glob("*.txt"))


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(SOURCES)
    return {p.name: extract_source(p, reference, manifest) for p in FILES}


def test_five_sources_collected(extractions: dict[str, Extraction]) -> None:
    assert len(extractions) == 5


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_text_is_the_source_with_only_newlines_normalised(
    path: Path, extractions: dict[str, Extraction]
) -> None:
    raw = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    assert extractions[path.name].text == raw


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_every_span_quotes_trimmed_words(path: Path, extractions: dict[str, Extraction]) -> None:
    ex = extractions[path.name]
    checked = 0
    for record in ex.records:
        for span in record.spans:
            quote = ex.text[span.start : span.end]
            assert 0 <= span.start < span.end <= len(ex.text), record.ref
            assert quote == quote.strip(), (record.ref, quote)
            checked += 1
    assert checked > 20


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_named_entity_spans_quote_their_names(
    path: Path, extractions: dict[str, Extraction]
) -> None:
    ex = extractions[path.name]
    for person in ex.of_type(Person):
        for span in person.spans:
            quoted = slugify(clean(ex.text[span.start : span.end])).replace("-", "")
            family = slugify(person.family_name).replace("-", "")
            assert family[:4] in quoted or quoted in family, (person.ref, quoted)
    for party in ex.of_type(Party):
        labels = {slugify(x).replace("-", "") for x in (party.pref_label, *party.alt_labels)}
        for span in party.spans:
            assert slugify(ex.text[span.start : span.end]).replace("-", "") in labels, party.ref


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_commitment_spans_name_the_commitment(
    path: Path, extractions: dict[str, Extraction]
) -> None:
    ex = extractions[path.name]
    for commitment in ex.of_type(Commitment):
        assert commitment.spans, commitment.ref
        for span in commitment.spans:
            quote = clean(ex.text[span.start : span.end])
            if re.fullmatch(r"T\d{5}", quote):
                assert quote == commitment.identifier
            else:
                assert re.search(r"[Tt]oezegging|toegezegd|^[A-Z]", quote), quote


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_question_spans_hold_the_question_text(
    path: Path, extractions: dict[str, Extraction]
) -> None:
    ex = extractions[path.name]
    for question in ex.of_type(Question):
        span = question.spans[-1]  # the numbered one; an earlier span is the letter's copy
        quoted = clean(ex.text[span.start : span.end])
        assert question.text.split()[:5] == quoted.split()[:5]


def test_documents_are_marked_as_sources(extractions: dict[str, Extraction]) -> None:
    for ex in extractions.values():
        sources = [d for d in ex.of_type(Document) if d.is_source]
        assert sources and all(d.kind != "ParliamentaryPaper" for d in sources)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_every_record_has_a_span(path: Path, extractions: dict[str, Extraction]) -> None:
    ex = extractions[path.name]
    assert [r.ref for r in ex.records if not r.spans] == []
