"""schema.org descriptions embedded in class pages, for search engines.

Written as a `<script type="application/ld+json">` data block: browsers never run it, so the
Content-Security-Policy (no inline script) allows it; `tojson` escapes `<`, `>` and `&`.
"""

from __future__ import annotations

from typing import Any

from flask import request

from server.site import Site

SCHEMA_TYPES = {
    "Commitment": "CreativeWork",
    "Motion": "CreativeWork",
    "Person": "Person",
    "Party": "Organization",
    "Law": "Legislation",
    "Dossier": "Collection",
    "Document": "DigitalDocument",
}


def _url(site: Site, iri: str) -> str:
    local = site.local_path(iri)
    return request.host_url.rstrip("/") + local if local else iri


def describe(site: Site, class_name: str, iri: str, context: dict[str, Any]) -> dict[str, Any]:
    """A small schema.org object: type, name, identifier, url, and dates or authors we know."""
    names = context["names"]
    thing: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES[class_name],
        "@id": iri,
        "name": names.label(iri),
        "url": _url(site, iri),
    }
    row = context.get("row") or {}
    if row.get("identifier") or context.get("identifier"):
        thing["identifier"] = row.get("identifier") or context.get("identifier")
    if row.get("date"):
        thing["datePublished"] = row["date"]
    creators = context.get("creators") or []
    if creators:
        thing["author"] = [
            {"@type": "Person", "name": names.label(c), "url": _url(site, c)} for c in creators
        ]
    if class_name == "Person" and context.get("parties"):
        thing["affiliation"] = [
            {"@type": "Organization", "name": names.label(p)} for p in context["parties"]
        ]
    return thing
