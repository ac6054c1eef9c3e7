"""Official XML with its metadata.xml, HTML pages, YAML sidecars: read, and who wins.

Every publication is built here from a real corpus paper's text (tests/publications.py); the
metadata carries the fields officielebekendmakingen publishes.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from kamergraph.extract import SourceError, extract_source
from kamergraph.extract.formats.dispatch import read_any
from kamergraph.records import Document, Extraction, Person, Ref
from kamergraph.reference import Reference, load_reference
from tests.conftest import REFERENCE
from tests.corpus import corpus_text
from tests.publications import kamerstuk_xml, metadata_xml, web_page, write_pair

VERSLAG = "ek_36600-xx-s_verslag_schriftelijk_overleg_2025.txt"
MOTIE = "ek_35300-vi-v_motie_2020.txt"
OFFICIAL_TITLE = "Verslag van een schriftelijk overleg over het samenhangend pakket huisvesting"
VERSLAG_FIELDS = [
    ("DC.identifier", "kst-36600-XX-S"),
    ("OVERHEIDop.dossiernummer", "36600-XX"),
    ("OVERHEIDop.ondernummer", "S"),
    ("OVERHEIDop.vergaderjaar", "2025-2026"),
    ("DC.type", "Kamerstuk"),
    ("DC.type", "Verslag van een schriftelijk overleg"),
    ("DC.creator", "Eerste Kamer der Staten-Generaal"),
    ("DC.title", OFFICIAL_TITLE),
    ("DCTERMS.issued", "2025-11-18"),
    ("OVERHEIDop.publicationName", "Kamerstuk"),
]


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference(REFERENCE)


def _paragraphs(name: str, start: str) -> list[str]:
    text = corpus_text(name)
    return [line for line in text[text.index(start) :].split("\n") if line.strip()]


def verslag_pair(folder: Path, fields: list[tuple[str, str]] = VERSLAG_FIELDS) -> Path:
    xml = kamerstuk_xml(
        _paragraphs(VERSLAG, "Vastgesteld 14 november 2025"),
        chamber="Eerste Kamer",
        year="2025-2026",
        dossier="36 600 XX",
        dossier_title="Vaststelling van de begrotingsstaten van het Ministerie van Asiel en "
        "Migratie (XX) voor het jaar 2026",
        number="S",
        heading="VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    )
    return write_pair(folder, "kst-36600-XX-S.xml", xml, metadata_xml(fields))


def main_document(extraction: Extraction) -> Document:
    return next(d for d in extraction.of_type(Document) if d.is_source)


# --------------------------------------------------------------------------- publication XML


def test_the_xml_reads_as_the_printed_paper(tmp_path: Path) -> None:
    reading = read_any(verslag_pair(tmp_path / "pub"))
    assert reading.format == "xml"
    lines = reading.text.split("\n\n")
    assert lines[:4] == [
        "Eerste Kamer der Staten-Generaal",
        "Vergaderjaar 2025-2026",
        "36 600 XX  Vaststelling van de begrotingsstaten van het Ministerie van Asiel en "
        "Migratie (XX) voor het jaar 2026",
        "S VERSLAG VAN EEN SCHRIFTELIJK OVERLEG",
    ]
    assert lines[4] == "Vastgesteld 14 november 2025"
    metadata = reading.metadata
    assert (metadata.dossier, metadata.paper_number, metadata.chamber) == ("36600-XX", "S", "EK")
    assert metadata.session_year == "2025-2026" and metadata.identifier == "kst-36600-XX-S"
    assert metadata.kind == "Verslag van een schriftelijk overleg"
    assert metadata.extra == {"OVERHEIDop.publicationName": "Kamerstuk"}


def test_official_metadata_wins_over_the_text(tmp_path: Path, reference: Reference) -> None:
    text_only = tmp_path / "verslag.txt"
    text_only.write_text(corpus_text(VERSLAG), encoding="utf-8")
    from_text = main_document(extract_source(text_only, reference, {}))
    assert from_text.ref.key == "kst-36600-XX-S"  # its header table gives it too
    extraction = extract_source(verslag_pair(tmp_path / "pub"), reference, {})
    doc = main_document(extraction)
    assert doc.ref == Ref("document", "kst-36600-XX-S")
    assert (doc.dossier, doc.paper_number, doc.chamber) == ("36600-XX", "S", "EK")
    assert doc.session_year == "2025-2026" and doc.title == OFFICIAL_TITLE
    assert doc.identifier == "kst-36600-XX-S" and doc.kind == "ConsultationReport"
    assert doc.ref not in doc.cites  # a paper never cites itself
    assert any(r.ref == Ref("dossier", "36600-XX") for r in extraction.records)


def test_a_motion_gets_its_submitters_and_date_from_the_metadata(
    tmp_path: Path, reference: Reference
) -> None:
    xml = kamerstuk_xml(
        _paragraphs(MOTIE, "De Kamer,"),
        chamber="Eerste Kamer",
        year="2019-2020",
        dossier="35 300 VI",
        dossier_title="Vaststelling van de begrotingsstaten van het Ministerie van Justitie en "
        "Veiligheid (VI) voor het jaar 2020",
        number="V",
        heading="MOTIE VAN HET LID VELDHOEN C.S.",
    )
    fields = [
        ("DC.identifier", "kst-35300-VI-V"),
        ("OVERHEIDop.dossiernummer", "35300-VI"),
        ("OVERHEIDop.ondernummer", "V"),
        ("OVERHEIDop.vergaderjaar", "2019-2020"),
        ("DC.type", "Motie"),
        ("DC.creator", "Eerste Kamer der Staten-Generaal"),
        ("OVERHEIDop.indiener", "Veldhoen"),
        ("OVERHEIDop.indiener", "Huizinga-Heringa, J.C."),
        ("OVERHEIDop.datumIndiening", "2020-03-10"),
    ]
    path = write_pair(tmp_path / "motie", "kst-35300-VI-V.xml", xml, metadata_xml(fields))
    extraction = extract_source(path, reference, {})
    doc = main_document(extraction)
    assert doc.ref.key == "kst-35300-VI-V" and doc.date == date(2020, 3, 10)
    assert doc.date_kind == "ingediend" and doc.chamber == "EK"
    persons = {p.ref: p for p in extraction.of_type(Person)}
    assert len(doc.creators) == 2
    made = [persons[ref] for ref in doc.creators if ref in persons]
    assert all(p.family_name in ("Veldhoen", "Huizinga-Heringa") for p in made)


def test_a_footnote_leaves_its_mark_and_follows_the_body(tmp_path: Path) -> None:
    sentence = _paragraphs(VERSLAG, "De vaste commissie voor Immigratie")[0]
    head, _, rest = sentence.partition("JBZ-Raad1")
    xml = (
        "<officiele-publicatie><kamerstuk><stuk><algemeen><vrije-tekst><tekst>"
        f"<al>{head}JBZ<?xpp fc?>-Raad<noot id='n1' type='voet'><noot.nr>1</noot.nr>"
        "<noot.al>Samenstelling: Van Bijsterveld (CDA), Dittrich (D66).</noot.al></noot>"
        f"{rest}</al></tekst></vrije-tekst></algemeen><tekst-sluiting><ondertekening>"
        "<functie>De griffier</functie> van de commissie,<naam><voorletters>J.</voorletters>"
        "<achternaam>Dragstra</achternaam></naam></ondertekening></tekst-sluiting></stuk>"
        "</kamerstuk></officiele-publicatie>"
    )
    path = tmp_path / "noot.xml"
    path.write_text(xml, encoding="utf-8")
    text = read_any(path).text
    assert f"{head}JBZ-Raad1{rest}" in text
    assert text.endswith(
        "De griffier van de commissie,\n\nJ. Dragstra\n\n"
        "1 Samenstelling: Van Bijsterveld (CDA), Dittrich (D66).\n"
    )


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("<kamerstuk><stuk><al>open", r"bad\.xml:1: XML does not parse"),
        ("<?xml version='1.0'?>\n<rss><item/></rss>", r"bad\.xml:2: <rss> is not an"),
    ],
)
def test_xml_that_is_no_publication_is_refused_with_its_line(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=reason):
        read_any(path)


def test_an_entity_is_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "entity.xml"
    path.write_text(
        '<?xml version="1.0"?><!DOCTYPE k [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        "<kamerstuk><al>De Kamer, &x;</al></kamerstuk>",
        encoding="utf-8",
    )
    assert "root:" not in read_any(path).text


# --------------------------------------------------------------------------- sidecars


def test_a_sidecar_wins_over_the_metadata_and_the_text(
    tmp_path: Path, reference: Reference
) -> None:
    path = verslag_pair(tmp_path / "pub")
    path.with_name(path.name + ".yaml").write_text(
        "title: Verslag schriftelijk overleg huisvesting statushouders\n"
        "date: 2025-11-14\n"
        "date_kind: vastgesteld\n"
        "note: corrected by hand from the printed paper\n",
        encoding="utf-8",
    )
    doc = main_document(extract_source(path, reference, {}))
    assert doc.title == "Verslag schriftelijk overleg huisvesting statushouders"
    assert (doc.date, doc.date_kind) == (date(2025, 11, 14), "vastgesteld")
    assert doc.ref.key == "kst-36600-XX-S"  # what the sidecar leaves alone stays official
    assert read_any(path).metadata.extra["note"] == "corrected by hand from the printed paper"


def test_a_sidecar_supplies_the_identity_of_a_plain_text(
    tmp_path: Path, reference: Reference
) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(corpus_text("ek_36373-g_brief_2023.txt"), encoding="utf-8")
    path.with_name("brief.txt.yaml").write_text(
        "dossier: 36 373\npaper_number: G\nchamber: ek\nsession_year: 2023/24\n", encoding="utf-8"
    )
    doc = main_document(extract_source(path, reference, {}))
    assert doc.ref.key == "kst-36373-G" and doc.chamber == "EK"
    assert doc.session_year == "2023-2024" and doc.identifier == "kst-36373-G"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("title: x\nchamber: Senaat\n", r"\.yaml:2: chamber: chamber is EK or TK"),
        ("date: 14 november\n", r"\.yaml:1: date: date is an ISO date"),
        ("title: [unclosed\n", r"\.yaml:2: YAML does not parse"),
        ("- a list\n", r"\.yaml:1: a sidecar is a mapping"),
    ],
)
def test_a_wrong_sidecar_is_refused_with_its_line(
    tmp_path: Path, content: str, reason: str
) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(corpus_text("ek_36373-g_brief_2023.txt"), encoding="utf-8")
    path.with_name("brief.txt.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(SourceError, match=reason):
        read_any(path)


# --------------------------------------------------------------------------- HTML pages


def test_an_officielebekendmakingen_page_gives_its_paper_and_meta_tags(
    tmp_path: Path, reference: Reference
) -> None:
    paragraphs = _paragraphs(VERSLAG, "Vastgesteld 14 november 2025")
    meta = [(name.lower() if name.startswith("DC") else name, v) for name, v in VERSLAG_FIELDS]
    path = tmp_path / "kst-36600-XX-S.html"
    path.write_bytes(web_page(paragraphs, meta, '<div class="stuk">'))
    reading = read_any(path)
    assert reading.format == "html"
    assert reading.text.split("\n\n")[0] == "Vastgesteld 14 november 2025"
    for noise in ("Leden en commissies", "U bent hier", "Zoeken", "Over deze site", "tracking"):
        assert noise not in reading.text
    assert reading.metadata.identifier == "kst-36600-XX-S" and reading.metadata.chamber == "EK"
    doc = main_document(extract_source(path, reference, {}))
    assert doc.ref.key == "kst-36600-XX-S" and doc.title == OFFICIAL_TITLE


def test_an_eerstekamer_page_gives_its_main_content(tmp_path: Path, reference: Reference) -> None:
    text = corpus_text("ek_35788-k_motie_pagina_2022.txt")
    paragraphs = [" ".join(line.split()) for line in text.split("\n") if line.strip()]
    path = tmp_path / "motie.html"
    path.write_bytes(web_page(paragraphs, [], '<main id="main_content">'))
    reading = read_any(path)
    assert reading.text.rstrip("\n").split("\n\n") == paragraphs
    assert reading.metadata.identifier is None
    plain = tmp_path / "motie.txt"
    plain.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    assert (
        extract_source(path, reference, {}).records == extract_source(plain, reference, {}).records
    )


def test_an_empty_page_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "leeg.html"
    path.write_text("<html><body><nav>Home</nav></body></html>", encoding="utf-8")
    with pytest.raises(SourceError, match=r"leeg\.html:1: HTML page without text"):
        read_any(path)
