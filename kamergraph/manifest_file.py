"""The sources manifest as a file `kamergraph add` rewrites: every column and row kept, the
ingest columns (sha256, origin, added) appended where an older manifest lacks them."""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

COLUMNS = ("file", "key", "kind", "title", "note")
INGEST_COLUMNS = ("sha256", "origin", "added")


@dataclass
class ManifestFile:
    """Rows by file name, in file order, with the columns as the file has them."""

    columns: list[str] = field(default_factory=lambda: [*COLUMNS, *INGEST_COLUMNS])
    rows: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path) -> ManifestFile:
        """The manifest at `path` (an absent one is empty)."""
        if not path.exists():
            return cls()
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            columns = list(reader.fieldnames or COLUMNS)
            rows = [{c: row.get(c) or "" for c in columns} for row in reader]
        columns += [c for c in (*COLUMNS, *INGEST_COLUMNS) if c not in columns]
        return cls(columns, rows)

    def row(self, name: str) -> dict[str, str]:
        """The row of a file (empty if it has none)."""
        return next((r for r in self.rows if r.get("file") == name), {})

    def with_row(self, name: str, digest: str, origin: str, today: date | None) -> ManifestFile:
        """A copy with the file's row added or updated (its curated cells kept)."""
        updated = {c: "" for c in self.columns} | self.row(name)
        updated |= {"file": name, "sha256": digest, "origin": origin}
        updated["added"] = (today or date.today()).isoformat()
        rows = [updated if r.get("file") == name else r for r in self.rows]
        if not self.row(name):
            rows.append(updated)
        return ManifestFile(list(self.columns), rows)

    def write(self, path: Path) -> None:
        """Write atomically: a reader sees the old manifest or the new one."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=self.columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({c: row.get(c, "") for c in self.columns} for row in self.rows)
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8")
        os.replace(tmp, path)
