"""sources -> extract -> build -> validate -> store, as one function with one summary.

Graph placement keeps every triple in exactly one named graph, so the union default graph
behaves as a set: curated reference facts live in the reference graph; a fact only one source
states lives in that source's graph (its provenance); a fact several sources state moves to the
shared graph. Mentions always stay with their source. Before placement, facts about shared
entities are arbitrated (`authority.py`), so one document cannot overwrite another's; a source
that cannot be extracted or violates the shapes is quarantined (`quarantine.py`) and the rest
publishes, unless the build is strict.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF
from rdflib.term import Node

from kamergraph import __version__
from kamergraph.authority import Conflict, arbitrate
from kamergraph.build import Triple, describe, describe_mentions, source_triples
from kamergraph.chronology import place_undated
from kamergraph.cycles import collector_paused
from kamergraph.extract import SourceError, load_manifest
from kamergraph.extract.formats.dispatch import READERS, is_companion
from kamergraph.iris import graph_of, mint, system_graph
from kamergraph.manifest_file import ManifestFile
from kamergraph.publication_gate import ValidationFailed, publish_validated
from kamergraph.quarantine import Quarantined, Served, attribute, truncation_warning
from kamergraph.records import Document, Extraction, Record, Ref
from kamergraph.reference import load_reference
from kamergraph.sandbox import Limits, extract_isolated
from kamergraph.settings import base_iri
from kamergraph.status import derived_status
from kamergraph.store import GraphStore
from kamergraph.validate import ValidationReport, load_ontology, load_shapes
from kamergraph.validation_units import check_quads

SOURCE_SUFFIXES = {".txt", ".md", *READERS}
Quad = tuple[URIRef, URIRef, URIRef | Literal, URIRef]


class SourcesFailed(RuntimeError):
    """Some sources could not be read and the build is strict: nothing was published."""

    def __init__(self, errors: list[SourceError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors


@dataclass
class BuildSummary:
    """What a build published, what it left out and why, and what it warns about."""

    sources: list[Path] = field(default_factory=list)
    errors: list[SourceError] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    links_left_out: list[str] = field(default_factory=list)  # link-list addresses not attached
    quads: int = 0
    graphs: int = 0
    report: ValidationReport = field(default_factory=ValidationReport)


def source_files(folder: Path) -> list[Path]:
    """The source documents in a folder, in a stable order."""
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.suffix.lower() in SOURCE_SUFFIXES and p.is_file() and not is_companion(p)
    )


def extract_all(
    paths: list[Path],
    reference_dir: Path,
    manifest_dir: Path,
    progress: Callable[[Path], None] | None = None,
    limits: Limits | None = None,
) -> tuple[list[Extraction], list[SourceError], list[Record]]:
    """Extract every source in the sandbox (time and memory limits, see `sandbox.py`); a
    source that fails is reported, not fatal to the others."""
    reference = load_reference(reference_dir)
    manifest = load_manifest(manifest_dir)
    extractions: list[Extraction] = []
    errors: list[SourceError] = []
    owners: dict[Ref, Path] = {}
    for outcome in extract_isolated(paths, reference, manifest, limits, progress):
        try:
            if isinstance(outcome, SourceError):
                raise outcome
            _claim_key(owners, outcome)
            extractions.append(outcome)
        except SourceError as error:
            errors.append(error)
    return extractions, errors, reference.records()


def _claim_key(owners: dict[Ref, Path], extraction: Extraction) -> None:
    """Two sources read as the same document would share one graph: refuse the second."""
    key = primary_document(extraction)
    if key in owners:
        raise SourceError(
            extraction.source,
            1,
            f"reads as document {key.key}, which {owners[key].name} already is "
            "(give it a key in the sources manifest)",
        )
    owners[key] = extraction.source


def primary_document(extraction: Extraction) -> Ref:
    """The document whose text the source holds: the first source document extracted."""
    for doc in extraction.of_type(Document):
        if doc.is_source:
            return doc.ref
    raise SourceError(extraction.source, 1, "no document could be identified in the text")


def source_iri(path: Path) -> URIRef:
    return URIRef(f"{base_iri()}source/{path.name}")


def source_graph_triples(extraction: Extraction) -> set[Triple]:
    """Everything one source states, mentions and its text included (before placement)."""
    primary = primary_document(extraction)
    triples: set[Triple] = set()
    for record in extraction.records:
        triples.update(describe(record))
        triples.update(describe_mentions(record, primary, extraction.text))
    for doc in extraction.of_type(Document):
        if doc.ref == primary:
            triples.update(source_triples(doc, extraction.text, source_iri(extraction.source)))
        elif doc.is_source:
            triples.add((mint(doc.ref), PROV.wasDerivedFrom, source_iri(extraction.source)))
    return triples


_RANK = {BNode: 10, URIRef: 30}  # rdflib's order of node kinds (literals come last)


def _term_key(term: Node) -> tuple[int, str] | tuple[int, Node]:
    """A term's place in rdflib's order, as a key Python compares in C: a URIRef or BNode by
    kind then text, as rdflib orders them; a literal as itself (rdflib orders those by value)."""
    rank = _RANK.get(type(term))
    return (40, term) if rank is None else (rank, str(term))


def _sorted(triples: Iterable[Triple]) -> list[Triple]:
    """`sorted(triples)`, the same order, without rdflib's Python-level comparisons."""
    return sorted(triples, key=lambda t: (_term_key(t[0]), _term_key(t[1]), _term_key(t[2])))


def place(reference: Iterable[Triple], sources: dict[URIRef, set[Triple]]) -> Iterator[Quad]:
    """Put each triple in exactly one graph (see the module docstring)."""
    reference_set = set(reference)
    reference_graph, shared_graph = system_graph("reference"), system_graph("shared")
    for s, p, o in _sorted(reference_set):
        yield s, p, o, reference_graph
    seen = Counter(t for triples in sources.values() for t in triples if t not in reference_set)
    for s, p, o in _sorted(t for t, n in seen.items() if n > 1):
        yield s, p, o, shared_graph
    for graph, triples in sorted(sources.items()):
        for s, p, o in _sorted(t for t in triples if seen.get(t) == 1):
            yield s, p, o, graph


def derived_quads(quads: Iterable[Quad]) -> list[Quad]:
    """What is derived from all graphs together (`status.py`), in the derived graph."""
    derived = system_graph("derived")
    triples = (q[:3] for q in quads if q[3] != derived)
    return [(s, p, o, derived) for s, p, o in sorted(derived_status(triples))]  # type: ignore[misc]


def _fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def provenance(graphs: Iterable[URIRef], paths: list[Path], verb: str = "build") -> Iterator[Quad]:
    """The build (or an `add`) as a prov:Activity; every graph it made points to it."""
    build_graph = system_graph("build")
    activity = URIRef(f"{base_iri()}build/{__version__}-{_fingerprint(paths)}")
    yield activity, RDF.type, PROV.Activity, build_graph
    yield activity, DCTERMS.description, Literal(f"kamergraph {__version__} {verb}"), build_graph
    now = datetime.now(UTC).replace(microsecond=0)
    yield activity, PROV.startedAtTime, Literal(now), build_graph
    for path in paths:
        yield activity, PROV.used, source_iri(path), build_graph
        yield source_iri(path), RDF.type, PROV.Entity, build_graph
        yield source_iri(path), DCTERMS.identifier, Literal(path.name), build_graph
    for graph in graphs:
        yield graph, PROV.wasGeneratedBy, activity, build_graph


def vocabulary_quads() -> Iterator[Quad]:
    """The ontology and the shapes, each in its own graph, so the endpoint can answer on them."""
    for name, graph in (("ontology", load_ontology()), ("shapes", load_shapes())):
        target = system_graph(name)
        for s, p, o in graph:  # shapes keep their blank nodes (property shapes, lists)
            yield s, p, o, target  # type: ignore[misc]


@dataclass
class Assembly:
    """A build's quads, what each source states after arbitration, and the conflicts."""

    quads: list[Quad]
    per_source: dict[URIRef, set[Triple]]
    conflicts: list[Conflict]
    files: dict[URIRef, str]  # source graph -> the file it came from


@collector_paused()
def assemble_sources(
    extractions: list[Extraction],
    reference_records: list[Record],
    served: Served | None = None,
    kept: Iterable[str] = (),
    added: dict[str, str] | None = None,
) -> Assembly:
    """All quads of a build, arbitrated and placed, provenance included; `kept` names the
    files whose graphs in `served` (the published generation) are carried over unchanged."""
    extractions = place_undated(extractions)
    reference_triples = {t for record in reference_records for t in describe(record)}
    files = {graph_of(primary_document(e)): e.source.name for e in extractions}
    per_source = {graph_of(primary_document(e)): source_graph_triples(e) for e in extractions}
    carried: list[Quad] = []
    for name in kept:
        assert served is not None
        for graph, triples in served.graphs.get(name, {}).items():
            per_source[graph], files[graph] = triples, f"{name} (previous graph)"
        carried.extend(served.provenance.get(name, []))
    rank = added or {}
    order = sorted(per_source, key=lambda g: (rank.get(files[g].split(" ")[0], ""), files[g]))
    arbitration = arbitrate(reference_triples, {g: per_source[g] for g in order}, files)
    quads = list(place(reference_triples, arbitration.sources))
    quads.extend(derived_quads(quads))
    fresh = {graph_of(primary_document(e)) for e in extractions}
    graphs = sorted({q[3] for q in quads} - (set(per_source) - fresh))
    quads.extend(provenance(graphs, [e.source for e in extractions]))
    quads.extend(carried)
    return Assembly(quads, arbitration.sources, arbitration.conflicts, files)


def assemble(extractions: list[Extraction], reference_records: list[Record]) -> list[Quad]:
    """All quads of a build, placed in their graphs, provenance included."""
    return assemble_sources(extractions, reference_records).quads


def check(quads: list[Quad], workers: int | None = None) -> ValidationReport:
    """Validate the union of the data graphs (vocabulary graphs aside), per document across
    processes when the build is large (`validation_units.py`)."""
    return check_quads(quads, workers)  # type: ignore[arg-type]


def _added(sources: Path) -> dict[str, str]:
    """When each file was added (`kamergraph add`); curated rows have no date and rank first."""
    return {r["file"]: r.get("added", "") for r in ManifestFile.read(sources / "manifest.csv").rows}


def _by_graph(quads: list[Quad]) -> dict[URIRef, set[Triple]]:
    placed: dict[URIRef, set[Triple]] = {}
    for s, p, o, g in quads:
        placed.setdefault(g, set()).add((s, p, o))
    return placed


def _quarantine(
    guilty: dict[URIRef, list],
    assembly: Assembly,
    extractions: list[Extraction],
    out: dict[Path, Quarantined],
) -> list[Extraction]:
    """Set the guilty sources aside (a guilty previous graph is dropped, not kept)."""
    for graph, findings in guilty.items():
        name = assembly.files[graph].split(" ")[0]
        reasons = [f"SHACL {f}" for f in findings[:5]]
        extraction = next((e for e in extractions if e.source.name == name), None)
        if extraction is not None:
            out[extraction.source] = Quarantined(extraction.source, reasons)
            continue
        entry = next(q for q in out.values() if q.source.name == name)
        entry.reasons += [f"its previous graph is no longer valid: {r}" for r in reasons]
        entry.kept = []
    return [e for e in extractions if e.source not in out]


def _validated(
    paths: list[Path],
    extractions: list[Extraction],
    reference_records: list[Record],
    out: dict[Path, Quarantined],
    store: GraphStore,
    added: dict[str, str],
    first: tuple[Assembly, ValidationReport] | None = None,
) -> tuple[Assembly, ValidationReport, list[Extraction]]:
    """Assemble and validate (unless `first` is that already); quarantine the sources a
    violation is attributed to, until the rest conforms. A violation no single source
    explains stays in the report (refused)."""
    served: Served | None = None
    decided: set[Path] = set()  # quarantined sources whose previous graph was looked up
    while True:
        if out and served is None:
            served = Served.read(store, {p.name: source_iri(p) for p in paths})
        for entry in out.values():
            if served is not None and entry.source not in decided:
                entry.kept = sorted(str(g) for g in served.graphs.get(entry.source.name, {}))
                decided.add(entry.source)
        kept = [q.source.name for q in out.values() if q.kept]
        if first is None:
            assembly = assemble_sources(extractions, reference_records, served, kept, added)
            report = check(assembly.quads)
        else:
            (assembly, report), first = first, None
        if report.conforms:
            return assembly, report, extractions
        guilty = attribute(report.findings, assembly.per_source, _by_graph(assembly.quads))
        if not guilty:
            return assembly, report, extractions
        extractions = _quarantine(guilty, assembly, extractions, out)


def run_build(
    sources: Path,
    reference_dir: Path,
    store: GraphStore,
    *,
    strict: bool = False,
    progress: Callable[[Path], None] | None = None,
    limits: Limits | None = None,
) -> BuildSummary:
    """Build, validate and atomically publish (see the module docstring). A strict build
    refuses on any unreadable source or violation; otherwise those sources are quarantined.
    On a refusal the store is left untouched."""
    paths = source_files(sources)
    extractions, errors, reference_records = extract_all(
        paths, reference_dir, sources, progress, limits
    )
    if errors and strict:
        raise SourcesFailed(errors)
    out = {e.path: Quarantined(e.path, [e.message]) for e in errors}
    added, first = _added(sources), None
    if strict or not out:  # the common case: validated while it is written
        assembly = assemble_sources(extractions, reference_records, added=added)
        quads = assembly.quads + list(vocabulary_quads())
        try:
            report = publish_validated(store, assembly.quads, quads, check)
            return _summary(extractions, errors, out, assembly, quads, report)
        except ValidationFailed as failed:
            if strict:
                raise
            first = (assembly, failed.report)
    assembly, report, extractions = _validated(
        paths, extractions, reference_records, out, store, added, first
    )
    quads = assembly.quads + list(vocabulary_quads())
    publish_validated(store, assembly.quads, quads, lambda _data: report)
    return _summary(extractions, errors, out, assembly, quads, report)


def _summary(
    extractions: list[Extraction],
    errors: list[SourceError],
    out: dict[Path, Quarantined],
    assembly: Assembly,
    quads: list[Quad],
    report: ValidationReport,
) -> BuildSummary:
    """What a build published (`quads`: the data and the vocabulary graphs) and left out."""
    return BuildSummary(
        sources=[e.source for e in extractions],
        errors=errors,
        quarantined=sorted(out.values(), key=lambda q: q.source.name),
        conflicts=assembly.conflicts,
        warnings=[w for e in extractions if (w := truncation_warning(e))],
        links_left_out=[f"{e.source.name}: {u}" for e in extractions for u in e.unmatched_links],
        quads=len(quads),
        graphs=len({q[3] for q in quads}),
        report=report,
    )
