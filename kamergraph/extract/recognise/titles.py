"""A title for every paper: its heading in the paper's own casing, else its page title, else
its official name and date. A source document without a title is refused by the shapes, so a
paper whose text gives none still needs one that says what it is.
"""

from __future__ import annotations

import re
from datetime import date

from kamergraph.records import Span

_NUMBER_PREFIX = re.compile(r"^(?:Nr\.\s*\d+|[A-Z]{1,3})\s+(?=[A-Z]{2})")
_GLUED_DIGITS = re.compile(r"(?<=[A-Za-z])\d{1,2}$")  # a footnote mark glued to the heading
_LOWER = frozenset(
    [
        "de",
        "het",
        "een",
        "van",
        "voor",
        "en",
        "in",
        "op",
        "aan",
        "over",
        "met",
        "tot",
        "bij",
        "naar",
        "der",
        "den",
        "ter",
        "ten",
    ]
)
_PAGE_TITLE = re.compile(r"^[^:]{2,60}\s:\s(?P<title>.{5,400})$")  # "Motie : Motie van ..."
# Lines above a page's title that are not it: labels, table rows, an addressee, a bare date.
_SKIP_LINE = re.compile(
    r"^(?:Kamerstuk|source:|retrieved-by:|Aan de\b|Den Haag,|Aanvang\b|Voorzitter:|.*\|)"
    r"|^(?:\w+dag\s+)?\d{1,2}\s+\w+\s+\d{4}$",
    re.IGNORECASE,
)
# Two runs glued together: "... van de Eerste KamerIn deze motie", "9 april 2024Parlementair"
_GLUE = re.compile(
    r"(?<=[a-z])(?=(?:In|De|Het|Een|Dit|Deze|Op|Bij|Met|Voor|Kerngegevens)\b)|(?<=\d)(?=[A-Z][a-z])"
)
_MAX_TITLE_WORDS = 45  # longer first paragraphs are running text, not a title
_ITEM_NUMBER = re.compile(r"^\d{1,3}\s+(?=[A-Z])")  # a Handelingen item: "5 Informele JBZ-Raad"


def _word_case(word: str, text: str, first: bool) -> str:
    """One word of an all-caps heading in the casing the paper uses elsewhere."""
    lower = word.lower()
    if lower == "c.s.":
        return lower
    if not first and lower in _LOWER:
        return lower
    pattern = re.compile(rf"(?<![\w-]){re.escape(lower[:1].upper() + lower[1:])}(?![\w-])")
    if pattern.search(text):
        return lower[:1].upper() + lower[1:]
    return lower[:1].upper() + lower[1:] if first else lower


def heading_title(text: str, span: Span) -> str:
    """ "V MOTIE VAN HET LID VELDHOEN C.S." -> "Motie van het lid Veldhoen c.s."."""
    raw = _GLUED_DIGITS.sub("", text[span.start : span.end].strip())
    raw = _NUMBER_PREFIX.sub("", raw)
    words = raw.split()
    return " ".join(_word_case(w, text, i == 0) for i, w in enumerate(words))


def page_title(text: str) -> tuple[str, Span] | None:
    """The first paragraph of a page, when it reads as a title: not a label, not an
    introduction ending in a colon, not a long passage. Paragraphs, not lines, so a title reads
    the same whether the page wraps it (a PDF) or not."""
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text[:3000]):
        paragraph = " ".join(m.group(0).split())
        if _SKIP_LINE.match(paragraph) or len(paragraph.split()) < 3:
            continue  # a label, a number or a table row above the title ("35.788, K")
        titled = _PAGE_TITLE.match(paragraph)
        title = _ITEM_NUMBER.sub("", titled.group("title") if titled else paragraph)
        glue = _GLUE.search(title)
        title = (title[: glue.start()] if glue else title).rstrip(" .,;")
        if title.endswith(":") or len(title.split()) > _MAX_TITLE_WORDS:
            return None
        # the span quotes the title's words on the paragraph's first line
        start = m.start() + m.group(0).index(title.split()[0])
        line_end = text.find("\n", start)
        end = min(start + len(title), len(text) if line_end < 0 else line_end)
        return title, Span(start, end)
    return None


def fallback_title(official_name: str | None, kind: str, when: date | None) -> str:
    """ "Handelingen van 21 november 2023", "Schriftelijke vragen", "Document"."""
    name = official_name or {"Document": "Document"}.get(kind, kind)
    name = name[:1].upper() + name[1:]
    return f"{name} van {when.isoformat()}" if when else name
