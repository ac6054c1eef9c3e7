"""Identity parsing: every printed form of a citation, T-number, motion id and date."""

from __future__ import annotations

from datetime import date

import pytest

from kamergraph.identifiers import (
    find_dutch_dates,
    find_kamerstuk_citations,
    find_t_numbers,
    normalise_dossier,
    parse_dutch_date,
    parse_kamerstuk,
    parse_motion_id,
    parse_session_year,
    parse_t_number,
    person_key,
    slugify,
)

CITATIONS = [
    ("Kamerstukken I 2024/25, 36600, nr. O", "kst-36600-O", "EK", "2024-2025"),
    ("TK vergaderjaar 2023-2023, 19 637, nr. 3662", "kst-19637-3662", "TK", None),
    ("36 600 XX, B", "kst-36600-XX-B", "EK", None),
    ("Kamerstukken I, 2024-2025, nr. 36.600 XX, B", "kst-36600-XX-B", "EK", "2024-2025"),
    ("Kamerstuk 36600-XX, nr. 5", "kst-36600-XX-5", "TK", None),
    ("36.600 XX, nr. 5", "kst-36600-XX-5", "TK", None),
    ("Kamerstukken I 2023/24, 30 573, I, bijlage, p. 19", "kst-30573-I", "EK", "2023-2024"),
    ("Tweede Kamer, vergaderjaar 2023-2024, 27 062, nr. 137", "kst-27062-137", "TK", "2023-2024"),
    ("EK vergaderjaar 2023-2024, nr. 36.333,I", "kst-36333-I", "EK", "2023-2024"),
    ("Kamerstukken II 2024/25 19 637, nr. 3328", "kst-19637-3328", "TK", "2024-2025"),
    ("Kamerstuk 36600-XX-52", "kst-36600-XX-52", "TK", None),
    ("Kamerstuk: 19637-3307", "kst-19637-3307", "TK", None),
    (
        "Tweede Kamer, vergaderjaar 2022-2023, 19 637, nr. 3.100",
        "kst-19637-3100",
        "TK",
        "2022-2023",
    ),
]


@pytest.mark.parametrize(("printed", "key", "chamber", "year"), CITATIONS)
def test_kamerstuk_forms_normalise_to_one_key(
    printed: str, key: str, chamber: str, year: str
) -> None:
    cit = parse_kamerstuk(printed)
    assert cit is not None
    assert (cit.key, cit.chamber, cit.session_year) == (key, chamber, year)


def test_same_paper_cited_two_ways_has_one_key() -> None:
    a = parse_kamerstuk("Kamerstukken I, 2024-2025, nr. 36.600 XX, B")
    b = parse_kamerstuk("36 600 XX, B")
    assert a is not None and b is not None and a.key == b.key


def test_dossier_citation_without_paper_number_has_no_document_key() -> None:
    cit = parse_kamerstuk("EK vergaderjaar 2024-2025, 36 600 XX")
    assert cit is not None
    assert cit.key is None and cit.dossier == "36600-XX"


def test_annex_and_page_are_kept() -> None:
    cit = parse_kamerstuk("Kamerstukken I 2023/24, 30 573, I, bijlage, p. 73-74.")
    assert cit is not None and cit.annex and cit.page == "73-74"


@pytest.mark.parametrize("printed", ["2023-2034", "2023-2023", "2024/26"])
def test_impossible_session_years_are_flagged_not_guessed(printed: str) -> None:
    year = parse_session_year(printed)
    assert year.value is None and year.problem


def test_impossible_year_in_citation_is_flagged() -> None:
    cit = parse_kamerstuk("TK vergaderjaar 2023-2034, 19 637, nr. 3306")
    assert cit is not None
    assert cit.session_year is None and "2023-2034" in (cit.session_year_problem or "")
    assert cit.key == "kst-19637-3306"


@pytest.mark.parametrize(
    ("printed", "expected"), [("2024/25", "2024-2025"), ("1999/00", "1999-2000")]
)
def test_session_year_forms(printed: str, expected: str) -> None:
    assert parse_session_year(printed).value == expected


def test_amounts_are_not_citations() -> None:
    text = "ca. 83.000 opvangplekken, waarvan 17.960 statushouders en € 54.750 per jaar"
    assert find_kamerstuk_citations(text) == []


def test_t_number_with_glued_footnote() -> None:
    tn = parse_t_number("T0372612")
    assert tn is not None and tn.number == "T03726" and tn.footnote == 12
    [(start, end, found)] = find_t_numbers("op toezegging T0372612 en")
    assert found.number == "T03726" and "op toezegging T0372612 en"[start:end] == "T03726"


@pytest.mark.parametrize(
    ("printed", "key"),
    [("36.333, I", "36333-I"), ("36.600 XX, M", "36600-XX-M"), ("19 637, nr. 3328", "19637-3328")],
)
def test_motion_ids(printed: str, key: str) -> None:
    assert parse_motion_id(printed) == key


@pytest.mark.parametrize(
    ("printed", "key"), [("36 600 XX", "36600-XX"), ("36.333", "36333"), ("19 637", "19637")]
)
def test_dossier_ids(printed: str, key: str) -> None:
    assert normalise_dossier(printed) == key


def test_dates_with_glued_footnote_and_inferred_year() -> None:
    assert parse_dutch_date("10 december 2025") == parse_dutch_date("op 10 december 2025.")
    glued = parse_dutch_date("bij brief van 14 juni 20242 aan")
    assert glued is not None and glued.value == date(2024, 6, 14) and glued.footnote == 2
    jl = parse_dutch_date("op 18 maart jl.", reference=date(2025, 12, 10))
    assert jl is not None and jl.value == date(2025, 3, 18) and jl.inferred
    later = parse_dutch_date("op 25 december jl.", reference=date(2025, 12, 10))
    assert later is not None and later.value == date(2024, 12, 25)
    assert parse_dutch_date("18 maart jl.").value is None  # no letter date: no guess


def test_date_span_excludes_footnote() -> None:
    text = "bij brief van 14 juni 20242 aan"
    [(start, end, _d)] = find_dutch_dates(text)
    assert text[start:end] == "14 juni 2024"


def test_slugs_and_person_keys() -> None:
    assert slugify("Ministerie van Asiel & Migratie") == "ministerie-van-asiel-migratie"
    assert slugify("Oekraïne één twee drie", max_words=2) == "oekraine-een"
    assert person_key("Van der Goot", "A.Sj.") == "van-der-goot-a-sj"
    assert person_key("Faber-Van de Klashorst", "M.H.M.") == "faber-van-de-klashorst-m-h-m"
    assert person_key("Bovens") == "bovens"


def test_numeric_dates() -> None:
    from kamergraph.identifiers import NUMERIC_DATE_RE, numeric_date

    m = NUMERIC_DATE_RE.search("peildatum 27-1-2025; afgerond")
    assert m is not None and numeric_date(m) == date(2025, 1, 27)
    bad = NUMERIC_DATE_RE.search("31-2-2025")
    assert bad is not None and numeric_date(bad) is None
    assert NUMERIC_DATE_RE.search("nr. 2024-2025") is None


@pytest.mark.parametrize("raw", ["36600-XX-M", "36600-XX, M", "36.600 XX, M"])
def test_a_motion_key_parses_back_to_itself(raw: str) -> None:
    assert parse_motion_id(raw) == "36600-XX-M"
