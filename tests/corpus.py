"""The real development corpus, read in place through the KG_CORPUS setting.

A missing corpus fails the tests that need it, loudly: a suite that skipped would pass empty.
"""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from kamergraph import settings
from kamergraph.records import Extraction


def corpus_dir() -> Path:
    """`$KG_CORPUS/real`, or a test failure that says where it was looked for."""
    folder = Path(settings.get("KG_CORPUS")) / "real"
    if not folder.is_dir():
        pytest.fail(f"corpus not found at {folder} (set KG_CORPUS); these tests read it in place")
    return folder


def corpus_text(name: str) -> str:
    """A corpus paper's text without the three-line retrieval header (source, retrieved-by)."""
    raw = (corpus_dir() / name).read_text(encoding="utf-8")
    if not raw.startswith("source:"):
        pytest.fail(f"{name}: expected the corpus header 'source: ...'")
    return raw.split("\n", 3)[3]


# Inside a word, a hyphen and the line break after it are the typesetter's; a text that was
# itself extracted from a print keeps them ("kalender-\nhalfjaar") where a PDF reader joins.
_WORD_BREAK = re.compile(r"(?<=[^\W\d_])-\s*(?=[^\W\d_])")


def _canonical(value: object) -> object:
    if isinstance(value, str):
        return " ".join(_WORD_BREAK.sub("", value).split())
    if isinstance(value, list):
        return [_canonical(v) for v in value]
    return value


def facts(extraction: Extraction) -> set[str]:
    """Every record as a comparable string, without its spans (offsets differ between formats)
    and with text compared word by word (see `_WORD_BREAK`)."""
    out = set()
    for record in extraction.records:
        assert is_dataclass(record)
        values = {f.name: _canonical(getattr(record, f.name)) for f in fields(record)}
        values.pop("spans")
        out.add(f"{type(record).__name__} {sorted(values.items())!r}")
    return out
