"""Property-based tests: random mutations of real papers through extraction, build and SHACL.

The papers are the seeds (data/sources) and the real corpus (KG_CORPUS/real); a mutation
deletes, inserts (random text or parliamentary fragments), duplicates, swaps or cuts, and
sometimes flips bytes. The properties, each the honest promise of one stage:

1. extraction of any mutant returns an extraction or raises `SourceError`, nothing else;
2. a readable mutant (one that extracts) yields a graph that SHACL accepts with the reference,
   or every violation is attributed to the mutant's own graph, so the build quarantines it
   with the violations as reasons: never a violation on the reference or on nobody. The
   stronger promise (no triple the shapes reject from a readable paper) does not hold today,
   and hypothesis showed why: the corpus's EK motion page ek_35788-k, even unmutated, is
   readable but its source document gets no title ("a source document needs a title"); it
   is kept as an explicit example;
3. a build over a mutant and a good paper always publishes the good paper, and either
   publishes the mutant in a conforming graph or quarantines it with a reason.

Runs are derandomised and bounded (max_examples, no database) so `make test` stays fast and
deterministic.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rdflib import URIRef

from kamergraph.build import Triple
from kamergraph.extract import SourceError, extract_source, load_manifest
from kamergraph.pipeline import assemble_sources, check, run_build
from kamergraph.quarantine import attribute
from kamergraph.reference import load_reference
from kamergraph.settings import get
from kamergraph.store import MemoryStore
from tests.conftest import REFERENCE, SOURCES

PAPERS = {
    p.name: p.read_text(encoding="utf-8")
    for p in [
        *sorted(SOURCES.glob("*.txt")),
        *sorted((Path(get("KG_CORPUS")) / "real").glob("*.txt")),
    ]
}
FRAGMENTS = [
    "T03853",
    "(T0372612)",
    "36 800 XX",
    "Kamerstukken II 2024/25, 36 600 XX, nr. 5",
    "Den Haag, 31 februari 2025",
    "Den Haag, 10 december 2025",
    "Motie-Bovens (CDA) c.s. over",
    "De Minister voor Asiel en Migratie,\n\nM.C.G. Keijzer",
    "Vraag 1\n",
    "Antwoord\n",
    "¹ ",
    "\x00",
    "\f",
    "\u200b",
    "\r\n",
    "ﬁ",
    "Ontvangen ",
    "Vergaderjaar 2024-2025",
]
REFERENCE_DATA = load_reference(REFERENCE)
MANIFEST = load_manifest(SOURCES)
BOUNDED = settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@st.composite
def mutants(draw: st.DrawFn) -> tuple[str, bytes]:
    """A paper's name and its mutated bytes."""
    name = draw(st.sampled_from(sorted(PAPERS)))
    text = PAPERS[name]
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(0, len(text)))
        j = draw(st.integers(i, min(len(text), i + 3000)))
        operation = draw(st.sampled_from(["delete", "insert", "duplicate", "cut", "swap"]))
        if operation == "delete":
            text = text[:i] + text[j:]
        elif operation == "insert":
            piece = draw(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=80)))
            text = text[:i] + piece + text[i:]
        elif operation == "duplicate":
            text = text[:j] + text[i:j] + text[j:]
        elif operation == "cut":
            text = text[:i]
        else:
            text = text[i:j] + text[:i] + text[j:]
    data = bytearray(text.encode("utf-8"))
    for _ in range(draw(st.integers(0, 2)) if data and draw(st.booleans()) else 0):
        data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
    return name, bytes(data)


def _written(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


@settings(BOUNDED, max_examples=40)
@given(mutants())
def test_extraction_returns_records_or_a_source_error(mutant: tuple[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _written(Path(tmp), *mutant)
        try:
            extraction = extract_source(path, REFERENCE_DATA, MANIFEST)
        except SourceError as error:
            assert error.message and str(error).startswith(str(path))
            return
        assert extraction.text and extraction.records


UNTITLED = "ek_35788-k_motie_pagina_2022.txt"


@settings(BOUNDED, max_examples=12)
@given(mutants())
@example((UNTITLED, PAPERS[UNTITLED].encode("utf-8")))
def test_a_readable_mutant_yields_a_graph_the_shapes_accept(mutant: tuple[str, bytes]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = _written(Path(tmp), *mutant)
        try:
            extraction = extract_source(path, REFERENCE_DATA, MANIFEST)
        except SourceError:
            return
        assembly = assemble_sources([extraction], REFERENCE_DATA.records())
        report = check(assembly.quads)
        if report.conforms:
            return
        placed: dict[URIRef, set[Triple]] = {}
        for s, p, o, g in assembly.quads:
            placed.setdefault(g, set()).add((s, p, o))
        guilty = attribute(report.findings, assembly.per_source, placed)
        [(graph, findings)] = guilty.items()
        assert assembly.files[graph] == mutant[0]
        assert set(findings) == set(report.violations), report.text(10)


@settings(BOUNDED, max_examples=4)
@given(mutants())
def test_a_build_publishes_the_good_paper_and_publishes_or_quarantines_the_mutant(
    mutant: tuple[str, bytes],
) -> None:
    good = (
        "000_c0a24f6b65b225cd.txt"
        if mutant[0] != "000_c0a24f6b65b225cd.txt"
        else "003_cd6ad79e4b9474e6.txt"
    )
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(SOURCES / "manifest.csv", folder)
        shutil.copy(SOURCES / good, folder)
        _written(folder, *mutant)
        summary = run_build(folder, REFERENCE, MemoryStore())
        published = {p.name for p in summary.sources}
        quarantined = {q.source.name: q.reasons for q in summary.quarantined}
        assert good in published and summary.report.conforms
        assert (mutant[0] in published) != (mutant[0] in quarantined)
        assert all(quarantined.values())
