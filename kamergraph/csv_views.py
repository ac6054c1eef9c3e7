"""CSV views in bounded memory: a named query's answer, rows sorted by an external merge sort.

A query's own ORDER BY makes the store hold every row before the first is written, so the
memory of a dump would grow with the graph. Here the store streams the rows unordered; they are
sorted in chunks of `CHUNK_ROWS`, each chunk spilled to a temporary file, and the chunks merged
into the output. The order is that of the cells' text, so the same answer gives the same bytes
whatever order the store produced it in. Cells follow SPARQL 1.1's CSV results format (an IRI or
a literal's lexical form, `_:` and a label for a blank node, empty when unbound), quoted as
RFC 4180 says, lines ending in CRLF.
"""

from __future__ import annotations

import csv
import heapq
import re
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from pathlib import Path

import pyoxigraph as ox

from kamergraph.store import run_query

CHUNK_ROWS = 50_000
Row = tuple[str, ...]
# The final solution modifier of a named query (ORDER BY, then at most LIMIT / OFFSET).
TRAILING_ORDER = re.compile(r"\bORDER\s+BY\b[^{}]*$", re.IGNORECASE)


def unordered(query: str) -> str:
    """The query without its final ORDER BY: sorting is done here, in bounded memory."""
    return TRAILING_ORDER.sub("", query.rstrip())


def cell(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None) -> str:
    """A term as SPARQL's CSV results format writes it."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def sorted_rows(rows: Iterable[Row], folder: Path, chunk_rows: int = CHUNK_ROWS) -> Iterator[Row]:
    """`rows` in sorted order, never holding more than `chunk_rows` of them: full chunks are
    sorted and spilled to CSV files in `folder`, then merged."""
    chunk: list[Row] = []
    spilled: list[Path] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= chunk_rows:
            spilled.append(_spill(sorted(chunk), folder, len(spilled)))
            chunk = []
    chunk.sort()
    if not spilled:
        yield from chunk
        return
    with ExitStack() as files:
        readers = [
            map(tuple, csv.reader(files.enter_context(p.open(newline="", encoding="utf-8"))))
            for p in spilled
        ]
        yield from heapq.merge(*readers, iter(chunk))


def _spill(chunk: list[Row], folder: Path, number: int) -> Path:
    path = folder / f"chunk-{number:06d}.csv"
    with path.open("w", newline="", encoding="utf-8") as output:
        csv.writer(output, lineterminator="\r\n").writerows(chunk)
    return path


def write_csv_view(path: Path, snapshot: ox.Store, query: str, chunk_rows: int = CHUNK_ROWS) -> int:
    """Write the answer of a SELECT `query` as CSV to `path`, sorted; returns the row count."""
    result = run_query(snapshot, unordered(query)).raw
    if not isinstance(result, ox.QuerySolutions):
        raise ValueError(f"a CSV view needs a SELECT query, not {type(result).__name__}")
    names = [v.value for v in result.variables]
    rows = (tuple(cell(solution[n]) for n in names) for solution in result)
    written = 0
    with (
        tempfile.TemporaryDirectory(prefix="csv-", dir=path.parent) as spill,
        path.open("w", newline="", encoding="utf-8") as output,
    ):
        writer = csv.writer(output, lineterminator="\r\n")
        writer.writerow(names)
        for row in sorted_rows(rows, Path(spill), chunk_rows):
            writer.writerow(row)
            written += 1
    return written
