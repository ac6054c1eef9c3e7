"""One resolver for every citation form: in `kamergraph`, at `/-/resolve`, and from the shell.

Why: people cite the same paper, commitment or law in many ways; each way that occurs in the
documents must lead to the one thing it names, an ambiguous one must say so, an unknown one
must suggest what is near. The forms are read from the seed texts themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamergraph.cli import main
from kamergraph.identifiers import find_kamerstuk_citations, find_t_numbers
from kamergraph.pipeline import run_build
from kamergraph.resolve import Entry, crosswalk, resolve
from kamergraph.store import DiskStore, GraphStore
from tests.conftest import REFERENCE, SOURCES

ID = "https://w3id.org/kamergraph/id/"
SEEDS = sorted(SOURCES.glob("*.txt"))


@pytest.fixture(scope="module")
def entries(built_store: GraphStore) -> list[Entry]:
    return crosswalk(built_store)


def _found(text: str, entries: list[Entry]) -> str:
    resolution = resolve(text, entries)
    assert resolution.outcome == "found", (text, resolution.matches, resolution.suggestions)
    return resolution.matches[0].entity.removeprefix(ID)


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("T03853", "commitment/T03853"),
        ("36 600 XX, E", "document/kst-36600-XX-E"),
        ("Kamerstukken I 2024/25, 36 600 XX, E", "document/kst-36600-XX-E"),
        ("kst-36600-XX-E", "document/kst-36600-XX-E"),
        ("36.333", "dossier/36333"),
        ("36 600 XX", "dossier/36600-XX"),
        ("Spreidingswet", "law/spreidingswet"),
        ("Vw 2000", "law/BWBR0011823"),
        ("BWBR0011823", "law/BWBR0011823"),
        ("https://www.eerstekamer.nl/toezegging/kijken_naar_laatste_lid_van", "commitment/T03850"),
        ("https://eerstekamer.nl/9370000/1/j9vvkfvj6b325az/vmigm729qjrd", "commitment/T03930"),
        ("www.eerstekamer.nl/motiedossier/36373_h_gewijzigde_motie_van", "motion/36373-H"),
        ("OPNL", "party/opnl"),
        ("7243752", "document/letter-2026-07-03-7243752"),  # "Onze referentie 7243752"
        ("  t03853 ", "commitment/T03853"),
    ],
)
def test_each_citation_form_of_the_issue_resolves(
    text: str, thing: str, entries: list[Entry]
) -> None:
    assert _found(text, entries) == thing


def _printed_forms() -> list[tuple[str, str, str]]:
    """(source, printed citation, key it names) for every T-number and kamerstuk citation."""
    forms = []
    for path in SEEDS:
        text = path.read_text(encoding="utf-8")
        for start, end, tn in find_t_numbers(text):
            forms.append((path.name, text[start:end], f"commitment/{tn.number}"))
        for start, end, citation in find_kamerstuk_citations(text):
            key = f"document/{citation.key}" if citation.key else f"dossier/{citation.dossier}"
            forms.append((path.name, " ".join(text[start:end].split()), key))
    return sorted(set(forms))


def test_every_citation_printed_in_the_seeds_resolves_to_what_it_names(
    entries: list[Entry],
) -> None:
    forms = _printed_forms()
    assert len(forms) >= 40
    wrong = []
    for source, printed, key in forms:
        resolution = resolve(printed, entries)
        things = {m.entity.removeprefix(ID) for m in resolution.matches}
        if key not in things:
            wrong.append((source, printed, key, sorted(things)))
    assert not wrong


def test_a_motion_and_its_paper_share_a_citation_so_it_is_ambiguous(entries: list[Entry]) -> None:
    resolution = resolve("36.333, I", entries)
    assert resolution.outcome == "ambiguous"
    assert {m.entity.removeprefix(ID) for m in resolution.matches} == {
        "motion/36333-I",
        "document/kst-36333-I",
    }


def test_a_committee_letter_and_its_reply_share_a_kenmerk(entries: list[Entry]) -> None:
    resolution = resolve("175416.01U", entries)
    assert resolution.outcome == "ambiguous"
    assert {m.entity.removeprefix(ID) for m in resolution.matches} == {
        "document/letter-2024-10-23-175416-01U",
        "document/letter-2025-01-07-175416-01U",
    }


def test_unknown_ids_get_suggestions(entries: list[Entry]) -> None:
    near = resolve("Spreidingsweet", entries)
    assert near.outcome == "unknown"
    assert near.suggestions[0].entity == ID + "law/spreidingswet"
    partial = resolve("T0385", entries)
    assert {ID + f"commitment/T0385{n}" for n in (0, 2, 3)} <= {
        s.entity for s in partial.suggestions
    }
    assert resolve("T99999", entries).outcome == "unknown"
    assert resolve("", entries).outcome == "unknown"


def test_the_route_redirects_to_the_page(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/-/resolve", query_string={"id": "Kamerstukken I 2024/25, 36 600 XX, E"})
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/id/document/kst-36600-XX-E")
    page = client.get(response.headers["Location"])
    assert page.status_code == 200


def test_the_route_answers_json(client) -> None:  # type: ignore[no-untyped-def]
    found = client.get("/-/resolve?id=T03853", headers={"Accept": "application/json"})
    assert found.status_code == 200 and found.json["outcome"] == "found"
    assert found.json["matches"][0]["page"] == "/id/commitment/T03853"
    ambiguous = client.get("/-/resolve?id=36.333, I", headers={"Accept": "application/json"})
    assert ambiguous.status_code == 300 and len(ambiguous.json["matches"]) == 2
    unknown = client.get("/-/resolve?id=Spreidingsweet", headers={"Accept": "application/json"})
    assert unknown.status_code == 404 and unknown.json["suggestions"]


def test_the_route_lists_candidates_and_suggestions(client) -> None:  # type: ignore[no-untyped-def]
    ambiguous = client.get("/-/resolve?id=36.333, I")
    assert ambiguous.status_code == 300 and b"/id/motion/36333-I" in ambiguous.data
    unknown = client.get("/-/resolve?id=Spreidingsweet")
    assert unknown.status_code == 404 and b"/id/law/spreidingswet" in unknown.data
    assert client.get("/-/resolve").status_code == 400


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("resolve") / "store"
    run_build(SOURCES, REFERENCE, DiskStore(folder))
    return folder


def test_the_cli_resolves_like_the_route(disk_store: Path) -> None:
    runner = CliRunner()
    found = runner.invoke(main, ["resolve", "36 600 XX, E", "--store", str(disk_store)])
    assert found.exit_code == 0 and found.output.strip() == ID + "document/kst-36600-XX-E"
    ambiguous = runner.invoke(main, ["resolve", "36.333, I", "--store", str(disk_store)])
    assert ambiguous.exit_code == 2
    unknown = runner.invoke(
        main, ["resolve", "Spreidingsweet", "--json", "--store", str(disk_store)]
    )
    assert unknown.exit_code == 1
    assert json.loads(unknown.output)["suggestions"][0]["entity"] == ID + "law/spreidingswet"
