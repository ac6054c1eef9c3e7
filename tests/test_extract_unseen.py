"""Hand-written letters that are not the seed texts: the same code must read them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kamergraph.extract import extract_source
from kamergraph.records import Answer, Commitment, Document, Motion, Person, Question, Ref, Report
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

LETTER_LINES = """ 36 999 VI  Vaststelling van de begrotingsstaten van het Ministerie van

Justitie (VI) voor het jaar 2027

B   BRIEF VAN DE STAATSSECRETARIS VAN JUSTITIE

 Aan de Voorzitter van de Eerste Kamer der Staten-Generaal

 Den Haag, 3 februari 2027

In deze brief bericht ik u over de stand van zaken van enkele toezeggingen.

Toezegging, naar aanleiding van een vraag van het lid Pietersen (VVD), om de Kamer
jaarlijks te informeren over de wachttijden (T05001).
Tijdens de begrotingsbehandeling op 12 november jl. heeft mijn voorganger dit
toegezegd. De wachttijden zijn gedaald. Het lid Jansen1 (SP) vroeg hier ook naar.

Motie van de leden Van Toorenburg (CDA) en Dittrich (D66) over het sneller
behandelen van aanvragen (36.999 VI, C)
De motie is uitgevoerd.


1 Toezegging Wachttijden jaarlijks (36.999 VI) (T05001) - Eerste Kamer der Staten-
Generaal

De Staatssecretaris van Justitie,


P.Q. de Vries
"""

MEMO_LINES = """Eerste Kamer der Staten-Generaal

Vergaderjaar 2026-2027

37 100  Wijziging van de Wet op de opvang

F  NOTA NAAR AANLEIDING VAN HET VERSLAG

  Ontvangen 9 maart 2027

VVD

Vraag:
Hoeveel kost dit?

Antwoord:
Dat is nog niet bekend.

Volt

Vraag:
Wanneer is de evaluatie?

Antwoord:
Dat is nog niet bekend.

De Minister van Asiel en Migratie,

M.H.M. Faber-Van de Klashorst
"""


def _pdf(text: str) -> str:
    """Give every line the trailing space PDF extraction leaves behind."""
    return "\n".join(line + " " for line in text.split("\n"))


LETTER = _pdf(LETTER_LINES)
MEMO = _pdf(MEMO_LINES)


@pytest.fixture(scope="module")
def reference():  # type: ignore[no-untyped-def]
    return load_reference(PROJECT_ROOT / "data" / "reference")


def _extract(tmp_path: Path, text: str, reference):  # type: ignore[no-untyped-def]
    path = tmp_path / "unseen.txt"
    path.write_text(text, encoding="utf-8")
    return extract_source(path, reference, {})


def test_unseen_letter(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(tmp_path, LETTER, reference)
    [doc] = [d for d in ex.of_type(Document) if d.is_source]
    assert doc.ref.key == "kst-36999-VI-B" and doc.date == date(2027, 2, 3)
    assert doc.chamber == "EK" and doc.dossier == "36999-VI"
    [signer] = doc.creators
    signatory = next(p for p in ex.of_type(Person) if p.ref == signer)
    assert signer.key == "de-vries-p-q" and signatory.roles == ["state-secretary"]
    commitment = next(c for c in ex.of_type(Commitment) if c.ref.key == "T05001")
    assert commitment.title == "Wachttijden jaarlijks" and commitment.dossier == "36999-VI"
    assert commitment.requested_by == [Ref("person", "pietersen")]
    assert commitment.requested_by_party == [Ref("party", "vvd")]
    assert commitment.made_on == date(2026, 11, 12) and commitment.made_on_inferred
    motion = next(m for m in ex.of_type(Motion))
    assert motion.ref.key == "36999-VI-C" and motion.status == []
    assert set(motion.submitters) == {Ref("person", "van-toorenburg"), Ref("person", "dittrich")}
    janssen = next(p for p in ex.of_type(Person) if p.ref.key == "janssen")
    assert janssen.party == Ref("party", "sp")
    reports = {r.reports_on.key for r in ex.of_type(Report)}
    assert reports == {"T05001", "36999-VI-C"}
    for record in ex.records:
        for span in record.spans:
            assert ex.text[span.start : span.end].strip() == ex.text[span.start : span.end]


def test_unseen_memorandum(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(tmp_path, MEMO, reference)
    [doc] = [d for d in ex.of_type(Document) if d.is_source]
    assert doc.ref.key == "kst-37100-F" and doc.kind == "MemorandumOfReply"
    questions = ex.of_type(Question)
    assert [q.asked_by for q in questions] == [Ref("party", "vvd"), Ref("party", "volt")]
    first, second = ex.of_type(Answer)
    assert first.same_text_as == [second.ref] and second.same_text_as == [first.ref]
    assert doc.creators == [Ref("person", "faber-van-de-klashorst-m-h-m")]


MINISTRY_LETTER = """> Retouradres Postbus 20301 2500 EH Den Haag

Aan de Voorzitter van de Eerste Kamer
der Staten-Generaal

Datum 14-5-2027
Betreft Voortgang toezeggingen opvang
Ons kenmerk
5551234

Toezegging aan mevrouw Bakker-Klein (CDA) over de wachtlijsten van Nidos¹

Nidos heeft de wachtlijst teruggebracht tot 40 jongeren.

¹ T05120

De Minister van Asiel en Migratie,

Bart van den Brink

nota

Voortgang toezeggingen opvang

Datum
2 april 2027

Onze referentie
5551200

1. Aanleiding

Met bijgaande Kamerbrief informeert u de Eerste Kamer over de voortgang.
"""


def test_unseen_ministry_letter_with_its_nota(tmp_path: Path, reference) -> None:  # type: ignore[no-untyped-def]
    ex = _extract(tmp_path, MINISTRY_LETTER, reference)
    letter, note = [d for d in ex.of_type(Document) if d.is_source]
    assert letter.ref.key == "letter-2027-05-14-5551234" and letter.chamber == "EK"
    assert letter.creators == [Ref("person", "van-den-brink-b")]
    assert note.ref.key == "note-2027-04-02-5551200" and note.kind == "Note"
    assert letter.ref in note.cites and note.part_of is None
    commitment = next(c for c in ex.of_type(Commitment) if c.ref.key == "T05120")
    assert commitment.requested_by == [Ref("person", "bakker-klein")]
    assert commitment.requested_by_party == [Ref("party", "cda")]
    [report] = [r for r in ex.of_type(Report) if r.reports_on == commitment.ref]
    assert report.in_document == letter.ref and "40 jongeren" in report.status_text


REVIEW_CASES = """ Aan de Voorzitter van de Eerste Kamer der Staten-Generaal

 Den Haag, 3 maart 2025

In mijn eerdere brief met kenmerk 5550001 heb ik u bericht over toezicht op opvang.

Toezegging, naar aanleiding van een vraag van het lid Dittrich (D66), over toezicht op opvang
(T03852).
Het toezicht is inmiddels geregeld.

Financiele gevolgen voor gemeenten in het komende begrotingsjaar

Zoals eerder aan de Tweede Kamer toegezegd, worden de gevolgen in kaart gebracht.

De Minister van Asiel en Migratie,

M.H.M. Faber-Van de Klashorst
"""


def test_cited_kenmerk_and_promises_to_the_tk_are_not_taken_for_this_letters(
    tmp_path: Path,
) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(REVIEW_CASES, encoding="utf-8")
    extraction = extract_source(path, load_reference(PROJECT_ROOT / "data" / "reference"))
    [letter] = [d for d in extraction.of_type(Document) if d.is_source]
    assert letter.reference is None  # 5550001 is the kenmerk of another letter
    assert [c.ref.key for c in extraction.of_type(Commitment)] == ["T03852"]
