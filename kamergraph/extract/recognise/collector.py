"""Collects records by ref so an entity named ten times is one record with ten spans."""

from __future__ import annotations

import copy
from typing import TypeVar

from kamergraph.records import Record, Ref, Span

R = TypeVar("R", bound=Record)


class Collector:
    """Records in first-seen order; adding a known ref merges spans and fills empty fields."""

    def __init__(self) -> None:
        self._by_ref: dict[Ref, Record] = {}

    def add(self, record: R, *spans: Span) -> R:
        """Add (or merge into) the record with this ref and return the stored one."""
        stored = self._by_ref.get(record.ref)
        if stored is None:
            stored = copy.deepcopy(record)
            self._by_ref[record.ref] = stored
        elif type(stored) is type(record):
            _fill(stored, record)
        for span in (*record.spans, *spans):
            if span not in stored.spans:
                stored.spans.append(span)
        return stored  # type: ignore[return-value]

    def get(self, ref: Ref) -> Record | None:
        """The stored record for a ref, if any."""
        return self._by_ref.get(ref)

    def peek(self) -> list[Record]:
        """The records so far, as stored (for lookups during extraction; spans unsorted)."""
        return list(self._by_ref.values())

    def records(self) -> list[Record]:
        """All records, spans sorted, in first-seen order."""
        out = list(self._by_ref.values())
        for record in out:
            record.spans.sort()
        return out


def _fill(stored: Record, new: Record) -> None:
    """Copy fields the stored record lacks; extend list fields without duplicates."""
    for name, value in vars(new).items():
        if name in ("ref", "spans"):
            continue
        current = getattr(stored, name)
        if isinstance(current, list):
            current.extend(v for v in value if v not in current)
        elif current in (None, "", False, 0) and value not in (None, "", False, 0):
            setattr(stored, name, value)
