"""Undated source documents placed in time from what other letters say about them.

002 carries no date, yet 000 (10 December 2025) writes, on a commitment both report on, "In de
eerdere brief van 16 december 2024 heeft mijn voorganger aangegeven ...": that earlier letter is
002. A dated letter reporting on the same commitment and naming an earlier letter by its date
dates the undated one; the date is marked inferred, with the words that gave it as the reason.
Without such a letter, the latest date the document itself prints is a lower bound and is used
the same way (marked, with its reason). Works on records across sources, before the build.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date

from kamergraph.identifiers import find_dutch_dates
from kamergraph.records import Document, Extraction, Ref, Report

# "de eerdere brief van 16 december 2024", "in mijn brief van 3 juli 2026"
_EARLIER_LETTER = re.compile(r"(?:\w+\s+){0,2}brief van\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class Placement:
    """An inferred date and why."""

    value: date
    reason: str


def _cited_letters(report: Report, before: date) -> list[tuple[date, str]]:
    """Dates of letters a report names by date ("brief van 16 december 2024"), before its own."""
    found = []
    text = report.status_text
    for start, end, when in find_dutch_dates(text):
        if when.value is None or when.inferred or when.value >= before:
            continue
        m = _EARLIER_LETTER.search(text, max(0, start - 40), start)
        if m:
            found.append((when.value, text[m.start() : end]))
    return found


def _by_citing_letters(subjects: set[Ref], reports: list[Report]) -> Placement | None:
    """The date another letter gives an earlier letter on the same commitment (the latest such)."""
    best: Placement | None = None
    for report in reports:
        if report.reports_on not in subjects or report.date is None:
            continue
        for when, words in _cited_letters(report, report.date):
            if best is None or when > best.value:
                reason = (
                    f"'{words}' in {report.in_document.key}, "
                    f"which reports on {report.reports_on.key} as this document does"
                )
                best = Placement(when, reason)
    return best


def _by_own_dates(text: str) -> Placement | None:
    """At the earliest the latest full date the document prints (a lower bound)."""
    dates = [
        (d.value, text[s:e]) for s, e, d in find_dutch_dates(text) if d.value and not d.inferred
    ]
    if not dates:
        return None
    when, words = max(dates)
    return Placement(when, f"no earlier than the latest date it prints: '{words}'")


def _place(extraction: Extraction, others: list[Report]) -> Extraction:
    """The extraction with its undated source documents (and their reports) dated."""
    records = list(extraction.records)
    for i, doc in enumerate(records):
        if not (isinstance(doc, Document) and doc.is_source and doc.date is None):
            continue
        mine = [r for r in extraction.of_type(Report) if r.in_document == doc.ref]
        placed = _by_citing_letters({r.reports_on for r in mine}, others) or _by_own_dates(
            extraction.text
        )
        if placed is None:
            continue
        records[i] = replace(doc, date=placed.value, date_inferred=True, date_reason=placed.reason)
        records = [
            replace(r, date=placed.value) if isinstance(r, Report) and r in mine else r
            for r in records
        ]
    return replace(extraction, records=records)


def place_undated(extractions: list[Extraction]) -> list[Extraction]:
    """Every extraction, its undated source documents placed in time (see the module docstring).

    The other letters' dated reports are gathered once (not once per extraction, which made a
    10k-paper build quadratic), and only extractions with an undated source document look."""
    dated = [(n, r) for n, e in enumerate(extractions) for r in e.of_type(Report) if r.date]
    placed = []
    for n, extraction in enumerate(extractions):
        if not any(
            isinstance(d, Document) and d.is_source and d.date is None for d in extraction.records
        ):
            placed.append(extraction)
            continue
        placed.append(_place(extraction, [r for owner, r in dated if owner != n]))
    return placed
