"""The paper's structure: headings, paragraphs, list items, signatures, footnotes, furniture.

Read once, in one pass over the source lines, so recognisers ask "the headings of this
document" or "the signature blocks" instead of each scanning lines with its own idea of what a
heading is. Blocks are source ranges (`Span`), the one offset space records use; a block's
words are `paper.text[span.start:span.end]`.

A block is a run of non-blank lines, except that footnote and furniture lines (from the layout
pass) are blocks of their own, a list item starts a new block, and a signature cue ("De Minister
van Asiel en Migratie,") starts a signature that takes in the name below it, blank lines between
included, and runs to the next blank line after the name.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Literal

from kamergraph.extract.paper.layout import SIGNATURE_LINE, Footnote, Layout, lines_with_offsets
from kamergraph.records import Span

BlockKind = Literal["heading", "paragraph", "item", "signature", "footnote", "furniture"]

#: "- Motie ...", "* Toezegging ...", "• ...", "1. ...", "a) ...": a list item starts a block.
_ITEM = re.compile(r"^[ \t]*(?:[-*•▪–][ \t]+|\d{1,2}[.)][ \t]+|[a-z][.)][ \t]+)(?=\S)")
#: "# Kop", "**Kop**": a marked-up heading.
_MARKED_HEADING = re.compile(r"^[ \t]*(?:#{1,6}[ \t]+\S|\*\*[^*\n]+\*\*[ \t]*$)")
#: A title is one short line; a long one-line paragraph is body text cut by a page break.
HEADING_MAX = 200
_OPEN_END = (".", ":", ",", ";", "?", "!")


@dataclass(frozen=True)
class Block:
    """One structural unit of a paper: its kind and its source range (trailing blanks cut)."""

    kind: BlockKind
    span: Span
    lines: int = 1

    @property
    def start(self) -> int:
        return self.span.start

    @property
    def end(self) -> int:
        return self.span.end


def read_blocks(text: str, layout: Layout) -> list[Block]:
    """Split a source text into blocks, in text order."""
    blocks: list[Block] = []
    run: list[tuple[int, int, str]] = []
    signature = False
    note_starts = [n.line_start for n in layout.footnotes]

    def close() -> None:
        nonlocal run, signature
        if run:
            kind: BlockKind = "signature" if signature else _run_kind(run)
            blocks.append(Block(kind, Span(run[0][0], run[-1][1]), len(run)))
        run, signature = [], False

    for start, _end, line in lines_with_offsets(text):
        stripped_end = start + len(line.rstrip())
        if not line.strip():
            if not (signature and len(run) == 1):  # the name follows its post after blanks
                close()
            continue
        note = _footnote_at(layout, note_starts, start)
        if note is not None:  # one block per footnote, its wrapped lines included
            close()
            if not blocks or blocks[-1].span != Span(note.line_start, note.end):
                blocks.append(Block("footnote", Span(note.line_start, note.end)))
            continue
        if layout.is_furniture(start):
            close()
            blocks.append(Block("furniture", Span(start + _indent(line), stripped_end)))
            continue
        if SIGNATURE_LINE.match(line) or (_ITEM.match(line) and not signature):
            close()
            signature = bool(SIGNATURE_LINE.match(line))
        run.append((start + (_indent(line) if not run else 0), stripped_end, line))
    close()
    return blocks


def _footnote_at(layout: Layout, starts: list[int], position: int) -> Footnote | None:
    """The footnote whose lines hold a position (footnotes are in text order)."""
    i = bisect_right(starts, position) - 1
    if i >= 0 and position < layout.footnotes[i].end:
        return layout.footnotes[i]
    return None


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _run_kind(run: list[tuple[int, int, str]]) -> BlockKind:
    first = run[0][2]
    if _ITEM.match(first):
        return "item"
    if _MARKED_HEADING.match(first) and len(run) == 1:
        return "heading"
    words = first.strip()
    if (
        len(run) == 1
        and len(words) <= HEADING_MAX
        and words[:1].isupper()
        and not words.endswith(_OPEN_END)
    ):
        return "heading"
    return "paragraph"
