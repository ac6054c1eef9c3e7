"""Resolve what a passage head points at: T-numbers, motion ids, footnotes, known titles.

Resolution order, most to least certain: an id printed in the head; an id in a footnote the
head marks; an id in a footnote marked in the first lines of the passage; the EK title in such
a footnote matched against the registry; a head that repeats an earlier resolved head of the
same source; the registry's known titles. What is left is a commitment or motion named only by
its title.
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import Footnote
from kamergraph.extract.paper.normalise import clean
from kamergraph.identifiers import (
    find_kamerstuk_citations,
    find_t_numbers,
    parse_motion_id,
    slugify,
)
from kamergraph.records import EntityKind, Ref
from kamergraph.reference import content_words

_INLINE_MOTION = re.compile(r"\((?P<id>\d{2}[ .]?\d{3}(?: [IVXLC]{1,6})?,\s*[A-Z]{1,3})\)")
_BARE_MOTION = re.compile(r"^\s*(?P<id>\d{2}[ .]?\d{3}(?: [IVXLC]{1,6})?,\s*[A-Z]{1,3})\s*$")
_EK_TITLE = re.compile(
    r"^\[?(?:Toezegging|Gewijzigde motie|Motie)\s*-?\s*(?P<title>.+?)\s*"
    r"\((?P<dossier>\d{2}[ .]?\d{3}(?:\s+[IVXLC]{1,6})?)\)"
)
_URL_RE = re.compile(r"eerstekamer\.nl/(?P<kind>motiedossier|toezegging)/(?P<slug>[\w]+)")


def similarity(head: str, other: str) -> float:
    """Share of `other`'s content words that `head` contains (word-bag overlap)."""
    words = set(content_words(head))
    other_words = content_words(other)
    if not other_words:
        return 0.0
    return sum(w in words for w in other_words) / len(other_words)


def _url_motion(ctx: Context, note_text: str) -> str | None:
    """A motion id from an EK URL whose slug starts like the footnote ("36373_h_gewijzigde_...")."""
    slug = slugify(note_text).replace("-", "_")
    for m in _URL_RE.finditer(ctx.text):
        if m.group("kind") != "motiedossier":
            continue
        parts = m.group("slug").split("_")
        if len(parts) > 3 and parts[0].isdigit() and slug.startswith("_".join(parts[2:])):
            return f"{parts[0]}-{parts[1].upper()}"
    return None


def refs_in_footnote(ctx: Context, note: Footnote, motion_context: bool) -> list[Ref]:
    """Commitments and motions a footnote identifies."""
    text = ctx.footnote_text(note)
    refs = [Ref("commitment", t.number) for _s, _e, t in find_t_numbers(text)]
    bare = _BARE_MOTION.match(text)
    if bare:
        key = parse_motion_id(bare.group("id"))
        return [*refs, Ref("motion", key)] if key else refs
    is_motion = motion_context or bool(re.match(r"\[?(?:Gewijzigde )?[Mm]otie", text))
    if is_motion:
        for _s, _e, cit in find_kamerstuk_citations(text):
            if cit.number:
                return [*refs, Ref("motion", f"{cit.dossier}-{cit.number}")]
        url_key = _url_motion(ctx, text)
        if url_key:
            return [*refs, Ref("motion", url_key)]
    if not refs:
        m = _EK_TITLE.match(text)
        if m and text.startswith(("Toezegging", "[Toezegging")):
            known = ctx.reference.commitment_by_title(m.group("title"), threshold=0.9)
            if known:
                refs.append(Ref("commitment", known))
    return refs


def refs_in_range(ctx: Context, vstart: int, vend: int, motion_context: bool) -> list[Ref]:
    """Ids printed in a view range, or in the footnotes it marks."""
    vend = min(vend, len(ctx.view.text))
    if vstart >= vend:
        return []
    text = ctx.view.text[vstart:vend]

    def printed(pos: int) -> bool:
        """In the running text, not in a footnote or page furniture."""
        return not ctx.layout.is_furniture(ctx.view.offsets[vstart + pos])

    refs = [Ref("commitment", t.number) for s, _e, t in find_t_numbers(text) if printed(s)]
    for m in _INLINE_MOTION.finditer(text):
        key = parse_motion_id(m.group("id"))
        if key and printed(m.start()):
            refs.append(Ref("motion", key))
    source_start = ctx.view.offsets[vstart]
    # up to the next view character, so a dropped footnote mark after the range counts
    source_end = ctx.view.offsets[vend] if vend < len(ctx.view.offsets) else len(ctx.text)
    for note in ctx.footnotes_in(source_start, source_end):
        refs.extend(r for r in refs_in_footnote(ctx, note, motion_context) if r not in refs)
    return list(dict.fromkeys(refs))


def title_key(kind: str, title: str, dossier: str | None) -> Ref:
    """Key of a commitment or motion named only by its title: dossier (or "nodossier") + slug."""
    entity: EntityKind = "motion" if kind == "motion" else "commitment"
    return Ref(entity, f"{dossier or 'nodossier'}-{slugify(title, max_words=8)}")


def clause_title(head: str) -> str:
    """The subject clause of a heading: what follows "om"/"over"/"dat" after the requester."""
    text = re.sub(r"\s*\((?:T\d{5}|\d[^()]*)\)\s*\.?\s*$", "", head.strip())
    text = re.sub(r"^-\s*", "", text)
    m = re.search(
        r"(?:^|,|\))\s*(?:heb ik een toezegging gedaan\s+)?(?:om|over|dat)\s+(?P<t>.+)$", text
    )
    if m is None:
        m = re.search(r"\b(?:om|over)\s+(?P<t>.+)$", text)
    title = m.group("t") if m else text
    title = re.sub(r"^(?:de Eerste Kamer|uw Kamer|de Kamers?)\s+te\s+", "", title)
    return clean(title).rstrip(" .,;")


def resolve_head(
    ctx: Context, head: str, kind: str, known_heads: list[tuple[str, Ref]]
) -> Ref | None:
    """A head without ids: an earlier head of this source that it repeats, or a known title."""
    best, score = None, 0.0
    for other, ref in known_heads:
        if ref.kind != kind:
            continue
        s = min(similarity(head, other), similarity(other, head))
        if s > score:
            best, score = ref, s
    if best is not None and score >= 0.8:
        return best
    if kind == "commitment":
        known = ctx.reference.commitment_by_title(head)
        if known:
            return Ref("commitment", known)
    return None
