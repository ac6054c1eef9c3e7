"""What every extractor shares for one source: text, view, layout, registry and the records."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from kamergraph.extract.formats import OfficialMetadata
from kamergraph.extract.manifest import ManifestRow
from kamergraph.extract.paper.identity import Identity
from kamergraph.extract.paper.layout import Footnote, Layout
from kamergraph.extract.paper.model import Paper
from kamergraph.extract.paper.normalise import NormalView, clean
from kamergraph.extract.recognise.collector import Collector
from kamergraph.records import Document, Span
from kamergraph.reference import Reference


@dataclass
class Segment:
    """One document inside a source: its record and the source range holding its text."""

    document: Document
    start: int
    end: int


@dataclass
class Context:
    """Shared state of one extraction run."""

    paper: Paper
    reference: Reference
    manifest: ManifestRow | None
    identity: Identity | None = None  # the main paper's, read from its header
    collector: Collector = field(default_factory=Collector)
    segments: list[Segment] = field(default_factory=list)
    memo: dict[str, object] = field(default_factory=dict)  # per-source caches of extractors

    @property
    def path(self) -> Path:
        return self.paper.path

    @property
    def text(self) -> str:
        """The source text every `Span` indexes."""
        return self.paper.text

    @property
    def view(self) -> NormalView:
        return self.paper.view

    @property
    def layout(self) -> Layout:
        return self.paper.layout

    @property
    def metadata(self) -> OfficialMetadata:
        return self.paper.metadata

    def claim(self, name: str, start: int, end: int) -> bool:
        """Reserve the view range [start, end) under `name`; False if any of it is taken.

        Longest-first matchers use it so "Wet COA" is one mention, not also "COA".
        """
        mask = self.memo.setdefault(f"claims:{name}", bytearray(len(self.view.text) + 1))
        assert isinstance(mask, bytearray)
        if any(mask[start:end]):
            return False
        mask[start:end] = b"\x01" * (end - start)
        return True

    def may_contain(self, label: str) -> bool:
        """A cheap pre-check before a label's regex: is its longest word in the text at all?

        Registries hold hundreds of labels and a paper names a few; this skips the rest. Every
        word of a label must occur for its pattern to match, so the check never loses a match.
        """
        lowered = self.memo.get("lowered-view")
        if not isinstance(lowered, str):
            lowered = self.memo["lowered-view"] = self.view.text.lower()
        words = re.findall(r"\w+", label.lower())
        return not words or max(words, key=len) in lowered

    def span(self, vstart: int, vend: int) -> Span:
        """Source span of a view range."""
        return self.view.span(vstart, vend)

    def vfind(
        self, pattern: re.Pattern[str], start: int = 0, end: int | None = None
    ) -> Iterator[re.Match[str]]:
        """Matches of `pattern` in the view (optionally within a view range)."""
        end = len(self.view.text) if end is None else end
        return pattern.finditer(self.view.text, start, end)

    def view_text(self, start: int, end: int) -> str:
        """The cleaned text of the source range [start, end), cut from the view (no re-cleaning)."""
        return self.view.text[self.view.to_view(start) : self.view.to_view(end)]

    def segment_at(self, source_pos: int) -> Segment:
        """The document segment holding a source position (the first one as a fallback)."""
        for seg in self.segments:
            if seg.start <= source_pos < seg.end:
                return seg
        return self.segments[0]

    def doc_date(self, source_pos: int) -> date | None:
        """Date of the document holding a position: the reference for "jl." and bare dates."""
        return self.segment_at(source_pos).document.date

    def footnote_text(self, note: Footnote) -> str:
        """The cleaned text of a footnote."""
        return clean(self.text[note.start : note.end])

    def footnotes_in(self, start: int, end: int) -> list[Footnote]:
        """Footnotes pointed at by marks inside the source range [start, end)."""
        notes = []
        for mark_start, _end, number in self.layout.marks_in(start, end):
            note = self.layout.footnote_for(number, mark_start)
            if note is not None and note not in notes:
                notes.append(note)
        return notes

    def footnote_at(self, source_pos: int) -> Footnote | None:
        """The footnote whose text contains a source position, if any."""
        for note in self.layout.footnotes:
            if note.start <= source_pos < note.end:
                return note
        return None
