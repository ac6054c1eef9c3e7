"""PDF sources: characters with their positions (pdfplumber) -> lines -> the layout pass.

pdfplumber (on pdfminer.six) is used rather than pypdf because it hands over every character
with its box and type size: the layout pass needs those to tell a page header from the body, a
footnote from a paragraph and a superscript mark from a word. pypdf's text extraction returns
strings only and would leave those decisions to guesswork.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfminer.psexceptions import PSException
from pdfplumber.utils.exceptions import PdfminerException

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import SourceReading
from kamergraph.extract.formats.pdf_layout import Line, Page, lay_out

Glyph = Mapping[str, Any]  # a pdfplumber char: text, x0, x1, top, bottom, size
_SUPERSCRIPT_RATIO = 0.8  # a mark is set smaller than its line ...
_SPACE_GAP = 0.2  # ... and a gap wider than a fifth of the type size is a word space,
_COLUMN_GAP = 1.5  # one wider than one and a half times the size separates table cells
_UNMAPPED = "\x00\ufffd"

logging.getLogger("pdfminer").setLevel(logging.ERROR)  # font warnings are not the user's concern


def _band(glyph: Glyph) -> float:
    return (float(glyph["top"]) + float(glyph["bottom"])) / 2


def group_lines(glyphs: Iterable[Glyph]) -> list[list[Glyph]]:
    """Characters grouped into printed lines, top to bottom, each line left to right.

    The largest characters found the lines; a smaller one (a raised footnote mark) joins the
    line whose band holds its middle instead of starting a line of its own.
    """
    lines: list[list[Glyph]] = []
    bands: list[tuple[float, float]] = []
    for glyph in sorted(glyphs, key=lambda g: (-float(g["size"]), float(g["top"]))):
        middle = _band(glyph)
        for i, (top, bottom) in enumerate(bands):
            if top <= middle <= bottom:
                lines[i].append(glyph)
                break
        else:
            lines.append([glyph])
            bands.append((float(glyph["top"]), float(glyph["bottom"])))
    order = sorted(range(len(lines)), key=lambda i: bands[i][0])
    return [sorted(lines[i], key=lambda g: float(g["x0"])) for i in order]


def line_text(glyphs: list[Glyph]) -> str:
    """A line's characters as text: spaces where the PDF has them or leaves a word gap, a tab
    where it leaves a column gap (table cells)."""
    size = max(float(g["size"]) for g in glyphs)
    out: list[str] = []
    previous: Glyph | None = None
    for glyph in glyphs:
        text = str(glyph["text"])
        if previous is not None and text != " " and out and out[-1] not in " \t":
            gap = float(glyph["x0"]) - float(previous["x1"])
            superscript = float(glyph["size"]) < size * _SUPERSCRIPT_RATIO
            if gap > size * _COLUMN_GAP:
                out.append("\t")
            elif gap > size * _SPACE_GAP and not superscript:
                out.append(" ")
        out.append(text)
        previous = glyph
    return "".join(out)


def to_line(glyphs: list[Glyph]) -> Line:
    """A printed line with its extent and the type size of its largest characters."""
    return Line(
        text=line_text(glyphs),
        top=min(float(g["top"]) for g in glyphs),
        bottom=max(float(g["bottom"]) for g in glyphs),
        size=max(float(g["size"]) for g in glyphs),
    )


def _pages(path: Path) -> list[Page]:
    try:
        with pdfplumber.open(path) as pdf:
            pages = []
            for number, page in enumerate(pdf.pages, 1):
                glyphs = [c for c in page.chars if c.get("upright", True)]
                pages.append(Page(number, [to_line(g) for g in group_lines(glyphs)]))
            return pages
    except (PDFPasswordIncorrect, PDFEncryptionError) as err:
        raise SourceError(path, 1, "encrypted PDF: cannot read its text") from err
    except (PdfminerException, PDFSyntaxError, PSException) as err:
        cause = err.args[0] if err.args else err
        if isinstance(cause, PDFPasswordIncorrect | PDFEncryptionError):
            raise SourceError(path, 1, "encrypted PDF: cannot read its text") from err
        raise SourceError(path, 1, f"not a readable PDF ({cause})") from err


def _refuse_unmapped(path: Path, pages: list[Page]) -> None:
    """A font without a text mapping yields placeholder characters: refuse, naming the page."""
    for page in pages:
        text = "".join(line.text for line in page.lines)
        unmapped = sum(text.count(c) for c in _UNMAPPED)
        if unmapped > max(3, len(text) // 50):
            message = f"{unmapped} characters without a text mapping (the font hides the text)"
            raise SourceError(path, page.number, f"page {page.number}: {message}")


def read_pdf_source(path: Path) -> SourceReading:
    """A PDF's running text; SourceError for encrypted, damaged or text-less (scanned) files."""
    pages = _pages(path)
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise SourceError(path, 1, f"PDF of {len(pages)} pages has no text layer (a scan?)")
    _refuse_unmapped(path, pages)
    text = lay_out(pages).translate({ord(c): None for c in _UNMAPPED})
    return SourceReading(path=path, text=text, format="pdf")
