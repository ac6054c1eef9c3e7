"""SHACL validation per document, across processes, with the verdicts of one whole-graph run.

A build is first screened whole (`validate.py`, docs/decisions/017); only a build the screen
stops gets pyshacl's report, and one pyshacl run over a large build uses one core. Here every
node the build names is validated once, with the document (named graph) that first names it,
in a data graph that holds, from *all* graphs of the build, every triple of every node the
shapes' paths reach from the document's nodes (`shape_reach.py`: a report's interval and its
days, a mention's target and the document it points at, the class of a value, ...), plus the
ontology.

What that covers: everything the shapes check, across documents too. A cardinality over values
two documents state (a motion given two identifiers by two papers), a value whose class only
another document or the reference data states, a shared node (a dossier, a person) that
several documents describe: the node's triples come from every graph, so the verdict on each
focus node is the one a whole-graph run gives, and the report is the same list of findings.
It does not cover shapes that look backwards or an unbounded number of steps, SPARQL
constraints or fixed target nodes (`ShapeReach.problems`): with those the whole graph is
validated in one run. Documents are validated in batches (a few per worker) so a pyshacl run's
fixed cost is paid per batch, not per document; which batch a node falls in never changes its
verdict. The workers are `workers.py`'s.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rdflib import Graph, Literal
from rdflib.term import Node

from kamergraph.shape_reach import ShapeReach, shape_reach
from kamergraph.validate import (
    Finding,
    ValidationReport,
    load_ontology,
    load_shapes,
    pyshacl_report,
    screen_findings,
)
from kamergraph.workers import build_workers, map_documents

Triple = tuple[Node, Node, Node]
Quad = tuple[Node, Node, Node, Node]
#: Below this many quads a process pool costs more than it saves: one run in-process.
PARALLEL_FROM = 20_000
_BATCHES_PER_WORKER = 4


@dataclass
class Batch:
    """Documents validated in one pyshacl run: their data graph and the nodes judged in it."""

    triples: list[Triple] = field(default_factory=list)
    focus: set[str] = field(default_factory=set)
    vocabulary: bool = False  # also judges the ontology's nodes (as this process parsed it)


class _Index:
    """The build's triples by subject, and the edges along the shapes' path predicates."""

    def __init__(self, quads: Sequence[Quad], reach: ShapeReach) -> None:
        self.by_subject: dict[Node, list[Triple]] = {}
        self.edges: dict[Node, set[Node]] = {}
        self.targeting: dict[Node, list[Triple]] = {}  # object -> sh:targetObjectsOf triples
        for s, p, o, _g in quads:
            self.by_subject.setdefault(s, []).append((s, p, o))
            if isinstance(o, Literal):
                continue
            if p in reach.predicates:
                self.edges.setdefault(s, set()).add(o)
            if p in reach.object_targets:
                self.targeting.setdefault(o, []).append((s, p, o))

    def around(self, start: set[Node], depth: int) -> list[Triple]:
        """Every triple of the nodes `depth` steps or fewer from `start` along the edges."""
        found, frontier = set(start), set(start)
        for _ in range(depth):
            frontier = {o for node in frontier for o in self.edges.get(node, ())} - found
            found |= frontier
        return [t for node in found for t in self.by_subject.get(node, ())]


def _named_by_graph(quads: Sequence[Quad]) -> dict[Node, set[Node]]:
    """The nodes each graph names (subjects and non-literal objects), graphs in sorted order."""
    named: dict[Node, set[Node]] = {}
    for s, _p, o, g in quads:
        nodes = named.setdefault(g, set())
        nodes.add(s)
        if not isinstance(o, Literal):
            nodes.add(o)
    return {g: named[g] for g in sorted(named, key=str)}


def batches(quads: Sequence[Quad], reach: ShapeReach, count: int) -> list[Batch]:
    """The build split into about `count` batches of whole documents, each node judged in
    exactly one of them (the first that names it), each with the data its verdicts need."""
    index = _Index(quads, reach)
    named = _named_by_graph(quads)
    size = max(1, -(-sum(len(n) for n in named.values()) // max(1, count)))
    groups: list[list[set[Node]]] = [[]]
    filled = 0
    for nodes in named.values():
        if filled >= size:
            groups.append([])
            filled = 0
        groups[-1].append(nodes)
        filled += len(nodes)
    vocabulary = _nodes(_graphs()[1])  # judged in the first batch, where the ontology is
    judged: set[Node] = set(vocabulary)
    result: list[Batch] = []
    for group in groups:
        start = set().union(*group, vocabulary if not result else ())
        focus = start - judged
        judged |= focus
        triples = index.around(start, reach.depth)
        triples += [t for node in focus for t in index.targeting.get(node, ())]
        result.append(Batch(list(dict.fromkeys(triples)), {str(n) for n in focus}, not result))
    return result


def _nodes(graph: Graph) -> set[Node]:
    return {n for t in graph for n in (t[0], t[2]) if not isinstance(n, Literal)}


_worker_graphs: tuple[Graph, Graph] | None = None


def _graphs() -> tuple[Graph, Graph]:
    """The shapes and the ontology, parsed once per process."""
    global _worker_graphs
    if _worker_graphs is None:
        _worker_graphs = (load_shapes(), load_ontology())
    return _worker_graphs


def validate_batch(batch: Batch) -> list[Finding]:
    """The findings on the nodes this batch judges (the others are judged elsewhere)."""
    shapes, ontology = _graphs()
    judged = batch.focus | ({str(n) for n in _nodes(ontology)} if batch.vocabulary else set())
    return pyshacl_report(batch.triples, shapes, ontology, judged).findings


def validate_documents(quads: Sequence[Quad], workers: int | None = None) -> ValidationReport:
    """Validate a build per document across `workers` processes (see the module docstring)."""
    workers = workers or build_workers()
    reach = shape_reach(_graphs()[0])
    if reach.problems:
        return pyshacl_report((q[:3] for q in quads), *_graphs())
    work = batches(quads, reach, workers * _BATCHES_PER_WORKER)
    return _report(map_documents(validate_batch, work, workers, chunks_per_worker=1))


def _report(found: Iterable[list[Finding]]) -> ValidationReport:
    findings = [f for batch in found for f in batch]
    order = sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))
    return ValidationReport(order)


def check_quads(quads: Sequence[Quad], workers: int | None = None) -> ValidationReport:
    """The build's verdict: the whole graph screened in one run (`validate.py`); when the
    screen finds anything, pyshacl's report, per document across processes for a large build,
    else (one worker, or too small to be worth a pool) the whole graph in one run."""
    if not screen_findings((q[:3] for q in quads), *_graphs()):
        return ValidationReport()
    workers = workers or build_workers()
    if workers > 1 and len(quads) >= PARALLEL_FROM:
        return validate_documents(quads, workers)
    return pyshacl_report((q[:3] for q in quads), *_graphs())


__all__ = [
    "PARALLEL_FROM",
    "Batch",
    "batches",
    "check_quads",
    "validate_batch",
    "validate_documents",
]
