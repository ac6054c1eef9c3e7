"""The tables that decide a paper's kind, date and identity (one CSV each, every row sourced).

Kept as data so a new layout is a new row, tested case by case in tests/test_extract_rules.py:
  kinds.csv    headings, page titles and body cues -> document kind and official name
  dates.csv    the words before a paper's own date -> the kind of date
  numbers.csv  the printed forms of a paper's dossier and number (header rows, ids, notations)
  citations.csv  citation forms the kamerstuk parser does not read (bill numbers, Aanhangsel)
  laws.csv     the shapes of a law's or instrument's name (budget bills, EU acts, "Wet ...")
  statuses.csv the words of a report that say how far a commitment is -> a kg:ReportedStatus
  deadlines.csv the words of a promised time ("voor de zomer van 2026") -> the interval it means
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class KindRule:
    """A cue for a kind: `where` is heading (all-caps paper heading), page (page title) or body."""

    where: str
    cue: re.Pattern[str]
    kind: str
    official_name: str
    chamber: str | None
    source: str


@dataclass(frozen=True)
class DateRule:
    """A cue before a paper's own date; the lowest precedence wins, then the first in the text."""

    cue: re.Pattern[str]
    date_kind: str
    source: str
    precedence: int


@dataclass(frozen=True)
class NumberRule:
    form: str
    pattern: re.Pattern[str]
    source: str


@dataclass(frozen=True)
class StatusRule:
    """A cue for a reported status; the heaviest matching cue decides (decision 013)."""

    status: str
    cue: re.Pattern[str]
    weight: int
    source: str


def _rows(name: str) -> list[dict[str, str]]:
    with (_HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def kind_rules() -> tuple[KindRule, ...]:
    """kinds.csv in table order: the first rule that matches decides."""
    flags = {"heading": 0, "page": re.MULTILINE, "body": re.MULTILINE}
    return tuple(
        KindRule(
            row["where"],
            re.compile(row["cue"], flags[row["where"]]),
            row["kind"],
            row["official_name"],
            row["chamber"] or None,
            row["source"],
        )
        for row in _rows("kinds.csv")
    )


@cache
def date_rules() -> tuple[DateRule, ...]:
    """dates.csv; each cue is followed by the date it introduces."""
    return tuple(
        DateRule(
            re.compile(row["cue"], re.MULTILINE),
            row["date_kind"],
            row["source"],
            int(row["precedence"]),
        )
        for row in _rows("dates.csv")
    )


def _pattern_rules(name: str) -> tuple[NumberRule, ...]:
    return tuple(
        NumberRule(row["form"], re.compile(row["pattern"], re.MULTILINE), row["source"])
        for row in _rows(name)
    )


@cache
def number_rules() -> tuple[NumberRule, ...]:
    """numbers.csv in table order (the most official form first)."""
    return _pattern_rules("numbers.csv")


@cache
def law_name_rules() -> tuple[NumberRule, ...]:
    """laws.csv: name shapes of laws the registry may not know, longest forms first."""
    return _pattern_rules("laws.csv")


@cache
def citation_rules() -> tuple[NumberRule, ...]:
    """citations.csv: printed forms of a cited paper or dossier beyond "Kamerstukken II ..."."""
    return _pattern_rules("citations.csv")


@cache
def status_rules() -> tuple[StatusRule, ...]:
    """statuses.csv: the words that say a commitment is fulfilled, deferred, in progress ..."""
    return tuple(
        StatusRule(row["status"], re.compile(row["cue"]), int(row["weight"]), row["source"])
        for row in _rows("statuses.csv")
    )


@dataclass(frozen=True)
class DeadlineRule:
    """A promised time: `begin`/`end` as MM-DD ("" for the rule's own arithmetic)."""

    form: str
    pattern: re.Pattern[str]
    begin: str
    end: str
    source: str


@cache
def deadline_rules() -> tuple[DeadlineRule, ...]:
    """deadlines.csv: the ways letters promise a time, with the interval each means."""
    return tuple(
        DeadlineRule(
            row["form"],
            re.compile(row["pattern"], re.IGNORECASE),
            row["begin"],
            row["end"],
            row["source"],
        )
        for row in _rows("deadlines.csv")
    )
