"""The one content-negotiation table: every format the server speaks, and how a request picks one.

A request names its format by the Accept header, by a `format=` / `output=` parameter (what
SPARQLWrapper, YASGUI and many scripts send: a short name or a media type), or on entity pages
by a file suffix. Each kind of answer offers its own subset of the table, default first, so
`Accept: */*` (or none) gets the default and an Accept that matches nothing gets a 406.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from werkzeug.datastructures import MIMEAccept
from werkzeug.exceptions import NotAcceptable
from werkzeug.http import parse_accept_header

Kind = Literal["solutions", "boolean", "graph", "page", "api"]


@dataclass(frozen=True)
class Format:
    """One serialisation: the store's name for it, its media types and its short names."""

    name: str  # as kamergraph.store names it (json, turtle, ...), or html
    media_type: str  # what we send as Content-Type (charset added for text types)
    label: str  # human name for download links
    suffix: str  # file suffix, for twins and downloads
    aliases: tuple[str, ...] = ()  # other media types accepted in Accept
    names: tuple[str, ...] = ()  # values of format= / output= besides name and suffix

    def matches(self, value: str) -> bool:
        """Whether a format= / output= value names this format."""
        value = value.strip().lower().split(";")[0].strip()
        return value in (self.name, self.suffix, self.media_type, *self.aliases, *self.names)


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            "application/sparql-results+json",
            "JSON",
            "srj",
            ("application/json",),
            ("json",),
        ),
        Format(
            "xml",
            "application/sparql-results+xml",
            "XML",
            "srx",
            ("application/xml", "text/xml"),
        ),
        Format("csv", "text/csv", "CSV", "csv"),
        Format("tsv", "text/tab-separated-values", "TSV", "tsv", names=("text/tsv",)),
        Format("turtle", "text/turtle", "Turtle", "ttl", ("application/x-turtle",), ("ttl",)),
        Format(
            "ntriples", "application/n-triples", "N-Triples", "nt", ("text/plain",), ("n-triples",)
        ),
        Format(
            "jsonld",
            "application/ld+json",
            "JSON-LD",
            "jsonld",
            ("application/json", "application/sparql-results+json"),
            ("json", "json-ld"),
        ),
        Format(
            "rdfxml",
            "application/rdf+xml",
            "RDF/XML",
            "rdf",
            ("application/xml", "text/xml", "application/sparql-results+xml"),
            ("xml", "rdf/xml"),
        ),
        Format("nquads", "application/n-quads", "N-Quads", "nq", names=("n-quads",)),
        Format("trig", "application/trig", "TriG", "trig"),
        Format("html", "text/html", "HTML", "html", ("application/xhtml+xml",)),
    )
}
# What each kind of answer offers, default first; a format= value is looked up in this order too
# (so `format=json` on a CONSTRUCT means JSON-LD and `format=xml` means RDF/XML). Clients that ask
# for SPARQL results whatever the query (roqet sends `application/sparql-results+xml` for a
# CONSTRUCT) get the graph in the same family: RDF/XML for XML, JSON-LD for JSON.
OFFERS: dict[Kind, tuple[str, ...]] = {
    "solutions": ("json", "xml", "csv", "tsv"),
    "boolean": ("json", "xml"),
    "graph": ("turtle", "ntriples", "jsonld", "rdfxml"),
    "page": ("html", "turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig"),
    "api": ("json", "csv"),
}
TEXT_TYPES = ("text/", "application/sparql-results+xml", "application/rdf+xml")


def content_type(fmt: Format) -> str:
    """The Content-Type header value, with a charset for textual formats."""
    if fmt.media_type.startswith(TEXT_TYPES) or fmt.name in (
        "json",
        "jsonld",
        "ntriples",
        "nquads",
        "trig",
    ):
        return f"{fmt.media_type}; charset=utf-8"
    return fmt.media_type


def by_suffix(suffix: str, kind: Kind) -> Format | None:
    """The offered format with this file suffix (`ttl`, `jsonld`...), if any."""
    for name in OFFERS[kind]:
        if FORMATS[name].suffix == suffix or FORMATS[name].name == suffix:
            return FORMATS[name]
    return None


def by_name(value: str, kind: Kind) -> Format:
    """The offered format a format= / output= value names; 406 when it names none of them."""
    for name in OFFERS[kind]:
        if FORMATS[name].matches(value):
            return FORMATS[name]
    offered = ", ".join(FORMATS[n].suffix for n in OFFERS[kind])
    raise NotAcceptable(f"format {value!r} is not available here; try one of: {offered}")


def by_accept(accept: MIMEAccept, kind: Kind) -> Format:
    """The best offered format for an Accept header; 406 when it accepts none of them.

    Kept per header text: clients send the same few headers again and again, and weighing a
    browser's against every offer took 0.1-0.4 ms of each request (a query asks for each of
    its three possible forms)."""
    return _by_accept(accept.to_header(), kind)


@lru_cache(maxsize=512)
def _by_accept(header: str, kind: Kind) -> Format:
    accept = parse_accept_header(header, MIMEAccept)
    offers = OFFERS[kind]
    if not accept:
        return FORMATS[offers[0]]
    candidates: list[tuple[float, int, Format]] = []
    for position, name in enumerate(offers):
        fmt = FORMATS[name]
        quality = max(accept.quality(t) for t in (fmt.media_type, *fmt.aliases))
        if quality > 0:
            exact = any(value.lower() in (fmt.media_type, *fmt.aliases) for value, _ in accept)
            candidates.append((quality + (0.0001 if exact else 0), -position, fmt))
    if not candidates:
        wanted = ", ".join(value for value, _ in accept)
        offered = ", ".join(FORMATS[n].media_type for n in offers)
        raise NotAcceptable(f"cannot answer in {wanted}; this resource offers {offered}")
    return max(candidates, key=lambda c: (c[0], c[1]))[2]


def choose(kind: Kind, accept: MIMEAccept, explicit: str | None = None) -> Format:
    """The format for an answer: an explicit format= / output= / suffix wins over Accept."""
    if explicit:
        return by_name(explicit, kind)
    return by_accept(accept, kind)


def settled(kinds: tuple[Kind, ...], accept: MIMEAccept, explicit: str | None) -> dict[str, str]:
    """The format name each of these kinds of answer would get, for those that have one: a
    query's format settled before its form is known (a kind with none is left out, so that
    its 406 is raised once the form is known)."""
    formats: dict[str, str] = {}
    for kind in kinds:
        try:
            formats[kind] = choose(kind, accept, explicit).name
        except NotAcceptable:
            continue
    return formats


def wants_html(accept: MIMEAccept) -> bool:
    """A browser navigating (HTML preferred over any results format), not a SPARQL client."""
    if not accept:
        return False
    html = max(accept.quality("text/html"), accept.quality("application/xhtml+xml"))
    explicit_html = any(v.lower() in ("text/html", "application/xhtml+xml") for v, _ in accept)
    others = max(
        (accept.quality(FORMATS[n].media_type) for n in ("json", "xml", "turtle", "csv")),
        default=0,
    )
    return explicit_html and html >= others
