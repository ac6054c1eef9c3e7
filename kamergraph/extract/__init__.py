"""Extraction stage: a source file -> records (dataclasses). Knows text, not RDF.

Public surface: `extract_source(path, reference, manifest) -> Extraction` (records plus the
warnings of what could not be read), `load_manifest`, `SourceError` (the only exception hostile
input raises: empty, binary or undecodable files) and `ManifestRow`.

Two layers, and the formats below them:
  formats/    txt, PDF, officielebekendmakingen XML + metadata.xml, HTML, YAML sidecars ->
              one SourceReading (text + official metadata)
  paper/      the paper read once into a `Paper` (model): normalise (cleaned view, offsets
              back to the source), layout (footnotes, marks, furniture), blocks (headings,
              paragraphs, list items, signatures, footnotes), identity (kind, dossier, number,
              chamber, year, date and its kind, from the tables in rules/)
  rules/      kinds.csv, dates.csv, numbers.csv, citations.csv, laws.csv: the data that decides
              a paper's kind and identity and the forms of citations and law names
  recognise/  one recogniser per kind of record: documents, persons (members and parties),
              attendance, officials, motions, votes, citations, laws, passages/anchors/
              commitments/reports, questions, organisations, observations; people folds a
              paper's bare family names into its one namesake with initials
"""

from __future__ import annotations

from kamergraph.extract.errors import SourceError
from kamergraph.extract.manifest import ManifestRow, load_manifest
from kamergraph.extract.pipeline import extract_source

__all__ = ["ManifestRow", "SourceError", "extract_source", "load_manifest"]
