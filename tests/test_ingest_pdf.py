"""PDF sources: the layout pass rule by rule, then printed papers read back to the same facts.

The PDFs are printed by the tests themselves (tests/printing.py) from the seeds and from real
corpus papers, with running headers, footers, page numbers, hyphenated line ends and footnotes
at the page foot; reading them must give the records their text gives.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest
from reportlab.lib import pdfencrypt
from reportlab.pdfgen.canvas import Canvas

from kamergraph.extract import SourceError, extract_source, load_manifest
from kamergraph.extract.formats.dispatch import read_any
from kamergraph.extract.formats.hyphenation import join_hyphenated, keeps_hyphen
from kamergraph.extract.formats.pdf_layout import Line, Page, lay_out
from kamergraph.extract.manifest import ManifestRow
from kamergraph.reference import Reference, load_reference
from tests.conftest import REFERENCE, SOURCES
from tests.corpus import corpus_text, facts
from tests.printing import PrintSetup, print_pdf, printable

# --------------------------------------------------------------------------- hyphenation


@pytest.mark.parametrize(
    ("head", "tail", "words", "kept"),
    [
        ("asiel", "zoekers", set(), False),  # the typesetter's break
        ("Noord", "Holland", set(), True),  # a name's own hyphen
        ("PVV", "fractie", set(), True),  # party names keep theirs
        ("zee", "eend", set(), True),  # two vowels that would read as one
        ("auto", "ongeluk", set(), True),
        ("niet", "ontvankelijk", {"niet-ontvankelijk"}, True),  # the paper writes it so
        ("kalender", "halfjaar", {"kalenderhalfjaar"}, False),
        ("ide", "aal", set(), False),  # "ea" is no Dutch vowel pair
    ],
)
def test_a_hyphen_at_a_line_end_is_kept_only_where_the_word_has_one(
    head: str, tail: str, words: set[str], kept: bool
) -> None:
    assert keeps_hyphen(head, tail, words) is kept


def test_broken_words_are_joined_and_their_lines_merged() -> None:
    lines = ["opvang van asiel-", "zoekers in Noord-", "Holland en de Immigratie-", "en Natura-"]
    lines += ["lisatiedienst", "", "2019-", "2020"]
    assert join_hyphenated(lines) == [
        "opvang van asielzoekers in Noord-Holland en de Immigratie- en Naturalisatiedienst",
        "",
        "2019-",
        "2020",
    ]


def test_a_hyphen_followed_by_a_space_is_the_papers_own() -> None:
    assert join_hyphenated(["het asiel- ", "en migratiebeleid"]) == [
        "het asiel- ",
        "en migratiebeleid",
    ]


# --------------------------------------------------------------------------- the layout pass


def _page(number: int, texts: list[tuple[str, float]], top: float = 60) -> Page:
    """Lines 12 points apart; a text's number is its type size."""
    return Page(
        number, [Line(t, top + 12 * i, top + 12 * i + s, s) for i, (t, s) in enumerate(texts)]
    )


def test_page_numbers_headers_and_footers_go_and_footnotes_follow_the_body() -> None:
    header, footer = (
        ("Kamerstukken I 2025/26, 36 600 XX, S", 8),
        ("kst-36600-XX-S ISSN 0921-7371", 8),
    )
    first = [("De leden van de fractie van de PVV1 hebben", 10), ("vragen over asiel-", 10)]
    note = ("1 Kamerstukken I 2024/25, 36 600 XX, E", 7)
    second = [("zoekers gesteld.", 10), ("", 10), ("Den Haag, 1 oktober 2025", 10)]
    pages = [
        _page(1, [header, *first, note, footer, ("1", 8)]),
        _page(2, [header, *second, footer, ("2", 8)]),
    ]
    assert lay_out(pages) == (
        "De leden van de fractie van de PVV1 hebben\nvragen over asielzoekers gesteld.\n\n"
        "Den Haag, 1 oktober 2025\n\n1 Kamerstukken I 2024/25, 36 600 XX, E\n"
    )


def test_a_vertical_gap_becomes_blank_lines() -> None:
    tops = {"Eerste alinea.": 60, "Tweede alinea.": 84, "Na twee witregels.": 120}
    tops["Direct erna."] = 132
    page = Page(1, [Line(text, top, top + 10, 10) for text, top in tops.items()])
    assert (
        lay_out([page])
        == "Eerste alinea.\n\nTweede alinea.\n\n\nNa twee witregels.\nDirect erna.\n"
    )


# --------------------------------------------------------------------------- printed papers

CORPUS_PAPERS = [
    "ek_35300-vi-v_motie_2020.txt",
    "ek_35788-k_motie_pagina_2022.txt",
    "ek_36600-xx-s_verslag_schriftelijk_overleg_2025.txt",
    "misc_tk_aanhangsel_20222023_591_kamervragen_antwoord.txt",
    "tk_19637-3172_brief_2023.txt",
    "tk_35788-145_motie_2022.txt",
    "tk_36333-28_amendement_2023.txt",
    "tk_36410-vi-91_verslag_wetgevingsoverleg_2024.txt",
]
SEEDS = sorted(p.name for p in SOURCES.glob("*.txt"))


@pytest.fixture(scope="module")
def reference() -> Reference:
    return load_reference(REFERENCE)


def _both(  # type: ignore[no-untyped-def]
    text: str, stem: str, folder: Path, row: ManifestRow | None, setup: PrintSetup | None
):
    """The text as a .txt and printed as a .pdf, each with the manifest row (if any)."""
    txt, pdf = folder / f"{stem}.txt", folder / f"{stem}.pdf"
    txt.write_text(text, encoding="utf-8")
    pages = print_pdf(text, pdf, setup)
    manifest = {p.name: dataclasses.replace(row, file=p.name) for p in (txt, pdf)} if row else {}
    return txt, pdf, manifest, pages


def test_the_selection_is_what_the_suite_reads() -> None:
    assert len(SEEDS) == 5 and len(CORPUS_PAPERS) == 8


@pytest.mark.parametrize("name", CORPUS_PAPERS)
def test_a_printed_corpus_paper_gives_the_facts_of_its_text(
    name: str, tmp_path: Path, reference: Reference
) -> None:
    text = printable(corpus_text(name))
    txt, pdf, _, _pages = _both(text, Path(name).stem, tmp_path, None, PrintSetup(width=420))
    assert facts(extract_source(pdf, reference, {})) == facts(extract_source(txt, reference, {}))


@pytest.mark.parametrize("name", SEEDS)
def test_a_printed_seed_gives_the_facts_of_its_text(
    name: str, tmp_path: Path, reference: Reference
) -> None:
    """The seeds are themselves extractions of prints: the measure keeps their own lines, and
    only the lines longer than it (001's paragraphs) are wrapped and hyphenated anew."""
    row = load_manifest(SOURCES).get(name)
    text = printable((SOURCES / name).read_text(encoding="utf-8"))
    txt, pdf, manifest, pages = _both(text, Path(name).stem, tmp_path, row, None)
    assert pages > 1
    assert facts(extract_source(pdf, reference, manifest)) == facts(
        extract_source(txt, reference, manifest)
    )


_FOOTNOTE = re.compile(r"^\d \S")


def test_footnotes_at_the_page_foot_follow_the_body_with_their_marks(
    tmp_path: Path, reference: Reference
) -> None:
    """Seed 000 as its print has it: the footnotes of its first page in small type at the foot."""
    name = "000_c0a24f6b65b225cd.txt"
    lines = printable((SOURCES / name).read_text(encoding="utf-8")).split("\n")
    first = next(i for i, line in enumerate(lines) if _FOOTNOTE.match(line))
    last = next(i for i in range(first, len(lines)) if not lines[i].strip())
    notes = [" ".join(lines[first:last])]
    notes = re.split(r" (?=\d \S)", notes[0])  # one entry per footnote, continuation joined
    body = lines[:first] + lines[last:]
    setup = PrintSetup(footnotes={0: notes})
    pdf = tmp_path / "seed000.pdf"
    print_pdf("\n".join(body), pdf, setup)
    reading = read_any(pdf)
    assert reading.format == "pdf"
    tail = reading.text.rstrip("\n").split("\n")[-len(notes) :]
    assert tail == [n.strip() for n in notes]
    assert "per brief1 geïnformeerd" in reading.text  # the mark stays glued to its word
    row = load_manifest(SOURCES)[name]
    txt = tmp_path / "seed000.txt"
    txt.write_text("\n".join(body) + "\n\n" + "\n".join(notes) + "\n", encoding="utf-8")
    manifest = {p.name: dataclasses.replace(row, file=p.name) for p in (txt, pdf)}
    assert facts(extract_source(pdf, reference, manifest)) == facts(
        extract_source(txt, reference, manifest)
    )


# --------------------------------------------------------------------------- refusals


def test_an_encrypted_pdf_is_refused_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "locked.pdf"
    canvas = Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("geheim", canPrint=0))
    canvas.drawString(72, 700, "Den Haag, 1 oktober 2025")
    canvas.save()
    with pytest.raises(SourceError, match=r"locked\.pdf:1: encrypted PDF"):
        read_any(path)


def test_garbage_with_a_pdf_name_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pdf"
    path.write_bytes(b"%PDF-1.4\n\x00\x01 this is no PDF body")
    with pytest.raises(SourceError, match=r"kapot\.pdf:1: not a readable PDF"):
        read_any(path)


def test_a_pdf_without_a_text_layer_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.rect(72, 72, 300, 500, fill=1)  # an image of a page, not text
    canvas.showPage()
    canvas.save()
    with pytest.raises(SourceError, match="no text layer"):
        read_any(path)
