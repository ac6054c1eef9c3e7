"""Run every extractor over one source file, after checking it is a readable text."""

from __future__ import annotations

import re
from pathlib import Path

from kamergraph.extract.context import Context
from kamergraph.extract.formats.apply import apply_metadata
from kamergraph.extract.manifest import ManifestRow
from kamergraph.extract.paper.model import read_paper
from kamergraph.extract.recognise.attendance import extract_attendance
from kamergraph.extract.recognise.citations import extract_citations
from kamergraph.extract.recognise.documents import extract_documents
from kamergraph.extract.recognise.laws import extract_laws
from kamergraph.extract.recognise.links import extract_links
from kamergraph.extract.recognise.motions import extract_cited_motions, extract_motion_paper
from kamergraph.extract.recognise.observations import extract_observations
from kamergraph.extract.recognise.officials import extract_officials
from kamergraph.extract.recognise.organisations import extract_organisations
from kamergraph.extract.recognise.people import merge_bare_family_names
from kamergraph.extract.recognise.persons import extract_members
from kamergraph.extract.recognise.questions import extract_questions
from kamergraph.extract.recognise.reports import extract_reports
from kamergraph.extract.recognise.senate_pages import extract_member_page, extract_register_page
from kamergraph.extract.recognise.votes import extract_votes
from kamergraph.records import Document, Extraction, Motion, Record, Ref, Report
from kamergraph.reference import Reference, load_reference
from kamergraph.settings import get

# A parliamentary text names the Kamer or its business ...
_PARLIAMENTARY = re.compile(
    r"\b(?:Kamer|Staten-Generaal|[Mm]inister|[Tt]oezegging|[Mm]otie|Kamerstuk\w*|vergaderjaar)\b"
)
# ... and has the shape of a paper: a date line, an addressee, an id, Q&A, or a signature.
_PAPER_SHAPE = re.compile(
    r"Den Haag,|\bDatum\b|\bOntvangen\b|Aan de |\bT\d{5}|\b\d{2}[ .]?\d{3}\b|^[ \t]*Vraag"
    r"|^[ \t]*(?:De|de)\s+(?:Minister|Staatssecretaris|griffier)\b|\buw Kamer\b",
    re.MULTILINE,
)


def extract_source(
    path: Path, reference: Reference | None = None, manifest: dict[str, ManifestRow] | None = None
) -> Extraction:
    """Extract every record one source file yields; SourceError if it is no parliamentary text."""
    path = Path(path)
    paper = read_paper(path)
    text = paper.text
    row = (manifest or {}).get(path.name)
    if reference is None:
        reference = load_reference(Path(get("KG_REFERENCE")))
    ctx = Context(paper=paper, reference=reference, manifest=row)
    extract_documents(ctx)
    extract_members(ctx)
    extract_attendance(ctx)
    extract_officials(ctx)
    extract_motion_paper(ctx)
    extract_cited_motions(ctx)
    extract_votes(ctx)
    extract_citations(ctx)
    extract_laws(ctx)
    extract_register_page(ctx)
    extract_member_page(ctx)
    extract_reports(ctx)
    extract_questions(ctx)
    extract_organisations(ctx)
    extract_observations(ctx)
    unmatched = extract_links(ctx)
    records = _one_motion_per_motion_paper(_without_self_citations(ctx.collector.records()))
    records = merge_bare_family_names(records, reference)
    extraction = Extraction(source=path, text=text, records=records, warnings=_warnings(ctx, row))
    extraction.unmatched_links = unmatched
    return apply_metadata(extraction, paper.metadata, reference)


def _without_self_citations(records: list[Record]) -> list[Record]:
    """A paper never cites itself (its own number in a header, a page address or a footer)."""
    for record in records:
        if isinstance(record, Document):
            # its own number misread as a dossier with a suffix ("35 010 C" -> dossier 35010-C)
            own_number = Ref("dossier", f"{record.dossier}-{record.paper_number}")
            record.cites = [ref for ref in record.cites if ref not in (record.ref, own_number)]
    return records


#: Key prefix of a motion named by title alone, without dossier (see anchors.title_ref).
UNNUMBERED = "nodossier-"


def _one_motion_per_motion_paper(records: list[Record]) -> list[Record]:
    """A motion paper's page title names its motion without a number ("Motie-X over ..."): that
    is the paper's own numbered motion, not a second one."""
    own = next((d.motion for d in records if isinstance(d, Document) and d.motion), None)
    if own is None:
        return records
    unnumbered = {
        r.ref for r in records if isinstance(r, Motion) and r.ref.key.startswith(UNNUMBERED)
    }
    for record in records:
        if isinstance(record, Report) and record.reports_on in unnumbered:
            record.reports_on = own
    return [r for r in records if r.ref not in unnumbered]


def _warnings(ctx: Context, row: ManifestRow | None) -> list[str]:
    """What could not be read: a paper is never refused for it, but the report names it."""
    warnings = []
    main = ctx.segments[0].document if ctx.segments else None
    read = main is not None and (
        main.kind != "Document" or main.ref.key.startswith("kst-") or main.identifier is not None
    )
    if not read and not (
        _PARLIAMENTARY.search(ctx.text) and (row or _PAPER_SHAPE.search(ctx.text))
    ):
        warnings.append("nothing recognisable as a parliamentary document")
    if main is not None:
        missing = []
        if main.kind == "Document":
            missing.append("kind")
        if main.date is None:
            missing.append("date")
        if not main.ref.key.startswith("kst-") and main.identifier is None and not row:
            missing.append("official identity (dossier and paper number, or publication id)")
        if missing:
            warnings.append("could not read the paper's " + ", ".join(missing))
    return warnings
