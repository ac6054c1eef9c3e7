"""One resolver for every citation form: "T03853", "36 600 XX, E", "kst-36600-XX-E", "36.333",
"Spreidingswet", "BWBR0011823", an eerstekamer.nl page the texts cite.

The index is the crosswalk (`queries/list_identifiers.rq`) keyed by `identifier_forms.lookup_key`,
so spacing, case and punctuation do not matter. What the index does not hold is parsed as a
citation (`identifiers.py`) and looked up by the key it normalises to; what still matches
nothing gets suggestions, the nearest keys. Used by the server (`/-/resolve`) and the CLI.
"""

from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from typing import Literal

from kamergraph.identifier_forms import lookup_key
from kamergraph.identifiers import (
    normalise_dossier,
    parse_kamerstuk,
    parse_motion_id,
    parse_t_number,
)
from kamergraph.queries import QUERIES_DIR, parse_query_file
from kamergraph.store import GraphStore

Outcome = Literal["found", "ambiguous", "unknown"]


@dataclass(frozen=True)
class Entry:
    """One row of the crosswalk: a thing, one of its notations and that notation's scheme."""

    entity: str
    type: str
    scheme: str
    notation: str
    label: str


@dataclass
class Resolution:
    """What an id resolves to: one thing (found), several (ambiguous) or none (unknown)."""

    query: str
    matches: list[Entry] = field(default_factory=list)
    suggestions: list[Entry] = field(default_factory=list)

    @property
    def outcome(self) -> Outcome:
        """found, ambiguous or unknown, by the number of distinct things matched."""
        things = {m.entity for m in self.matches}
        return "found" if len(things) == 1 else "ambiguous" if things else "unknown"

    def to_json(self) -> dict[str, object]:
        """The resolution as JSON-ready data."""
        return {
            "id": self.query,
            "outcome": self.outcome,
            "matches": [vars(m) for m in self.matches],
            "suggestions": [vars(s) for s in self.suggestions],
        }


def crosswalk(store: GraphStore) -> list[Entry]:
    """Every identifier of every thing in the store (the named query, materialised)."""
    text = parse_query_file(QUERIES_DIR / "list_identifiers.rq").text
    rows = csv.DictReader(io.StringIO(store.query(text).serialize("csv").decode()))
    return [Entry(r["entity"], r["type"], r["scheme"], r["notation"], r["label"]) for r in rows]


def _parsed_keys(text: str) -> list[str]:
    """The keys a citation normalises to, by the parsers of `identifiers.py`."""
    keys = []
    if (t := parse_t_number(text)) is not None:
        keys.append(t.number)
    citation = parse_kamerstuk(text)
    if citation is not None:
        keys.append(citation.key or citation.dossier)
    for parsed in (parse_motion_id(text), normalise_dossier(text)):
        if parsed:
            keys.append(parsed)
    return [lookup_key(k) for k in keys]


def _distinct(entries: list[Entry]) -> list[Entry]:
    """One entry per thing, the first notation found for it."""
    seen: dict[str, Entry] = {}
    for entry in entries:
        seen.setdefault(entry.entity, entry)
    return list(seen.values())


def resolve(text: str, entries: list[Entry]) -> Resolution:
    """Resolve one citation against the crosswalk (see the module docstring)."""
    index: dict[str, list[Entry]] = {}
    for entry in entries:
        index.setdefault(lookup_key(entry.notation), []).append(entry)
    key = lookup_key(text)
    matches = index.get(key, []) if key else []
    for parsed in _parsed_keys(text) if not matches else []:
        matches = index.get(parsed, [])
        if matches:
            break
    resolution = Resolution(text, _distinct(matches))
    if not resolution.matches and key:
        near = difflib.get_close_matches(key, list(index), n=5, cutoff=0.6)
        near += [k for k in index if len(key) >= 3 and key in k and k not in near][:5]
        resolution.suggestions = _distinct([e for k in near for e in index[k]])[:8]
    return resolution


def resolve_in(store: GraphStore, text: str) -> Resolution:
    """Resolve one citation against the store's crosswalk."""
    return resolve(text, crosswalk(store))
