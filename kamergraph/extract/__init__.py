"""Extraction stage: source text -> records (dataclasses). Knows text, not RDF.

Public surface: `extract_source(path, reference, manifest) -> Extraction`, `load_manifest`,
`SourceError` (the only exception hostile input raises) and `ManifestRow`.

How a source is read, one module per idea:
  normalise     a cleaned view (footnote marks, markdown debris and line breaks gone) whose
                offset map turns every match back into a Span of the exact source words
  layout        footnote definitions and marks, page furniture (URLs, page numbers, letterheads)
  documents     where each document in the source starts, its kind, key, date, creator, ...
  persons       members with their parties, signatories, the committee list (registry-resolved)
  citations     kamerstuk citations -> cited papers and dossiers
  laws          laws, aliases and the articles cited
  passages      where a letter reports on something (headings, sentences pointing at footnotes)
  anchors       what a passage reports on (T-number, motion id, footnote, known title)
  commitments   commitment and motion records; reports   the Report per passage
  questions     Q&A of memoranda and consultation reports (restates, same_text_as)
  organisations, observations   agencies and ministries; figures with unit and reference date
"""

from __future__ import annotations

from kamergraph.extract.errors import SourceError
from kamergraph.extract.manifest import ManifestRow, load_manifest
from kamergraph.extract.pipeline import extract_source

__all__ = ["ManifestRow", "SourceError", "extract_source", "load_manifest"]
