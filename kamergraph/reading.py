"""A document's text laid out for reading: headings, paragraphs and footnotes, furniture left out.

The reader shows the very characters mentions point into (`kg:text` offsets), so this pass
never rewrites text: it only says which ranges are headings, paragraphs and footnotes, and
which footnote each glued mark ("brief1") points to. Page furniture (page numbers, running
letterheads, bare URL lines) is skipped. The rules come from the extractor's layout pass, so
the reader and the recognisers agree on what a footnote is.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from kamergraph.extract.paper.layout import analyse_layout, lines_with_offsets

_HEADING_MAX = 90
_SENTENCE_END = re.compile(r"[.,;:?!]\s*$")


@dataclass(frozen=True)
class Block:
    """A run of the text shown as one heading or paragraph: source range [start, end)."""

    kind: str  # "heading" or "paragraph"
    start: int
    end: int


@dataclass(frozen=True)
class Note:
    """A footnote: its number and the source range of its text."""

    number: int
    start: int
    end: int


@dataclass
class Reading:
    """The whole layout: body blocks, footnotes, and marks as (start, end, note index)."""

    blocks: list[Block] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    marks: list[tuple[int, int, int]] = field(default_factory=list)


def _is_heading(lines: list[str]) -> bool:
    """A one-line block, short, without closing punctuation, starting with a capital or digit."""
    if len(lines) != 1:
        return False
    line = lines[0].strip()
    return 2 < len(line) <= _HEADING_MAX and not _SENTENCE_END.search(line) and line[0].isupper()


def _blocks(text: str, skip: list[tuple[int, int]]) -> list[Block]:
    blocks: list[Block] = []
    current: list[tuple[int, int, str]] = []

    def close() -> None:
        if current:
            kind = "heading" if _is_heading([c[2] for c in current]) else "paragraph"
            blocks.append(Block(kind, current[0][0], current[-1][1]))
            current.clear()

    merged: list[tuple[int, int]] = []
    for a, b in sorted(skip):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], b))
        else:
            merged.append((a, b))
    starts = [a for a, _b in merged]
    for start, end, line in lines_with_offsets(text):
        i = bisect_right(starts, start) - 1
        skipped = i >= 0 and start < merged[i][1]
        if skipped or not line.strip():
            close()
            continue
        current.append((start, end, line))
    close()
    return blocks


@lru_cache(maxsize=64)
def read_layout(text: str) -> Reading:
    """The text's headings, paragraphs, footnotes and footnote marks (kept for the texts read
    most recently: a generation's texts never change)."""
    layout = analyse_layout(text)
    notes = [Note(f.number, f.start, f.end) for f in layout.footnotes]
    skip = sorted([(f.line_start, f.end + 1) for f in layout.footnotes] + layout.furniture)
    reading = Reading(blocks=_blocks(text, skip), notes=notes)
    for start, end, number in layout.marks:
        footnote = layout.footnote_for(number, start)
        if footnote is not None:
            reading.marks.append((start, end, layout.footnotes.index(footnote)))
    return reading
