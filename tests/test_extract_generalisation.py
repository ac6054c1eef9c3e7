"""Does the extractor generalise beyond the five seed texts?

Why: an extractor tuned on five documents can score well on them by memorising their quirks. The
letters in ``tests/variations/`` are hand-written, in the style a researcher meets in the Kamer's
archive, but with other senators, parties, T-numbers, dossiers and layouts (a kamerstuk letter with
footnotes glued to T-numbers and names and a name split across lines; a markdown letter with a
repeated letterhead and an unnumbered commitment; a nota naar aanleiding van het verslag with
numbered questions; a letter with 'Ons kenmerk', numbered questions, 'jl.' dates and a
'motie-Schalk (SGP) c.s.'). Each has its expected records in a JSON file of the annotation format
(see ``tests/scoring.py``). The extractor must find every required item and invent nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from kamergraph.settings import PROJECT_ROOT
from tests.scoring import KINDS, SourceScore, load_annotation, render_table, score_extraction

VARIATIONS = PROJECT_ROOT / "tests" / "variations"
TEXTS = sorted(p.name for p in VARIATIONS.glob("*.txt"))


def test_there_are_at_least_four_variations_each_with_expectations() -> None:
    assert len(TEXTS) >= 4
    for name in TEXTS:
        assert (VARIATIONS / name).with_suffix(".json").exists(), name


@pytest.mark.parametrize("name", TEXTS)
def test_variation_expectations_quote_their_text(name: str) -> None:
    """The expected records point at lines that say what they claim (guards against typos)."""
    annotation = load_annotation((VARIATIONS / name).with_suffix(".json"))
    lines = (VARIATIONS / name).read_text(encoding="utf-8").split("\n")
    for kind in KINDS:
        for entry in annotation.entries[kind]:
            for ev in entry.get("evidence", []):
                assert ev["text"] in lines[ev["line"] - 1], (kind, ev)


@cache
def _score(name: str) -> SourceScore:
    """Extract one variation as the build would (cached: one extraction per file per session)."""
    from kamergraph.extract import extract_source, load_manifest
    from kamergraph.reference import load_reference

    reference = load_reference(Path("data/reference"))
    manifest = load_manifest(Path("tests/variations"))
    extraction = extract_source(
        Path("tests/variations") / name, reference=reference, manifest=manifest
    )
    annotation = load_annotation((VARIATIONS / name).with_suffix(".json"))
    result = score_extraction(annotation, extraction)
    print(f"\n{name}\n{render_table([result], limit=30)}")
    return result


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("name", TEXTS)
def test_extractor_finds_the_expected_records(name: str, kind: str) -> None:
    k = _score(name).kinds[kind]
    assert not k.false_negatives, f"{name} {kind}: missed {k.false_negatives}"
    assert not k.false_positives, f"{name} {kind}: invented {k.false_positives}"
