"""Laws and regulations a document names, with the articles it cites.

Names come from the registry (title and aliases: "Spreidingswet" is the "Wet gemeentelijke taak
mogelijk maken asielopvangvoorzieningen"; "Vw", "Vw 2000" and "Vreemdelingenwet" are one law).
Articles: "art. 110 Vw", "artikel 3b Wet COA", "de artikel 110 en 111 van de Vreemdelingenwet";
"artikel 9 van de Wet" means the law the text named last. A law name the registry lacks
("Wet op de opvang", "Huisvestingswet 2030") still becomes a law keyed by its slug.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from kamergraph.extract.context import Context
from kamergraph.extract.rules import law_name_rules
from kamergraph.identifiers import slugify
from kamergraph.records import Law, Ref

_ARTICLE = r"\d+[a-z]?"
_ARTICLES_RE = re.compile(
    rf"\b(?:[Aa]rt\.|[Aa]rtikel(?:en)?)\s+(?P<arts>{_ARTICLE}(?:\s*(?:,|en)\s*{_ARTICLE})*)"
    r"(?:,?\s+(?:eerste|tweede|derde|laatste)?\s*lid(?:\s+\d+)?)?\s+(?:van\s+(?:de|het)\s+)?"
)
_UNKNOWN_LAW = re.compile(
    r"(?<![\w-])(?P<name>Wet\s+(?:op|van|inzake)\s+(?:de|het)\s+[a-z]+(?:\s+[a-z]+)?"
    r"|Algemene\s+wet\s+[a-z]+)(?![\w-])"
)
_BARE_WET = re.compile(r"\b(?:van|in) de Wet\b(?!\s+[a-zA-Z])")


def _folded(text: str) -> str:
    return " ".join(text.split()).lower()


@lru_cache(maxsize=8)
def _registry_patterns(labels: tuple[tuple[str, str], ...]) -> list[tuple[re.Pattern[str], bool]]:
    """All registry titles and aliases as two alternations (long ones in any case, short ones
    as written), longest first: one pass over a paper instead of one per label."""
    ordered = sorted(labels, key=lambda x: len(x[0]), reverse=True)
    out = []
    for any_case in (True, False):
        group = [label for label, _key in ordered if (len(label) > 6) == any_case]
        if group:
            body = "|".join(r"\s+".join(re.escape(w) for w in label.split()) for label in group)
            flags = re.IGNORECASE if any_case else 0
            out.append((re.compile(rf"(?<![\w-])(?:{body})(?![\w+])", flags), any_case))
    return out


def _registry_mentions(ctx: Context) -> Iterator[tuple[int, int, str]]:
    """Registry laws named in the view: (start, end, law key)."""
    labels = tuple(
        (label, law.ref.key)
        for law in ctx.reference.laws.values()
        for label in (law.title, *law.alt_labels)
        if label
    )
    by_label: dict[str, str] = {}
    for label, key in labels:
        by_label.setdefault(_folded(label) if len(label) > 6 else " ".join(label.split()), key)
    for pattern, any_case in _registry_patterns(labels):
        for m in ctx.vfind(pattern):
            found = _folded(m.group(0)) if any_case else " ".join(m.group(0).split())
            if found in by_label:
                yield m.start(), m.end(), by_label[found]


def _mentions(ctx: Context) -> list[tuple[int, int, str]]:
    """Non-overlapping law mentions in the view: (start, end, key)."""
    taken: list[tuple[int, int, str]] = []
    for start, end, key in _registry_mentions(ctx):
        if ctx.claim("laws", start, end):
            taken.append((start, end, key))
    for rule in law_name_rules():
        for m in ctx.vfind(rule.pattern):
            if ctx.claim("laws", m.start(), m.end()):
                taken.append((m.start(), m.end(), slugify(m.group(0))))
    for m in ctx.vfind(_UNKNOWN_LAW):
        if ctx.claim("laws", m.start(), m.end()):
            taken.append((m.start(), m.end(), slugify(m.group("name"))))
    return sorted(taken)


def _record(ctx: Context, key: str, title: str) -> Law:
    """A registry law (title, aliases, BWB id) or a new law named by its slug."""
    known = ctx.reference.laws.get(key)
    if known is not None:
        return Law(
            known.ref,
            title=known.title,
            alt_labels=list(known.alt_labels),
            dossier=known.dossier,
            bwb_id=known.bwb_id,
        )
    return Law(Ref("law", key), title=title)


def extract_laws(ctx: Context) -> None:
    """Law records with spans and cited articles; the naming document cites the law."""
    mentions = _mentions(ctx)
    for start, end, law_key in mentions:
        record = _record(ctx, law_key, ctx.view.text[start:end])
        span = ctx.span(start, end)
        stored = ctx.collector.add(record, span)
        citing = ctx.segment_at(span.start).document
        if not ctx.layout.is_furniture(span.start) and stored.ref not in citing.cites:
            citing.cites.append(stored.ref)
    for m in ctx.vfind(_ARTICLES_RE):
        key: str | None = next((k for s, _e, k in mentions if s == m.end()), None)
        if key is None and _BARE_WET.match(ctx.view.text, m.end() - len("van de ")):
            earlier = [k for s, _e, k in mentions if s < m.start()]
            key = earlier[-1] if earlier else None
        stored_law = ctx.collector.get(Ref("law", key)) if key else None
        if isinstance(stored_law, Law):
            for article in re.split(r"\s*(?:,|en)\s*", m.group("arts")):
                if article and article not in stored_law.articles:
                    stored_law.articles.append(article)
