"""Members and parties read from the text alone (an empty registry): the phrasings that name them.

Why: the blind set holds members the registry does not know, so what the text yields is what a
new paper gets. Hand-written excerpts in the Kamer's layouts; none is a seed or corpus sentence.
"""

from __future__ import annotations

from pathlib import Path

from kamergraph.extract import extract_source
from kamergraph.identifiers import slugify
from kamergraph.records import Extraction, Party, Person, Question
from kamergraph.reference import Reference


def _read(tmp_path: Path, text: str) -> Extraction:
    path = tmp_path / "paper.txt"
    path.write_text(text, encoding="utf-8")
    return extract_source(path, Reference(), {})


def _people(extraction: Extraction) -> dict[str, str | None]:
    return {p.ref.key: p.party.key if p.party else None for p in extraction.of_type(Person)}


COMPOSITION = """Eerste Kamer der Staten-Generaal

Vergaderjaar 2026-2027

37 200  Wijziging van de Huisvestingswet

B  VERSLAG VAN DE VASTE COMMISSIE VOOR WONEN

Vastgesteld 3 maart 2027

1 Samenstelling:
Bakker (Volt), Marquart Scholtz (BBB), Janssen-van Helvoort (GroenLinks-PvdA), Kaljouw
(VVD), Van Hattem (PVV) (voorzitter), Koffeman (PvdD), Van den
Oetelaar (FVD), Van der Goot (OPNL)
"""


def test_a_committee_list_gives_every_member_with_the_party_beside_the_name(
    tmp_path: Path,
) -> None:
    people = _people(_read(tmp_path, COMPOSITION))
    assert people == {
        "bakker": "volt",
        "marquart-scholtz": "bbb",  # family names only: "Marquart" is no first name here
        "janssen-van-helvoort": "groenlinks-pvda",
        "kaljouw": "vvd",
        "van-hattem": "pvv",  # the post printed after the party does not end the list
        "koffeman": "pvdd",
        "van-den-oetelaar": "fvd",
        "van-der-goot": "opnl",
    }


def test_a_page_field_gives_first_names_and_the_bare_name_is_the_same_member(
    tmp_path: Path,
) -> None:
    text = """Kamerstuk 37300-12

Indiener(s): Pieter van Dalen (ChristenUnie)

Nr. 12 AMENDEMENT VAN HET LID VAN DALEN

Ontvangen 4 april 2027

De ondergetekende stelt het volgende amendement voor.

Van Dalen
"""
    people = _people(_read(tmp_path, text))
    assert people == {"van-dalen-p": "christenunie"}


def test_two_namesakes_with_initials_keep_the_bare_name_apart(tmp_path: Path) -> None:
    text = """Den Haag, 5 mei 2027

Indieners: Anna de Boer (SP) en Karel de Boer (CDA)

Het lid De Boer sprak ook.
"""
    people = _people(_read(tmp_path, text))
    assert {"de-boer-a", "de-boer-k", "de-boer"} <= set(people)  # which one spoke is unknown


def test_a_party_heading_in_a_memorandum_groups_its_questions(tmp_path: Path) -> None:
    text = """Eerste Kamer der Staten-Generaal

37 400  Wijziging van de Vreemdelingenwet 2000

C  MEMORIE VAN ANTWOORD

Ontvangen 6 juni 2027

SGP

Vraag: Hoe staat het met de opvang?

Antwoord: De opvang is op orde.

50PLUS

Vraag: Wanneer volgt de evaluatie?

Antwoord: Na de zomer.
"""
    extraction = _read(tmp_path, text)
    asked = [q.asked_by.key if q.asked_by else None for q in extraction.of_type(Question)]
    assert asked == ["sgp", "50plus"]


def test_a_capitalised_line_outside_questions_is_no_party(tmp_path: Path) -> None:
    text = """Den Haag, 7 juli 2027

BRIEF

SGP

Ik bericht u over de opvang.
"""
    assert not _read(tmp_path, text).of_type(Party)


def test_a_dash_between_names_separates_words_in_keys() -> None:
    assert slugify("Faber–van de Klashorst") == "faber-van-de-klashorst"


def test_a_registry_member_is_read_with_the_party_of_the_papers_date(tmp_path: Path) -> None:
    """Karimi sat for GroenLinks until June 2023 and for GroenLinks-PvdA after: a 2021 letter
    naming "het lid Karimi" without a party gets the party of 2021."""
    from kamergraph.reference import load_reference
    from kamergraph.settings import PROJECT_ROOT

    reference = load_reference(PROJECT_ROOT / "data" / "reference")

    def party_in(day: str) -> str | None:
        path = tmp_path / f"brief-{day.replace(' ', '-')}.txt"
        path.write_text(
            "Aan de Voorzitter van de Eerste Kamer der Staten-Generaal\n\n"
            f"Den Haag, {day}\n\nHet lid Karimi vroeg naar de opvang.\n",
            encoding="utf-8",
        )
        (person,) = [p for p in extract_source(path, reference, {}).of_type(Person)]
        return person.party.key if person.party else None

    assert party_in("3 maart 2021") == "groenlinks"
    assert party_in("3 maart 2025") == "groenlinks-pvda"
