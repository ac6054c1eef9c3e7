"""One person per member within a paper: "Bisschop" is the "Roelof Bisschop (SGP)" of its header.

A paper names a member in full once (a page field, a signature, "R. Bisschop") and by family
name elsewhere ("AMENDEMENT VAN HET LID BISSCHOP"). Without a registry the two readings get two
keys; when exactly one person of the paper with that family name carries initials, the bare
one is that person. Two people with initials (two members Van Dijk) leave the bare name alone.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict

from kamergraph.identifiers import person_key, slugify
from kamergraph.records import Person, Record, Ref
from kamergraph.reference import Reference


def merge_bare_family_names(records: list[Record], reference: Reference) -> list[Record]:
    """Fold initial-less persons into the paper's one namesake with initials; rewrite refs."""
    renaming = _renaming(records, reference)
    if not renaming:
        return records
    kept: list[Record] = []
    by_ref = {r.ref: r for r in records}
    for record in records:
        target = renaming.get(record.ref)
        if target is None:
            kept.append(record)
            continue
        _fold(by_ref[target], record)  # type: ignore[arg-type]
    for record in kept:
        _rewrite_refs(record, renaming)
    return kept


def _renaming(records: list[Record], reference: Reference) -> dict[Ref, Ref]:
    with_initials: dict[str, list[Person]] = defaultdict(list)
    bare: list[Person] = []
    for p in records:
        if not isinstance(p, Person):
            continue
        if p.initials:
            with_initials[slugify(p.family_name)].append(p)
        elif p.ref.key == person_key(p.family_name) and p.ref.key not in reference.persons:
            bare.append(p)
    renaming: dict[Ref, Ref] = {}
    for p in bare:
        namesakes = with_initials.get(slugify(p.family_name), [])
        if len(namesakes) == 1:
            renaming[p.ref] = namesakes[0].ref
    return renaming


def _fold(target: Person, bare: Person) -> None:
    target.spans = sorted({*target.spans, *bare.spans})
    target.party = target.party or bare.party
    target.roles += [r for r in bare.roles if r not in target.roles]


def _rewrite_refs(record: Record, renaming: dict[Ref, Ref]) -> None:
    """Point every Ref field (single or list) of a record at the merged person."""
    for f in dataclasses.fields(record):
        value = getattr(record, f.name)
        if isinstance(value, Ref) and value in renaming and f.name != "ref":
            setattr(record, f.name, renaming[value])
        elif isinstance(value, list) and any(isinstance(v, Ref) for v in value):
            merged: list[Ref] = []
            for v in value:
                new = renaming.get(v, v) if isinstance(v, Ref) else v
                if new not in merged:
                    merged.append(new)
            setattr(record, f.name, merged)
