"""The sources manifest: curated metadata for sources whose text gives no official id."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from kamergraph.extract.errors import SourceError

_COLUMNS = ("file", "key", "kind", "title", "note")


@dataclass(frozen=True)
class ManifestRow:
    """One manifest row; empty cells are None. Text beats manifest: these only fill gaps."""

    file: str
    key: str | None = None
    kind: str | None = None
    title: str | None = None
    note: str | None = None


def load_manifest(folder: Path) -> dict[str, ManifestRow]:
    """Read `folder`/manifest.csv into rows by file name (an absent manifest is empty)."""
    path = folder / "manifest.csv"
    if not path.exists():
        return {}
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in _COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise SourceError(path, 1, f"manifest lacks columns {', '.join(missing)}")
            rows = {}
            for row in reader:
                cells = {c: (row.get(c) or "").strip() or None for c in _COLUMNS}
                if cells["file"]:
                    rows[cells["file"]] = ManifestRow(**cells)  # type: ignore[arg-type]
            return rows
    except UnicodeDecodeError as err:
        raise SourceError(path, 1, "not UTF-8 text") from err
