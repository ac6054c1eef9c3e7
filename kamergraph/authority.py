"""Who may state a fact about a shared entity: its curated row, else its own papers.

A dossier, person, party or law is named by many documents, and every document used to put
its reading of the entity's title or name into its own graph; a letter that printed a dossier's
title differently gave the dossier a second title, and a page shows one of the two. So the
single-valued facts of an entity (`GUARDED`: titles, names, labels, dates, a person's party,
...) are arbitrated across sources before placement:

1. a curated reference row wins; a source stating another value is overruled;
2. else the entity's own papers: the source documents themselves, the dossier a source
   document is in (`kg:dossier`), the motion a motion paper holds (`kg:motion`), the persons
   who wrote it (`dcterms:creator`) and the law of its dossier; a document that merely
   mentions the entity is overruled by them;
3. else (no curated row, no own paper) the mentioning documents are the only account there is.

Among equals the value most sources state wins, then the value of the source first in the
given order (the pipeline orders by when a source was added, then by name). Every overruled
value is a `Conflict` naming both sides, reported by the build: never silently dropped.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV, RDF, RDFS, SKOS

from kamergraph.build import Triple
from kamergraph.iris import ELI, KG

GUARDED = frozenset(
    {
        DCTERMS.title,
        RDFS.label,
        FOAF.name,
        FOAF.familyName,
        SKOS.prefLabel,
        DCTERMS.date,
        KG.party,
        KG.chamber,
        KG.paperNumber,
        KG.sessionYear,
        KG.dateKind,
        KG.officialName,
        KG.dossier,
        KG.madeOn,
        ELI.id_local,
    }
)
# What a source document's own facts point at: entities it is one of the own papers of.
_OWNING = (KG.dossier, KG.motion, DCTERMS.creator)
REFERENCE = "reference"


@dataclass(frozen=True, order=True)
class Conflict:
    """One overruled value: which fact, what was kept and by whom, what was not and by whom."""

    subject: str
    predicate: str
    kept: str
    kept_by: tuple[str, ...]
    dropped: str
    dropped_by: tuple[str, ...]

    def __str__(self) -> str:
        local = self.predicate.rpartition("/")[2].rpartition("#")[2]
        return (
            f"<{self.subject}> {local}: kept {self.kept!r} ({', '.join(self.kept_by)}), "
            f"not {self.dropped!r} ({', '.join(self.dropped_by)})"
        )


def owned_subjects(triples: Iterable[Triple], laws_by_dossier: Mapping[object, set]) -> set:
    """The entities a source's graph is an own paper of (see the module docstring)."""
    triples = list(triples)
    derived = {PROV.wasDerivedFrom}  # a set test hashes in C; == is rdflib's, in Python
    documents = {s for s, p, _o in triples if p in derived}
    owned: set[object] = set(documents)
    owned |= {o for s, p, o in triples if s in documents and p in _OWNING}
    for dossier in [o for o in owned if o in laws_by_dossier]:
        owned |= laws_by_dossier[dossier]
    return owned


def _laws_by_dossier(all_triples: Iterable[Triple]) -> dict[object, set]:
    triples = list(all_triples)
    a, law, dossier = {RDF.type}, {KG.Law}, {KG.dossier}  # set tests (see owned_subjects)
    laws = {s for s, p, o in triples if p in a and o in law}
    by_dossier: dict[object, set] = defaultdict(set)
    for s, p, o in triples:
        if s in laws and p in dossier:
            by_dossier[o].add(s)
    return by_dossier


Claims = dict[tuple[URIRef, URIRef], dict[URIRef | Literal, list[URIRef]]]


def _claims(sources: Mapping[URIRef, set[Triple]]) -> Claims:
    """Guarded (subject, predicate) -> value -> the sources stating it, in source order."""
    claims: Claims = defaultdict(lambda: defaultdict(list))
    for key, triples in sources.items():
        for s, p, o in triples:
            if p in GUARDED:
                claims[(s, p)][o].append(key)
    return claims


def _winner(values: Mapping[URIRef | Literal, list[URIRef]], order: Mapping[URIRef, int]):
    """The value most sources state, then the first source's, then the smallest (stable)."""
    return min(values, key=lambda v: (-len(values[v]), min(order[k] for k in values[v]), str(v)))


@dataclass
class Arbitration:
    """The sources' triples less the overruled ones, and the conflicts that overruled them."""

    sources: dict[URIRef, set[Triple]]
    conflicts: list[Conflict]


def arbitrate(
    reference: set[Triple],
    sources: Mapping[URIRef, set[Triple]],
    names: Mapping[URIRef, str] | None = None,
) -> Arbitration:
    """Decide every guarded fact stated by more than one voice (see the module docstring)."""
    names = names or {}
    order = {key: n for n, key in enumerate(sources)}
    laws = _laws_by_dossier([*reference, *(t for ts in sources.values() for t in ts)])
    owned = {key: owned_subjects(triples, laws) for key, triples in sources.items()}
    curated: dict[tuple[URIRef, URIRef], set] = defaultdict(set)
    for s, p, o in reference:
        if p in GUARDED:
            curated[(s, p)].add(o)
    kept = {key: set(triples) for key, triples in sources.items()}
    conflicts: list[Conflict] = []

    def label(keys: Iterable[URIRef]) -> tuple[str, ...]:
        return tuple(names.get(k, str(k)) for k in keys)

    for (s, p), values in _claims(sources).items():
        if (s, p) in curated:
            winner = min(curated[(s, p)], key=str)
            winners_by: tuple[str, ...] = (REFERENCE,)
            losers = {v: ks for v, ks in values.items() if v not in curated[(s, p)]}
        else:
            if len(values) < 2:
                continue
            owners = {v: [k for k in ks if s in owned[k]] for v, ks in values.items()}
            tier = {v: ks for v, ks in owners.items() if ks} or values
            winner = _winner(tier, order)
            winners_by = label(values[winner])
            losers = {v: ks for v, ks in values.items() if v != winner}
        for value, keys in losers.items():
            for key in keys:
                kept[key].discard((s, p, value))
            conflicts.append(
                Conflict(str(s), str(p), str(winner), winners_by, str(value), label(keys))
            )
    return Arbitration(kept, sorted(conflicts))


__all__ = ["GUARDED", "Arbitration", "Conflict", "arbitrate", "owned_subjects"]
