"""Kamerstuk citations: every paper a source cites becomes one Document per distinct paper.

"Kamerstukken I 2024/25, 36600, nr. O", "36.600 XX, nr. 5", "Kamerstuk: 19637-3307" ... are
parsed by `identifiers` into one key ("kst-36600-O"); a citation without a paper number is a
citation of the Dossier only. A citation in a footnote whose mark follows "brief van <date>"
also gives the cited letter its date.
"""

from __future__ import annotations

import re
from datetime import date

from kamergraph.extract.context import Context
from kamergraph.identifiers import (
    DATE_RE,
    KamerstukCitation,
    date_from_match,
    find_kamerstuk_citations,
)
from kamergraph.records import Document, Dossier, Ref, Span

_LETTER_DATE_RE = re.compile(rf"\bbrief\w*\s+van\s+(?P<date>{DATE_RE.pattern})\s*$", re.IGNORECASE)


def add_dossier(ctx: Context, dossier: str, span: Span | None) -> Ref:
    """Record a dossier mention and return its ref."""
    ref = Ref("dossier", dossier)
    ctx.collector.add(Dossier(ref, identifier=dossier), *([span] if span else []))
    return ref


def add_citation(ctx: Context, cit: KamerstukCitation, span: Span) -> Ref:
    """Record a cited paper (or just its dossier) and make the citing document cite it."""
    dossier_ref = add_dossier(ctx, cit.dossier, None)
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
    cited.date = _letter_date(ctx, span)
    ctx.collector.add(cited, span)
    if ref not in citing.cites:
        citing.cites.append(ref)
    return ref


def _letter_date(ctx: Context, span: Span) -> date | None:
    """The date of a cited letter: "brief van 16 december 2024[2]" pointing at this footnote."""
    note = ctx.footnote_at(span.start)
    if note is None:
        return None
    for mark_start, _end, number in ctx.layout.marks:
        if number != note.number or ctx.layout.footnote_for(number, mark_start) != note:
            continue
        vpos = ctx.view.to_view(mark_start)
        m = _LETTER_DATE_RE.search(ctx.view.text, max(0, vpos - 60), vpos)
        if m:
            date_m = DATE_RE.match(ctx.view.text, m.start("date"))
            if date_m:
                return date_from_match(date_m, ctx.doc_date(mark_start)).value
    return None


def extract_citations(ctx: Context) -> None:
    """Every kamerstuk citation in the view, as cited documents and dossiers."""
    for vstart, vend, cit in find_kamerstuk_citations(ctx.view.text):
        add_citation(ctx, cit, ctx.span(vstart, vend))
