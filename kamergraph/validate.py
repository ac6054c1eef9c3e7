"""The only user of pyshacl: checks a graph against `shapes/` and returns a readable report.

Violations stop publication (see `pipeline.py`); warnings are reported but do not. A graph is
first screened by pyshacl-turbo (a compiled SHACL engine, docs/decisions/
017-shacl-screen.md): when it finds no result at all, the report is empty without a pyshacl
run; when it finds anything, pyshacl validates the graph and its report is the one returned,
so every finding (focus node, path, message) is pyshacl's. `tests/test_shacl_engines.py`
holds the two engines to the same verdicts.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from pathlib import Path

import pyshacl_turbo
from pyshacl import validate as shacl_validate
from pyshacl_turbo.rdf import Input
from rdflib import BNode, Graph
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from kamergraph.cycles import collector_paused
from kamergraph.ox_terms import ntriples
from kamergraph.settings import PROJECT_ROOT

SHAPES_DIR = PROJECT_ROOT / "shapes"
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "kamergraph.ttl"


@dataclass(frozen=True)
class Finding:
    """One SHACL result: what failed, where, and why."""

    severity: str  # "Violation", "Warning" or "Info"
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@dataclass
class ValidationReport:
    findings: list[Finding] = field(default_factory=list)

    @property
    def violations(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "Violation"]

    @property
    def conforms(self) -> bool:
        """True when nothing would stop publication (warnings allowed)."""
        return not self.violations

    def text(self, limit: int = 50) -> str:
        """The report as lines (focus node, path, message), the first `limit` of them."""
        lines = [str(f) for f in self.findings[:limit]]
        if len(self.findings) > limit:
            lines.append(f"... and {len(self.findings) - limit} more")
        return "\n".join(lines)


def load_shapes(folder: Path = SHAPES_DIR) -> Graph:
    """All shape files, one family per file, as one graph."""
    shapes = Graph()
    for path in sorted(Path(folder).glob("*.ttl")):
        shapes.parse(path)
    return shapes


def load_ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE)


def _path_text(results: Graph, path: Node | None) -> str:
    """A result path as text; a sequence path as its steps (`a/b`), not a blank node's label,
    so the same finding reads the same in every run."""
    if isinstance(path, BNode) and (path, RDF.first, None) in results:
        return "/".join(_path_text(results, step) for step in Collection(results, path))
    return str(path or "")


def _finding(results: Graph, result: Node) -> Finding:
    severity = results.value(result, SH.resultSeverity)
    return Finding(
        severity=str(severity).rpartition("#")[2] if severity else "Violation",
        focus=str(results.value(result, SH.focusNode)),
        path=_path_text(results, results.value(result, SH.resultPath)),
        message=str(results.value(result, SH.resultMessage) or ""),
    )


def _with_details(results: Graph, result: Node) -> Iterator[Node]:
    """A result and the nested results (`sh:detail`) that explain it."""
    yield result
    for detail in results.objects(result, SH.detail):
        yield from _with_details(results, detail)


def _findings(results: Graph, judged: Container[str] | None = None) -> list[Finding]:
    """The report's results, each with its details; with `judged`, only those on these focus
    nodes (a detail goes with its result, whatever node it is on)."""
    findings = []
    for result in results.objects(predicate=SH.result):
        top = _finding(results, result)
        if judged is None or top.focus in judged:
            findings += [_finding(results, r) for r in _with_details(results, result)]
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate data (with the ontology's class hierarchy and concepts) against the shapes."""
    return validate_triples(data, shapes)


def validate_triples(
    triples: Iterable[tuple[Node, Node, Node]],
    shapes: Graph | None = None,
    ontology: Graph | None = None,
    judged: Container[str] | None = None,
) -> ValidationReport:
    """Validate triples as `validate_graph` does: screened first, pyshacl's report when the
    screen finds anything (see the module docstring); with `judged`, report only the results
    on those focus nodes (`validation_units.py`)."""
    shapes = shapes if shapes is not None else load_shapes()
    ontology = ontology if ontology is not None else load_ontology()
    triples = list(triples)
    if not screen_findings(triples, shapes, ontology):
        return ValidationReport()
    return pyshacl_report(triples, shapes, ontology, judged)


def pyshacl_report(
    triples: Iterable[tuple[Node, Node, Node]],
    shapes: Graph,
    ontology: Graph,
    judged: Container[str] | None = None,
) -> ValidationReport:
    """pyshacl's report on the triples and the ontology, copied once into the graph it reads
    (building that graph is about a third of a pyshacl run's time)."""
    combined = Graph()
    combined.addN((s, p, o, combined) for s, p, o in triples)
    # subclass targets and concept classes need the ontology
    combined.addN((s, p, o, combined) for s, p, o in ontology)
    _conforms, results, _text = shacl_validate(
        combined,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    return ValidationReport(_findings(results, judged))


@lru_cache(maxsize=4)
def _compiled(shapes: Graph) -> pyshacl_turbo.CompiledShapes:
    """The shapes compiled for pyshacl-turbo, once per shapes graph (a Graph hashes by its
    identifier, fresh per graph)."""
    return pyshacl_turbo.compile_shapes(shapes)


def screen_findings(
    triples: Iterable[tuple[Node, Node, Node]], shapes: Graph, ontology: Graph
) -> list[Finding]:
    """pyshacl-turbo's results on the triples and the ontology (any severity), read as
    findings; an empty list is an empty report. Its data graph is given as N-Triples text,
    the input its engine parses itself (a pyoxigraph store, the other fast input, is dumped to
    text first: filling one cost as much as the text and grew faster than the build)."""
    with collector_paused():
        data = Input(ntriples(chain(triples, ontology)), "nt", None, {}, preserve_ids=True)  # type: ignore[arg-type]
    _conforms, results, _text = _compiled(shapes).validate(
        data, inference="none", abort_on_first=False, allow_warnings=True
    )
    assert isinstance(results, Graph)
    return _findings(results)


__all__ = [
    "Finding",
    "ValidationReport",
    "load_shapes",
    "pyshacl_report",
    "screen_findings",
    "validate_graph",
    "validate_triples",
]
