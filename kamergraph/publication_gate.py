"""A build validated while it is written, its publication held until the verdict.

Validation (the SHACL screen, compiled code that releases the GIL: docs/decisions/017) and
writing a new generation (pyoxigraph's loader and the search index) need nothing from each
other but the verdict, so on two cores they overlap. A store that writes a generation aside
(on disk, in memory) writes it while a thread validates, and swaps it in only when the build
conforms; on a violation the written generation is dropped, so nothing is published and the
error is the one a build validated first would raise. A store that writes in place (an
external engine, `KG_STORE=http...`) is validated first, then written, as before.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from rdflib.term import Node

from kamergraph.cycles import collector_paused
from kamergraph.ox_terms import to_ox_quads
from kamergraph.store import DiskStore, GraphStore, MemoryStore
from kamergraph.validate import ValidationReport

Quad = TypeVar("Quad", bound=tuple[Node, Node, Node, Node])


class ValidationFailed(RuntimeError):
    """The built graph violates the shapes: nothing was published."""

    def __init__(self, report: ValidationReport) -> None:
        super().__init__(f"{len(report.violations)} SHACL violations; nothing published")
        self.report = report


def publish_validated(
    store: GraphStore,
    data: list[Quad],
    published: list[Quad],
    check: Callable[[list[Quad]], ValidationReport],
) -> ValidationReport:
    """Publish `published` (the data and the vocabulary graphs) if `check(data)` conforms and
    return its report; raise ValidationFailed, publishing nothing, if it does not."""
    if not isinstance(store, DiskStore | MemoryStore):
        report = _conforming(check(data))
        with collector_paused():
            store.publish(to_ox_quads(dict.fromkeys(published)))
        return report
    with collector_paused(), ThreadPoolExecutor(1, thread_name_prefix="kg-validate") as pool:
        verdict = pool.submit(check, data)

        def confirm() -> None:
            _conforming(verdict.result())

        store.publish(to_ox_quads(dict.fromkeys(published)), confirm)
        return verdict.result()


def _conforming(report: ValidationReport) -> ValidationReport:
    if not report.conforms:
        raise ValidationFailed(report)
    return report


__all__ = ["ValidationFailed", "publish_validated"]
