"""Collects records by ref so an entity named ten times is one record with ten spans."""

from __future__ import annotations

import copy
from datetime import date
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
            stored = _copied(record)
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


#: Values a stored record may share with the record it was copied from: they never change.
_IMMUTABLE = (str, int, float, date, Ref, Span, type(None))


def _copied(record: R) -> R:
    """A copy of a record the collector may change (its lists its own): a deep copy, made
    without `copy.deepcopy`'s walk when every value is immutable or a list of such (a tenth of
    a paper's extraction went to that walk)."""
    fresh = copy.copy(record)
    for name, value in vars(record).items():
        if isinstance(value, list) and all(isinstance(v, _IMMUTABLE) for v in value):
            setattr(fresh, name, list(value))
        elif isinstance(value, tuple) and all(isinstance(v, _IMMUTABLE) for v in value):
            continue
        elif not isinstance(value, _IMMUTABLE):
            return copy.deepcopy(record)
    return fresh


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
