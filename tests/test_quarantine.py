"""The per-document policy: a bad source is quarantined with its reasons, its previous graph
kept, and the rest published; --strict refuses instead; truncated sources are warned about."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from kamergraph.cli import main
from kamergraph.extract import SourceError
from kamergraph.pipeline import SourcesFailed, ValidationFailed, run_build
from kamergraph.quarantine import truncation_warning
from kamergraph.records import Extraction
from kamergraph.reference import load_reference
from kamergraph.sandbox import Limits, extract_isolated
from kamergraph.settings import get
from kamergraph.store import DiskStore
from tests.conftest import REFERENCE, SOURCES

LETTER, NOTA = "000_c0a24f6b65b225cd.txt", "002_f1be811c729828d9.txt"
KG = "https://w3id.org/kamergraph/def#"
NOTA_DOC = (
    "https://w3id.org/kamergraph/id/document/letter-undated-asielopvang-moties-en-toezeggingen"
)
# A hand-written sidecar with a date kind the shapes refuse: a real source that violates them.
BAD_SIDECAR = 'date: 2025-01-07\ndate_kind: "Ontvangen Op"\n'
# The build graph differs by design (a new activity beside the kept graph's old one).
DATA_COUNT = """SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o }
  FILTER (?g != <https://w3id.org/kamergraph/id/graph/build>) }"""


def _sources(tmp_path: Path, *names: str) -> Path:
    folder = tmp_path / "sources"
    folder.mkdir(exist_ok=True)
    shutil.copy(SOURCES / "manifest.csv", folder)
    for name in names:
        shutil.copy(SOURCES / name, folder)
    return folder


def _ask(store: DiskStore, query: str) -> bool:
    return bool(json.loads(store.query(query).serialize("json"))["boolean"])


def test_a_source_violating_the_shapes_is_quarantined_and_the_rest_published(
    tmp_path: Path,
) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    (sources / f"{NOTA}.yaml").write_text(BAD_SIDECAR, encoding="utf-8")
    store = DiskStore(tmp_path / "store")
    summary = run_build(sources, REFERENCE, store)
    assert [p.name for p in summary.sources] == [LETTER]
    [entry] = summary.quarantined
    assert entry.source.name == NOTA and entry.kept == []
    assert any("dateKind" in reason and NOTA_DOC in reason for reason in entry.reasons)
    assert store.current_generation() is not None
    assert not _ask(store, f"ASK {{ <{NOTA_DOC}> <{KG}text> ?t }}")
    assert summary.report.conforms


def test_a_quarantined_source_keeps_its_previous_graph(tmp_path: Path) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    store = DiskStore(tmp_path / "store")
    first = run_build(sources, REFERENCE, store)
    triples = store.query(DATA_COUNT).serialize("json")
    (sources / f"{NOTA}.yaml").write_text(BAD_SIDECAR, encoding="utf-8")
    second = run_build(sources, REFERENCE, store)
    [entry] = second.quarantined
    assert entry.kept == [f"{NOTA_DOC}/graph"]
    assert "previous graph" in str(entry) and "dateKind" in str(entry)
    assert _ask(store, f"ASK {{ GRAPH <{NOTA_DOC}/graph> {{ <{NOTA_DOC}> <{KG}text> ?t }} }}")
    assert not _ask(store, f'ASK {{ <{NOTA_DOC}> <{KG}dateKind> "Ontvangen Op" }}')
    # Nothing lost and nothing counted twice: the same data as the good build.
    count = store.query(DATA_COUNT).serialize("json")
    assert len(first.sources) == 2 and count == triples


def test_an_unreadable_source_keeps_its_previous_graph(tmp_path: Path) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    store = DiskStore(tmp_path / "store")
    run_build(sources, REFERENCE, store)
    (sources / NOTA).write_bytes(b"")
    summary = run_build(sources, REFERENCE, store)
    [entry] = summary.quarantined
    assert entry.reasons == ["empty file"] and entry.kept == [f"{NOTA_DOC}/graph"]
    assert _ask(store, f"ASK {{ <{NOTA_DOC}> <{KG}text> ?t }}")


def test_strict_refuses_the_whole_build(tmp_path: Path) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    (sources / f"{NOTA}.yaml").write_text(BAD_SIDECAR, encoding="utf-8")
    store = DiskStore(tmp_path / "store")
    with pytest.raises(ValidationFailed):
        run_build(sources, REFERENCE, store, strict=True)
    (sources / "empty.txt").write_bytes(b"")
    with pytest.raises(SourcesFailed):
        run_build(sources, REFERENCE, store, strict=True)
    assert store.current_generation() is None


def test_the_cli_names_the_quarantined_source_and_strict_exits_1(tmp_path: Path) -> None:
    sources = _sources(tmp_path, LETTER, NOTA)
    (sources / f"{NOTA}.yaml").write_text(BAD_SIDECAR, encoding="utf-8")
    store = str(tmp_path / "store")
    result = CliRunner().invoke(main, ["build", "--sources", str(sources), "--store", store])
    assert result.exit_code == 0, result.output
    assert f"quarantined: {NOTA}: quarantined (no previous graph): SHACL Violation" in result.output
    assert "1 quarantined" in result.output
    strict = ["build", "--strict", "--sources", str(sources), "--store", store]
    refused = CliRunner().invoke(main, strict)
    assert refused.exit_code == 1 and "Build refused" in refused.output


def _extraction(text: str, name: str = "x.txt") -> Extraction:
    return Extraction(source=Path(name), text=text)


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_complete_seed_papers_get_no_truncation_warning(name: str) -> None:
    text = (SOURCES / name).read_text(encoding="utf-8")
    assert truncation_warning(_extraction(text, name)) is None


@pytest.mark.parametrize(
    ("ending", "why"),
    [
        (
            "en de gemeenten hebben afgesproken dat de opvang van asielzoekers in het",
            "mid-sentence",
        ),
        ("De minister zal de Kamer informeren over de asiel-", "inside a word"),
        ("De minister zal de Kamer informeren. [...]", "excerpt marker"),
        ("De minister zal de Kamer informeren over de", "mid-sentence"),
    ],
)
def test_a_text_cut_off_gets_a_truncation_warning(ending: str, why: str) -> None:
    warning = truncation_warning(_extraction("Aan de Voorzitter\n\n" + ending + "\n"))
    assert warning is not None and why in warning and "x.txt: looks truncated" in warning


def test_a_seed_cut_at_a_line_break_is_warned_about_in_the_build(tmp_path: Path) -> None:
    cut = "002_f1be811c729828d9.txt"  # its first third ends "... in overleg hoe dit"
    sources = _sources(tmp_path, LETTER)
    lines = (SOURCES / cut).read_text(encoding="utf-8").splitlines(keepends=True)
    (sources / cut).write_text("".join(lines[: len(lines) // 3]), encoding="utf-8")
    summary = run_build(sources, REFERENCE, DiskStore(tmp_path / "store"))
    assert [w.split(":")[0] for w in summary.warnings] == [cut]
    assert len(summary.sources) == 2  # a warning, not a quarantine


def test_the_real_corpus_excerpts_are_mostly_warned_about() -> None:
    """The corpus papers are excerpts cut at a length: most end mid-sentence."""
    real = Path(get("KG_CORPUS")) / "real"
    texts = sorted(real.glob("*.txt"))
    assert len(texts) >= 30
    warned = [p for p in texts if truncation_warning(_extraction(p.read_text(encoding="utf-8")))]
    assert len(warned) >= len(texts) // 2


def test_a_large_file_is_refused_at_once(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes(b"De Kamer en de minister. " * 2_100_000)  # 52 MB
    started = time.monotonic()
    [outcome] = extract_isolated([big], load_reference(REFERENCE), {}, Limits(max_source_mb=20))
    assert time.monotonic() - started < 2
    assert isinstance(outcome, SourceError)
    assert "52.5 MB is over the 20 MB limit" in str(outcome) and "KG_MAX_SOURCE_MB" in str(outcome)


def test_an_extraction_past_its_time_limit_is_stopped(tmp_path: Path) -> None:
    slow = tmp_path / "slow.txt"
    slow.write_text((SOURCES / NOTA).read_text(encoding="utf-8") * 8, encoding="utf-8")
    started = time.monotonic()
    [outcome] = extract_isolated([slow], load_reference(REFERENCE), {}, Limits(seconds=0.3))
    assert time.monotonic() - started < 3
    assert isinstance(outcome, SourceError) and "longer than 0.3 s" in str(outcome)


def test_an_extraction_past_its_memory_limit_is_stopped(tmp_path: Path) -> None:
    hungry = tmp_path / "hungry.txt"
    hungry.write_text("Kamer motie " * 100_000, encoding="utf-8")
    [outcome] = extract_isolated([hungry], load_reference(REFERENCE), {}, Limits(memory_mb=120))
    assert isinstance(outcome, SourceError) and "outgrew 120 MB" in str(outcome)


def test_a_stopped_source_costs_only_itself(tmp_path: Path) -> None:
    hungry = tmp_path / "hungry.txt"
    hungry.write_text("Kamer motie " * 100_000, encoding="utf-8")
    paths = [SOURCES / LETTER, hungry, SOURCES / NOTA]
    limits = Limits(memory_mb=120, workers=2)
    outcomes = extract_isolated(paths, load_reference(REFERENCE), {}, limits)
    assert [type(o).__name__ for o in outcomes] == ["Extraction", "SourceError", "Extraction"]
