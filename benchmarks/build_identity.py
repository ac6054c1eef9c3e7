"""Does a change leave the build's output alone? A digest of the quads a strict build publishes.

Speed work on the build must not change what it produces: this builds a corpus (the seed
sources, or a generated one) into a fresh on-disk store, reads every quad back and writes
them as sorted canonical N-Quads, so two checkouts' files can be compared byte for byte
(`--compare`). The build's start time is the one value that differs per run: it is blanked.
Blank nodes (only the shapes graph has them, with labels fresh per parse) are relabelled
canonically per graph (`rdflib.compare.to_canonical_graph`).

    .venv/bin/python benchmarks/build_identity.py --save before.nq [--papers 1000]
    .venv/bin/python benchmarks/build_identity.py --compare before.nq [--papers 1000]
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox
from rdflib import Graph
from rdflib.compare import to_canonical_graph

from benchmarks.corpus import write_corpus
from kamergraph.pipeline import run_build
from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import DiskStore

SEED_SOURCES = PROJECT_ROOT / "data" / "sources"
REFERENCE = PROJECT_ROOT / "data" / "reference"
STARTED = "<http://www.w3.org/ns/prov#startedAtTime>"


def _canonical_blank_lines(graph: str, quads: list[ox.Quad]) -> list[str]:
    """A graph with blank nodes as N-Triples lines under canonical labels, then in `graph`."""
    data = ox.serialize(
        [ox.Triple(q.subject, q.predicate, q.object) for q in quads], None, ox.RdfFormat.N_TRIPLES
    )
    assert data is not None
    canonical = to_canonical_graph(Graph().parse(data=data.decode(), format="nt"))
    lines = canonical.serialize(format="nt").splitlines()
    return [f"{line.rstrip(' .')} {graph} ." for line in lines if line.strip()]


def canonical_lines(quads: Iterable[ox.Quad]) -> list[str]:
    """The quads as sorted N-Quads lines, start time blanked, blank nodes canonical."""
    lines: list[str] = []
    with_blanks: dict[str, list[ox.Quad]] = {}
    for quad in quads:
        if isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode):
            with_blanks.setdefault(str(quad.graph_name), []).append(quad)
            continue
        line = f"{quad.subject} {quad.predicate} {quad.object} {quad.graph_name} ."
        if str(quad.predicate) == STARTED:
            line = f'{quad.subject} {quad.predicate} "(start time)" {quad.graph_name} .'
        lines.append(line)
    for graph, group in with_blanks.items():
        lines += _canonical_blank_lines(graph, group)
    return sorted(lines)


def built_lines(papers: int) -> list[str]:
    """Build the seed sources (papers 0) or `papers` generated ones; the store's quads."""
    with tempfile.TemporaryDirectory(prefix="kg-build-identity-") as tmp:
        sources = SEED_SOURCES
        if papers:
            sources = Path(tmp) / "sources"
            write_corpus(sources, papers)
        store = DiskStore(Path(tmp) / "store")
        run_build(sources, REFERENCE, store, strict=True)
        return canonical_lines(store.quads())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--papers", type=int, default=0, help="generated papers (0: the seeds)")
    action = parser.add_mutually_exclusive_group(required=True)
    action.add_argument("--save", type=Path, help="write the canonical quads here")
    action.add_argument("--compare", type=Path, help="compare with a file --save wrote")
    args = parser.parse_args()
    lines = built_lines(args.papers)
    if args.save:
        args.save.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} quads written to {args.save}")
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    if before == lines:
        print(f"identical: {len(lines)} quads")
        return 0
    diff = list(difflib.unified_diff(before, lines, "before", "after", lineterm="", n=0))
    print(f"DIFFERENT: {len(before)} quads before, {len(lines)} after", *diff[:40], sep="\n")
    return 1


if __name__ == "__main__":
    raise SystemExit(main())
