"""Passages: the stretch of a letter that reports on one commitment or motion.

A passage starts at a heading ("Toezegging, naar aanleiding van ...", "Motie van de leden ...",
a bullet in a nota) or at a sentence in running text that points at a commitment or motion
("heeft mijn ambtsvoorganger uw Kamer toegezegd3"), and runs to the next such start, a section
heading, a signature or the end of the document. What it reports on is resolved in
`anchors.py`; this module only finds where passages begin and end.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import lines_with_offsets
from kamergraph.records import Ref

_HEADING_LINE = re.compile(
    r"^[ \t]*(?:[-*][ \t]+|#{1,6}[ \t]+)?(?:\d{1,2}\.[ \t]+)?"
    r"(?P<word>Toezegging|Motie|Gewijzigde motie)\b",
    re.MULTILINE,
)
_BREAK_LINE = re.compile(
    r"^[ \t]*(?:\((?:[IVX]{1,4})\)[ \t]|\d\.[ \t]+[A-Z]|\d\.\d[ \t]"
    r"|(?:De|de)\s+(?:Minister|Staatssecretaris)(?:\s+(?:van|voor)\s+[^,\n]{3,90})?,[ \t]*$)",
    re.MULTILINE,
)
_CUE_RE = re.compile(r"\b(?:[Tt]oezegging|toegezegd|[Mm]otie)\b")
_ABBREVIATIONS = frozenset(
    ("c.s", "jl", "nr", "o.a", "ca", "art", "p", "drs", "dr", "mr", "dhr", "mevr", "t/m", "bijv")
)
# A longer one-line paragraph is body text a page break cut off mid-sentence, not a title.
_TITLE_MAX = 200
_SENTENCE_END = re.compile(r"[.?!](?=\s+[-A-Z(\"'])|[.?!]$")


@dataclass
class Passage:
    """A view range [start, end) whose head [start, head_end) names what it reports on."""

    start: int
    head_end: int
    end: int
    heading: bool
    word: str = ""  # "Toezegging", "Motie", "" for a bare heading or a sentence
    refs: list[Ref] = field(default_factory=list)
    cue_end: int = 0  # sentence passages: end of the cue word ("toegezegd") naming the thing


def sentence_end(text: str, start: int, limit: int) -> int:
    """End (exclusive) of the sentence starting at `start`, skipping abbreviations."""
    for m in _SENTENCE_END.finditer(text, start, limit):
        word = re.search(r"(\S+)$", text[start : m.start()])
        token = word.group(1).lower().lstrip("(") if word else ""
        if token in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)*[a-z]", token):
            continue
        return m.end()
    return limit


def sentence_start(text: str, pos: int, floor: int) -> int:
    """Start of the sentence holding `pos` (never before `floor`)."""
    i = pos
    while i > floor:
        end = sentence_end(text, i - 1, pos + 1) if text[i - 1] in ".?!" else None
        if end == i:
            while i < pos and text[i] == " ":
                i += 1
            return i
        i -= 1
    return floor


def _heading_end(ctx: Context, start: int, limit: int) -> int:
    """A heading ends at its sentence end, a blank line, or a line closing with "(id)"."""
    source_start = ctx.view.offsets[start]
    blank = re.compile(r"\n[ \t]*\n")
    limit_source = ctx.view.offsets[limit - 1] if limit > start else source_start
    m = blank.search(ctx.text, source_start, limit_source)
    end = limit if m is None else min(limit, ctx.view.to_view(m.start()))
    line_id = re.compile(r"\([^()\n]*\d[^()\n]*\)[ \t]*\n")
    m = line_id.search(ctx.text, source_start, ctx.view.offsets[end - 1] + 1 if end > start else 0)
    if m:
        end = min(end, ctx.view.to_view(m.end() - 1))
    return min(end, sentence_end(ctx.view.text, start, end))


def _bare_headings(ctx: Context, start: int, end: int) -> list[int]:
    """One-line paragraphs without a full stop in a letter (001's section titles)."""
    found = []
    lines = lines_with_offsets(ctx.text[start:end])
    for i in range(1, len(lines) - 1):
        line = lines[i][2].strip()
        if lines[i - 1][2].strip() or lines[i + 1][2].strip() or not 40 <= len(line) <= _TITLE_MAX:
            continue
        if (
            line.endswith((".", ":", ","))
            or not line[0].isupper()
            or ctx.layout.is_furniture(start + lines[i][0])
        ):
            continue
        found.append(start + lines[i][0] + len(lines[i][2]) - len(lines[i][2].lstrip()))
    return found


def find_passages(ctx: Context) -> list[Passage]:
    """Heading-led and sentence-led passages of every document in the source, in text order."""
    starts: list[Passage] = []
    breaks: set[int] = {ctx.view.to_view(seg.start) for seg in ctx.segments}
    breaks.add(len(ctx.view.text))
    for m in _BREAK_LINE.finditer(ctx.text):
        breaks.add(ctx.view.to_view(m.start() + len(m.group(0)) - len(m.group(0).lstrip())))
        line_end = ctx.text.find("\n", m.end())
        breaks.add(ctx.view.to_view(len(ctx.text) if line_end < 0 else line_end))
    for m in _HEADING_LINE.finditer(ctx.text):
        if ctx.layout.is_furniture(m.start("word")):
            continue
        vstart = ctx.view.to_view(m.start("word"))
        starts.append(Passage(vstart, 0, 0, True, m.group("word")))
    first_heading = {
        ctx.segment_at(ctx.view.offsets[p.start]).start: p.start for p in reversed(starts)
    }
    for seg in ctx.segments:
        if seg.start not in first_heading:
            continue
        for pos in _bare_headings(ctx, seg.start, seg.end):
            if ctx.view.to_view(pos) > first_heading[seg.start]:
                starts.append(Passage(ctx.view.to_view(pos), 0, 0, True, ""))
    starts.sort(key=lambda p: p.start)
    limits = sorted({*breaks, *(p.start for p in starts)})
    for p in starts:
        p.end = next(x for x in limits if x > p.start)
        p.head_end = _heading_end(ctx, p.start, p.end)
    return starts + _sentence_passages(ctx, starts, limits)


def _sentence_passages(ctx: Context, headed: list[Passage], limits: list[int]) -> list[Passage]:
    """Sentences in running text that mention a commitment or motion (outside headings)."""
    found: list[Passage] = []
    text = ctx.view.text
    for cue in _CUE_RE.finditer(text):
        if ctx.layout.is_furniture(ctx.view.offsets[cue.start()]):
            continue
        if any(p.start <= cue.start() < p.head_end for p in headed + found):
            continue
        floor = max([x for x in limits if x <= cue.start()], default=0)
        floor = max([floor, *(p.head_end for p in headed if p.head_end <= cue.start())])
        start = sentence_start(text, cue.start(), floor)
        while start < cue.start() and text[start] == " ":
            start += 1
        if any(p.start == start for p in found):
            continue
        ceiling = next(x for x in limits if x > cue.start())
        end = sentence_end(text, cue.start(), ceiling)
        found.append(Passage(start, end, ceiling, False, cue_end=cue.end()))
    return found
