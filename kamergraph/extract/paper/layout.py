"""Page layout of a PDF extraction: footnotes, footnote marks and page furniture.

Footnotes carry the official ids (T-numbers, kamerstuk citations) that the running text only
points at with a glued number ("toegezegd3", "brief¹", "2024[1]"). Page furniture (repeated
letterheads, page numbers, bare URLs) interrupts sentences and must not end up in quoted text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from kamergraph.extract.paper.normalise import FOOTNOTE_MARK_RES

_SUPERSCRIPTS = str.maketrans("¹²³⁴⁵⁶⁷⁸⁹⁰", "1234567890")
_FOOTNOTE_LINE = re.compile(
    r"^[ \t]*(?:(?P<n>\d{1,2})(?:[ \t]+|(?=[A-Z]))|\[(?P<b>\d{1,2})\][ \t]+"
    r"|(?P<s>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})[ \t]+)(?P<body>\S.*)$"
)
_URL_LINE = re.compile(r"^[ \t]*(?:https?://|www\.)\S*[ \t]*$")
_PAGE_NUMBER = re.compile(r"^[ \t]*\d{1,3}[ \t]*$")
_LETTERHEAD = re.compile(r"^[ \t]*(?:Datum|Onze referentie|Uw referentie|Link: file)[ \t]*$")
# Lines that repeat for another reason: Q&A markers, sentence ends, wrapped sentence tails.
_MARKER_LINE = re.compile(r"^[ \t]*(?:\*\*)?(?:Vraag|Antwoord)\b|[:.,;?!][ \t]*$|^[ \t]*[a-z]")


# The line above a signature: "De Minister voor Asiel en Migratie," (short, ends in a comma).
SIGNATURE_LINE = re.compile(
    r"^[ \t]*(?:De|de)\s+(?P<post>Minister-President|Minister|Staatssecretaris|griffier)"
    r"(?:\s+(?:van|voor)\s+[^,\n]{3,90})?,[ \t]*$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Footnote:
    """A footnote definition: its number and the source range of its text."""

    number: int
    start: int  # start of the footnote text (after the number)
    end: int
    line_start: int  # start of the line, number included


@dataclass
class Layout:
    """Footnotes, footnote marks and furniture ranges of one source text."""

    footnotes: list[Footnote] = field(default_factory=list)
    marks: list[tuple[int, int, int]] = field(default_factory=list)  # start, end, number
    furniture: list[tuple[int, int]] = field(default_factory=list)  # line ranges
    _starts: list[int] | None = field(default=None, repr=False)
    _ends: list[int] = field(default_factory=list, repr=False)

    def footnote_for(self, number: int, position: int) -> Footnote | None:
        """The definition a mark at `position` points to: the next one with that number."""
        after = [f for f in self.footnotes if f.number == number and f.line_start >= position]
        if after:
            return after[0]
        before = [f for f in self.footnotes if f.number == number]
        return before[-1] if before else None

    def marks_in(self, start: int, end: int) -> list[tuple[int, int, int]]:
        """Footnote marks whose number lies in the source range [start, end)."""
        first = bisect_left(self.marks, (start, -1, -1))
        last = bisect_left(self.marks, (end, -1, -1))
        return self.marks[first:last]

    def is_furniture(self, position: int) -> bool:
        """True inside a footnote, URL line, page number or repeated letterhead line."""
        if self._starts is None:  # merged, sorted ranges: a lookup is a binary search
            ranges = sorted([(f.line_start, f.end) for f in self.footnotes] + self.furniture)
            self._starts = [a for a, _b in ranges]
            self._ends = [b for _a, b in ranges]
            for i in range(1, len(self._ends)):
                self._ends[i] = max(self._ends[i], self._ends[i - 1])
        i = bisect_right(self._starts, position) - 1
        return i >= 0 and position < self._ends[i]


def lines_with_offsets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, line) for every line, end excluding the newline."""
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
    return out


def _footnote_number(m: re.Match[str]) -> int:
    """The number of a footnote line, whatever form it is printed in."""
    raw = m.group("n") or m.group("b") or m.group("s").translate(_SUPERSCRIPTS)
    return int(raw)


def _continues(prev: str, line: str) -> bool:
    """Whether `line` continues the footnote on `prev` (a wrapped footnote line)."""
    stripped = line.strip()
    if not stripped or _URL_LINE.match(line) or _FOOTNOTE_LINE.match(line) or line[:1] == " ":
        return False
    if prev.rstrip().endswith("-") or stripped[0].islower():
        return True
    # a short tail like "Staten-Generaal" wrapped from "- Eerste Kamer der"
    return len(stripped) <= 30 and not prev.rstrip().endswith((".", ":", "?"))


def _find_footnotes(lines: list[tuple[int, int, str]]) -> list[Footnote]:
    """Footnote definitions, accepting only numbers that run on from the previous one."""
    found: list[Footnote] = []
    last = 0
    i = 0
    while i < len(lines):
        start, _end, line = lines[i]
        m = _FOOTNOTE_LINE.match(line)
        number = _footnote_number(m) if m else 0
        if m and (last < number <= last + 4 or number == 1):
            j = i
            while j + 1 < len(lines) and _continues(lines[j][2], lines[j + 1][2]):
                j += 1
            body_end = len(lines[j][2].rstrip()) + lines[j][0]
            found.append(Footnote(number, start + m.start("body"), body_end, start))
            last = number
            i = j + 1
            continue
        i += 1
    return found


def _repeated_lines(lines: list[tuple[int, int, str]]) -> set[str]:
    """Short lines printed three times or more: running letterheads ("Datum", "3 juli 2026")."""
    counts: dict[str, int] = {}
    for _start, _end, line in lines:
        stripped = line.strip()
        if stripped and len(stripped) <= 60 and not _MARKER_LINE.search(line):
            counts[stripped] = counts.get(stripped, 0) + 1
    return {line for line, n in counts.items() if n >= 3}


def analyse_layout(text: str) -> Layout:
    """Find footnotes, footnote marks and furniture lines in a source text."""
    lines = lines_with_offsets(text)
    layout = Layout(footnotes=_find_footnotes(lines))
    repeated = _repeated_lines(lines)
    for start, end, line in lines:
        if (
            _URL_LINE.match(line)
            or _PAGE_NUMBER.match(line)
            or _LETTERHEAD.match(line)
            or line.strip() in repeated
        ):
            layout.furniture.append((start, end + 1))
    for pattern in FOOTNOTE_MARK_RES:
        for m in pattern.finditer(text):
            if any(f.line_start <= m.start() < f.start for f in layout.footnotes):
                continue
            number = int(m.group("n").translate(_SUPERSCRIPTS))
            layout.marks.append((m.start("n"), m.end("n"), number))
    layout.marks = sorted(set(layout.marks))
    return layout
