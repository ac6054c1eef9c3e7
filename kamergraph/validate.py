"""The only user of pyshacl: checks a graph against `shapes/` and returns a readable report.

Violations stop publication (see `pipeline.py`); warnings are reported but do not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pyshacl import validate as shacl_validate
from rdflib import Graph
from rdflib.namespace import SH

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


def _findings(results: Graph) -> list[Finding]:
    findings = []
    for result in results.subjects(predicate=SH.resultSeverity):
        severity = results.value(result, SH.resultSeverity)
        findings.append(
            Finding(
                severity=str(severity).rpartition("#")[2] if severity else "Violation",
                focus=str(results.value(result, SH.focusNode)),
                path=str(results.value(result, SH.resultPath) or ""),
                message=str(results.value(result, SH.resultMessage) or ""),
            )
        )
    return sorted(findings, key=lambda f: (f.severity != "Violation", f.focus, f.path, f.message))


def validate_graph(data: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate data (with the ontology's class hierarchy and concepts) against the shapes."""
    combined = Graph()
    for triple in data:
        combined.add(triple)
    for triple in load_ontology():  # subclass targets and concept classes need the ontology
        combined.add(triple)
    _conforms, results, _text = shacl_validate(
        combined,
        shacl_graph=shapes if shapes is not None else load_shapes(),
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    assert isinstance(results, Graph)
    return ValidationReport(_findings(results))


__all__ = ["Finding", "ValidationReport", "load_shapes", "validate_graph"]
