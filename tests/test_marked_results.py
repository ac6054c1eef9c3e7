"""pyoxigraph's JSON writer behind the caps (`write_marked_json`): the same answers, the same
cuts and the same truncation markers as the row writer, on values built to confuse a byte scan."""

from __future__ import annotations

import json
import time

import pyoxigraph as ox
import pytest

from server.results import Caps, Truncation, write_marked_json, write_solutions
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
    store: ox.Store, text: str, caps: Caps
) -> tuple[tuple[Truncation | None, Output], tuple[Truncation | None, Output]]:
    marked = with_row_marker(text)
    assert marked is not None
    native, rows = Output(), Output()
    return (
        (write_marked_json(store.query(marked), native, caps), native),
        (write_solutions(store.query(text), "json", rows, caps), rows),
    )


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
def test_the_native_writer_answers_and_cuts_as_the_row_writer_does(
    store: ox.Store, limits: dict[str, float]
) -> None:
    (native_cut, native), (rows_cut, rows) = both(store, QUERY, caps(**limits))  # type: ignore[arg-type]
    assert native_cut == rows_cut
    assert json.loads(native.body()) == json.loads(rows.body())
    assert native.progressed == rows.progressed
    got = json.loads(native.body())
    assert got["head"]["vars"] == ["s", "o", "none"]
    if native_cut is None:
        assert "truncated" not in got and len(got["results"]["bindings"]) == 2000
    else:
        assert got["truncated"]["rows"] == len(got["results"]["bindings"])


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
