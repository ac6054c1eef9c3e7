"""Test fixtures made on the spot: papers printed to PDF, and papers as official XML.

`print_pdf` sets a text the way a publisher's print does: a running header and footer and a
page number on every page, long lines wrapped with words hyphenated at the line end (and broken
after their own hyphen where they have one), footnotes in smaller type at the page foot. The
reader under test must undo all of it. The font is reportlab's bundled Bitstream Vera, embedded,
so every character has a text mapping and the test needs no system fonts.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import reportlab
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "Vera"
pdfmetrics.registerFont(TTFont(FONT, str(Path(reportlab.__file__).parent / "fonts" / "Vera.ttf")))
_VOWELS = set("aeiouyéëèïöü")
_GLYPHS = pdfmetrics.getFont(FONT).face.charToGlyph  # type: ignore[attr-defined]


def printable(text: str) -> str:
    """The text as the font can print it: a character it lacks becomes its compatibility form
    ("ĳ" -> "ij") or, without one (emoji), is left out. Tests compare against this text."""
    out = []
    for char in text:
        if char in "\n\t" or ord(char) in _GLYPHS:
            out.append(char)
            continue
        folded = unicodedata.normalize("NFKC", char)
        out.append(folded if all(ord(c) in _GLYPHS for c in folded) else "")
    return "".join(out)


@dataclass
class PrintSetup:
    """How a paper is set: type sizes, margins and the furniture every page carries."""

    size: float = 9
    leading: float = 12
    note_size: float = 7.5
    margin: float = 60
    width: float = 640  # measure of the text block, points: a seed line fits
    header: str = "Kamerstukken, generated print for the ingest tests"
    footer: str = "kamergraph test print  ISSN 0000-0000  's-Gravenhage"
    lines_per_page: int = 44
    footnotes: dict[int, list[str]] = field(default_factory=dict)  # page index -> "N text"


def _fits(text: str, setup: PrintSetup) -> bool:
    return pdfmetrics.stringWidth(text, FONT, setup.size) <= setup.width


def _hyphenate(word: str, room: str, setup: PrintSetup) -> tuple[str, str] | None:
    """Split a word so "head-" still fits after `room`: after its own hyphen if it has one, else
    before a consonant that starts a syllable ("asiel-zoekers"), keeping three letters a side."""
    if "-" in word.strip("-"):
        head = word[: word.rindex("-", 0, len(word) - 1) + 1]
        if _fits(room + head, setup):
            return head, word[len(head) :]
    if not re.fullmatch(r"[a-zà-ÿ]{8,}[,.;:]?", word):
        return None
    letters = word.rstrip(",.;:")
    for cut in range(len(letters) - 3, 2, -1):
        consonant_vowel = letters[cut] not in _VOWELS and letters[cut + 1] in _VOWELS
        if consonant_vowel and _fits(room + word[:cut] + "-", setup):
            return word[:cut] + "-", word[cut:]
    return None


def wrap(line: str, setup: PrintSetup) -> list[str]:
    """One source line as printed lines: spaces kept as set, long words hyphenated at the end.
    A table row (cells apart by tabs) is never wrapped."""
    if "\t" in line or _fits(line, setup):
        return [line]
    out: list[str] = []
    current = ""
    for token in re.split(r"( +)", line):
        if _fits(current + token, setup):
            current += token
            continue
        if token.startswith(" "):
            out.append(current)
            current = ""
            continue
        split = _hyphenate(token, current, setup)
        if split:
            out.append(current + split[0])
            current = split[1]
        else:
            out.append(current.rstrip())
            current = token
    out.append(current)
    return [x for x in out if x.strip()] or [""]


def print_pdf(text: str, path: Path, setup: PrintSetup | None = None) -> int:
    """Set `text` on pages (see the module docstring); returns the number of pages."""
    setup = setup or PrintSetup()
    printed = [
        p for line in text.split("\n") for p in (wrap(line, setup) if line.strip() else [""])
    ]
    height = A4[1]
    canvas = Canvas(str(path), pagesize=(setup.width + 2 * setup.margin, height))
    pages = [
        printed[i : i + setup.lines_per_page] for i in range(0, len(printed), setup.lines_per_page)
    ]
    for number, lines in enumerate(pages, 1):
        canvas.setFont(FONT, 8)
        canvas.drawString(setup.margin, height - 40, setup.header)
        y = height - 70
        canvas.setFont(FONT, setup.size)
        for line in lines:
            _draw_cells(canvas, setup, y, line)
            y -= setup.leading
        _footnotes(canvas, setup, setup.footnotes.get(number - 1, []))
        canvas.setFont(FONT, 8)
        canvas.drawString(setup.margin, 40, setup.footer)
        canvas.drawString(setup.margin + setup.width, 40, str(number))
        canvas.showPage()
    canvas.save()
    return len(pages)


def _draw_cells(canvas: Canvas, setup: PrintSetup, y: float, line: str) -> None:
    """A line, its tab-separated cells at tab stops 160 points apart (at least 20 apart)."""
    x = setup.margin
    for cell in line.split("\t"):
        if cell.strip():
            canvas.drawString(x, y, cell)
        end = x + pdfmetrics.stringWidth(cell, FONT, setup.size) + 20
        x = setup.margin + 160 * (int((end - setup.margin) // 160) + 1)


def _footnotes(canvas: Canvas, setup: PrintSetup, notes: list[str]) -> None:
    y = 60 + setup.note_size * 1.3 * sum(len(_note_lines(n, setup)) for n in notes)
    canvas.setFont(FONT, setup.note_size)
    for note in notes:
        for line in _note_lines(note, setup):
            canvas.drawString(setup.margin, y, line)
            y -= setup.note_size * 1.3


def _note_lines(note: str, setup: PrintSetup) -> list[str]:
    small = PrintSetup(size=setup.note_size, width=setup.width)
    return wrap(note, small)


def superscript(canvas: Canvas, x: float, y: float, mark: str, size: float) -> None:
    """A raised footnote mark in smaller type (for tests that place marks by hand)."""
    canvas.setFont(FONT, size * 0.6)
    canvas.drawString(x, y + size * 0.35, mark)
    canvas.setFont(FONT, size)
