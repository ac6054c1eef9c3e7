"""`kamergraph add`: one new source into the sources folder and its graph into the store.

A source is extracted from a staging copy (with its metadata.xml and sidecar), validated with
the rest of the graph, and only then stored and published. The new generation differs from the
served one only in that source's graph: its old graph (if the file was added before) goes, its
triples go into its own graph, except those the reference or shared graph already holds and
those another source also states, which move to the shared graph as `build` would place them.
The same file (and companions) again, by checksum, publishes nothing.

Facts about shared entities are arbitrated against the served graph as `build` arbitrates
them (`authority.py`): a value the served graph already holds from a curated row or from
several sources stays, and so does one from a single source unless the new paper is one of
the entity's own papers and that source is not; the overruled value is a reported conflict.
Extraction runs in the sandbox (`sandbox.py`), under the same limits as a build.
"""

from __future__ import annotations

import fcntl
import hashlib
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from kamergraph.authority import GUARDED, Conflict, owned_subjects
from kamergraph.external_store import ExternalStore
from kamergraph.extract import SourceError, load_manifest
from kamergraph.extract.formats.official import metadata_path
from kamergraph.extract.formats.sidecar import sidecar_path
from kamergraph.iris import graph_of, system_graph
from kamergraph.manifest_file import ManifestFile
from kamergraph.ox_terms import to_ox_quads
from kamergraph.pipeline import (
    ValidationFailed,
    assemble,
    derived_quads,
    primary_document,
    provenance,
    source_graph_triples,
    source_iri,
    vocabulary_quads,
)
from kamergraph.quarantine import rdflib_term, rdflib_triple
from kamergraph.records import Extraction
from kamergraph.reference import Reference
from kamergraph.sandbox import extract_isolated
from kamergraph.store import DiskStore, MemoryStore, StoreEmptyError
from kamergraph.validate import validate_graph

Status = Literal["added", "replaced", "unchanged"]
_VOCABULARY = {str(system_graph(n)) for n in ("ontology", "shapes")}
_BUILD, _REFERENCE, _SHARED = (str(system_graph(n)) for n in ("build", "reference", "shared"))
_DERIVED = str(system_graph("derived"))
PROV_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"


@dataclass
class AddResult:
    """What adding one file did."""

    name: str
    status: Status
    graph: str | None = None
    quads: int = 0
    conflicts: list[Conflict] = field(default_factory=list)


def companions(path: Path) -> dict[str, Path]:
    """The files that travel with a source, by the name they are stored under beside it."""
    found = {}
    meta = metadata_path(path)
    if meta is not None:
        found[path.name + ".metadata.xml"] = meta
    side = sidecar_path(path)
    if side is not None:
        found[path.name + side.suffix] = side
    return found


def checksum(path: Path) -> str:
    """SHA-256 of the source and its companions: a corrected sidecar is a changed source."""
    digest = hashlib.sha256(path.read_bytes())
    for name, companion in sorted(companions(path).items()):
        digest.update(name.encode() + b"\0" + companion.read_bytes())
    return digest.hexdigest()


@contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One `add` at a time per store: two would both build on the same generation."""
    folder.mkdir(parents=True, exist_ok=True)
    with (folder / "LOCK").open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def _graphs(quads: Iterator[ox.Quad] | list[ox.Quad]) -> dict[str, set[ox.Quad]]:
    """Quads by the IRI of their graph."""
    by_graph: dict[str, set[ox.Quad]] = {}
    for quad in quads:
        by_graph.setdefault(_iri(quad.graph_name), set()).add(quad)
    return by_graph


def _quad(triple: ox.Triple, graph: ox.NamedNode) -> ox.Quad:
    return ox.Quad(triple.subject, triple.predicate, triple.object, graph)


def _iri(node: object) -> str:
    return node.value if isinstance(node, ox.NamedNode) else str(node)


def _term(node: object) -> str:
    return node.value if isinstance(node, ox.NamedNode | ox.Literal) else str(node)


def _current(
    store: DiskStore | MemoryStore | ExternalStore, reference: Reference
) -> tuple[dict[str, set[ox.Quad]], list[ox.Quad]]:
    """The served quads by graph, and what an empty store must start from (the reference graph
    and the vocabulary), which then also counts as served."""
    try:
        served = _graphs(store.quads())
    except StoreEmptyError:
        served = {}
    if served:
        return served, []
    base = list(to_ox_quads([*assemble([], reference.records()), *vocabulary_quads()]))
    return _graphs(base), base


def _old_graphs(by_graph: dict[str, set[ox.Quad]], name: str) -> set[str]:
    """The graphs that hold what the source said last time (they point at its file)."""
    source = ox.NamedNode(str(source_iri(Path(name))))
    return {
        g for g, quads in by_graph.items() if g != _BUILD and any(q.object == source for q in quads)
    }


@dataclass
class _Change:
    remove: set[ox.Quad]
    add: set[ox.Quad]
    graph: str
    conflicts: list[Conflict] = field(default_factory=list)


_GUARDED = {str(p) for p in GUARDED}


def _file_of(by_graph: dict[str, set[ox.Quad]], graph: str) -> str:
    """The file a served graph was derived from, to name it in a conflict."""
    for quad in by_graph.get(graph, set()):
        if _iri(quad.predicate) == PROV_DERIVED:
            return _iri(quad.object).rpartition("/")[2]
    return graph.rpartition("/graph/")[2] or graph


def _owns(by_graph: dict[str, set[ox.Quad]], graph: str, subject: ox.NamedNode) -> bool:
    """Whether the source of a served graph is one of the subject's own papers."""
    quads = by_graph.get(graph, set())
    documents = {q.subject for q in quads if _iri(q.predicate) == PROV_DERIVED}
    about = [q for g in (graph, _SHARED) for q in by_graph.get(g, set()) if q.subject in documents]
    owned = owned_subjects([rdflib_triple(q) for q in about], {})
    return rdflib_term(subject) in owned


def _served_values(
    by_graph: dict[str, set[ox.Quad]], old: set[str]
) -> dict[tuple[object, object], dict[object, list[str]]]:
    """Guarded (subject, predicate) -> value -> the graphs holding it, the source's own aside."""
    served: dict[tuple[object, object], dict[object, list[str]]] = {}
    for g, quads in by_graph.items():
        if g in old or g in _VOCABULARY or g == _BUILD:
            continue
        for q in quads:
            if _iri(q.predicate) in _GUARDED:
                served.setdefault((q.subject, q.predicate), {}).setdefault(q.object, []).append(g)
    return served


def _arbitrated(
    by_graph: dict[str, set[ox.Quad]], old: set[str], triples: list[ox.Triple], name: str
) -> tuple[list[ox.Triple], set[ox.Quad], list[Conflict]]:
    """The new source's triples less those the served graph overrules, the served quads the
    new source overrules, and the conflicts (see the module docstring)."""
    served = _served_values(by_graph, old)
    owned = owned_subjects([rdflib_triple(t) for t in triples], {})
    kept, overruled, conflicts = [], set(), []
    for t in triples:
        values = served.get((t.subject, t.predicate), {})
        if not values or t.object in values:
            kept.append(t)
            continue
        value, holders = next(iter(values.items()))
        single = len(holders) == 1 and holders[0] not in (_REFERENCE, _SHARED)
        wins = (
            single
            and rdflib_term(t.subject) in owned
            and not _owns(by_graph, holders[0], t.subject)  # type: ignore[arg-type]
        )
        by = tuple("reference" if g == _REFERENCE else _file_of(by_graph, g) for g in holders)
        new, established = (_term(t.object), (name,)), (_term(value), by)
        winner, loser = (new, established) if wins else (established, new)
        subject, predicate = _iri(t.subject), _iri(t.predicate)
        conflicts.append(Conflict(subject, predicate, winner[0], winner[1], loser[0], loser[1]))
        if wins:
            kept.append(t)
            overruled.add(ox.Quad(t.subject, t.predicate, value, ox.NamedNode(holders[0])))  # type: ignore[arg-type]
    return kept, overruled, conflicts


def _placed(
    by_graph: dict[str, set[ox.Quad]], old: set[str], triples: list[ox.Triple], graph: ox.NamedNode
) -> _Change:
    """Place the source's triples as `build` would: what reference or shared already hold stays
    there, what another source states moves to shared, the rest goes into the source's graph."""
    held: dict[ox.Triple, str] = {}
    for g, quads in by_graph.items():
        if g not in old and g not in _VOCABULARY and g != _BUILD:
            for quad in quads:
                held.setdefault(quad.triple, g)
    change = _Change({q for g in old for q in by_graph[g]}, set(), graph.value)
    change.remove |= {q for q in by_graph.get(_BUILD, set()) if _iri(q.subject) in old}
    for triple in triples:
        where = held.get(triple)
        if where is None:
            change.add.add(_quad(triple, graph))
        elif where not in (_REFERENCE, _SHARED):
            change.remove.add(_quad(triple, ox.NamedNode(where)))
            change.add.add(_quad(triple, ox.NamedNode(_SHARED)))
    return change


def _change(
    by_graph: dict[str, set[ox.Quad]], staged: Path, name: str, reference: Reference
) -> _Change:
    """The quads to remove and add for the staged source."""
    extraction = _extract(staged, reference)
    extraction.source = Path(name)  # its source IRI names the file as stored
    graph = graph_of(primary_document(extraction))
    old = _old_graphs(by_graph, name)
    if str(graph) in by_graph and str(graph) not in old:
        raise SourceError(
            staged, 1, f"reads as the document of graph <{graph}>, which another source already is"
        )
    triples = [q.triple for q in to_ox_quads((*t, graph) for t in source_graph_triples(extraction))]  # type: ignore[misc]
    triples, overruled, conflicts = _arbitrated(by_graph, old, triples, name)
    change = _placed(by_graph, old, triples, ox.NamedNode(str(graph)))
    change.remove |= overruled
    change.conflicts = conflicts
    change.add |= set(to_ox_quads(provenance([graph], [staged], "add")))
    return change


def _extract(staged: Path, reference: Reference) -> Extraction:
    """The staged source extracted in the sandbox, under the build's limits."""
    outcome = extract_isolated([staged], reference, load_manifest(staged.parent))[0]
    if isinstance(outcome, SourceError):
        raise outcome
    return outcome


def _rederive(by_graph: dict[str, set[ox.Quad]], change: _Change) -> None:
    """Recompute the derived graph over what will be served (as `build` derives it)."""
    kept = (
        q
        for g, quads in by_graph.items()
        if g not in _VOCABULARY and g != _DERIVED
        for q in quads
        if q not in change.remove
    )
    added = (q for q in change.add if _iri(q.graph_name) != _DERIVED)
    triples = [(*rdflib_triple(q), system_graph("shared")) for q in (*kept, *added)]
    change.remove |= by_graph.get(_DERIVED, set())
    change.add |= set(to_ox_quads(derived_quads(triples)))  # type: ignore[arg-type]


#: How far the shapes look from a focus node: sh:node nesting times path length (the interval
#: of a report's promise, then its first and last instant, then their dates).
_SHAPE_DEPTH = 4


def _reachable(quads: set[ox.Quad], start: set, depth: int) -> set:
    """The nodes `depth` steps or fewer from `start` along the quads (literals excluded)."""
    objects: dict[object, set] = {}
    for q in quads:
        if not isinstance(q.object, ox.Literal):
            objects.setdefault(q.subject, set()).add(q.object)
    found, frontier = set(start), set(start)
    for _ in range(depth):
        frontier = {o for node in frontier for o in objects.get(node, ())} - found
        if not frontier:
            break
        found |= frontier
    return found


def _validate(by_graph: dict[str, set[ox.Quad]], change: _Change) -> None:
    """SHACL over what the change touches, as it would be served; ValidationFailed if it
    violates. Only the nodes the added or removed quads name can change their conformance
    (every shape targets a class, or the subjects or objects of a predicate, and follows
    forward paths), so only they are validated, over their own triples and those of the
    nodes they reach along the shapes' paths (a promised interval's first day is two steps
    away): the cost follows the document, not the whole graph."""
    served = {q for g, quads in by_graph.items() if g not in _VOCABULARY for q in quads}
    served -= change.remove
    served |= {q for q in change.add if _iri(q.graph_name) not in _VOCABULARY}
    touched = {t for q in change.add | change.remove for t in (q.subject, q.object)}
    touched = {t for t in touched if not isinstance(t, ox.Literal)}
    around = _reachable(served, touched, _SHAPE_DEPTH)
    triples = {q.triple for q in served if q.subject in around}
    data = ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b""
    report = validate_graph(Graph().parse(data=data, format="nt"))
    focus = {_term(t) for t in touched}
    # A blank node's label changes in the round trip; the data has none, but keep theirs.
    report.findings = [f for f in report.findings if f.focus in focus or "/" not in f.focus]
    if not report.conforms:
        raise ValidationFailed(report)


def _stage(path: Path, folder: Path, manifest: ManifestFile) -> Path:
    """The source, its companions and the manifest as they will be stored, in `folder`."""
    staged = folder / path.name
    shutil.copyfile(path, staged)
    for stored, companion in companions(path).items():
        shutil.copyfile(companion, folder / stored)
    manifest.write(folder / "manifest.csv")
    return staged


def add_source(
    path: Path,
    sources: Path,
    store: DiskStore | MemoryStore | ExternalStore,
    reference: Reference,
    origin: str | None = None,
    today: date | None = None,
) -> AddResult:
    """Add one file (see the module docstring); SourceError or ValidationFailed publish nothing."""
    path = Path(path)
    name, digest = path.name, checksum(path)
    manifest = ManifestFile.read(sources / "manifest.csv")
    lock = store.folder if isinstance(store, DiskStore) else Path(tempfile.gettempdir())
    with _locked(lock), tempfile.TemporaryDirectory() as tmp:
        by_graph, base = _current(store, reference)
        old = _old_graphs(by_graph, name)
        if manifest.row(name).get("sha256") == digest and old:
            return AddResult(name, "unchanged")
        updated = manifest.with_row(name, digest, origin or str(path.resolve()), today)
        change = _change(by_graph, _stage(path, Path(tmp), updated), name, reference)
        _rederive(by_graph, change)
        _validate(by_graph, change)
        store.revise(change.remove, [*base, *change.add])
        sources.mkdir(parents=True, exist_ok=True)
        for stored in [name, *companions(path)]:
            if (Path(tmp) / stored).resolve() != (sources / stored).resolve():
                shutil.copyfile(Path(tmp) / stored, sources / stored)
        updated.write(sources / "manifest.csv")
    status: Status = "replaced" if old else "added"
    return AddResult(name, status, change.graph, len(change.add), change.conflicts)
