"""A YAML sidecar (`paper.pdf.yaml` beside `paper.pdf`): metadata corrected or supplied by hand.

It wins over the official metadata, which wins over the text. Keys are the `OfficialMetadata`
field names; any other key is kept under `extra`. Values are normalised like the official ones
(a dossier written "36 600 XX" becomes "36600-XX"), and a wrong value is refused with its line.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import yaml

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import OfficialMetadata, SourceReading
from kamergraph.extract.formats.official import normalise_dossier_field
from kamergraph.identifiers import parse_session_year

_FIELDS = {f.name for f in dataclasses.fields(OfficialMetadata)} - {"extra"}


def sidecar_path(source: Path) -> Path | None:
    """`<file>.yaml` (or `.yml`) beside the source, if there is one."""
    for suffix in (".yaml", ".yml"):
        candidate = source.with_name(source.name + suffix)
        if candidate.is_file():
            return candidate
    return None


def merge(base: OfficialMetadata, over: OfficialMetadata) -> OfficialMetadata:
    """`base` with every field `over` sets replaced (extra fields merged, `over`'s winning)."""
    changes: dict[str, Any] = {
        f: getattr(over, f) for f in _FIELDS if getattr(over, f) not in (None, ())
    }
    return dataclasses.replace(base, **changes, extra={**base.extra, **over.extra})


def _load(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise SourceError(
            path, line, f"YAML does not parse: {getattr(err, 'problem', err)}"
        ) from err
    except UnicodeDecodeError as err:
        raise SourceError(path, 1, "not UTF-8 text") from err
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(path, 1, "a sidecar is a mapping of field: value")
    return data


def _line_of(path: Path, key: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.split(":", 1)[0].strip() == key:
            return number
    return 1


def _value(path: Path, key: str, value: Any) -> Any:
    """One field's value, normalised; SourceError naming the line for a value that cannot be."""
    if key == "submitters":
        values = [value] if isinstance(value, str) else value
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise SourceError(path, _line_of(path, key), "submitters: a name or a list of names")
        return tuple(values)
    if key == "date" and isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | int):
        raise SourceError(path, _line_of(path, key), f"{key}: expected text, not {value!r}")
    text = str(value).strip()
    problem = None
    if key == "dossier":
        text = normalise_dossier_field(text)
    elif key == "session_year":
        year = parse_session_year(text)
        text, problem = year.value or "", year.problem
    elif key == "chamber" and text.upper() not in ("EK", "TK"):
        problem = "chamber is EK or TK"
    elif key == "date":
        try:
            text = dt.date.fromisoformat(text).isoformat()
        except ValueError:
            problem = "date is an ISO date (2025-11-14)"
    if problem:
        raise SourceError(path, _line_of(path, key), f"{key}: {problem}")
    return text.upper() if key == "chamber" else text


def read_sidecar(path: Path) -> OfficialMetadata:
    """The sidecar's fields as metadata (unknown keys under `extra`)."""
    data = _load(path)
    known = {k: _value(path, k, v) for k, v in data.items() if k in _FIELDS}
    extra = {str(k): str(v) for k, v in data.items() if k not in _FIELDS}
    return OfficialMetadata(**known, extra=extra)


def with_sidecar(reading: SourceReading) -> SourceReading:
    """The reading with its sidecar's metadata (if any) over what the file itself stated."""
    path = sidecar_path(reading.path)
    if path is None:
        return reading
    return dataclasses.replace(reading, metadata=merge(reading.metadata, read_sidecar(path)))
