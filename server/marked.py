"""Answers pyoxigraph writes itself, cut at row markers (decision 019).

A query that `server.sparqltext.with_row_marker` could mark carries one more column, last, with
the same IRI in every row. Its JSON or XML answer is written by pyoxigraph's own serialiser, at
a fraction of the row writer's cost (`server.results`), into `_MarkedRows`, which finds each row
by the marker, passes whole rows on without it, and stops the serialiser at the row, byte and
time caps where the row writer would, with the same `Truncation` and the same marker at the end.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from json.encoder import encode_basestring
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kamergraph.store import RESULT_FORMATS
from server.results import (
    BATCH_BYTES,
    BATCH_SECONDS,
    WRITERS,
    Caps,
    Output,
    Truncation,
    bytes_cut,
    cap_reached,
)
from server.sparqltext import ROW_MARK, ROW_VARIABLE


@dataclass(frozen=True)
class _Layout:
    """Where a marked answer's rows are in pyoxigraph's text of one result format."""

    head_end: bytes  # ends the head: rows follow
    head_mark: bytes  # the head's mention of the marker column ...
    head_plain: bytes  # ... and what it becomes without it
    mark: bytes  # the marker's binding, the last in every row
    before_mark: bytes  # between the row's other bindings and the marker (JSON's comma)
    row_end: bytes  # closes the row after the marker
    end: bytes  # after the last row


_LAYOUTS = {
    "json": _Layout(
        b'"bindings":[',
        ("," + encode_basestring(ROW_VARIABLE) + "]").encode(),
        b"]",
        (
            encode_basestring(ROW_VARIABLE)
            + ':{"type":"uri","value":'
            + encode_basestring(ROW_MARK)
            + "}"
        ).encode(),
        b",",
        b"}",
        b"]}}",
    ),
    "xml": _Layout(
        b"<results>",
        f"<variable name={quoteattr(ROW_VARIABLE)}/>".encode(),
        b"",
        f"<binding name={quoteattr(ROW_VARIABLE)}><uri>{escape(ROW_MARK)}</uri></binding>".encode(),
        b"",
        b"</result>",
        b"</results></sparql>",
    ),
}
MARKED_FORMATS = frozenset(_LAYOUTS)


class _Stop(Exception):
    """A cap was reached: pyoxigraph's writer is stopped by raising from its output."""


class _MarkedRows:
    """The output pyoxigraph's result writer writes a marked query's answer into (see
    `server.sparqltext.with_row_marker`): passes whole rows on in batches, without their
    marker, and stops at the caps exactly where the row writer would."""

    def __init__(self, layout: _Layout, output: Output, caps: Caps) -> None:
        self.layout = layout
        self.output = output
        self.caps = caps
        self.pending = bytearray()
        self.rows = 0
        self.headed = False
        self.truncation: Truncation | None = None
        self.since = time.monotonic()

    def write(self, data: bytes) -> int:
        self.pending += data
        now = time.monotonic()
        if len(self.pending) >= BATCH_BYTES or now - self.since >= BATCH_SECONDS:
            self.since = now
            self.pass_rows(now)
        return len(data)

    def flush(self) -> None:
        """pyoxigraph flushes when done; `finish` passes the rest on."""

    def pass_rows(self, now: float) -> None:
        """Send the whole rows gathered so far; raise _Stop at a cap."""
        if not self.headed and not self._head():
            return
        mark = self.layout.mark
        end = self.pending.rfind(mark)
        if end < 0:
            if self.output.count + len(self.pending) > self.caps.bytes:  # one huge row
                self._stop(bytes_cut(self.caps, self.rows))
            return
        if now >= self.caps.deadline:
            self._stop(Truncation("time", "KG_STREAM_TIMEOUT", self.caps.seconds, self.rows))
        block = bytes(self.pending[: end + len(mark) + len(self.layout.row_end)])
        count = block.count(mark)
        if self.rows + count > self.caps.rows or self.output.count + len(block) > self.caps.bytes:
            self._pass_row_by_row(block)
        else:
            self._send(block, count)
        del self.pending[: len(block)]

    def _head(self) -> bool:
        start = self.pending.find(self.layout.head_end)
        if start < 0:
            return False
        start += len(self.layout.head_end)
        head = bytes(self.pending[:start])
        self.output.write(head.replace(self.layout.head_mark, self.layout.head_plain, 1))
        del self.pending[:start]
        self.headed = True
        return True

    def _send(self, block: bytes, count: int) -> None:
        mark = self.layout.mark
        self.output.write(block.replace(self.layout.before_mark + mark, b"").replace(mark, b""))
        if count and not self.rows:
            self.output.progress()
        self.rows += count

    def _pass_row_by_row(self, block: bytes) -> None:
        """Near a cap: send rows one at a time until `cap_reached` says stop."""
        position = 0
        closed = len(self.layout.mark) + len(self.layout.row_end)
        while position < len(block):
            truncation = cap_reached(self.caps, self.output.count, self.rows, time.monotonic())
            if truncation is not None:
                self._stop(truncation)
            end = block.index(self.layout.mark, position) + closed
            self._send(block[position:end], 1)
            position = end

    def _stop(self, truncation: Truncation) -> None:
        self.truncation = truncation
        self.pending.clear()
        raise _Stop

    def finish(self) -> None:
        """The writer is done: what is left is the last rows and the closing tags."""
        self.pass_rows(time.monotonic())
        if self.pending != self.layout.end:
            raise ValueError(f"unexpected end of pyoxigraph's answer: {bytes(self.pending[:80])!r}")


def write_marked(
    solutions: ox.QuerySolutions, format_name: str, output: Output, caps: Caps
) -> Truncation | None:
    """Write a marked query's solutions (`with_row_marker`) in JSON or XML (`MARKED_FORMATS`),
    by pyoxigraph, without the marker column, cut at the caps like `write_solutions`."""
    layout = _LAYOUTS[format_name]
    rows = _MarkedRows(layout, output, caps)
    try:
        solutions.serialize(rows, RESULT_FORMATS[format_name])  # type: ignore[arg-type]
        rows.finish()
    except _Stop:
        pass
    output.write(WRITERS[format_name]([]).tail(rows.truncation).encode())
    return rows.truncation


__all__ = ["MARKED_FORMATS", "write_marked"]
