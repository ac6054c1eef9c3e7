"""A normalised view of a source text with an offset map back to the exact source characters.

PDF extractions glue footnote numbers to words ("Goot3", "20242", "T0372612"), split names and
words across lines, and carry markdown debris ("**", "[...](#)", "\\("). Patterns match far more
reliably on a cleaned view, but every Span must quote the source exactly. So the view keeps, for
each of its characters, the index of the source character it came from; `span()` maps a match back.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from kamergraph.records import Span

_MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
# Footnote marks in running text; group "n" holds the number (superscripts included), group
# "mark" (where present) the whole mark to drop from the view.
FOOTNOTE_MARK_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"(?<=\S)(?P<mark>\[(?P<n>\d{1,2})\])"),  # "2024[1]"
    re.compile(r"(?P<n>[¹²³⁴⁵⁶⁷⁸⁹⁰]{1,2})"),  # "brief¹"
    re.compile(r"\bT\d{5}(?P<n>\d{1,2})(?!\d)"),  # "T0372612": T-numbers are T + 5 digits
    re.compile(rf"(?i)\b(?:{_MONTHS})\s+(?:19|20)\d\d(?P<n>\d{{1,2}})(?!\d)"),  # "juni 20242"
    re.compile(r"(?<=[a-zà-ÿ]{2})(?P<n>\d{1,2})(?=[\s,.;:)]|$)"),  # "Goot3 (OPNL)", "brief1"
    # "wet.1 ", "”.24", "(GCR).20"; but "nr.5", "art.12", "p.14" are numbers, not marks
    re.compile(
        r"(?<!\bnr\.)(?<!\bnrs\.)(?<!\bart\.)(?<!\bblz\.)(?<!\bp\.)(?<!\blid\.)"
        r"(?<=[a-zà-ÿ)”’\"][.,;:”’\"?])(?P<n>\d{1,2})(?=\s|$)"
    ),
    re.compile(r"(?<=\d\?)(?P<n>\d{1,2})(?=\s|$)"),  # "2024?17"
    re.compile(r"(?<=[.,?!][”’\"])(?P<n>\d{1,2})(?=\s|$)"),  # "hoog.”26"
    re.compile(r"(?<=\s[12]\d\d\d\.)(?P<n>\d{1,2})(?=\s|$)"),  # "in 2022.19"
)
# Markdown debris dropped from the view.
_MARKDOWN_RES: tuple[re.Pattern[str], ...] = (
    re.compile(r"\*\*"),  # bold
    re.compile(r"\\(?=[()\[\]])"),  # escapes
    re.compile(r"(?m)^> "),  # blockquote
    re.compile(r"\]\([^)\s]*\)"),  # closing half of a link "](#)"
    re.compile(r"\[(?=[^\]\n]{2,}\]\()"),  # opening half of a link
)
# One-to-one (or one-to-two) character replacements that make matching simpler.
_CHAR_MAP: dict[str, str] = {
    "’": "'",
    "‘": "'",
    "“": '"',
    "”": '"',
    "„": '"',
    "–": "-",
    "—": "-",
    "─": "-",
    "‐": "-",
    "‑": "-",
    "＆": "&",
    "ĳ": "ij",
    "\u00ad": "",
}
# Misspellings seen in parliamentary texts, read as the intended word (offsets stay exact).
TYPOS: dict[str, str] = {
    "afgefallen": "afgevallen",
    "terugtrokken": "teruggetrokken",
    "Spreidingwet": "Spreidingswet",
}
_TYPO_RE = re.compile(r"\b(?:" + "|".join(map(re.escape, TYPOS)) + r")\b")
_SPACE = " \t\n\r\f\v\u00a0\u2007\u202f\u200b\ufeff"
#: Characters the view copies one for one: neither space nor mapped.
_PLAIN = re.compile("[^" + re.escape(_SPACE + "".join(_CHAR_MAP)) + "]+")


@dataclass(frozen=True)
class NormalView:
    """Cleaned text plus, per character, the source index it came from."""

    source: str
    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> Span:
        """Map a [start, end) range of the view to the source range quoting the same words."""
        if end <= start:
            raise ValueError(f"empty range {start}:{end}")
        return Span(self.offsets[start], self.offsets[end - 1] + 1)

    def quote(self, start: int, end: int) -> str:
        """The exact source text behind a view range."""
        s = self.span(start, end)
        return self.source[s.start : s.end]

    def to_view(self, source_index: int) -> int:
        """The first view index whose source index is at or after `source_index`."""
        lo, hi = 0, len(self.offsets)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.offsets[mid] < source_index:
                lo = mid + 1
            else:
                hi = mid
        return lo


def _dropped(source: str, start: int, end: int) -> bytearray:
    """A mask of source characters in [start, end) that the view leaves out."""
    mask = bytearray(len(source))
    for pattern in (*_MARKDOWN_RES, *FOOTNOTE_MARK_RES):
        for m in pattern.finditer(source, start, end):
            group = next((g for g in ("mark", "n") if g in pattern.groupindex), 0)
            a, b = m.span(group)
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _typos(source: str, start: int, end: int) -> dict[int, tuple[int, str]]:
    """Known misspellings in range: start -> (end, corrected word)."""
    found = {}
    for m in _TYPO_RE.finditer(source, start, end):
        found[m.start()] = (m.end(), TYPOS[m.group(0)])
    return found


def _space_run(
    source: str, i: int, end: int, mask: bytearray, chars: list[str]
) -> tuple[int, bool]:
    """End of a whitespace run at i, and whether it collapses to one space (not a hyphen join)."""
    j = i
    while j < end and (source[j] in _SPACE or mask[j]):
        j += 1
    hyphen_join = (
        source[i] == "\n"
        and chars[-1:] == ["-"]
        and len(chars) > 1
        and chars[-2].isalpha()
        and j < end
        and source[j].isalpha()
    )
    return j, bool(chars) and not hyphen_join and j < end


def normalise(source: str, start: int = 0, end: int | None = None) -> NormalView:
    """Build the view of source[start:end]: marks dropped, whitespace collapsed, lines joined.

    A line ending in a hyphen glued to a word ("Staten-\\nGeneraal") joins without a space;
    known misspellings ("afgefallen") read corrected, their characters mapped onto the original.
    """
    end = len(source) if end is None else end
    mask = _dropped(source, start, end)
    typos = _typos(source, start, end)
    typo_starts = sorted(typos)
    chars: list[str] = []
    offsets: list[int] = []
    i = start
    while i < end:
        ch = source[i]
        plain = _PLAIN.match(source, i, end)
        if plain and not mask[i] and i not in typos:  # fast path: a run copied as it is
            j = _run_end(plain.end(), i, mask, typo_starts)
            chars.extend(source[i:j])
            offsets.extend(range(i, j))
            i = j
        elif mask[i]:
            i += 1
        elif i in typos:
            typo_end, word = typos[i]
            chars.extend(word)
            offsets.extend(min(i + k, typo_end - 1) for k in range(len(word)))
            i = typo_end
        elif ch in _SPACE:
            j, space = _space_run(source, i, end, mask, chars)
            if space:
                chars.append(" ")
                offsets.append(i)
            i = j
        else:
            for out in _CHAR_MAP.get(ch, ch):
                chars.append(out)
                offsets.append(i)
            i += 1
    return NormalView(source, "".join(chars), tuple(offsets))


def _run_end(limit: int, i: int, mask: bytearray, typo_starts: list[int]) -> int:
    """Where a plain run from i stops: its own end, a dropped character or a misspelling."""
    dropped = mask.find(1, i, limit)
    if dropped >= 0:
        limit = dropped
    nxt = bisect_right(typo_starts, i)
    if nxt < len(typo_starts) and typo_starts[nxt] < limit:
        limit = typo_starts[nxt]
    return limit


def clean(text: str) -> str:
    """The normalised form of a fragment, for comparing and storing quoted text."""
    return normalise(text).text
