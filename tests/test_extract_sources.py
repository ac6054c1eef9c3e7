"""What the five seed documents must yield: metadata, members, commitments, motions, Q&A."""

from __future__ import annotations

from datetime import date

import pytest

from kamergraph.extract import extract_source, load_manifest
from kamergraph.records import (
    Answer,
    Commitment,
    Document,
    Extraction,
    Motion,
    Person,
    Question,
    Ref,
    Report,
)
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "sources"


@pytest.fixture(scope="module")
def ex() -> dict[str, Extraction]:
    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(SOURCES)
    return {
        p.name[:3]: extract_source(p, reference, manifest) for p in sorted(SOURCES.glob("*.txt"))
    }


def _get(extraction: Extraction, kind: type, key: str):  # type: ignore[no-untyped-def]
    found = [r for r in extraction.of_type(kind) if r.ref.key == key]
    assert found, f"no {kind.__name__} {key}"
    return found[0]


def _sources(extraction: Extraction) -> list[Document]:
    return [d for d in extraction.of_type(Document) if d.is_source]


def test_000_letter_metadata(ex: dict[str, Extraction]) -> None:
    [doc] = _sources(ex["000"])
    assert doc.ref.key == "kst-36800-XX-A" and doc.kind == "Letter"
    assert (doc.dossier, doc.paper_number, doc.chamber) == ("36800-XX", "A", "EK")
    assert doc.date == date(2025, 12, 10)
    assert doc.creators == [Ref("person", "keijzer-m-c-g")]


def test_001_letter_and_nota_are_two_documents(ex: dict[str, Extraction]) -> None:
    letter, note = _sources(ex["001"])
    assert letter.ref.key == "letter-2026-07-03-7243752" and letter.kind == "Letter"
    assert note.ref.key == "note-2026-03-02-7243744" and note.kind == "Note"
    assert note.part_of is None and letter.ref in note.cites
    assert letter.creators == [Ref("person", "van-den-brink-b")]


def test_002_manifest_fills_what_the_text_lacks(ex: dict[str, Extraction]) -> None:
    [doc] = _sources(ex["002"])
    assert doc.ref.key == "letter-undated-asielopvang-moties-en-toezeggingen"
    assert doc.date is None and doc.creators == [Ref("person", "faber-van-de-klashorst-m-h-m")]


def test_003_memorandum(ex: dict[str, Extraction]) -> None:
    [doc] = _sources(ex["003"])
    assert doc.ref.key == "kst-36600-XX-E" and doc.kind == "MemorandumOfReply"
    assert (doc.session_year, doc.date) == ("2024-2025", date(2025, 2, 7))


def test_004_report_holds_two_letters(ex: dict[str, Extraction]) -> None:
    report, letter, reply = _sources(ex["004"])
    assert report.kind == "ConsultationReport"
    assert report.ref.key == "verslag-schriftelijk-overleg-staat-van-migratie-2024"
    assert letter.ref.key == "letter-2024-10-23-175416-01U"
    assert reply.ref.key == "letter-2025-01-07-175416-01U"
    assert letter.part_of == reply.part_of == report.ref
    assert letter.creators == [Ref("person", "van-hattem-a-w-j-a")]
    assert reply.creators == [Ref("person", "faber-van-de-klashorst-m-h-m")]
    assert report.creators == [Ref("person", "de-man")]


def test_members_with_parties(ex: dict[str, Extraction]) -> None:
    goot = _get(ex["000"], Person, "van-der-goot-a-sj")
    assert goot.party == Ref("party", "opnl") and "senator" in goot.roles
    rooijen = _get(ex["000"], Person, "van-rooijen")
    assert rooijen.party == Ref("party", "50plus")
    janssen = _get(ex["001"], Person, "janssen")
    assert len(janssen.spans) >= 3  # "Janssen" twice and the typo "Jansen"
    huizinga = _get(ex["001"], Person, "huizinga-heringa-j-c")
    assert huizinga.party == Ref("party", "christenunie")


def test_committee_composition(ex: dict[str, Extraction]) -> None:
    people = {p.ref.key for p in ex["004"].of_type(Person)}
    for key in ("croll", "marquart-scholtz", "janssen-van-helvoort", "van-den-oetelaar", "schalk"):
        assert key in people
    assert _get(ex["004"], Person, "janssen").party == Ref("party", "sp")


def test_commitments_of_000(ex: dict[str, Extraction]) -> None:
    keys = {c.ref.key for c in ex["000"].of_type(Commitment)}
    assert {"T03930", "T03987", "T03853", "T04004", "T03852"} <= keys
    t04004 = _get(ex["000"], Commitment, "T04004")
    assert t04004.made_on == date(2025, 3, 18) and t04004.made_on_inferred
    assert t04004.requested_by == [Ref("person", "van-hattem-a-w-j-a")]
    t03853 = _get(ex["000"], Commitment, "T03853")
    assert t03853.dossier == "36333" and t03853.requested_by_party == [Ref("party", "opnl")]
    untitled = [c for c in ex["000"].of_type(Commitment) if c.identifier is None]
    assert [c.ref.key for c in untitled] == [
        "nodossier-informeren-over-de-doorstroomlocaties-en-de-regeling-stimuleren"
    ]
    assert len(untitled[0].requested_by) == 3


def test_footnote_only_commitments_of_001(ex: dict[str, Extraction]) -> None:
    reports = {r.reports_on.key for r in ex["001"].of_type(Report)}
    assert {"T03930", "T03853", "T03987", "T03852", "36333-I", "36600-XX-M"} <= reports


def test_title_only_passages_of_002_link_to_t03853(ex: dict[str, Extraction]) -> None:
    reports = [r for r in ex["002"].of_type(Report) if r.reports_on.key == "T03853"]
    assert len(reports) == 1  # the repeated paragraph does not make a second report
    keys = {r.reports_on.key for r in ex["002"].of_type(Report)}
    assert {"T03930", "T03850", "T03852", "T02933", "T03848", "T03854", "T03726"} <= keys


def test_motions(ex: dict[str, Extraction]) -> None:
    perin = _get(ex["000"], Motion, "36333-I")
    assert perin.submitters == [Ref("person", "perin-gopie")] and perin.status == ["adopted"]
    meenen = _get(ex["002"], Motion, "36373-H")
    assert set(meenen.status) == {"adopted", "amended"}
    assert meenen.submitters == [Ref("person", "van-meenen")]
    assert _get(ex["001"], Motion, "36600-XX-M").submitters == [
        Ref("person", "huizinga-heringa-j-c")
    ]


def test_memorandum_questions(ex: dict[str, Extraction]) -> None:
    questions = ex["003"].of_type(Question)
    answers = ex["003"].of_type(Answer)
    assert len(questions) == len(answers) > 70
    assert all(q.answer is not None and q.asked_by is not None for q in questions)
    parties = [q.asked_by.key for q in questions if q.asked_by]
    assert parties[0] == "d66" and parties[-1] == "christenunie"
    assert sum(1 for a in answers if a.same_text_as) >= 15
    assert [q.position for q in questions] == list(range(1, len(questions) + 1))


def test_consultation_questions_are_linked_not_doubled(ex: dict[str, Extraction]) -> None:
    questions = ex["004"].of_type(Question)
    assert len(questions) == 32  # the committee letter's copies are not questions more
    assert all(q.ref.key.startswith("letter-2025-01-07") for q in questions)
    assert len(ex["004"].of_type(Answer)) == 32
    # each question is quoted twice: in the committee letter and, numbered, in the reply
    assert all(len(q.spans) == 2 and q.spans[0].start < q.spans[1].start for q in questions)
    assert questions[22].asked_by == Ref("party", "pvv")
