"""Hostile input: only SourceError comes out, with a path, a line and a message."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kamergraph.extract import SourceError, extract_source, load_manifest
from kamergraph.records import Document
from kamergraph.reference import Reference


def _write(tmp_path: Path, data: bytes, name: str = "x.txt") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "message", "line"),
    [
        (b"", "empty file", 1),
        (b"  \n\n \t\n", "empty file", 1),
        (b"Aan de Eerste Kamer\nnog een\x00regel", "NUL byte", 2),
        (b"De minister\n\xff\xfe kapot", "not UTF-8", 2),
    ],
)
def test_unreadable_sources(tmp_path: Path, data: bytes, message: str, line: int) -> None:
    path = _write(tmp_path, data)
    with pytest.raises(SourceError) as info:
        extract_source(path, Reference())
    err = info.value
    assert err.path == path and err.line == line and message in err.message
    assert str(err) == f"{path}:{line}: {err.message}"


@pytest.mark.parametrize(
    "text",
    ["Een boodschappenlijst: melk, brood, kaas.", "De minister opende gisteren een fietspad."],
)
def test_text_that_is_no_paper_is_kept_with_a_warning(tmp_path: Path, text: str) -> None:
    """Any readable text becomes a Document; the report says what could not be read."""
    extraction = extract_source(_write(tmp_path, text.encode()), Reference())
    (document,) = extraction.of_type(Document)
    assert document.is_source and document.kind == "Document"
    assert "nothing recognisable as a parliamentary document" in extraction.warnings
    assert any("kind, date" in w for w in extraction.warnings)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        extract_source(tmp_path / "absent.txt", Reference())


def test_control_character_soup(tmp_path: Path) -> None:
    path = _write(tmp_path, bytes(range(1, 32)) * 50 + b"Kamer")
    with pytest.raises(SourceError, match="control characters"):
        extract_source(path, Reference())


@pytest.mark.parametrize("seed", range(25))
def test_random_texts_never_crash(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    alphabet = (
        "Toezegging motie Kamer (T0385312) 36.333, I ¹²³ [1] ** \n\n - lid Van (OPNL) 2024/25 é–"
    )
    text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 3000)))
    path = _write(tmp_path, text.encode("utf-8"))
    try:
        result = extract_source(path, Reference())
    except SourceError:
        return
    for record in result.records:
        for span in record.spans:
            assert 0 <= span.start < span.end <= len(result.text)


def test_manifest_missing_and_malformed(tmp_path: Path) -> None:
    assert load_manifest(tmp_path) == {}
    (tmp_path / "manifest.csv").write_text("file,key\nx.txt,y\n", encoding="utf-8")
    with pytest.raises(SourceError, match="lacks columns"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.csv").write_bytes(b"file,key,kind,title,note\n\xff,,,,\n")
    with pytest.raises(SourceError, match="not UTF-8"):
        load_manifest(tmp_path)


def test_manifest_rows(tmp_path: Path) -> None:
    (tmp_path / "manifest.csv").write_text(
        'file,key,kind,title,note\na.txt,k,Letter,"T, with comma",\nb.txt,,,,\n', encoding="utf-8"
    )
    rows = load_manifest(tmp_path)
    assert rows["a.txt"].title == "T, with comma" and rows["b.txt"].key is None


def test_crlf_and_bom_only_crlf_changes(tmp_path: Path) -> None:
    raw = "\ufeffAan de Voorzitter van de Eerste Kamer\r\nDen Haag, 3 februari 2027\r\n\r\n"
    raw += "In deze brief informeer ik uw Kamer.\r\n"
    path = _write(tmp_path, raw.encode("utf-8"))
    result = extract_source(path, Reference())
    assert result.text == raw.replace("\r\n", "\n")
    for record in result.records:
        for span in record.spans:
            assert result.text[span.start : span.end].strip()
