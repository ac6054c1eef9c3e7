"""Pages per class: what each kind of thing's page shows, gathered from named queries.

Each builder takes the thing's IRI and returns the template's context: plain values, lists of
IRIs and a `Names` object that turns IRIs into labels and links. Nothing here formats SPARQL;
everything comes from `queries/` through `server.answers`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup, escape

from server import answers, labels
from server.site import VOCABULARY, Site

Context = dict[str, Any]
Builder = Callable[[Site, str, "Names"], Context]
BUILDERS: dict[str, Builder] = {}  # class local name -> builder, filled by the modules below
_SENTENCE_END = re.compile(r"[.!?;:](?=\s)")


def page_for(class_name: str) -> Callable[[Builder], Builder]:
    """Register a builder for `kg:{class_name}` (its template is `entity-{name}.html`)."""

    def register(builder: Builder) -> Builder:
        BUILDERS[class_name] = builder
        return builder

    return register


@dataclass
class Names:
    """Labels and links for every IRI a page shows, fetched in one go before rendering."""

    site: Site
    language: str
    wanted: set[str] = field(default_factory=set)
    known: dict[str, str] = field(default_factory=dict)

    def want(self, iris: Iterable[str]) -> None:
        """Note IRIs the page will name."""
        self.wanted.update(i for i in iris if i)

    def fetch(self) -> None:
        """Look up the names of every wanted IRI not named yet."""
        missing = self.wanted - set(self.known)
        if missing:
            self.known.update(labels.labels(self.site, missing, self.language))
            self.known.update({i: _fallback(self.site, i) for i in missing - set(self.known)})

    def label(self, iri: str) -> str:
        """The thing's name (its key or local name when it has none)."""
        return self.known.get(iri) or _fallback(self.site, iri)

    def href(self, iri: str) -> str | None:
        """Where a link to the thing points (None for IRIs that must stay text)."""
        return self.site.href(iri)

    def link(self, iri: str) -> Markup:
        """The thing by name: a link, or text for an IRI that may not be one. Written here,
        not as a template macro: a page names a hundred things, and a macro call costs ten
        times as much as this."""
        href, label = self.site.href(iri), escape(self.label(iri))
        if href:
            return Markup('<a href="%s">%s</a>') % (href, label)
        return Markup('<span class="iri">%s</span>') % label

    def links(self, iris: Iterable[str]) -> Markup:
        """Several things by name, separated by commas (empty, so falsy, for none)."""
        return Markup(", ").join(self.link(iri) for iri in iris)


def _fallback(site: Site, iri: str) -> str:
    if iri.startswith(VOCABULARY):
        return iri[len(VOCABULARY) :]
    local = site.local_path(iri)
    return local.rsplit("/", 1)[-1] if local else iri


def reader_href(site: Site, document: str, start: str | int, end: str | int) -> str | None:
    """The reader's address for a passage: `/id/document/<key>/text#char=start,end`."""
    path = site.local_path(document)
    return f"{path}/text#char={start},{end}" if path else None


def passages(site: Site, bodies: Iterable[str]) -> dict[str, list[answers.Row]]:
    """Where each report or thing is quoted: rows of source, start and end, in text order."""
    found: dict[str, list[answers.Row]] = {}
    for row in answers.run_batched(site, "list_passages", "body", bodies):
        found.setdefault(row["body"], []).append(row)
    for rows in found.values():
        rows.sort(key=lambda r: int(r["start"]))
    return found


def passage_in(rows: list[answers.Row], document: str) -> answers.Row | None:
    """The passage standing in `document` if there is one, else the first anywhere."""
    return next((r for r in rows if r["source"] == document), rows[0] if rows else None)


def local_name(iri: str) -> str:
    """`Letter` for `kg:Letter`."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def in_context(row: answers.Row) -> dict[str, str]:
    """The sentence around a mention: the words before, the words named, the words after."""
    context, offset = row.get("context", ""), int(row.get("contextStart", 0))
    start, end = int(row["start"]) - offset, int(row["end"]) - offset
    before, named, after = context[:start], context[start:end], context[end:]
    cut = [m.end() for m in _SENTENCE_END.finditer(before)]
    if cut:
        before = before[cut[-1] :]
    elif offset > 0:  # the context starts mid-sentence
        before = "…" + before.split(" ", 1)[-1]
    stop = _SENTENCE_END.search(after)
    after = after[: stop.end()] if stop else after.rsplit(" ", 1)[0] + "…"
    return {"before": " ".join(before.split()), "named": named, "after": " ".join(after.split())}


def year_of(date: str) -> str:
    """The year of an ISO date ('' when there is none)."""
    return date[:4] if len(date) >= 4 and date[:4].isdigit() else ""


def build(site: Site, class_name: str, iri: str, language: str) -> Context:
    """The context for `iri`'s page as a `kg:{class_name}`; names fetched for everything."""
    names = Names(site, language)
    names.want([iri])
    context = BUILDERS[class_name](site, iri, names)
    names.fetch()
    return {"names": names, **context}


from server.classpages import commitments, documents, laws, people  # noqa: E402,F401
