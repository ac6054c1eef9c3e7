"""Figures a letter reports: counts with subject, unit and reference date.

"Op peildatum 25 november zijn er 23 kleinschalige opvanglocaties in ontwikkeling" (the year
inferred from the letter's date), "Totaal zijn er 36 locaties afgewezen", the bullet list of
reasons that follows ("- In 4 gevallen was de locatie niet geschikt."), and tab-separated tables
("Locatie niet geschikt<TAB>10") whose header names the unit ("Aantal leads").
"""

from __future__ import annotations

import re
from datetime import date

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import lines_with_offsets
from kamergraph.identifiers import DATE_RE, date_from_match
from kamergraph.records import Observation, Ref, Span

#: A reference date and whether its year (or the date itself) was inferred.
When = tuple[date | None, bool]

_NUMBER = r"(?P<n>\d{1,3}(?:\.\d{3})*|\d+)"
_PEILDATUM = re.compile(
    rf"\b[Oo]p peildatum (?P<date>{DATE_RE.pattern}) (?:zijn|waren) er (?:in totaal )?"
    rf"(?:ca\.\s*|ongeveer\s+)?{_NUMBER} (?P<subject>[^.,;]+?)(?=[.,;]| die | gebaseerd)"
)
_TOTAL = re.compile(
    r"\b(?:Totaal|In totaal|Er) zijn (?:er )?"
    rf"(?:tot nu toe |vanaf \d{{4}} tot (?P<date>{DATE_RE.pattern}) )?"
    rf"{_NUMBER} (?P<subject>[^.;]+?(?:afgewezen|afgevallen|on hold gezet)[^.;]*?)(?=[.;])"
)
_PEILDATUM_HAS = re.compile(
    rf"\b[Oo]p peildatum (?P<date>{DATE_RE.pattern}) heeft (?:het|de) [\w-]+ "
    rf"(?:ca\.\s*|ongeveer\s+)?{_NUMBER} (?P<subject>[^.,;]+?)(?=[.,;])"
)
_TABLE_TITLE = re.compile(
    rf"^[ \t]*Tabel \d+:\s*(?P<title>.+?)\s+(?:per|op)\s+(?P<date>{DATE_RE.pattern})"
)
_ITEM = re.compile(
    rf"(?:^|\s)-\s+(?P<in>In\s+)?{_NUMBER}\s+(?P<unit>[a-z]+)\s+(?P<rest>.+?\.)(?=\s+-\s|\s+[A-Z]|$)"
)
_ROW = re.compile(r"^(?P<label>[^\t\n]*\S)\t+(?P<value>\S[^\t\n]*?)[ \t]*$")


def _value(raw: str) -> float:
    """A Dutch number with thousands dots ("16.290") as a float."""
    return float(raw.replace(".", ""))


def _unit(subject: str) -> str:
    """The head noun of a subject: the first word that is not an adjective ending in -e."""
    for word in subject.split():
        if not word.endswith("e"):
            return word
    return subject.split()[0] if subject.split() else ""


class _Recorder:
    """Numbers observations per document and records them."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.counts: dict[Ref, int] = {}

    def add(self, span: Span, subject: str, value: float, unit: str, when: When) -> None:
        """Record one observation in the document holding `span`."""
        doc = self.ctx.segment_at(span.start).document.ref
        self.counts[doc] = self.counts.get(doc, 0) + 1
        ref = Ref("observation", f"{doc.key}/observation/{self.counts[doc]}")
        record = Observation(
            ref, in_document=doc, subject=subject, value=value, unit=unit, date=when[0]
        )
        record.date_inferred = when[1]
        self.ctx.collector.add(record, span)


def _when(ctx: Context, m: re.Match[str]) -> When:
    """The reference date of a match and whether its year was inferred."""
    if not m.group("date"):
        return None, False
    d = DATE_RE.match(ctx.view.text, m.start("date"))
    if d is None:
        return None, False
    found = date_from_match(d, ctx.doc_date(ctx.view.offsets[m.start()]))
    return found.value, found.inferred and found.value is not None


class _Dates:
    """Reference dates seen so far, so an undated total or table can share the nearest one."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.seen: list[tuple[int, date]] = []

    def note(self, pos: int, when: When) -> When:
        """Remember a dated figure at `pos`; an undated one borrows the nearest earlier date."""
        if when[0] is not None:
            self.seen.append((pos, when[0]))
            return when
        segment = self.ctx.segment_at(pos)
        earlier = [d for p, d in self.seen if segment.start <= p <= pos and pos - p < 3000]
        return (earlier[-1], True) if earlier else when


def extract_observations(ctx: Context) -> None:
    """Reference-date counts, totals, the bullet items that break them down, and tables."""
    rec, dates = _Recorder(ctx), _Dates(ctx)
    found = []
    for pattern in (_PEILDATUM, _PEILDATUM_HAS, _TOTAL):
        for m in ctx.vfind(pattern):
            found.append((m.start("n"), m))
    for _pos, m in sorted(found, key=lambda x: x[0]):
        when = dates.note(ctx.view.offsets[m.start()], _when(ctx, m))
        subject = m.group("subject").strip()
        span = ctx.span(m.start("n"), m.end("subject"))
        rec.add(span, subject, _value(m.group("n")), _unit(subject), when)
        if pattern_is_total(m):
            _items(ctx, rec, m.end(), when)
    _tables(ctx, rec, dates)
    _titled_tables(ctx, rec)


def pattern_is_total(m: re.Match[str]) -> bool:
    """Whether a match is a total ("Totaal zijn er ...") that a bullet list may break down."""
    return m.re is _TOTAL


def _items(ctx: Context, rec: _Recorder, start: int, when: When) -> None:
    """The bullet list right after a total: "- 10 locaties zijn ...", "- In 4 gevallen ..."."""
    pos = start
    next_item = re.compile(r"\s-\s+(?:In\s+)?\d")
    while True:
        gap = next_item.search(ctx.view.text, pos, pos + 200)
        m = _ITEM.match(ctx.view.text, gap.start()) if gap else None
        if m is None:
            break
        subject = m.group("rest").rstrip(".")
        if not m.group("in"):
            subject = f"{m.group('unit')} {subject}"
        span = ctx.span(m.start("in") if m.group("in") else m.start("n"), m.end("rest") - 1)
        rec.add(
            span, subject, _value(m.group("n")), m.group("unit"), (when[0], when[0] is not None)
        )
        pos = m.end()


def _tables(ctx: Context, rec: _Recorder, dates: _Dates) -> None:
    """Tab-separated two-column tables: a header naming the unit, rows of label and count."""
    unit: str | None = None
    when: When = (None, False)
    for lstart, _lend, line in lines_with_offsets(ctx.text):
        m = _ROW.match(line)
        if m is None:
            unit = None
            continue
        value = m.group("value")
        if not re.fullmatch(r"\d{1,3}(?:\.\d{3})*|\d+", value):
            unit = value.split()[-1]  # "Aantal leads" -> "leads"
            when = dates.note(lstart, (None, False))
            continue
        if unit is None:
            continue
        span = Span(lstart + m.start("label"), lstart + m.end("value"))
        rec.add(span, m.group("label"), _value(value), unit, when)


def _titled_tables(ctx: Context, rec: _Recorder) -> None:
    """ "Tabel 1: Bezetting van opvangvormen per 27 januari 2025", a header, rows of numbers."""
    lines = [x for x in lines_with_offsets(ctx.text) if x[2].strip()]
    for i, (_start, _end, line) in enumerate(lines):
        title = _TABLE_TITLE.match(line)
        if title is None or i + 1 >= len(lines):
            continue
        date_m = DATE_RE.match(line, title.start("date"))
        found = date_from_match(date_m) if date_m else None
        columns = lines[i + 1][2].split()[1:]
        row_re = re.compile(
            rf"^[ \t]*(?P<label>\D+?)((?:\s+(?:\d{{1,3}}(?:\.\d{{3}})+|\d+)){{{len(columns)}}})\s*$"
        )
        for lstart, _lend, row in lines[i + 2 :]:
            m = row_re.match(row)
            if m is None or not columns:
                break
            span = Span(lstart + m.start("label"), lstart + len(row.rstrip()))
            for column, value in zip(columns, m.group(2).split(), strict=True):
                subject = f"{title.group('title')}: {m.group('label').strip()}"
                rec.add(
                    span,
                    subject,
                    _value(value),
                    column.lower(),
                    (found.value if found else None, False),
                )
