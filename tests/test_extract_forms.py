"""Name and citation forms read from the text alone, on hand-written sentences.

Why: these forms are general (every act named "Wet op de ...", every paper on two dossiers),
so they are pinned on sentences that no seed or corpus paper contains.
"""

from __future__ import annotations

from pathlib import Path

from kamergraph.extract import extract_source
from kamergraph.records import Document, Extraction, Law
from kamergraph.reference import Reference

LETTER = """Aan de Voorzitter van de Tweede Kamer der Staten-Generaal

Den Haag, 12 maart 2027

Met deze brief reageer ik op de vragen over de Wet op het primair onderwijs en de Rijkswet op
het Nederlanderschap. De Rijkswet van 3 maart 2027, houdende wijziging van die wet, is nog niet
in werking. Ik verwijs naar mijn brief over de privacy (Kamerstukken 31 289 en 32 761, nr. 512).

De Minister van Onderwijs, Cultuur en Wetenschap,

A.B. Jansen
"""


def _read(tmp_path: Path) -> Extraction:
    path = tmp_path / "brief.txt"
    path.write_text(LETTER, encoding="utf-8")
    return extract_source(path, Reference(), {})


def test_acts_named_wet_op_are_laws_and_a_rijkswet_of_a_date_is_not(tmp_path: Path) -> None:
    laws = {law.ref.key for law in _read(tmp_path).of_type(Law)}
    assert laws == {"wet-op-het-primair-onderwijs", "rijkswet-op-het-nederlanderschap"}


def test_a_paper_on_two_dossiers_is_cited_under_the_first(tmp_path: Path) -> None:
    extraction = _read(tmp_path)
    (letter,) = [d for d in extraction.of_type(Document) if d.is_source]
    papers = {ref.key for ref in letter.cites if ref.kind == "document"}
    assert papers == {"kst-31289-512"}
