"""Choose the reader for a source file by its suffix; a YAML sidecar beside it has the last word."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kamergraph.extract.formats import SourceReading
from kamergraph.extract.formats.pdf import read_pdf_source
from kamergraph.extract.formats.publication import read_publication_source
from kamergraph.extract.formats.sidecar import with_sidecar
from kamergraph.extract.formats.text import read_text_source
from kamergraph.extract.formats.webpage import read_webpage_source

Reader = Callable[[Path], SourceReading]

#: suffix -> reader; anything else is read as text (and refused if it is binary).
READERS: dict[str, Reader] = {
    ".txt": read_text_source,
    ".pdf": read_pdf_source,
    ".xml": read_publication_source,
    ".html": read_webpage_source,
    ".htm": read_webpage_source,
}
#: files that travel with a source and are no source themselves.
COMPANION_SUFFIXES = (".metadata.xml", ".yaml", ".yml")


def is_companion(path: Path) -> bool:
    """A sidecar or a stored metadata.xml: read with its source, never on its own."""
    return path.name == "metadata.xml" or path.name.endswith(COMPANION_SUFFIXES)


def read_any(path: Path) -> SourceReading:
    """Read a source file with the reader for its format, then apply its sidecar (if any)."""
    return with_sidecar(READERS.get(path.suffix.lower(), read_text_source)(path))
