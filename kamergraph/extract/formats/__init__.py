"""Format layer: a source file (txt, PDF, official XML, HTML) -> one `SourceReading`.

Everything after this layer sees plain text plus the official metadata that came with the file;
it never knows which format the paper arrived in. Spans index `SourceReading.text`, which is also
what the graph stores as `kg:text`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class OfficialMetadata:
    """Metadata a publisher states outside the text (officielebekendmakingen `metadata.xml`,
    an HTML page's meta tags, a YAML sidecar). Every field is optional; set fields win over what
    the recognisers read from the text.
    """

    dossier: str | None = None  # "36600-XX" (OVERHEIDop.dossiernummer, normalised)
    paper_number: str | None = None  # "S", "2625" (OVERHEIDop.ondernummer)
    session_year: str | None = None  # "2025-2026" (OVERHEIDop.vergaderjaar)
    chamber: str | None = None  # "EK" / "TK"
    kind: str | None = None  # a DocumentKind name, or the official type as printed (DC.type)
    title: str | None = None  # DC.title
    date: str | None = None  # ISO date (DCTERMS.issued, or the document's own date)
    date_kind: str | None = None  # "vastgesteld", "ontvangen", ... (see extract/rules)
    creator: str | None = None  # DC.creator as printed
    submitters: tuple[str, ...] = ()  # OVERHEIDop.indiener, as printed
    identifier: str | None = None  # "kst-36600-XX-S", "h-tk-20222023-51-5"
    extra: dict[str, str] = field(default_factory=dict)  # any other field, by its official name


@dataclass(frozen=True)
class SourceReading:
    """One source file read: its text and the metadata that came with it."""

    path: Path
    text: str
    format: str  # "txt", "pdf", "xml", "html"
    metadata: OfficialMetadata = field(default_factory=OfficialMetadata)
