"""The link lists after the footnotes: each Senate page attached to the thing it is about.

The texts print footnotes ("3 Toezegging Kijken naar laatste lid van artikel 9 (36.333)
(T03850) - Eerste Kamer der Staten-Generaal"), then the addresses of those footnotes' links,
one per line. An address is matched to a thing the footnotes before it name: a commitment page
(`/toezegging/kijken_naar_laatste_lid_van`) by its slug against the titles of the commitments
those footnotes name, a motion dossier (`/motiedossier/36373_h_...`) by its number, a member's
page (`/persoon/drs_a_sj_van_der_goot_opnl/...`) by the family name a footnote prints; an
opaque address only when one footnote stands alone before it. Anything else is left out and
reported (`Extraction.unmatched_links`), never guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import Footnote
from kamergraph.identifiers import find_t_numbers, slugify
from kamergraph.records import Commitment, Motion, Person, Record, Ref

_URL_LINE = re.compile(r"^[ \t]*(?P<url>https?://\S+)[ \t]*$", re.MULTILINE)
_SENATE = re.compile(r"^https?://(?:www\.)?eerstekamer\.nl/(?P<path>.*)$")
_COMMITMENT_PAGE = re.compile(r"^toezegging/(?P<slug>[a-z0-9_]+)$")
_MOTION_PAGE = re.compile(r"^motiedossier/(?P<dossier>\d{5})_(?P<letter>[a-z]{1,2})_")
_PERSON_PAGE = re.compile(r"^persoon/(?P<slug>[a-z0-9_]+)(?:/|$)")


@dataclass
class _Block:
    """One link list and the footnotes printed before it."""

    urls: list[str]
    notes: list[Footnote]


def _blocks(ctx: Context) -> list[_Block]:
    """Runs of address-only lines, each with the footnotes since the previous run."""
    blocks: list[_Block] = []
    last_end, run_end = 0, -1
    run: list[tuple[int, str]] = []
    start = 0
    for m in _URL_LINE.finditer(ctx.text):
        if run and m.start() > run_end + 1:
            blocks.append(_block(ctx, run, last_end))
            last_end, run = run_end, []
        if not run:
            start = m.start()
        run.append((start, m.group("url")))
        run_end = m.end()
    if run:
        blocks.append(_block(ctx, run, last_end))
    return blocks


def _block(ctx: Context, run: list[tuple[int, str]], since: int) -> _Block:
    start = run[0][0]
    notes = [n for n in ctx.layout.footnotes if since <= n.line_start < start]
    return _Block(list(dict.fromkeys(url for _, url in run)), notes)


def _commitments_named(ctx: Context, notes: list[Footnote]) -> dict[str, str]:
    """T-number -> title words, for the commitments the footnotes name (in their text, or by a
    T-number their mark is glued to in the text: "T0372612")."""
    named: dict[str, str] = {}
    numbers = {n.number for n in notes}
    for note in notes:
        text = ctx.footnote_text(note)
        for _s, _e, tn in find_t_numbers(text):
            named[tn.number] = text
    for _s, _e, tn in find_t_numbers(ctx.text):
        if tn.footnote in numbers:
            note = next(n for n in notes if n.number == tn.footnote)
            named.setdefault(tn.number, ctx.footnote_text(note))
    for number in named:
        registered = ctx.reference.commitment_titles.get(number, (None, None))[0]
        named[number] += " " + (registered or "")
    return named


def _words(text: str) -> str:
    return " " + slugify(text).replace("-", " ") + " "


def _commitment_for(ctx: Context, slug: str, block: _Block) -> Ref | None:
    """The one commitment named before the page whose title starts with the page's slug."""
    wanted = " " + slug.replace("_", " ") + " "
    fits = [
        t for t, title in _commitments_named(ctx, block.notes).items() if wanted in _words(title)
    ]
    return Ref("commitment", fits[0]) if len(fits) == 1 else None


def _person_for(ctx: Context, slug: str, block: _Block) -> Ref | None:
    """The one member whose family name a footnote prints and the page's slug spells."""
    words = " " + slug.replace("_", " ") + " "
    notes = _words(" ".join(ctx.footnote_text(n) for n in block.notes))
    fits = [
        key
        for key, person in ctx.reference.persons.items()
        if person.family_name and _words(person.family_name) in notes
        if _words(person.family_name) in words
    ]
    return Ref("person", fits[0]) if len(fits) == 1 else None


def _alone(ctx: Context, block: _Block) -> Ref | None:
    """An opaque address after a single footnote: the one commitment that footnote names."""
    if len(block.notes) != 1 or len(block.urls) != 1:
        return None
    named = _commitments_named(ctx, block.notes)
    return Ref("commitment", next(iter(named))) if len(named) == 1 else None


def _subject(ctx: Context, url: str, block: _Block) -> Ref | None:
    """The thing a Senate address is about, or None when the footnotes do not decide it."""
    m = _SENATE.match(url)
    if m is None:
        return None
    path = m.group("path").rstrip("/")
    if page := _COMMITMENT_PAGE.match(path):
        return _commitment_for(ctx, page.group("slug"), block)
    if page := _MOTION_PAGE.match(path):
        return Ref("motion", f"{page.group('dossier')}-{page.group('letter').upper()}")
    if page := _PERSON_PAGE.match(path):
        return _person_for(ctx, page.group("slug"), block)
    return _alone(ctx, block)


def extract_links(ctx: Context) -> list[str]:
    """Attach each link-list address to its thing (`pages`); return the ones left out."""
    left_out = []
    for block in _blocks(ctx):
        for url in block.urls:
            ref = _subject(ctx, url, block)
            record: Record | None = ctx.collector.get(ref) if ref else None
            if isinstance(record, Commitment | Motion | Person):
                if url not in record.pages:
                    record.pages.append(url)
            else:
                why = "names no thing of the footnotes before it" if ref is None else "unknown"
                left_out.append(f"{url} ({why if ref is None else f'{ref.key} not in the text'})")
    return list(dict.fromkeys(left_out))
