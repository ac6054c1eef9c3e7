"""The paper model: one source read once into the form every recogniser reads.

Formats (txt, PDF, official XML, HTML) hand over text and metadata; this layer adds the cleaned
view with its offset map (normalise), footnotes, marks and furniture (layout) and the paper's
structure (blocks). Recognisers in `extract/recognise/` read a `Paper`; none of them parses a
format or re-derives the layout.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from kamergraph.extract.formats import OfficialMetadata
from kamergraph.extract.formats.dispatch import read_any
from kamergraph.extract.paper.blocks import Block, BlockKind, read_blocks
from kamergraph.extract.paper.layout import Layout, analyse_layout
from kamergraph.extract.paper.normalise import NormalView, normalise


@dataclass
class Paper:
    """A source's text, its cleaned view, layout, structure and official metadata."""

    path: Path
    text: str
    view: NormalView
    layout: Layout
    blocks: list[Block]
    metadata: OfficialMetadata = field(default_factory=OfficialMetadata)
    format: str = "txt"
    _starts: list[int] = field(default_factory=list, repr=False)

    def blocks_of(self, kind: BlockKind, start: int = 0, end: int | None = None) -> list[Block]:
        """Blocks of one kind inside the source range [start, end)."""
        end = len(self.text) if end is None else end
        return [b for b in self.blocks if b.kind == kind and start <= b.start < end]

    def block_at(self, position: int) -> Block | None:
        """The block holding a source position (None on a blank line)."""
        if len(self._starts) != len(self.blocks):
            self._starts = [b.start for b in self.blocks]
        i = bisect_right(self._starts, position) - 1
        return self.blocks[i] if i >= 0 and position < self.blocks[i].end else None


def read_paper(path: Path) -> Paper:
    """Read a source file of any supported format into its paper model."""
    reading = read_any(path)
    text = reading.text
    layout = analyse_layout(text)
    return Paper(
        path=path,
        text=text,
        view=normalise(text),
        layout=layout,
        blocks=read_blocks(text, layout),
        metadata=reading.metadata,
        format=reading.format,
    )
