"""The curated registry: every row sourced, every variant resolving to one key."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from kamergraph.records import Law, Organisation, Party, Person
from kamergraph.reference import Reference, load_reference, name_pattern
from kamergraph.settings import PROJECT_ROOT

FOLDER = PROJECT_ROOT / "data" / "reference"


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference(FOLDER)


def test_every_row_names_its_source() -> None:
    files = sorted(FOLDER.glob("*.csv"))
    assert len(files) >= 4
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path
        assert all(row["source"].strip() for row in rows), path


def test_records_cover_the_four_registries(reference: Reference) -> None:
    records = reference.records()
    kinds = {type(r) for r in records}
    assert kinds == {Party, Person, Organisation, Law}
    assert all(not r.spans for r in records)
    assert len({r.ref for r in records}) == len(records)


@pytest.mark.parametrize("label", ["ChristenUnie", "Christen Unie", "CU", "christenunie"])
def test_party_variants(reference: Reference, label: str) -> None:
    ref = reference.party(label)
    assert ref is not None and ref.key == "christenunie"


def test_party_abbreviations(reference: Reference) -> None:
    assert reference.party("GroenLinks-PvdA").key == "groenlinks-pvda"  # type: ignore[union-attr]
    assert reference.party("50PLUS").key == "50plus"  # type: ignore[union-attr]
    assert reference.party("Piratenpartij") is None


@pytest.mark.parametrize(
    "printed",
    [
        "Faber-Van de Klashorst",
        "M.H.M. Faber- Van de Klashorst",
        "M.H.M. Faber – Van de Klashorst",
        "M.H.M. Faber–van de Klashorst",
    ],
)
def test_minister_spellings_resolve_to_one_key(reference: Reference, printed: str) -> None:
    person = reference.person(printed)
    assert person is not None and person.ref.key == "faber-van-de-klashorst-m-h-m"


def test_typo_and_near_names(reference: Reference) -> None:
    assert reference.person("Jansen").ref.key == "janssen"  # type: ignore[union-attr]
    assert reference.person("Janssen-van Helvoort").ref.key == "janssen-van-helvoort"  # type: ignore[union-attr]
    assert reference.person("drs. A.Sj. van der Goot").ref.key == "van-der-goot-a-sj"  # type: ignore[union-attr]
    assert reference.person("Bart van den Brink").ref.key == "van-den-brink-b"  # type: ignore[union-attr]
    assert reference.person("Pietersen") is None


def test_ministers_and_clerk_roles(reference: Reference) -> None:
    for key in ("keijzer-m-c-g", "van-den-brink-b", "faber-van-de-klashorst-m-h-m"):
        assert "minister" in reference.persons[key].roles
    assert reference.persons["de-man"].roles == ["clerk"]


def test_laws_and_aliases(reference: Reference) -> None:
    vw = reference.laws["BWBR0011823"]
    assert vw.bwb_id == "BWBR0011823" and "Vw 2000" in vw.alt_labels
    spreiding = reference.laws["spreidingswet"]
    assert spreiding.dossier == "36333"
    assert "Wet Gemeentelijke Taak Opvangvoorzieningen" in spreiding.alt_labels
    assert sum(1 for law in reference.laws.values() if law.bwb_id) == 1


def test_name_pattern_matches_all_hyphenations() -> None:
    import re

    pattern = re.compile(name_pattern("Faber-Van de Klashorst"))
    for text in ("Faber-Van de Klashorst", "Faber- Van de Klashorst", "Faber – van de Klashorst"):
        assert pattern.fullmatch(text), text


def test_missing_folder_gives_empty_registry(tmp_path: Path) -> None:
    assert load_reference(tmp_path).records() == []
