"""Official metadata: the publisher's fields (officielebekendmakingen `metadata.xml`, an HTML
page's meta tags) normalised into one `OfficialMetadata`.

Both sources use the same field names (`OVERHEIDop.dossiernummer`, `DC.creator`, ...), so one
table maps them; names are compared without regard to case because pages write
`dcterms.identifier` where `metadata.xml` writes `DCTERMS.identifier`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from lxml import etree

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import OfficialMetadata
from kamergraph.identifiers import normalise_dossier, parse_session_year

# The document's own dates, most telling first, with the kind of date each one is.
_DATES = (
    ("overheidop.datumbrief", "datum brief"),
    ("overheidop.datumontvangst", "ontvangen"),
    ("overheidop.datumindiening", "ingediend"),
    ("overheidop.datumvergadering", "vergaderd"),
    ("dcterms.issued", "uitgegeven"),  # publication, not the paper's own date: fills gaps only
)
# DC.type values that name the series, not the kind of paper.
_SERIES = {"kamerstuk", "handelingen", "kamervragen", "aanhangsel", "officiële publicatie"}
_KNOWN = {
    "overheidop.dossiernummer",
    "overheidop.ondernummer",
    "overheidop.vergaderjaar",
    "dc.type",
    "dc.title",
    "dc.creator",
    "dc.identifier",
    "dcterms.identifier",
    "overheidop.indiener",
    *(name for name, _kind in _DATES),
}
# Parser settings for files from outside: no entities resolved, no network, no huge trees.
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def _line(element: etree._Element) -> int:
    """The source line of an element (1 where the parser kept none)."""
    line = element.sourceline
    return line if isinstance(line, int) else 1


def normalise_dossier_field(raw: str) -> str:
    """ "36600-XX", "36 600 XX", "35934 (R2158)" -> "36600-XX", "36600-XX", "35934"."""
    bare = re.sub(r"\s*\(.*?\)\s*", " ", raw).strip()
    return normalise_dossier(bare) or bare


def chamber_of(*texts: str | None) -> str | None:
    """EK or TK from a creator ("Eerste Kamer der Staten-Generaal") or an id ("h-tk-2022...")."""
    for text in texts:
        if not text:
            continue
        if re.search(r"Eerste Kamer|\b(?:h|ah|kv)-ek-", text, re.IGNORECASE):
            return "EK"
        if re.search(r"Tweede Kamer|\b(?:h|ah|kv)-tk-", text, re.IGNORECASE):
            return "TK"
    return None


def _first(fields: dict[str, list[str]], name: str) -> str | None:
    values = fields.get(name.lower())
    return values[0] if values else None


def _date(fields: dict[str, list[str]]) -> tuple[str | None, str | None]:
    for name, kind in _DATES:
        value = _first(fields, name)
        if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value[:10]):
            return value[:10], kind
    return None, None


def _kind(fields: dict[str, list[str]]) -> str | None:
    types = fields.get("dc.type", [])
    specific = [t for t in types if t.lower() not in _SERIES]
    chosen = specific or types
    return chosen[-1] if chosen else None


def metadata_from_fields(pairs: Iterable[tuple[str, str]]) -> OfficialMetadata:
    """The fields (name, content) as printed, normalised; unknown fields kept under `extra`."""
    fields: dict[str, list[str]] = {}
    names: dict[str, str] = {}
    for name, value in pairs:
        if value.strip():
            fields.setdefault(name.lower(), []).append(" ".join(value.split()))
            names.setdefault(name.lower(), name)
    dossier = _first(fields, "overheidop.dossiernummer")
    year = _first(fields, "overheidop.vergaderjaar")
    number = _first(fields, "overheidop.ondernummer")
    identifier = _first(fields, "dc.identifier") or _first(fields, "dcterms.identifier")
    creator = _first(fields, "dc.creator")
    date, date_kind = _date(fields)
    return OfficialMetadata(
        dossier=normalise_dossier_field(dossier) if dossier else None,
        paper_number=re.sub(r"^nr\.?\s*", "", number, flags=re.IGNORECASE) if number else None,
        session_year=parse_session_year(year).value if year else None,
        chamber=chamber_of(creator, identifier),
        kind=_kind(fields),
        title=_first(fields, "dc.title"),
        date=date,
        date_kind=date_kind,
        creator=creator,
        submitters=tuple(fields.get("overheidop.indiener", [])),
        identifier=identifier,
        extra={names[k]: "; ".join(v) for k, v in fields.items() if k not in _KNOWN},
    )


def metadata_path(source: Path) -> Path | None:
    """The metadata.xml that belongs to a publication file: `<name>.metadata.xml` beside it
    (how `kamergraph add` stores it), else a `metadata.xml` in its folder (as published)."""
    for candidate in (
        source.with_name(source.name + ".metadata.xml"),
        source.parent / "metadata.xml",
    ):
        if candidate.is_file() and candidate != source:
            return candidate
    return None


def read_metadata_xml(path: Path) -> OfficialMetadata:
    """`<metadata_gegevens><metadata name=".." content=".."/>...`; SourceError with the line."""
    try:
        root = etree.parse(str(path), SAFE_XML).getroot()
    except etree.XMLSyntaxError as err:
        raise SourceError(path, err.lineno or 1, f"metadata.xml does not parse: {err.msg}") from err
    entries = [e for e in root.iter() if isinstance(e.tag, str) and e.tag.endswith("metadata")]
    pairs = [(e.get("name") or "", e.get("content") or "") for e in entries if e.get("name")]
    if not pairs:
        raise SourceError(path, _line(root), "metadata.xml holds no <metadata> fields")
    return metadata_from_fields(pairs)
