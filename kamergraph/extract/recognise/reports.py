"""Reports: every passage that reports on a commitment or motion, so its timeline is a query.

Finds passages, resolves what each one is about, records the commitments and motions, and
turns each (passage, thing) pair into a Report with the document's date and the passage text.
A passage repeated verbatim in the same document does not make a second report.
"""

from __future__ import annotations

import re
from itertools import pairwise

from kamergraph.extract.context import Context
from kamergraph.extract.paper.normalise import clean
from kamergraph.extract.recognise.anchors import (
    clause_title,
    refs_in_range,
    resolve_head,
    similarity,
    title_key,
)
from kamergraph.extract.recognise.commitments import (
    Titles,
    commitment_record,
    ek_titles,
    known_title,
    motion_record,
    t_number_mentions,
)
from kamergraph.extract.recognise.deadlines import find_promise
from kamergraph.extract.recognise.passages import Passage, find_passages
from kamergraph.extract.recognise.senate_pages import is_register_page
from kamergraph.extract.recognise.statuses import classify_status
from kamergraph.records import Commitment, Motion, Ref, Report, Span

_COMMITMENT_CUE = re.compile(r"\b(?:[Tt]oezegging\w*|toegezegd)\b")
# A bare section title is a commitment only when its body says it reports on a promise to the EK.
_PROMISED = re.compile(r"toegezegd|toezegging")
_PROMISED_TO_TK = re.compile(r"Tweede Kamer[^.]{0,40}toegezegd|toegezegd[^.]{0,40}Tweede Kamer")
_ADOPTED_INTRO = re.compile(r"aangenomen\W+moties")
# "Uw Kamer heeft deze motie op 18 maart jl. aangenomen": the status stated under the heading.
_ADOPTED_BODY = re.compile(r"\b(?:deze|de|die)\s+motie\b.{0,60}?\baangenomen\b", re.DOTALL)


def _head_kind(passage: Passage, head: str) -> str | None:
    """Whether a passage head names a commitment or a motion (None: neither)."""
    if passage.word:
        return "motion" if passage.word.lower().endswith("motie") else "commitment"
    if passage.heading:
        return "commitment"
    if re.search(r"\b[Mm]otie", head) and not _COMMITMENT_CUE.search(head):
        return "motion"
    return "commitment" if _COMMITMENT_CUE.search(head) else None


def _body_refs(ctx: Context, p: Passage, head: str, kind: str, titles: Titles) -> list[Ref]:
    """An id marked early in a section's body, if its known title fits the heading."""
    body_end = min(p.end, p.head_end + 700)
    for ref in refs_in_range(ctx, p.head_end, body_end, False):
        if ref.kind != kind:
            continue
        title = known_title(ctx, titles, ref.key)[0]
        if title and similarity(head, title) >= 0.4:
            return [ref]
    return []


def _resolve(ctx: Context, p: Passage, known: list[tuple[str, Ref]], titles: Titles) -> list[Ref]:
    """What a passage reports on (empty: it reports on nothing we can name)."""
    head = ctx.view.text[p.start : p.head_end]
    kind = _head_kind(p, head)
    if kind is None:
        return []
    refs = refs_in_range(ctx, p.start, p.head_end, kind == "motion")
    if p.heading and not any(r.kind == kind for r in refs):
        refs += _body_refs(ctx, p, head, kind, titles)
    if not refs and (p.heading or ctx.footnotes_in(*_source(ctx, p.start, p.head_end))):
        window = ctx.view.text[p.start : min(p.end, p.head_end + 300)]
        found = resolve_head(ctx, window if not p.heading else head, kind, known)
        refs = [found] if found else []
    if not refs and p.heading:
        body = clean(ctx.view.text[p.head_end : p.end])
        if p.word or (_PROMISED.search(body) and not _PROMISED_TO_TK.search(body)):
            refs = [title_key(kind, clause_title(head) if p.word else head, None)]
    if p.heading:
        known.extend((head, r) for r in refs)
    return refs


def _source(ctx: Context, vstart: int, vend: int) -> tuple[int, int]:
    """Source range of a view range (at least one character)."""
    span = ctx.span(vstart, max(vend, vstart + 1))
    return span.start, span.end


def _arrange(passages: list[Passage]) -> list[Passage]:
    """Drop sentence passages that repeat their section's subject; cut sections at new ones."""
    kept: list[Passage] = []
    for p in sorted(passages, key=lambda x: (x.start, not x.heading)):
        if not p.refs:
            continue
        if kept and p.start < kept[-1].end:
            if set(p.refs) <= set(kept[-1].refs):
                continue
            kept[-1].end = p.start
        kept.append(p)
    for a, b in pairwise(kept):
        a.end = min(a.end, b.start)
    return kept


def _body_text(ctx: Context, p: Passage) -> str:
    """The passage text without footnotes, URLs, page numbers and letterheads."""
    start, end = _source(ctx, p.start, p.end)
    lines = []
    pos = start
    for line in ctx.text[start:end].split("\n"):
        if not ctx.layout.is_furniture(pos) and line.strip():
            lines.append(line)
        pos += len(line) + 1
    return clean("\n".join(lines)).rstrip(" -")


def _trimmed(ctx: Context, vstart: int, vend: int) -> Span | None:
    """Source span of a view range without its outer spaces (None when empty)."""
    text = ctx.view.text
    while vstart < vend and text[vstart] == " ":
        vstart += 1
    while vend > vstart and text[vend - 1] == " ":
        vend -= 1
    return ctx.span(vstart, vend) if vend > vstart else None


def _record_subject(ctx: Context, p: Passage, ref: Ref, titles: Titles) -> None:
    """Record the commitment or motion a passage names, with the words that name it."""
    record: Commitment | Motion
    if ref.kind == "commitment":
        record = commitment_record(ctx, ref, (p.start, p.head_end), (p.start, p.end), titles)
    else:
        seg = ctx.segment_at(ctx.view.offsets[p.start])
        intro = ctx.view_text(seg.start, min(seg.end, seg.start + 1200))
        body = ctx.view.text[p.head_end : p.end]
        adopted = p.heading and bool(
            _ADOPTED_INTRO.search(intro) or _ADOPTED_BODY.search(body[:300])
        )
        record = motion_record(ctx, ref, (p.start, p.head_end), adopted)
    cue = ctx.view.text.rfind(" ", p.start, p.cue_end) + 1
    if p.heading:
        name_span = _trimmed(ctx, p.start, p.head_end)
    else:
        name_span = _trimmed(ctx, max(cue, p.start), p.cue_end)
    ctx.collector.add(record, *([name_span] if name_span else []))


class _Reports:
    """Numbers reports per document and skips a passage repeated verbatim for the same thing."""

    def __init__(self) -> None:
        self.counters: dict[Ref, int] = {}
        self.seen: dict[tuple[Ref, Ref], list[str]] = {}

    def add(self, ctx: Context, p: Passage, ref: Ref) -> None:
        """Record one report of passage `p` on `ref` (unless it repeats an earlier one)."""
        doc = ctx.segment_at(ctx.view.offsets[p.start]).document
        text = _body_text(ctx, p)
        earlier = self.seen.setdefault((doc.ref, ref), [])
        if any(text in e or e in text for e in earlier):
            return
        earlier.append(text)
        self.counters[doc.ref] = self.counters.get(doc.ref, 0) + 1
        key = f"{doc.ref.key}/report/{self.counters[doc.ref]}"
        reading = classify_status(text)
        promise = find_promise(" ".join(text.split()[:250]), doc.date)
        report = Report(
            Ref("report", key),
            reports_on=ref,
            in_document=doc.ref,
            date=doc.date,
            status_text=text,
            status=reading.status,
            status_evidence=reading.evidence,
            promised=(promise.begin, promise.end) if promise else None,
            promised_text=promise.words if promise else "",
            promised_year_inferred=bool(promise and promise.year_inferred),
        )
        passage = _trimmed(ctx, p.start, p.end)
        ctx.collector.add(report, *([passage] if passage else []))


def extract_reports(ctx: Context) -> None:
    """Commitments, motions and the reports on them, from every passage of the source."""
    titles = ek_titles(ctx)
    t_number_mentions(ctx, titles)
    known: list[tuple[str, Ref]] = []
    passages = sorted(find_passages(ctx), key=lambda x: x.start)
    for p in passages:
        p.refs = _resolve(ctx, p, known, titles)
    reports = _Reports()
    for p in _arrange(passages):
        on_register = is_register_page(ctx.segment_at(ctx.view.offsets[p.start]).document)
        for ref in p.refs:
            _record_subject(ctx, p, ref, titles)
            if not on_register:  # the Kamer's register page records the commitment itself
                reports.add(ctx, p, ref)
