"""Plain-text sources: UTF-8, CRLF turned into LF, binary data refused."""

from __future__ import annotations

import re
from pathlib import Path

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import OfficialMetadata, SourceReading

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")  # control characters other than line ends and tabs
# A retrieved copy may open with where it came from: "source: <URL>" (corpus files do).
_RETRIEVAL_HEADER = re.compile(r"\Asource:[ \t]*(?P<origin>\S+)[ \t]*\n")


def read_text_source(path: Path) -> SourceReading:
    """The file as text; SourceError (file and line) for empty, binary or non-UTF-8 input."""
    text = read_source(path)
    header = _RETRIEVAL_HEADER.match(text)
    extra = {"origin": header.group("origin")} if header else {}
    return SourceReading(path=path, text=text, format="txt", metadata=OfficialMetadata(extra=extra))


def read_source(path: Path) -> str:
    """The source decoded as UTF-8 with CRLF turned into LF; SourceError for anything else."""
    try:
        raw = path.read_bytes()
    except OSError as err:
        raise SourceError(path, 0, f"cannot read: {err.strerror or err}") from err
    if not raw.strip():
        raise SourceError(path, 1, "empty file")
    if b"\x00" in raw:
        line = raw[: raw.index(b"\x00")].count(b"\n") + 1
        raise SourceError(path, line, "NUL byte: binary data, not text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(path, line, "not UTF-8 text") from err
    text = text.replace("\r\n", "\n")  # nothing else: every span indexes this text
    if len(_CONTROL.findall(text)) > max(3, len(text) // 1000):
        raise SourceError(path, 1, "control characters: binary data, not text")
    return text
