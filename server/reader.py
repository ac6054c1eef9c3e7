"""The document reader: a source text laid out for reading, every mention a link to its thing.

`/id/document/<key>/text` shows the text in headings, paragraphs and linked footnotes (page
furniture left out, by `kamergraph.reading`), each mention highlighted and linked, and a margin
list of the things the document names. Every piece of text carries its offsets (`data-s`,
`data-e`), so a link to `#char=start,end` from any other page lands on those very words and
`reader.js` highlights them.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from urllib.parse import quote

from flask import Blueprint, Response, abort, render_template

from kamergraph.reading import Reading, read_layout
from server import answers, i18n
from server.classpages import Names, local_name
from server.site import Site, current_site
from server.terms import is_absolute_iri

bp = Blueprint("reader", __name__)
PASSAGE_KINDS = ("Report", "Question", "Answer", "Observation")


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    body: str
    kind: str


@dataclass(frozen=True)
class Segment:
    """A stretch of text with one set of mentions over it."""

    start: int
    end: int
    text: str
    entity: Mention | None  # the innermost thing named here, shown as a link
    passage: bool  # inside a report, question or answer
    note: int | None = None  # a footnote mark: the index of its note


def _mentions(site: Site, iri: str) -> list[Mention]:
    found: dict[tuple[int, int, str], Mention] = {}
    for row in answers.run(site, "list_document_mentions", document=iri):
        start, end = int(row["start"]), int(row["end"])
        kind = local_name(row.get("bodyKind", ""))
        key = (start, end, row["body"])
        if key not in found or found[key].kind in ("", "Document"):
            found[key] = Mention(start, end, row["body"], kind)
    return sorted(found.values(), key=lambda m: (m.start, -m.end))


class _Sweep:
    """Mentions overlapping each of a series of ranges given in text order, in one pass."""

    def __init__(self, mentions: list[Mention]) -> None:
        self._mentions = mentions  # sorted by start
        self._next = 0
        self._active: list[Mention] = []

    def over(self, start: int, end: int) -> list[Mention]:
        while self._next < len(self._mentions) and self._mentions[self._next].start < end:
            self._active.append(self._mentions[self._next])
            self._next += 1
        self._active = [m for m in self._active if m.end > start]
        return [m for m in self._active if m.start < end]


def segments(
    text: str, start: int, end: int, inside: list[Mention], marks: dict[tuple[int, int], int]
) -> list[Segment]:
    """The range [start, end) cut wherever one of `inside` or a footnote mark begins or ends."""
    cuts = {start, end}
    for m in inside:
        cuts.update(c for c in (m.start, m.end) if start < c < end)
    cuts.update(c for a, b in marks for c in (a, b) if start < c < end)
    points = sorted(cuts)
    out = []
    for a, b in itertools.pairwise(points):
        covering = [m for m in inside if m.start <= a and m.end >= b]
        things = [m for m in covering if m.kind not in PASSAGE_KINDS]
        entity = min(things, key=lambda m: m.end - m.start) if things else None
        passage = any(m.kind in PASSAGE_KINDS for m in covering)
        out.append(Segment(a, b, text[a:b], entity, passage, marks.get((a, b))))
    return out


def _margin(mentions: list[Mention], names: Names) -> list[tuple[str, list[tuple[str, int]]]]:
    """Things named in the document, by kind, most often named first."""
    counts: dict[str, dict[str, int]] = {}
    for m in mentions:
        if m.kind and m.kind not in PASSAGE_KINDS:
            by_kind = counts.setdefault(m.kind, {})
            by_kind[m.body] = by_kind.get(m.body, 0) + 1
    return [
        (kind, sorted(things.items(), key=lambda t: (-t[1], names.label(t[0]))))
        for kind, things in sorted(counts.items())
    ]


def _layout(text: str, reading: Reading, mentions: list[Mention]) -> dict:  # type: ignore[type-arg]
    marks = {(a, b): note for a, b, note in reading.marks}
    body, foot = _Sweep(mentions), _Sweep(mentions)
    blocks = [
        (b.kind, segments(text, b.start, b.end, body.over(b.start, b.end), marks))
        for b in reading.blocks
    ]
    notes = [
        (n, segments(text, n.start, n.end, foot.over(n.start, n.end), {})) for n in reading.notes
    ]
    return {"blocks": blocks, "notes": notes}


@bp.get("/id/document/<path:key>/text")
def read(key: str) -> Response:
    """The reader for one document (404 for documents without a text)."""
    site = current_site()
    iri = site.base_iri + "document/" + key
    rows = answers.run(site, "describe_document_text", document=iri) if is_absolute_iri(iri) else []
    if not rows:
        abort(404, description=f"No text is known for {iri}")
    text = rows[0]["text"]
    mentions = _mentions(site, iri)
    names = Names(site, i18n.language())
    names.want([iri, *(m.body for m in mentions if m.kind not in PASSAGE_KINDS)])
    names.fetch()
    html = render_template(
        "reader.html",
        iri=iri,
        title=names.label(iri),
        page_path=quote(site.local_path(iri) or ""),
        names=names,
        margin=_margin(mentions, names),
        mention_count=len(mentions),
        **_layout(text, read_layout(text), mentions),
    )
    return Response(html, content_type="text/html; charset=utf-8")
