"""The paper model: one source read once into blocks every recogniser reads.

Why: recognisers used to scan lines each with their own idea of a heading or a signature; the
block pass decides once, and these cases pin what it decides.
"""

from __future__ import annotations

from pathlib import Path

from kamergraph.extract.paper.blocks import read_blocks
from kamergraph.extract.paper.layout import analyse_layout
from kamergraph.extract.paper.model import read_paper

LETTER = """Aan de Voorzitter van de Eerste Kamer der Staten-Generaal

Toezegging over het beperken van de wachttijden bij de opvang van alleenstaande minderjarigen1

De wachttijden zijn gedaald. In het voorjaar volgt een
tweede rapportage.

- Motie van het lid Bakker (SP) over de opvang.
- Toezegging over de evaluatie.

De Staatssecretaris van Justitie en Veiligheid,


P.Q. de Vries

1 T05001
"""


def _kinds(text: str) -> list[tuple[str, str]]:
    blocks = read_blocks(text, analyse_layout(text))
    return [(b.kind, text[b.start : b.end].split("\n")[0][:30]) for b in blocks]


def test_a_letter_reads_as_headings_paragraphs_items_a_signature_and_a_footnote() -> None:
    assert _kinds(LETTER) == [
        ("heading", "Aan de Voorzitter van de Eerst"),
        ("heading", "Toezegging over het beperken v"),
        ("paragraph", "De wachttijden zijn gedaald. I"),
        ("item", "- Motie van het lid Bakker (SP"),
        ("item", "- Toezegging over de evaluatie"),
        ("signature", "De Staatssecretaris van Justit"),
        ("footnote", "1 T05001"),
    ]


def test_a_long_one_line_paragraph_is_no_heading() -> None:
    """A paragraph cut by a page break sits alone between blank lines; it is body text."""
    line = "Het kabinet heeft extra middelen vrijgemaakt " * 6
    assert _kinds(f"Inleiding\n\n{line.strip()}\n\nSlot")[1][0] == "paragraph"


def test_a_block_spans_the_source_without_its_indent_or_trailing_blanks() -> None:
    text = "   Een regel die doorloopt  \n  op de volgende regel.  \n"
    (block,) = read_blocks(text, analyse_layout(text))
    assert text[block.start : block.end] == "Een regel die doorloopt  \n  op de volgende regel."
    assert block.lines == 2


def test_read_paper_finds_the_block_at_a_position(tmp_path: Path) -> None:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    paper = read_paper(path)
    at = paper.block_at(LETTER.index("tweede rapportage"))
    assert at is not None and at.kind == "paragraph"
    assert paper.block_at(LETTER.index("\n\n") + 1) is None  # a blank line is no block
    assert [b.kind for b in paper.blocks_of("item")] == ["item", "item"]
    (signature,) = paper.blocks_of("signature")
    assert LETTER[signature.start : signature.end].endswith("P.Q. de Vries")
