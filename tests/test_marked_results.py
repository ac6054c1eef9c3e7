"""pyoxigraph's JSON and XML writers behind the caps (`write_marked`): the same answers, the
same cuts and the same truncation markers as the row writer, on values built to confuse a
byte scan."""

from __future__ import annotations

import json
import time

import pyoxigraph as ox
import pytest

from server.marked import MARKED_FORMATS, write_marked
from server.results import Caps, Truncation, write_solutions
from server.sparqltext import ROW_MARK, ROW_VARIABLE, with_row_marker

EX = "http://example.org/"
# Literals holding what a row boundary and the marker look like, quotes and backslashes.
TRICKY = [
    'x},{"a',
    '"}},{"',
    f'"{ROW_VARIABLE}":{{"type":"uri","value":"{ROW_MARK}"}}}}',
    "back\\slash\\",
    "line\nbreak\ttab",
    "]}}",
    "niet-ASCII: één",
]
QUERY = (
    f"SELECT ?s ?o ?none WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}absent> ?none }} }} ORDER BY ?s"
)
EMPTY_ROWS = (
    f"SELECT ?none WHERE {{ ?s <{EX}p> ?o OPTIONAL {{ ?s <{EX}absent> ?none }} }} ORDER BY ?s"
)


class Output:
    """A sink that keeps what it is given (the worker's `Sink` stands in for it in service)."""

    def __init__(self) -> None:
        self.count = 0
        self.parts: list[bytes] = []
        self.progressed = 0

    def write(self, data: bytes) -> int:
        self.count += len(data)
        self.parts.append(bytes(data))
        return len(data)

    def progress(self) -> None:
        self.progressed += 1

    def body(self) -> bytes:
        return b"".join(self.parts)


@pytest.fixture(scope="module")
def store() -> ox.Store:
    store = ox.Store()
    for i in range(2000):
        text = TRICKY[i % len(TRICKY)] * (1 + i % 5) + str(i)
        literal = ox.Literal(text, language="nl") if i % 3 else ox.Literal(text)
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{i:05d}"), ox.NamedNode(f"{EX}p"), literal))
    return store


def both(
    store: ox.Store, text: str, caps: Caps, fmt: str = "json"
) -> tuple[tuple[Truncation | None, Output], tuple[Truncation | None, Output]]:
    marked = with_row_marker(text)
    assert marked is not None
    native, rows = Output(), Output()
    return (
        (write_marked(store.query(marked), fmt, native, caps), native),
        (write_solutions(store.query(text), fmt, rows, caps), rows),
    )


def parsed(body: bytes, fmt: str) -> tuple[list[str], list[object]]:
    """An answer's variables and rows: JSON read as JSON (pyoxigraph's parser refuses the
    `"truncated"` member), XML by pyoxigraph's parser."""
    if fmt == "json":
        answer = json.loads(body)
        return answer["head"]["vars"], answer["results"]["bindings"]
    solutions = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
    assert isinstance(solutions, ox.QuerySolutions)
    return [v.value for v in solutions.variables], [[str(t) for t in row] for row in solutions]


def caps(rows: int = 100_000, kilobytes: float = 64 * 1024, seconds: float = 60) -> Caps:
    return Caps(rows, int(kilobytes * 1024), 60, time.monotonic() + seconds)


@pytest.mark.parametrize(
    "limits",
    [
        {},
        {"rows": 50},
        {"rows": 2000},  # exactly as many rows as the answer has: not cut
        {"rows": 1999},
        {"kilobytes": 40},
        {"kilobytes": 0.01},
        {"seconds": -1},
    ],
    ids=["whole", "rows", "rows-exact", "rows-one-less", "bytes", "bytes-tiny", "time"],
)
@pytest.mark.parametrize("fmt", sorted(MARKED_FORMATS))
def test_the_native_writer_answers_and_cuts_as_the_row_writer_does(
    store: ox.Store, limits: dict[str, float], fmt: str
) -> None:
    limit = caps(**limits)  # type: ignore[arg-type]
    (native_cut, native), (rows_cut, rows) = both(store, QUERY, limit, fmt)
    assert native.progressed == rows.progressed
    variables, got = parsed(native.body(), fmt)
    expected_variables, expected = parsed(rows.body(), fmt)
    assert variables == expected_variables == ["s", "o", "none"]
    if native_cut != rows_cut:
        # pyoxigraph's XML escapes more (`&quot;`), so the same rule cuts at another row: the
        # rows before the last one stay under the cap, and with it the answer reaches it
        assert fmt == "xml" and native_cut is not None and rows_cut is not None
        assert native_cut.reason == rows_cut.reason == "bytes"
        assert got == expected[: len(got)]
        body = native.body()
        rows_part = body[: body.rindex(b"</results>")]
        assert len(rows_part[: rows_part.rindex(b"<result>")]) < limit.bytes <= len(rows_part)
    else:
        assert native_cut == rows_cut
        assert got == expected
    assert len(got) == (2000 if native_cut is None else native_cut.rows)
    marker = {"json": b'"truncated":', "xml": b"<!-- truncated after"}[fmt]
    assert (marker in native.body()) == (native_cut is not None)


def test_rows_with_no_value_bound_stay_empty_objects(store: ox.Store) -> None:
    (cut, native), _rows = both(store, EMPTY_ROWS, caps(rows=10))
    assert cut is not None and cut.reason == "rows"
    assert json.loads(native.body())["results"]["bindings"] == [{}] * 10
    assert ROW_VARIABLE.encode() not in native.body()


def test_the_tricky_values_come_back_whole(store: ox.Store) -> None:
    (cut, native), _rows = both(store, QUERY, caps())
    values = {b["o"]["value"] for b in json.loads(native.body())["results"]["bindings"]}
    assert cut is None
    assert all(any(t in v for v in values) for t in TRICKY)  # the marker's own text too
    assert all(ROW_VARIABLE not in b for b in json.loads(native.body())["results"]["bindings"])
