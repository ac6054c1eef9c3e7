"""Attendance lists of a sitting: "Tegenwoordig zijn 71 leden, te weten: Aerdts, Van Apeldoorn".

Handelingen and stenograms of both chambers open with the members present, family names only,
comma-separated, "en" before the last. A name the list prints with a first name ("Ton van
Kesteren", where two members share a family name) keys by family name and first initial.
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.persons import PersonFinder
from kamergraph.records import Span

_LIST_CUE = re.compile(
    r"(?:(?:Tegenwoordig|Aanwezig) zijn \d+ leden(?: der Kamer)?, te weten:"
    r"|berichten van verhindering van de leden:)\s*",
    re.IGNORECASE,
)
_ITEM = re.compile(r"(?:[^,\n ]|[ ](?!en[ ]))+")
# "Ton van Kesteren": a capitalised first word directly before a lower-case particle.
_FIRST_NAME = re.compile(
    r"^(?!(?:Van|De|Den|Der|Ter|Ten|In)\s)(?P<first>[A-Z][a-zà-ÿ]+)\s+(?=(?:van|de|den|der|ter|ten|'t)\s)"
)
_NAME_SHAPE = re.compile(r"^[A-Z][\w'’ -]*[^\W\d_]$")
# The TK prints a first name only to tell members with one family name apart: "Martin Bosma".
_TK_FIRST_NAME = re.compile(
    r"^(?!(?:Van|De|Den|Der|Ter|Ten|In|El|La|Le)\s)(?P<first>[A-Z][a-zà-ÿ]{2,})\s+(?=[A-Z][a-zà-ÿ]+$)"
)


def _items(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the list's names; a last name cut off by the end of an excerpt is dropped."""
    spans = []
    for m in _ITEM.finditer(text, start, end):
        s, e = m.start(), m.end()
        while s < e and text[s] == " ":
            s += 1
        if text.startswith("en ", s):
            s += 3
        while e > s and text[e - 1] in " .":
            e -= 1
        if e > s:
            spans.append((s, e))
    if spans and end == len(text.rstrip()) and not text[:end].rstrip().endswith("."):
        spans.pop()
    return spans


def extract_attendance(ctx: Context) -> None:
    """Every member an attendance list names, as a person with the chamber's member role."""
    finder = PersonFinder.of(ctx)
    for cue in _LIST_CUE.finditer(ctx.text):
        line_end = ctx.text.find("\n", cue.end())
        end = len(ctx.text) if line_end < 0 else line_end
        chamber = ctx.segment_at(cue.start()).document.chamber
        role = "senator" if chamber == "EK" else "tk-member" if chamber == "TK" else None
        for s, e in _items(ctx.text, cue.end(), end):
            raw = ctx.text[s:e]
            if not _NAME_SHAPE.match(raw):
                continue
            first = _FIRST_NAME.match(raw) or (
                _TK_FIRST_NAME.match(raw) if chamber == "TK" else None
            )
            name = f"{first.group('first')[0]}. {raw[first.end() :]}" if first else raw
            finder.person(name, Span(s, e), role=role, family_only=first is None)
