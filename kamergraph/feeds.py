"""Atom feeds (RFC 4287) of what changed: per release, per entity type and per entity.

People follow a commitment or the new documents without polling pages. Feeds are built from
the releases' changelogs and, for one entity, from its reports in the graph; entry ids are
stable IRIs (the entity's or the report's), so a reader never sees an entry twice. Output is
deterministic: the same changes give the same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kamergraph import settings

if TYPE_CHECKING:
    from kamergraph.release import Change, ReleaseInfo

ATOM = "http://www.w3.org/2005/Atom"
KG = "https://w3id.org/kamergraph/def#"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
ET.register_namespace("", ATOM)
# The feeds per entity type: which changes of which class each one carries.
FEED_KINDS = {
    "documents": ("Document", "New documents"),
    "commitments": ("Commitment", "New commitments and their status changes"),
    "reports": ("Report", "New reports on commitments and motions"),
    "motions": ("Motion", "Motions and their outcomes"),
}


@dataclass(frozen=True)
class Entry:
    """One Atom entry."""

    id: str
    title: str
    updated: str  # RFC 3339
    link: str
    summary: str = ""
    category: str = ""


def timestamp(date: str) -> str:
    """An RFC 3339 timestamp for an xsd:date (midnight UTC) or a dateTime as given."""
    return date if "T" in date else f"{date}T00:00:00Z"


def _text(parent: ET.Element, tag: str, value: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = value
    return element


def feed_xml(
    feed_id: str,
    title: str,
    self_link: str,
    entries: Iterable[Entry],
    quiet_since: str = "1970-01-01T00:00:00Z",
) -> bytes:
    """An Atom feed document: newest entries first, `updated` the newest entry's time (or
    `quiet_since` for a feed with no entry yet, e.g. a release that changed nothing)."""
    ordered = sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)
    root = ET.Element(f"{{{ATOM}}}feed")
    _text(root, "id", feed_id)
    _text(root, "title", title)
    _text(root, "updated", ordered[0].updated if ordered else quiet_since)
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "self", "href": self_link})
    ET.SubElement(root, f"{{{ATOM}}}link", {"rel": "license", "href": CC0})
    author = ET.SubElement(root, f"{{{ATOM}}}author")
    _text(author, "name", settings.get("KG_PUBLISHER_NAME"))
    _text(author, "uri", settings.get("KG_PUBLISHER"))
    _text(root, "rights", "CC0 1.0: no rights reserved")
    for entry in ordered:
        node = ET.SubElement(root, f"{{{ATOM}}}entry")
        _text(node, "id", entry.id)
        _text(node, "title", entry.title)
        _text(node, "updated", entry.updated)
        ET.SubElement(node, f"{{{ATOM}}}link", {"rel": "alternate", "href": entry.link})
        if entry.category:
            ET.SubElement(node, f"{{{ATOM}}}category", {"term": entry.category})
        if entry.summary:
            _text(node, "summary", entry.summary)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _local(classes: str) -> str:
    names = sorted(c.rpartition("#")[2] for c in classes.split() if c.startswith(KG))
    return ", ".join(names) or "entity"


def change_entry(change: Change, release: ReleaseInfo) -> Entry:
    """A changelog entry as an Atom entry (status changes named in the title)."""
    name = change.label or change.iri
    title = f"{change.change.capitalize()}: {name}"
    if change.change == "changed" and change.status_from != change.status_to:
        title = f"Status of {name}: {_short(change.status_from)} -> {_short(change.status_to)}"
    elif change.change == "added" and change.status_to:
        title += f" ({_short(change.status_to)})"
    return Entry(
        id=f"{release.iri}#{change.change}:{change.iri}",
        title=title,
        updated=timestamp(release.date),
        link=change.iri,
        summary=f"{_local(change.classes)} {change.change} in release {release.version} "
        f"of {release.date}.",
        category=change.change,
    )


def _short(iri: str) -> str:
    return iri.rpartition("#")[2].rpartition("/")[2] if iri else "none"


def release_feed(iri: str, name: str, date: str, changes: list[Change]) -> bytes:
    """The feed of one release: one entry per change."""
    from kamergraph.release import ReleaseInfo

    info = ReleaseInfo(name, name.split("-")[0].lstrip("v"), date, iri, None, True)
    entries = [change_entry(c, info) for c in changes]
    link = iri + "/feed.atom"
    return feed_xml(link, f"kamergraph release {name}", link, entries, timestamp(date))


def wanted(kind: str, change: Change) -> bool:
    """Whether a change belongs in the feed of one entity type (see FEED_KINDS)."""
    cls = KG + FEED_KINDS[kind][0]
    if cls not in change.classes.split():
        return False
    if kind in ("documents", "reports"):
        return change.change == "added"
    status_moved = change.change == "changed" and change.status_from != change.status_to
    return change.change == "added" or status_moved


def type_feed(kind: str, history: list[tuple[ReleaseInfo, list[Change]]], self_link: str) -> bytes:
    """The feed of one entity type over all releases."""
    entries: dict[str, Entry] = {}
    for release, changes in history:
        for change in changes:
            if wanted(kind, change):
                entry = change_entry(change, release)
                entries.setdefault(entry.id, entry)
    title = f"kamergraph: {FEED_KINDS[kind][1]}"
    return feed_xml(self_link, title, self_link, entries.values())


def entity_feed(
    iri: str,
    label: str,
    reports: list[Entry],
    history: list[tuple[ReleaseInfo, list[Change]]],
    self_link: str,
) -> bytes:
    """One entity's feed: its reports and, from the releases, its arrival and status changes."""
    entries = list(reports)
    for release, changes in history:
        entries += [change_entry(c, release) for c in changes if c.iri == iri]
    return feed_xml(self_link, f"kamergraph: {label}", self_link, entries)
