"""An unseen consultation report: committee letter, the minister's numbered reply, restates."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kamergraph.extract import extract_source
from kamergraph.extract.manifest import ManifestRow
from kamergraph.extract.paper.normalise import clean
from kamergraph.records import Answer, Document, Question, Ref
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

REPORT = """De vaste commissie voor Immigratie en Asiel/JBZ-Raad1 van de Eerste Kamer der
Staten-Generaal heeft kennisgenomen van de brief over terugkeer. Naar aanleiding hiervan is
een brief gestuurd.
De commissie brengt bijgaand verslag uit van het gevoerde schriftelijk overleg.
De griffier van de vaste commissie voor Immigratie en Asiel / JBZ-Raad,
Verbeek
1 Samenstelling:
Pietersen (VVD), Karimi (GroenLinks-PvdA)
BRIEF VAN DE VOORZITTER VAN DE VASTE COMMISSIE VOOR IMMIGRATIE EN ASIEL / JBZ-RAAD
Aan de minister van Asiel en Migratie
Den Haag, 2 maart 2026
Vragen en opmerkingen van de leden van de fractie van de VVD
De leden van de fractie van de VVD vragen hoeveel mensen zijn teruggekeerd. Kan de regering dat
aangeven? Ook vragen zij wanneer de evaluatie verschijnt.
Vragen en opmerkingen van de leden van de fractie van GroenLinks-PvdA
De leden van de fractie van GroenLinks-PvdA vragen naar de kosten van terugkeer.
A.B. Jansen
Voorzitter van de vaste commissie voor Immigratie en Asiel / JBZ-Raad
BRIEF VAN DE MINISTER VAN ASIEL EN MIGRATIE
Aan de Voorzitter van de Eerste Kamer der Staten-Generaal
Den Haag, 30 maart 2026
Deze vragen werden ingezonden met kenmerk 180001.02U.
De Minister van Asiel en Migratie,
C.D. Vermeer
Vragen en opmerkingen van de leden van de fractie van de VVD
1. De leden van de fractie van de VVD vragen hoeveel mensen zijn teruggekeerd. Kan de regering
dat aangeven?
Antwoord: Dat waren er 1.200.
2. Ook vragen zij wanneer de evaluatie verschijnt.
Antwoord: In juni.
Vragen en opmerkingen van de leden van de fractie van GroenLinks-PvdA
3. De leden van de fractie van GroenLinks-PvdA vragen naar de kosten van terugkeer.
Antwoord: Dat waren er 1.200.
"""


def test_unseen_consultation_report(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text(REPORT, encoding="utf-8")
    manifest = {"report.txt": ManifestRow("report.txt", "verslag-terugkeer", "ConsultationReport")}
    ex = extract_source(path, load_reference(PROJECT_ROOT / "data" / "reference"), manifest)
    report, letter, reply = [d for d in ex.of_type(Document) if d.is_source]
    assert report.ref.key == "verslag-terugkeer" and report.kind == "ConsultationReport"
    assert letter.ref.key == "letter-2026-03-02-180001-02U"
    assert reply.ref.key == "letter-2026-03-30-180001-02U"
    assert letter.part_of == reply.part_of == report.ref
    assert reply.date == date(2026, 3, 30) and reply.creators == [Ref("person", "vermeer-c-d")]
    # "A.B. Jansen" is not senator Janssen: the registry's "Jansen" is a typo variant, and
    # printed initials the registry cannot confirm do not resolve through a variant
    assert letter.creators == [Ref("person", "jansen-a-b")]
    assert report.creators == [Ref("person", "verbeek")]

    questions = {q.ref.key: q for q in ex.of_type(Question)}
    numbered = [questions[f"{reply.ref.key}/question/{n}"] for n in (1, 2, 3)]
    assert [q.asked_by for q in numbered] == [
        Ref("party", "vvd"),
        Ref("party", "vvd"),
        Ref("party", "groenlinks-pvda"),
    ]
    # the letter's unnumbered copy is a second span of the same question, not a question more
    assert len(questions) == 3
    letter_words = [clean(ex.text[q.spans[0].start : q.spans[0].end]) for q in numbered]
    assert [len(q.spans) for q in numbered] == [2, 2, 2]
    assert letter_words[0].startswith("De leden van de fractie van de VVD vragen")
    assert letter_words[1] == "Ook vragen zij wanneer de evaluatie verschijnt."
    answers = {a.ref.key: a for a in ex.of_type(Answer)}
    first, third = answers[f"{reply.ref.key}/answer/1"], answers[f"{reply.ref.key}/answer/3"]
    assert first.same_text_as == [third.ref]
    assert numbered[0].answer == first.ref
