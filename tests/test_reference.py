"""The curated registry: every row sourced, every variant resolving to one key."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

import pytest

from kamergraph.records import Law, Membership, Organisation, Party, Person
from kamergraph.reference import (
    Period,
    Reference,
    load_reference,
    name_pattern,
    parse_membership,
)
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
    assert kinds == {Party, Person, Organisation, Law, Membership}
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
    bwb = {law.ref.key: law.bwb_id for law in reference.laws.values() if law.bwb_id}
    assert bwb["grondwet"] == "BWBR0001840" and bwb["huisvestingswet-2014"] == "BWBR0035303"
    assert all(re.fullmatch(r"BWBR\d{7}", x) for x in bwb.values())
    assert len(set(bwb.values())) == len(bwb)
    assert all(re.fullmatch(r"3\d{4}[LR]\d{4}", x) for x in reference.law_celex.values())
    assert reference.law_celex["richtlijn-tijdelijke-bescherming"] == "32001L0055"


def _csv(name: str) -> list[dict[str, str]]:
    with (FOLDER / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize(
    "name", ["parties.csv", "persons.csv", "organisations.csv", "laws.csv", "commitments.csv"]
)
def test_keys_are_unique_and_every_source_says_where(name: str) -> None:
    rows = _csv(name)
    keys = [row["key"] for row in rows]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    for row in rows:
        source = row["source"]
        # a URL, a seed file, a real paper named by what it is, or an honest admission
        assert re.search(
            r"https?://|\d{3}_[0-9a-f]{16}\.txt|real (EK|TK)|general knowledge", source
        ), row["key"]
        for url in re.findall(r"https?://[^\s;,)\"]+", source):
            host = url.split("/")[2]
            assert not host.endswith(
                ("eerstekamer.nl", "tweedekamer.nl", "officielebekendmakingen.nl")
            ), (row["key"], url)  # those sites feed the blind test set


def test_person_keys_follow_the_convention(reference: Reference) -> None:
    from kamergraph.identifiers import person_key

    for key, person in reference.persons.items():
        assert key in (
            person_key(person.family_name, person.initials),
            person_key(person.family_name),
        ), key
        assert not person.initials or re.fullmatch(r"(?:(?:[A-Z][a-z]?|IJ)\.)+", person.initials)


def test_every_party_a_person_points_at_exists(reference: Reference) -> None:
    for key, person in reference.persons.items():
        if person.party:
            assert person.party.key in reference.parties, key
        for m in reference.memberships[key]:
            assert m.party is None or m.party in reference.parties, (key, m)
    for key, predecessors in reference.party_predecessors.items():
        assert all(p in reference.parties and p != key for p in predecessors), key


def test_every_row_period_parses_and_is_ordered() -> None:
    for name in ("parties.csv", "organisations.csv"):
        for row in _csv(name):
            period = Period.parse(row["period"])
            assert not (period.start and period.end) or period.start <= period.end
    for row in _csv("persons.csv"):
        cells = [c for c in row["memberships"].split("|") if c]
        for cell in cells:
            m = parse_membership(row["key"], cell)
            assert m.period.start is not None, (row["key"], cell)  # a seat starts somewhere
        starts = [parse_membership(row["key"], c).period.start for c in cells]
        assert starts == sorted(starts), row["key"]  # listed in order


def test_period_bounds() -> None:
    assert Period.parse("2019-06-11/2023-06-13") == Period(date(2019, 6, 11), date(2023, 6, 13))
    assert Period.parse("2020-12/2020-12") == Period(date(2020, 12, 1), date(2020, 12, 31))
    assert Period.parse("2021/2023") == Period(date(2021, 1, 1), date(2023, 12, 31))
    assert Period.parse("2023-06-13/").contains(date(2030, 1, 1))
    assert Period.parse("") == Period()
    for bad in ("2023", "2023-13-01/", "2023/2019", "juni 2019/"):
        with pytest.raises(ValueError):
            Period.parse(bad)
    with pytest.raises(ValueError):
        parse_membership("x", "senaat:vvd:2019/")


def test_senators_of_both_terms_and_their_memberships(reference: Reference) -> None:
    in_2020 = {p.ref.key for p in reference.members_on(date(2020, 6, 1))}
    in_2024 = {p.ref.key for p in reference.members_on(date(2024, 10, 23))}
    assert {"otten", "jorritsma", "rosenmoller", "kox-m-j-m", "karimi"} <= in_2020
    assert {"lagas", "van-der-goot-a-sj", "perin-gopie", "rosenmoller", "nanninga"} <= in_2024
    assert "kox-m-j-m" not in in_2024 and "jorritsma" not in in_2024
    assert len(in_2020) >= 40 and len(in_2024) >= 40
    assert all("senator" in reference.persons[k].roles for k in in_2020 | in_2024)


@pytest.mark.parametrize(
    ("person", "day", "body", "party"),
    [
        ("karimi", date(2021, 3, 1), "ek", "groenlinks"),
        ("karimi", date(2024, 3, 1), "ek", "groenlinks-pvda"),
        ("van-der-burg", date(2021, 3, 1), "ek", "vvd"),
        ("van-der-burg", date(2023, 3, 1), "kabinet", "vvd"),
        ("otten", date(2020, 6, 1), None, "fractie-otten"),
        ("van-pareren", date(2021, 6, 1), None, "fractie-van-pareren"),
        ("nanninga", date(2019, 9, 1), "ek", "fvd"),
        ("nanninga", date(2024, 9, 1), "ek", "ja21"),
        ("faber-van-de-klashorst-m-h-m", date(2024, 9, 1), "kabinet", "pvv"),
    ],
)
def test_party_of_a_person_on_a_day(
    reference: Reference, person: str, day: date, body: str | None, party: str
) -> None:
    assert reference.party_of(person, day, body) == reference.parties[party].ref


def test_party_of_is_none_without_a_membership(reference: Reference) -> None:
    assert reference.party_of("van-der-burg", date(2023, 3, 1), "ek") is None
    assert reference.party_of("struycken", date(2024, 9, 1)) is None  # non-party
    assert reference.party_of("de-man", date(2024, 9, 1)) is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("CU", "christenunie"),
        ("GL", "groenlinks"),
        ("GroenLinks", "groenlinks"),
        ("PvdA", "pvda"),
        ("Partij van de Arbeid", "pvda"),
        ("GL/PvdA", "groenlinks-pvda"),
        ("PvdD", "pvdd"),
        ("Partij voor de Dieren", "pvdd"),
        ("FvD", "fvd"),
        ("Forum voor Democratie", "fvd"),
        ("Nieuw Sociaal Contract", "nsc"),
        ("NSC", "nsc"),
        ("BoerBurgerBeweging", "bbb"),
        ("Fractie-Otten", "fractie-otten"),
        ("Groep Otten", "fractie-otten"),
        ("Fractie-Van Pareren", "fractie-van-pareren"),
        ("OSF", "osf"),
        ("OPNL", "opnl"),
        ("Onafhankelijke Politiek Nederland", "opnl"),
        ("Fractie Den Haan", "fractie-den-haan"),
        ("BIJ1", "bij1"),
        ("DENK", "denk"),
    ],
)
def test_party_variants_resolve(reference: Reference, label: str, key: str) -> None:
    assert reference.party(label) == reference.parties[key].ref


def test_splits_and_renames(reference: Reference) -> None:
    assert reference.party_predecessors["groenlinks-pvda"] == ["groenlinks", "pvda"]
    assert "fvd" in reference.party_predecessors["ja21"]
    assert reference.party_predecessors["fractie-otten"] == ["fvd"]
    assert reference.party_periods["groenlinks-pvda"].start == date(2023, 6, 13)
    assert "EK" in reference.party_chambers["osf"] and "TK" in reference.party_chambers["nsc"]
    assert reference.party("Omtzigt") is None  # a person's name is never a party label


def test_ministries_and_committees(reference: Reference) -> None:
    aenm = reference.organisation_periods["ministerie-van-asiel-en-migratie"]
    assert aenm.start == date(2024, 7, 2) and aenm.end is None
    venj = reference.organisation_periods["ministerie-van-veiligheid-en-justitie"]
    jenv = reference.organisation_periods["ministerie-van-justitie-en-veiligheid"]
    assert venj.end is not None and jenv.start is not None and venj.end <= jenv.start
    labels = {label for org in reference.organisations.values() for label in org.alt_labels}
    assert "vaste commissie voor Immigratie en Asiel" in labels


@pytest.mark.parametrize(
    ("printed", "key"),
    [
        ("Broekers", "broekers-knol"),
        ("Broekers-Knol", "broekers-knol"),
        ("mr. drs. C.A. van der Maat", "van-der-maat-c-a"),
        ("Van der Burg", "van-der-burg"),
        ("Yeşilgöz", "yesilgoz-zegerius"),
        ("Van Weel", "van-weel"),
        ("Struycken", "struycken"),
        ("Rosenmöller", "rosenmoller"),
        ("Van Aelst", "van-aelst-den-uijl"),
        ("Lagas-Meijer", "lagas"),
    ],
)
def test_new_names_resolve(reference: Reference, printed: str, key: str) -> None:
    person = reference.person(printed)
    assert person is not None and person.ref.key == key


def test_name_pattern_matches_all_hyphenations() -> None:
    import re

    pattern = re.compile(name_pattern("Faber-Van de Klashorst"))
    for text in ("Faber-Van de Klashorst", "Faber- Van de Klashorst", "Faber – van de Klashorst"):
        assert pattern.fullmatch(text), text


def test_missing_folder_gives_empty_registry(tmp_path: Path) -> None:
    assert load_reference(tmp_path).records() == []


def test_every_curated_seat_becomes_a_membership_with_its_period() -> None:
    """A senator who changed seats (EK twice, then the cabinet) has one membership per seat."""
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import ORG, TIME, XSD

    from kamergraph.build import describe
    from kamergraph.iris import mint
    from kamergraph.records import Ref

    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    graph = Graph()
    for seat in reference.seats():
        assert seat.party.key in reference.parties, seat.ref
        for triple in describe(seat):
            graph.add(triple)
    person = mint(Ref("person", "faber-van-de-klashorst-m-h-m"))
    seats = sorted(graph.subjects(ORG.member, person))
    starts = sorted(
        str(
            graph.value(
                graph.value(graph.value(s, ORG.memberDuring), TIME.hasBeginning), TIME.inXSDDate
            )
        )
        for s in seats
    )
    assert starts == ["2019-06-11", "2023-06-13", "2024-07-02"]
    assert all(graph.value(s, ORG.organization) == mint(Ref("party", "pvv")) for s in seats)
    still = URIRef(f"{mint(Ref('person', 'van-der-goot-a-sj'))}/membership/ek-opnl-2023-06-13")
    assert graph.value(graph.value(still, ORG.memberDuring), TIME.hasEnd) is None  # sitting
    assert Literal("2019-06-11", datatype=XSD.date) in set(graph.objects(None, TIME.inXSDDate))
