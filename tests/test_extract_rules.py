"""The identity tables, row by row: every rule reads the example its source column quotes.

Why: kinds, dates and number forms are data (`kamergraph/extract/rules/*.csv`); a row that no
longer matches its own documented example is a broken rule, whatever the corpus scores say.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from kamergraph.extract.paper.identity import read_identity
from kamergraph.extract.rules import date_rules, kind_rules, number_rules

_QUOTED = re.compile(r'"([^"]+)"')


def _example(source: str) -> str | None:
    """The first quoted phrase of a rule's source note, if it gives one ("\\n" a line break)."""
    m = _QUOTED.search(source)
    return m.group(1).replace("\\n", "\n") if m else None


def test_the_tables_are_not_empty() -> None:
    assert len(kind_rules()) >= 30 and len(date_rules()) >= 10 and len(number_rules()) >= 15


@pytest.mark.parametrize("rule", [r for r in kind_rules() if r.where == "heading"], ids=str)
def test_each_heading_rule_reads_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    example = _example(rule.source)
    if example is None:
        assert rule.source == "official kamerstuk heading"
        return
    heading = example.split('" / "')[-1]
    identity = read_identity(heading + "\n")
    assert identity.kind == rule.kind, (heading, identity.found_by)


@pytest.mark.parametrize("rule", [r for r in kind_rules() if r.where != "heading"], ids=str)
def test_each_cue_rule_matches_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    example = _example(rule.source)
    assert example is not None, "every page and body rule quotes an example"
    assert rule.cue.search(example.replace("...", "het voorstel")), example


@pytest.mark.parametrize("rule", date_rules(), ids=lambda r: r.date_kind)
def test_each_date_rule_reads_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    example = _example(rule.source)
    assert example is not None
    identity = read_identity(example.replace("...", "Van der Burg"))
    assert identity.date is not None and identity.date_kind == rule.date_kind, example


@pytest.mark.parametrize("rule", number_rules(), ids=lambda r: r.form)
def test_each_number_form_matches_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    example = _example(rule.source)
    assert example is not None and rule.pattern.search(example.replace("...", "")), example


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Eerste Kamer der Staten-Generaal2019-202035300-VI nr. V\n\n"
            "35 300 VI Vaststelling van de begrotingsstaten\n\nV MOTIE VAN HET LID X C.S.\n\n"
            "Voorgesteld 10 maart 2020\n",
            ("MotionPaper", "35300-VI", "V", "EK", "2019-2020", date(2020, 3, 10), "voorgesteld"),
        ),
        (
            "19 637 Vreemdelingenbeleid\nNr. 2625\nMOTIE VAN DE LEDEN A EN B\n"
            "Voorgesteld tijdens het Notaoverleg van 3 juni 2020\n",
            ("MotionPaper", "19637", "2625", "TK", None, date(2020, 6, 3), "voorgesteld"),
        ),
        (
            "| Tweede Kamer der Staten-Generaal | 2024-2025 | 36600-XX nr. 5 |\n"
            "Vastgesteld 24 oktober 2024\nDe vaste commissie heeft de eer verslag uit te brengen "
            "in de vorm van een lijst van vragen met de daarop gegeven antwoorden.\n",
            ("CommitteeReport", "36600-XX", "5", "TK", "2024-2025", date(2024, 10, 24), None),
        ),
        (
            "Vragen van het lid X (JA21) aan de Staatssecretaris (ingezonden 3 november 2022).\n"
            "Antwoord van Staatssecretaris Y (Justitie) (ontvangen 4 november 2022)\n",
            ("WrittenQuestions", None, None, None, None, date(2022, 11, 4), "ontvangen"),
        ),
    ],
)
def test_identity_of_typical_headers(text: str, expected: tuple[object, ...]) -> None:
    i = read_identity(text)
    got = (i.kind, i.dossier, i.paper_number, i.chamber, i.session_year, i.date, i.date_kind)
    assert got[:6] == expected[:6]
    if expected[6]:
        assert i.date_kind == expected[6]


def test_official_metadata_wins_and_the_origin_only_fills_gaps() -> None:
    from kamergraph.extract.formats import OfficialMetadata

    text = "36 333 Regels\nNr. 14\nAMENDEMENT VAN HET LID X\nOntvangen 15 september 2023\n"
    metadata = OfficialMetadata(
        paper_number="15", date="2023-09-16", extra={"origin": "https://x/kst-36333-99.html"}
    )
    i = read_identity(text, metadata=metadata)
    assert (i.paper_number, i.date, i.found_by["paper_number"]) == (
        "15",
        date(2023, 9, 16),
        "metadata",
    )
    assert i.dossier == "36333" and i.kind == "AmendmentPaper"


def test_a_paper_without_header_says_what_is_missing() -> None:
    assert read_identity("Een boodschappenlijst.").missing == [
        "kind",
        "date",
        "dossier",
        "paper number",
    ]
