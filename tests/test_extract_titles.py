"""Titles: a heading in the paper's own casing, a page title, else the official name and date."""

from __future__ import annotations

from datetime import date

from kamergraph.extract.recognise.titles import fallback_title, heading_title, page_title
from kamergraph.records import Span


def test_a_heading_keeps_the_casing_the_paper_uses() -> None:
    text = "V MOTIE VAN HET LID VELDHOEN C.S.\n\nVeldhoen\n"
    assert heading_title(text, Span(0, 33)) == "Motie van het lid Veldhoen c.s."
    text = "Nr. 2625 MOTIE VAN DE LEDEN VOORDEWIND EN GROOTHUIZEN\nVoordewind\nGroothuizen\n"
    assert heading_title(text, Span(0, 53)) == "Motie van de leden Voordewind en Groothuizen"
    text = "Nr. 4\nADVIES RAAD VAN STATE1\nde Raad van State adviseert\n"
    assert heading_title(text, Span(6, 28)) == "Advies Raad van State"


def test_a_page_title_is_the_first_line_that_reads_as_one() -> None:
    page = "35.788, K\n\nMotie-X (CU) c.s. over een analyseIn deze motie wordt gevraagd.\n"
    found = page_title(page)
    assert found is not None and found[0] == "Motie-X (CU) c.s. over een analyse"
    assert found[0].startswith(page[found[1].start : found[1].end])
    assert page_title("Tegenwoordig zijn 71 leden, te weten:\n\nA, B en C.\n") is None
    running = "Bij de behandeling van de wet heb ik toegezegd dat " * 6
    assert page_title(running.replace("toegezegd", "\ntoegezegd")) is None
    wrapped = page_title("Kamerbrief over de uitspraak\nvan de rechtbank\n\nDe staatssecretaris")
    assert wrapped is not None and wrapped[0] == "Kamerbrief over de uitspraak van de rechtbank"
    assert page_title("| Eerste Kamer | 2022-2023 | 36071 nr. B |\nZie ook\n") is None


def test_a_paper_without_words_for_a_title_gets_its_name_and_date() -> None:
    assert (
        fallback_title("verslag", "CommitteeReport", date(2022, 10, 3)) == "Verslag van 2022-10-03"
    )
    assert fallback_title(None, "Document", None) == "Document"
