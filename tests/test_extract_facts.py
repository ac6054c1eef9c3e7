"""Laws, organisations, observations and cited papers the seed documents yield."""

from __future__ import annotations

from datetime import date

import pytest

from kamergraph.extract import extract_source, load_manifest
from kamergraph.records import Document, Extraction, Law, Observation, Organisation, Ref
from kamergraph.reference import load_reference
from kamergraph.settings import PROJECT_ROOT

SOURCES = PROJECT_ROOT / "data" / "sources"


@pytest.fixture(scope="module")
def ex() -> dict[str, Extraction]:
    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(SOURCES)
    paths = sorted(SOURCES.glob("*.txt"))
    return {p.name[:3]: extract_source(p, reference, manifest) for p in paths}


def _laws(extraction: Extraction) -> dict[str, Law]:
    return {law.ref.key: law for law in extraction.of_type(Law)}


def test_laws_with_articles(ex: dict[str, Extraction]) -> None:
    assert _laws(ex["001"])["wet-coa"].articles == ["3b"]
    assert _laws(ex["001"])["rva-2005"].articles == ["22a"]
    assert _laws(ex["002"])["spreidingswet"].articles == ["9"]  # "artikel 9 van de Wet"
    vw = _laws(ex["003"])["BWBR0011823"]
    assert {"110", "111"} <= set(vw.articles) and vw.bwb_id == "BWBR0011823"
    assert "huisvestingswet-2014" in _laws(ex["004"])


def test_law_aliases_resolve_to_one_law(ex: dict[str, Extraction]) -> None:
    spreiding = _laws(ex["002"])["spreidingswet"]
    quoted = {ex["002"].text[s.start : s.end] for s in spreiding.spans}
    assert "Spreidingswet" in quoted and "Wet Gemeentelijke Taak Opvangvoorzieningen" in quoted


def test_documents_cite_the_laws_they_name(ex: dict[str, Extraction]) -> None:
    [letter, _note] = [d for d in ex["001"].of_type(Document) if d.is_source]
    assert Ref("law", "wet-coa") in letter.cites and Ref("law", "spreidingswet") in letter.cites


def test_organisations(ex: dict[str, Extraction]) -> None:
    keys = {o.ref.key for o in ex["003"].of_type(Organisation)}
    assert {"coa", "ind", "nidos", "kmar", "dtenv", "vng", "provinciale-regietafels"} <= keys
    assert "igj" in {o.ref.key for o in ex["001"].of_type(Organisation)}
    committee = {o.ref.key for o in ex["004"].of_type(Organisation)}
    assert "commissie-immigratie-en-asiel-jbz-raad" in committee


def test_small_scale_reception_on_a_reference_date(ex: dict[str, Extraction]) -> None:
    first = ex["000"].of_type(Observation)[0]
    assert (first.value, first.date, first.date_inferred) == (23, date(2025, 11, 25), True)
    assert first.unit == "opvanglocaties"
    reasons = ex["000"].of_type(Observation)[2:]
    assert len(reasons) == 10 and sum(o.value for o in reasons) == 36


def test_rejection_table(ex: dict[str, Extraction]) -> None:
    rows = [o for o in ex["001"].of_type(Observation) if o.unit == "leads"]
    assert len(rows) == 10 and rows[-1].subject == "Eindtotaal" and rows[-1].value == 50
    assert sum(o.value for o in rows[:-1]) == 50
    assert all(o.date == date(2026, 6, 17) for o in rows)


def test_cited_papers(ex: dict[str, Extraction]) -> None:
    papers = {d.ref.key: d for d in ex["000"].of_type(Document) if not d.is_source}
    assert papers["kst-36600-XX-B"].date == date(2024, 12, 16)  # "brief van 16 december 2024[2]"
    [main] = [d for d in ex["000"].of_type(Document) if d.is_source]
    assert Ref("dossier", "36600-XX") in main.cites  # cited without a paper number
    tk = {d.ref.key: d for d in ex["002"].of_type(Document) if not d.is_source}
    assert tk["kst-19637-3306"].session_year is None  # printed "2023-2034": flagged, not guessed
    assert tk["kst-19637-3306"].chamber == "TK"


def test_cited_letters_take_the_date_their_mark_stands_by(ex: dict[str, Extraction]) -> None:
    memo = {d.ref.key: d for d in ex["003"].of_type(Document) if not d.is_source}
    assert memo["kst-36600-O"].date == date(2024, 10, 25)  # same sentence as the mark
    inline = memo["kst-19637-3307"]  # "In mijn brief van 1 november jl. (Kamerstuk: 19637-3307)"
    assert inline.date == date(2024, 11, 1) and inline.date_inferred
    reply = {d.ref.key: d for d in ex["004"].of_type(Document) if not d.is_source}
    assert reply["kst-27062-137"].date == date(2023, 12, 22)  # "22 december 202331"
    per_brief = reply["kst-19637-3211"]  # "Per brief37 van 5 maart jl."
    assert per_brief.date == date(2024, 3, 5) and per_brief.date_inferred
