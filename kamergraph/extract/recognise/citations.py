"""Kamerstuk citations: every paper a source cites becomes one Document per distinct paper.

"Kamerstukken I 2024/25, 36600, nr. O", "36.600 XX, nr. 5", "Kamerstuk: 19637-3307" ... are
parsed by `identifiers` into one key ("kst-36600-O"); a citation without a paper number is a
citation of the Dossier only. A citation in a footnote whose mark follows "brief van <date>"
also gives the cited letter its date.
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.passages import sentence_start
from kamergraph.extract.rules import citation_rules
from kamergraph.identifiers import (
    DATE_RE,
    DutchDate,
    KamerstukCitation,
    date_from_match,
    find_kamerstuk_citations,
    normalise_dossier,
)
from kamergraph.records import Chamber, Document, Dossier, Ref, Span

_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_LETTER_DATE_RE = re.compile(rf"\bbrief\w*\s+van\s+(?P<date>{DATE_RE.pattern})", re.IGNORECASE)
_DATE_BEFORE_PAREN = re.compile(rf"(?P<date>{DATE_RE.pattern})\s*\(\s*$")
_DATE_AFTER_MARK = re.compile(rf"\s*(?:aan de [\w ]{{3,30}}?\s+)?van\s+(?P<date>{DATE_RE.pattern})")


def add_dossier(ctx: Context, dossier: str, span: Span | None) -> Ref:
    """Record a dossier mention and return its ref."""
    ref = Ref("dossier", dossier)
    ctx.collector.add(Dossier(ref, identifier=dossier), *([span] if span else []))
    return ref


def add_citation(ctx: Context, cit: KamerstukCitation, span: Span) -> Ref:
    """Record a cited paper (or just its dossier) and make the citing document cite it."""
    vstart = ctx.view.to_view(span.start)
    at = ctx.view.text.find(cit.dossier_printed, vstart, ctx.view.to_view(span.end))
    dossier_span = ctx.span(at, at + len(cit.dossier_printed)) if at >= 0 else None
    dossier_ref = add_dossier(ctx, cit.dossier, dossier_span)
    citing = ctx.segment_at(span.start).document
    if cit.key is None:
        ctx.collector.add(Dossier(dossier_ref, identifier=cit.dossier), span)
        if dossier_ref not in citing.cites and dossier_ref.key != citing.dossier:
            citing.cites.append(dossier_ref)
        return dossier_ref
    ref = Ref("document", cit.key)
    if ref == citing.ref:
        return ref
    cited = Document(
        ref,
        kind="ParliamentaryPaper",
        dossier=cit.dossier,
        paper_number=cit.number,
        chamber="EK" if cit.chamber == "EK" else "TK" if cit.chamber == "TK" else None,
        session_year=cit.session_year,
        identifier=cit.key,
    )
    found = _letter_date(ctx, span)
    if found is not None:
        cited.date, cited.date_inferred = found.value, found.inferred
    ctx.collector.add(cited, span)
    if ref not in citing.cites:
        citing.cites.append(ref)
    return ref


def _date_near_mark(ctx: Context, mark_start: int) -> DutchDate | None:
    """The letter date a footnote mark stands by.

    "bij brief van 16 december 2024[2]" (before the mark), "Per brief37 van 5 maart jl." and
    "In mijn brief10 aan de Tweede Kamer van 28 oktober jl." (after it), or "Bij brief van
    25 oktober 2024 heeft de minister-president ... asielnoodmaatregelenwet.1" (same sentence).
    """
    vpos = ctx.view.to_view(mark_start)
    text = ctx.view.text
    after = _DATE_AFTER_MARK.match(text, vpos, min(len(text), vpos + 60))
    if after is None:
        floor = sentence_start(text, max(0, vpos - 1), max(0, vpos - 400))
        before = list(_LETTER_DATE_RE.finditer(text, floor, vpos))
        after = before[-1] if before else None
    if after is None:
        return None
    date_m = DATE_RE.match(text, after.start("date"))
    return date_from_match(date_m, ctx.doc_date(mark_start)) if date_m else None


def _inline_date(ctx: Context, span: Span) -> DutchDate | None:
    """ "In mijn brief van 1 november jl. (Kamerstuk: 19637-3307)": the date before the paren."""
    vpos = ctx.view.to_view(span.start)
    m = _DATE_BEFORE_PAREN.search(ctx.view.text, max(0, vpos - 60), vpos)
    if m is None:
        return None
    date_m = DATE_RE.match(ctx.view.text, m.start("date"))
    return date_from_match(date_m, ctx.doc_date(span.start)) if date_m else None


def _letter_date(ctx: Context, span: Span) -> DutchDate | None:
    """The date of a cited letter: by its footnote mark, or just before an inline citation."""
    note = ctx.footnote_at(span.start)
    if note is None:
        return _inline_date(ctx, span)
    for mark_start, _end, number in ctx.layout.marks:
        if number == note.number and ctx.layout.footnote_for(number, mark_start) == note:
            found = _date_near_mark(ctx, mark_start)
            if found is not None and found.value is not None:
                return found
    return None


def extract_citations(ctx: Context) -> None:
    """Every kamerstuk citation in the view, as cited documents and dossiers.

    A citation form of the table (a paper on two dossiers: "Kamerstukken 26 643 en 32 761,
    nr. 938") is read whole; the general reader skips what lies inside one, or it would cite
    "32 761, nr. 938", a paper that does not exist.
    """
    forms = [(m.start(), m.end()) for rule in citation_rules() for m in ctx.vfind(rule.pattern)]
    for vstart, vend, cit in find_kamerstuk_citations(ctx.view.text):
        if any(a < vend and vstart < b for a, b in forms):
            continue
        span = ctx.span(vstart, vend)
        gaps = list(_BLANK_LINE.finditer(ctx.text, span.start, span.end))
        if gaps:  # a header's "Vergaderjaar 2024-2025" is not part of the dossier line below
            rest = find_kamerstuk_citations(ctx.view.text[ctx.view.to_view(gaps[-1].end()) : vend])
            if not rest:
                continue
            start = ctx.view.to_view(gaps[-1].end()) + rest[0][0]
            cit, span = rest[0][2], ctx.span(start, vend)
        add_citation(ctx, cit, span)
    extract_cited_forms(ctx)


def _cite_form(ctx: Context, form: str, m: re.Match[str]) -> None:
    """One match of a citations.csv form, as a cited dossier or paper(s)."""
    span = ctx.span(m.start(), m.end())
    citing = ctx.segment_at(span.start).document
    if form == "aanhangsel":
        chamber: Chamber = "EK" if m.group("roman") == "I" else "TK"
        year = f"{m.group('year')}{m.group('year2')}"
        for number in re.findall(r"\d+", m.group("numbers")):
            key = f"ah-{chamber.lower()}-{year}-{number}"
            ref = Ref("document", key)
            session = f"{m.group('year')}-{m.group('year2')}"
            cited = Document(ref, kind="ParliamentaryPaper", chamber=chamber, identifier=key)
            cited.session_year = session
            ctx.collector.add(cited, span)
            if ref not in citing.cites and ref != citing.ref:
                citing.cites.append(ref)
        return
    dossier = normalise_dossier(m.group("dossier").replace(".", " "))
    if dossier is None:
        return
    number = m.groupdict().get("number")
    cited_chamber = None if not number else "TK" if number.isdigit() else "EK"  # EK papers: letters
    citation = KamerstukCitation(
        raw=m.group(0),
        dossier=dossier,
        number=number,
        chamber=cited_chamber,
        dossier_printed=m.group("dossier"),
    )
    add_citation(ctx, citation, span)


def extract_cited_forms(ctx: Context) -> None:
    """Citations in the forms of rules/citations.csv (bill numbers, dossier pairs, Aanhangsel)."""
    for rule in citation_rules():
        for m in ctx.vfind(rule.pattern):
            _cite_form(ctx, rule.form, m)
