"""The layout pass of the PDF reader: positioned lines of pages -> the paper's running text.

Kept apart from the PDF library so every rule can be tested on hand-made pages. What a printed
page adds that the paper does not say is taken out, and what it moves is put back in reading
order:
- page numbers and the headers and footers repeated across pages are dropped;
- footnotes (smaller lines at a page's foot, starting with their number) leave the running text
  and follow the body, one "N text" line each, as the text readers expect them;
- words broken at a line end are joined (see `hyphenation`);
- vertical gaps larger than the line spacing become blank lines, so paragraphs stay apart.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise

from kamergraph.extract.formats.hyphenation import join_hyphenated, vocabulary

_PAGE_NUMBER = re.compile(
    r"^[ \t]*(?:[-–][ \t]*\d{1,4}[ \t]*[-–]|(?:(?:pagina|page|blz\.?|p\.)[ \t]*)?\d{1,4}"
    r"(?:[ \t]*(?:/|van|of)[ \t]*\d{1,4})?)[ \t]*$",
    re.IGNORECASE,
)
_FOOTNOTE_START = re.compile(r"^[ \t]*(?P<n>\d{1,3})(?:[ \t]+|(?=[^\d\s]))(?P<body>\S.*)$")
_ZONE = 3  # lines at a page's top and foot where headers and footers may stand
_FOOTNOTE_RATIO = 0.9  # footnote type is smaller than the body's
_MAX_BLANKS = 2


@dataclass(frozen=True)
class Line:
    """One printed line: its text, vertical extent (from the page top, in points) and type size."""

    text: str
    top: float
    bottom: float
    size: float


@dataclass
class Page:
    """One page's lines, top to bottom."""

    number: int
    lines: list[Line] = field(default_factory=list)


def _furniture_key(text: str) -> str:
    """Headers repeat with a changing page number: digits do not tell them apart."""
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _zones(page: Page) -> list[Line]:
    lines = [line for line in page.lines if line.text.strip()]
    return lines[:_ZONE] + lines[-_ZONE:] if len(lines) > 2 * _ZONE else lines


def repeated_furniture(pages: list[Page]) -> set[str]:
    """Keys of lines that stand in the top or foot zone of at least half the pages (two or more)."""
    if len(pages) < 2:
        return set()
    seen = Counter(k for page in pages for k in {_furniture_key(ln.text) for ln in _zones(page)})
    needed = max(2, (len(pages) + 1) // 2)
    return {key for key, count in seen.items() if count >= needed and key}


def _isolated_small(lines: list[Line], i: int, size: float) -> bool:
    """A page's first or last line, set smaller than the body and standing well apart from it:
    a running header or footer even on a single page (a footnote starts with its number)."""
    line = lines[i]
    if not size or line.size >= size * 0.95 or _FOOTNOTE_START.match(line.text):
        return False
    neighbour = lines[i + 1] if i == 0 else lines[i - 1]
    return abs(neighbour.top - line.top) > 2.5 * size


def strip_furniture(page: Page, repeated: set[str], size: float = 0.0) -> list[Line]:
    """A page's lines without its page number and its running headers and footers."""
    lines = [line for line in page.lines if line.text.strip()]
    zone = {id(line) for line in _zones(page)}
    ends = {id(lines[i]) for i in (0, -1) if len(lines) > 1 and _isolated_small(lines, i, size)}
    kept = []
    for line in lines:
        if id(line) in ends or (
            id(line) in zone
            and (_PAGE_NUMBER.match(line.text) or _furniture_key(line.text) in repeated)
        ):
            continue
        kept.append(line)
    return kept


def body_size(pages: list[Page]) -> float:
    """The type size most characters are set in: the body's."""
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[round(line.size, 1)] += len(line.text.strip())
    return sizes.most_common(1)[0][0] if sizes else 0.0


def split_footnotes(lines: list[Line], size: float) -> tuple[list[Line], list[Line]]:
    """(body, footnotes): the block of smaller lines at the foot that starts with a number."""
    start = len(lines)
    while start > 0 and 0 < lines[start - 1].size < size * _FOOTNOTE_RATIO:
        start -= 1
    block = lines[start:]
    while block and not _FOOTNOTE_START.match(block[0].text):
        block = block[1:]  # small print above the first note (a caption) stays in the body
    cut = len(lines) - len(block)
    return lines[:cut], block


def footnote_texts(lines: list[Line]) -> list[str]:
    """Footnote lines as one "N text" line per note (continuation lines joined)."""
    notes: list[list[str]] = []
    for line in lines:
        if _FOOTNOTE_START.match(line.text) or not notes:
            notes.append([line.text.strip()])
        else:
            notes[-1].append(line.text.strip())
    out = []
    for parts in notes:
        joined = join_hyphenated(parts)
        m = _FOOTNOTE_START.match(" ".join(joined))
        out.append(f"{m.group('n')} {m.group('body')}" if m else " ".join(joined))
    return out


def line_spacing(pages: list[list[Line]], size: float) -> float:
    """The distance between the tops of two lines that follow each other without a blank line:
    the smallest gap that recurs (a text with a blank line after every paragraph line has
    more double gaps than single ones)."""
    gaps: Counter[float] = Counter()
    for lines in pages:
        for a, b in pairwise(lines):
            if b.top - a.top >= size * 0.9:
                gaps[round(b.top - a.top, 1)] += 1
    recurring = [gap for gap, count in gaps.items() if count >= 2]
    return min(recurring or gaps, default=0.0)


def with_blank_lines(lines: list[Line], spacing: float, page_top: float) -> list[str]:
    """Line texts, with an empty line for every skipped line of vertical space (also above the
    first line of a page that starts lower than the pages' usual first line)."""
    out: list[str] = []
    previous = page_top - spacing
    for line in lines:
        if spacing:
            skipped = round((line.top - previous) / spacing) - 1
            out.extend([""] * max(0, min(skipped, _MAX_BLANKS)))
        out.append(line.text)  # trailing spaces kept: "asiel- " ends with the paper's own hyphen
        previous = line.top
    return out


def lay_out(pages: list[Page]) -> str:
    """The running text of the pages, footnotes after it (see the module docstring)."""
    repeated = repeated_furniture(pages)
    size = body_size(pages)
    bodies: list[list[Line]] = []
    notes: list[Line] = []
    for page in pages:
        body, foot = split_footnotes(strip_furniture(page, repeated, size), size)
        bodies.append(body)
        notes.extend(foot)
    spacing = line_spacing(bodies, size)
    page_top = min((body[0].top for body in bodies if body), default=0.0)
    text_lines = [t for body in bodies for t in with_blank_lines(body, spacing, page_top)]
    words = vocabulary(text_lines + [line.text for line in notes])
    text_lines = join_hyphenated(text_lines, words)
    footnotes = footnote_texts(notes)
    text = "\n".join(text_lines).strip("\n")
    return text + ("\n\n" + "\n".join(footnotes) if footnotes else "") + "\n"
