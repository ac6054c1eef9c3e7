"""Official metadata applied to what the recognisers read: the publisher's word wins over the
text's, and a hand-written sidecar (already merged into the metadata) over both.

Only the source's main document is touched. When the metadata gives it an official identity
(dossier and paper number, or an identifier) its key changes, and every record that points at
it, or lives below it (`kst-.../question/3`), follows; a citation of itself disappears.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from typing import get_args

from kamergraph.extract.formats import OfficialMetadata
from kamergraph.identifiers import person_key
from kamergraph.records import (
    Document,
    DocumentKind,
    Dossier,
    Extraction,
    Motion,
    Person,
    Record,
    Ref,
)
from kamergraph.reference import Reference

# Official kind names (DC.type, the paper's heading) -> document kinds, most specific first;
# the first kind the record model knows is taken, so new kinds start working when they exist.
_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("nota naar aanleiding van het", ("MemorandumOfReply", "Memorandum")),
    ("memorie van antwoord", ("MemorandumOfReply", "Memorandum")),
    ("memorie van toelichting", ("Memorandum", "ExplanatoryMemorandum")),
    ("verslag van een schriftelijk overleg", ("ConsultationReport", "Report")),
    ("verslag", ("Report", "ConsultationReport")),
    ("motie", ("Motion",)),
    ("amendement", ("Amendment",)),
    ("brief", ("Letter",)),
    ("nota", ("Note",)),
)
_ISSUED = "uitgegeven"  # the publication date: the paper's own date when the text gives none
_NAME = re.compile(r"^(?P<ini>(?:[A-Z][a-z]?\.\s*)+)?\s*(?P<family>\S.*)$")


def document_kind(official: str) -> DocumentKind | None:
    """A kind the record model knows for an official kind name ("Motie", "Letter")."""
    known = get_args(DocumentKind)
    if official in known:
        return official  # type: ignore[return-value]
    lowered = official.lower()
    for name, kinds in _KINDS:
        if lowered.startswith(name) or lowered == name:
            for kind in kinds:
                if kind in known:
                    return kind  # type: ignore[return-value]
            return None
    return None


def _person(name: str, reference: Reference | None) -> tuple[Person, bool]:
    """A submitter as a person, and whether it is new: the registry's where it knows the name
    (its record lives in the reference graph), else one made from the printed name."""
    known = reference.person(name) if reference is not None else None
    if known is not None:
        return known, False
    family, _, initials = name.partition(",")  # "Huizinga-Heringa, J.C."
    printed = f"{initials.strip()} {family.strip()}" if initials else name
    m = _NAME.match(" ".join(printed.split()))
    assert m is not None
    ini = (m.group("ini") or "").replace(" ", "") or None
    family_name = m.group("family")
    person = Person(
        Ref("person", person_key(family_name, ini)),
        name=" ".join(printed.split()),
        family_name=family_name,
        initials=ini,
    )
    return person, True


def _rekeyed(ref: Ref, old: Ref, new: Ref) -> Ref:
    if ref == old:
        return new
    if ref.key.startswith(old.key + "/") and ref.kind not in ("document", "dossier"):
        return Ref(ref.kind, new.key + ref.key[len(old.key) :])
    return ref


def rekey(records: list[Record], old: Ref, new: Ref) -> None:
    """Point every reference to `old` (and every key below it) at `new`, in place."""
    for record in records:
        for f in dataclasses.fields(record):
            value = getattr(record, f.name)
            if isinstance(value, Ref):
                setattr(record, f.name, _rekeyed(value, old, new))
            elif isinstance(value, list) and value and isinstance(value[0], Ref):
                setattr(record, f.name, [_rekeyed(v, old, new) for v in value])


def _fields(doc: Document, metadata: OfficialMetadata) -> None:
    """Copy every field the metadata sets onto the document."""
    doc.dossier = metadata.dossier or doc.dossier
    doc.paper_number = metadata.paper_number or doc.paper_number
    doc.session_year = metadata.session_year or doc.session_year
    if metadata.chamber in ("EK", "TK"):
        doc.chamber = metadata.chamber  # type: ignore[assignment]
    kind = document_kind(metadata.kind) if metadata.kind else None
    doc.kind = kind or doc.kind
    doc.title = metadata.title or doc.title
    if metadata.date and (metadata.date_kind != _ISSUED or doc.date is None):
        doc.date, doc.date_inferred = date.fromisoformat(metadata.date[:10]), False
        doc.date_kind = metadata.date_kind
    if metadata.identifier:
        doc.identifier = metadata.identifier


def _official_key(doc: Document, metadata: OfficialMetadata) -> str | None:
    if metadata.dossier or metadata.paper_number or metadata.identifier:
        if doc.dossier and doc.paper_number:
            return f"kst-{doc.dossier}-{doc.paper_number}"
        return metadata.identifier
    return None


def _submitters(
    extraction: Extraction, doc: Document, names: tuple[str, ...], reference: Reference | None
) -> None:
    """The submitters become the paper's creators (and its motion's submitters)."""
    people = [_person(name, reference) for name in names]
    known = {r.ref for r in extraction.records}
    extraction.records.extend(p for p, new in people if new and p.ref not in known)
    doc.creators = list(dict.fromkeys(p.ref for p, _new in people))
    own_motion = f"{doc.dossier}-{doc.paper_number}"
    for motion in extraction.of_type(Motion):
        if motion.identifier == own_motion:
            motion.submitters = list(doc.creators)


def apply_metadata(
    extraction: Extraction, metadata: OfficialMetadata, reference: Reference | None = None
) -> Extraction:
    """The extraction with the metadata's fields on its main document (see the module doc)."""
    main = next((d for d in extraction.of_type(Document) if d.is_source), None)
    if main is None or metadata == OfficialMetadata():
        return extraction
    _fields(main, metadata)
    key = _official_key(main, metadata)
    if key and key != main.ref.key:
        new = Ref("document", key)
        extraction.records = [r for r in extraction.records if r.ref != new or r is main]
        rekey(extraction.records, main.ref, new)
    main.cites = [c for c in main.cites if c != main.ref]
    if main.identifier is None and main.ref.key.startswith("kst-"):
        main.identifier = main.ref.key
    if main.dossier and not any(r.ref == Ref("dossier", main.dossier) for r in extraction.records):
        extraction.records.append(Dossier(Ref("dossier", main.dossier), identifier=main.dossier))
    if metadata.submitters:
        _submitters(extraction, main, metadata.submitters, reference)
    return extraction
