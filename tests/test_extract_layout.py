"""Page layout: footnote definitions and marks, running letterheads, page numbers."""

from __future__ import annotations

from kamergraph.extract.paper.layout import analyse_layout

PAGE = """In december werd uw Kamer per brief1 geïnformeerd over lid Van der Goot3 (OPNL).
Het kabinet wil de wet.2 Dit is 2025 gebeuren.
14 weken na vergunningverlening is een termijn.

1 EK vergaderjaar 2024-2025, 36 600 XX
2 Toezegging Kijken naar laatste lid van artikel 9 (36.333) (T03850) - Eerste Kamer der Staten-
Generaal
3 Parlementaire activiteiten van drs. A.Sj. van der Goot (OPNL) - Eerste Kamer der
Staten-Generaal
https://www.eerstekamer.nl/toezegging/kijken_naar_laatste_lid_van
4
Datum
3 juli 2026
Datum
3 juli 2026
Datum
3 juli 2026
"""


def test_footnotes_run_in_sequence_and_wrap() -> None:
    layout = analyse_layout(PAGE)
    assert [f.number for f in layout.footnotes] == [1, 2, 3]
    second = layout.footnotes[1]
    assert PAGE[second.start : second.end].endswith("Staten-\nGeneraal")
    third = layout.footnotes[2]
    assert PAGE[third.start : third.end].endswith("Kamer der\nStaten-Generaal")


def test_lines_starting_with_numbers_are_not_footnotes_out_of_sequence() -> None:
    layout = analyse_layout(PAGE)
    assert all(not PAGE[f.line_start :].startswith("14 weken") for f in layout.footnotes)


def test_marks_point_at_their_footnotes() -> None:
    layout = analyse_layout(PAGE)
    marks = {number: PAGE[start - 5 : end] for start, end, number in layout.marks}
    assert marks == {1: "brief1", 3: " Goot3", 2: " wet.2"}
    for start, _end, number in layout.marks:
        note = layout.footnote_for(number, start)
        assert note is not None and note.number == number


def test_furniture() -> None:
    layout = analyse_layout(PAGE)
    assert layout.is_furniture(PAGE.index("https://"))
    assert layout.is_furniture(PAGE.index("\n4\n") + 1)  # page number
    assert layout.is_furniture(PAGE.rindex("3 juli 2026"))  # running letterhead
    assert layout.is_furniture(PAGE.index("Toezegging Kijken"))  # footnote text
    assert not layout.is_furniture(PAGE.index("Het kabinet"))


def test_superscript_and_bracket_marks() -> None:
    text = "opvang¹ en 15 januari 2024[2] en T0372612 en 14 juni 20243\n\n¹ 36.333, I\n"
    numbers = [n for _s, _e, n in analyse_layout(text).marks]
    assert numbers == [1, 2, 12, 3]
