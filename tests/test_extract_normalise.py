"""The normalised view: cleaner text for matching, offsets that quote the source exactly."""

from __future__ import annotations

import pytest

from kamergraph.extract.paper.normalise import clean, normalise


def _quote(source: str, needle: str) -> str:
    view = normalise(source)
    start = view.text.index(needle)
    return view.quote(start, start + len(needle))


def test_glued_footnote_digits_are_dropped_but_quotes_are_exact() -> None:
    source = "naar aanleiding van het verzoek van\nlid Van der Goot3 (OPNL), om"
    view = normalise(source)
    assert "lid Van der Goot (OPNL)" in view.text
    assert _quote(source, "Van der Goot") == "Van der Goot"


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("bij brief van 14 juni 20242 aan de", "bij brief van 14 juni 2024 aan de"),
        ("op toezegging\nT0372612 en de", "op toezegging T03726 en de"),
        ("maatregelenwet.1 \nDit betekent", "maatregelenwet. Dit betekent"),
        ("opvang¹\n\nVanwege", "opvang Vanwege"),
        ("van 15 januari 2024[1]. In de", "van 15 januari 2024. In de"),
        ("**Directoraat-Generaal\nMigratie**", "Directoraat-Generaal Migratie"),
        ("[Toezegging \\(36.333\\)](#)", "Toezegging (36.333)"),
        ("Eerste Kamer der Staten-\nGeneraal", "Eerste Kamer der Staten-Generaal"),
        ("Immigratie- \nen Naturalisatiedienst", "Immigratie- en Naturalisatiedienst"),
        ("Faber – Van de Klashorst", "Faber - Van de Klashorst"),
        ("bĳ de", "bij de"),
    ],
)
def test_view_cleans_pdf_debris(source: str, expected: str) -> None:
    assert normalise(source).text == expected


def test_numbers_that_are_not_footnotes_survive() -> None:
    text = "nr. 3.100 en 110,3 miljoen en x1000 en 36.333, I en EU-27 en MPP 2024-2"
    assert clean(text) == text


def test_every_view_character_maps_to_a_source_character() -> None:
    source = "Het  lid\tVan der Goot3 (OPNL)\n\n¹ T03853 ‘lees meer’"
    view = normalise(source)
    assert len(view.offsets) == len(view.text)
    assert list(view.offsets) == sorted(view.offsets)
    for i, ch in enumerate(view.text):
        original = source[view.offsets[i]]
        assert (ch == " " and original.isspace()) or ch == original or original in "‘’"


def test_to_view_finds_the_first_view_index_at_or_after_a_source_index() -> None:
    view = normalise("ab¹ cd")
    assert view.text == "ab cd"
    assert view.to_view(2) == 2  # the dropped mark maps to the following space
    assert view.text[view.to_view(4)] == "c"


def test_empty_range_is_refused() -> None:
    with pytest.raises(ValueError):
        normalise("abc").span(1, 1)


def test_known_typos_read_corrected_and_quote_the_original() -> None:
    source = "waarom locaties zijn afgefallen. De Spreidingwet"
    view = normalise(source)
    assert view.text == "waarom locaties zijn afgevallen. De Spreidingswet"
    assert _quote(source, "afgevallen") == "afgefallen"
    assert _quote(source, "Spreidingswet") == "Spreidingwet"


@pytest.mark.parametrize(
    "text",
    ["Kamerstukken I 2024/25, 36600 XX, nr.5 en verder", "zie art.12 Vw en p.14 van de brief"],
)
def test_numbers_after_abbreviations_are_not_footnote_marks(text: str) -> None:
    assert normalise(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [("van de wet.1 Dit", "van de wet. Dit"), ("(GCR).20 De", "(GCR). De")],
)
def test_footnote_marks_after_a_full_stop_are_dropped(text: str, expected: str) -> None:
    assert normalise(text).text == expected
