"""Promised times in a report ("voor de zomer van 2026", "in het najaar", "medio 2026", "in
maart"): the interval they mean, the words they came from, and whether the year was inferred.

The forms are a table (`rules/deadlines.csv`). A promise lies ahead of its letter: without a
printed year it is the first such interval that ends on or after the letter's date, marked
inferred; without a letter date it cannot be placed and is skipped.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from kamergraph.extract.rules import DeadlineRule, deadline_rules
from kamergraph.identifiers import MONTHS

_QUARTERS = {"eerste": 1, "tweede": 2, "derde": 3, "vierde": 4}
# A promise is about what is to come: its sentence says so ("In december werd ..." does not).
_FUTURE = re.compile(
    r"\b(?:zal|zullen|zult|streef|streven|verwacht|verwachten|hoop|hopen|ontvangt|stuur|"
    r"informeer|kom|volgt|moet|beoogd|gepland)\b",
    re.IGNORECASE,
)


def _sentence(text: str, start: int, end: int) -> str:
    """The sentence around a match (between full stops)."""
    left = text.rfind(". ", 0, start)
    right = text.find(". ", end)
    return text[left + 1 : right if right >= 0 else len(text)]


@dataclass(frozen=True)
class Promise:
    """The interval a promised time means, and the words it was read from."""

    begin: date
    end: date
    words: str
    year_inferred: bool


def _months(rule: DeadlineRule, m: re.Match[str]) -> tuple[int, int, int, int]:
    """(begin month, begin day, end month, end day) of a match within its year."""
    if rule.form == "quarter":
        q = _QUARTERS[m.group("quarter").lower()]
        return 3 * q - 2, 1, 3 * q, 31 if q in (1, 4) else 30
    if rule.form == "month":
        n = MONTHS[m.group("month").lower()]
        return n, 1, n, 0  # day 0: the month's last day
    begin = rule.begin or "01-01"
    return int(begin[:2]), int(begin[3:]), int(rule.end[:2]), int(rule.end[3:])


def _interval(rule: DeadlineRule, m: re.Match[str], year: int) -> tuple[date, date]:
    bm, bd, em, ed = _months(rule, m)
    ed = ed or calendar.monthrange(year, em)[1]
    return date(year, bm, bd), date(year, em, ed)


def _promise(rule: DeadlineRule, m: re.Match[str], written: date | None) -> Promise | None:
    open_start = rule.form in ("before-summer", "year-end") and written is not None
    if m.group("year"):
        begin, end = _interval(rule, m, int(m.group("year")))
        return Promise(written if open_start and written else begin, end, m.group(0), False)
    if written is None:
        return None
    for year in (written.year, written.year + 1):
        begin, end = _interval(rule, m, year)
        if end >= written:
            return Promise(written if open_start else begin, end, m.group(0), True)
    return None


def find_promise(text: str, written: date | None) -> Promise | None:
    """The first promised time in a passage that ends on or after the letter's date."""
    text = " ".join(text.split())
    found: list[tuple[int, Promise]] = []
    for rule in deadline_rules():
        for m in rule.pattern.finditer(text):
            if not _FUTURE.search(_sentence(text, m.start(), m.end())):
                continue
            promise = _promise(rule, m, written)
            if promise is not None and (written is None or promise.end >= written):
                found.append((m.start(), promise))
    return min(found, key=lambda f: f[0])[1] if found else None
