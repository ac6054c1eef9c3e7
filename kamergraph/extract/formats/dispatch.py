"""Choose the reader for a source file by its suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from kamergraph.extract.formats import SourceReading
from kamergraph.extract.formats.pdf import read_pdf_source
from kamergraph.extract.formats.text import read_text_source

Reader = Callable[[Path], SourceReading]

#: suffix -> reader; anything else is read as text (and refused if it is binary).
READERS: dict[str, Reader] = {".txt": read_text_source, ".pdf": read_pdf_source}


def read_any(path: Path) -> SourceReading:
    """Read a source file with the reader for its format."""
    return READERS.get(path.suffix.lower(), read_text_source)(path)
