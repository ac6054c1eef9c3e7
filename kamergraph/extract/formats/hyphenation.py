"""End-of-line hyphens: a word the typesetter broke ("asiel-" / "zoekers") is joined, a word
that has a hyphen of its own ("Noord-" / "Holland", "PVV-" / "fractie") keeps it.

A line break cannot say which of the two a hyphen is, so the decision is a table of cues, most
telling first: how the document itself writes the word elsewhere, then capitals and digits on
either side (proper names, party names, years), then the Dutch rule that a hyphen separates two
vowels that would otherwise read as one sound ("zee-eend", "auto-ongeluk").
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_WORD = re.compile(r"\w+(?:-\w+)*")
_BROKEN_END = re.compile(r"(?P<head>\w+(?:-\w+)*)-$")
_NEXT_WORD = re.compile(r"^(?P<tail>[^\W\d_]\w*(?:-\w+)*)(?P<glued>\S*)")
# Vowel pairs Dutch reads as one sound: a hyphen between them is the spelling's own.
# "asiel- en migratiebeleid": a hyphen before a conjunction stands for an omitted word part.
_CONJUNCTIONS = {"en", "of", "tot", "noch", "dan", "als"}
_CLASHING = {
    "aa", "ae", "ai", "au", "ee", "ei", "eu", "ie", "ii", "oe", "oi", "oo", "ou", "ui", "uu",
}  # fmt: skip


def vocabulary(lines: Iterable[str]) -> set[str]:
    """Every word form a document writes in full (lower case), hyphenated compounds included."""
    return {m.group(0).lower() for line in lines for m in _WORD.finditer(line)}


def keeps_hyphen(head: str, tail: str, words: set[str]) -> bool:
    """True when "head-" at a line end and "tail" on the next line are one hyphenated word."""
    joined, hyphenated = f"{head}{tail}".lower(), f"{head}-{tail}".lower()
    if hyphenated in words:
        return True
    if joined in words:
        return False
    last, first = head[-1], tail[0]
    if first.isupper() or last.isupper() or last.isdigit():
        return True
    return (last + first).lower() in _CLASHING


def join_hyphenated(lines: list[str], words: set[str] | None = None) -> list[str]:
    """Lines with every word broken at a line end made whole: the two lines become one.

    Merging (rather than moving the word to either line) keeps both lines' starts and ends as
    the paper has them: a wrapped heading reads as one heading, a footnote as one note. Before a
    conjunction ("asiel- en migratiebeleid") the hyphen is the paper's own and a space follows.
    """
    words = vocabulary(lines) if words is None else words
    out = list(lines)
    i = 0
    while i < len(out) - 1:
        first = out[i]
        end = _BROKEN_END.search(first)  # a hyphen with a space after it is not a break
        nxt = _NEXT_WORD.match(out[i + 1].lstrip())
        if not end or not nxt:
            i += 1
            continue
        head, tail = end.group("head").rsplit("-", 1)[-1], nxt.group("tail")
        if tail.lower() in _CONJUNCTIONS:
            out[i : i + 2] = [first + " " + out[i + 1].lstrip()]
        else:
            joint = "-" if keeps_hyphen(head, tail, words) else ""
            out[i : i + 2] = [first[:-1] + joint + out[i + 1].lstrip()]
    return out
