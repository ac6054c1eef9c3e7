"""Run every extractor over one source file, after checking it is a readable text."""

from __future__ import annotations

import re
from pathlib import Path

from kamergraph.extract.citations import extract_citations
from kamergraph.extract.context import Context
from kamergraph.extract.documents import extract_documents
from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import OfficialMetadata
from kamergraph.extract.formats.apply import apply_metadata
from kamergraph.extract.formats.dispatch import read_any
from kamergraph.extract.laws import extract_laws
from kamergraph.extract.layout import analyse_layout
from kamergraph.extract.manifest import ManifestRow
from kamergraph.extract.normalise import normalise
from kamergraph.extract.observations import extract_observations
from kamergraph.extract.organisations import extract_organisations
from kamergraph.extract.persons import extract_members
from kamergraph.extract.questions import extract_questions
from kamergraph.extract.reports import extract_reports
from kamergraph.records import Extraction
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
    reading = read_any(path)
    text = reading.text
    row = (manifest or {}).get(path.name)
    official = reading.metadata != OfficialMetadata()  # the publisher says it is a paper
    if not official and not (_PARLIAMENTARY.search(text) and (row or _PAPER_SHAPE.search(text))):
        raise SourceError(path, 1, "nothing recognisable as a parliamentary document")
    if reference is None:
        reference = load_reference(Path(get("KG_REFERENCE")))
    ctx = Context(
        path=path,
        text=text,
        view=normalise(text),
        layout=analyse_layout(text),
        reference=reference,
        manifest=row,
    )
    extract_documents(ctx)
    extract_members(ctx)
    extract_citations(ctx)
    extract_laws(ctx)
    extract_reports(ctx)
    extract_questions(ctx)
    extract_organisations(ctx)
    extract_observations(ctx)
    extraction = Extraction(source=path, text=text, records=ctx.collector.records())
    return apply_metadata(extraction, reading.metadata, reference)
