"""Extraction stage: source text -> records (dataclasses). Knows text, not RDF.

Public surface: `extract_source`, `load_manifest`, `SourceError`, `ManifestRow`.
"""

from __future__ import annotations

from kamergraph.extract.errors import SourceError
from kamergraph.extract.manifest import ManifestRow, load_manifest
from kamergraph.extract.pipeline import extract_source

__all__ = ["ManifestRow", "SourceError", "extract_source", "load_manifest"]
