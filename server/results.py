"""Writing a query's answer with its caps: rows, bytes and time, and saying so when one cut it.

pyoxigraph's own result serialisers consume the whole iterator, so a row cap cannot be put in
front of them. SELECT results are therefore written here, row by row, in the four SPARQL result
formats (what the W3C specs define; the conformance suite checks them); graphs still go through
pyoxigraph's serialisers, fed from a generator that stops at the caps. One exception, for
speed: a JSON or XML answer to a query that `with_row_marker` could mark is written by
pyoxigraph and cut at its row markers (`server.marked`), at a fraction of the row writer's
cost.

A cut is never silent: the caller gets a `Truncation` (the server puts it in a response header
when it knows it in time), and the result itself ends with a marker where the format has room
for one: a `"truncated"` member in JSON, a comment in XML, Turtle, N-Triples and RDF/XML. CSV,
TSV and JSON-LD have no such room, so `IN_BAND` is False for them and the worker holds their
whole (capped) answer back until the header can say it (see `server.worker`).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from json.encoder import encode_basestring
from typing import Protocol
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kamergraph.store import GRAPH_FORMATS, PREFIXES, QueryResult

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
ITS = 'xmlns:its="http://www.w3.org/2005/11/its" its:version="2.0"'
# Formats whose text can carry a truncation marker after the last row.
IN_BAND = {
    "json": True,
    "xml": True,
    "csv": False,
    "tsv": False,
    "turtle": True,
    "ntriples": True,
    "nquads": True,
    "trig": True,
    "rdfxml": True,
    "jsonld": False,
}
Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple
BATCH_BYTES = 64 * 1024  # rows are written in batches of about this size ...
BATCH_SECONDS = 0.05  # ... or as often as this, whichever comes first
_json_string = encode_basestring  # JSON string syntax, non-ASCII kept (json.dumps's own)


class Output(Protocol):
    """Where a result is written: a byte sink that counts what it was given."""

    count: int

    def write(self, data: bytes) -> int: ...

    def progress(self) -> None:
        """The first row is out: evaluation has started producing (see `server.pool`)."""


@dataclass(frozen=True)
class Caps:
    """The limits one answer must stay within (from the settings table)."""

    rows: int
    bytes: int
    seconds: float  # KG_STREAM_TIMEOUT, for the message
    deadline: float  # time.monotonic() by which the answer must be complete


@dataclass(frozen=True)
class Truncation:
    """Why an answer stopped early: which cap, its setting and its value, and what was sent."""

    reason: str  # rows, bytes, time
    setting: str
    limit: float
    rows: int

    def header(self) -> str:
        """The `Kamergraph-Truncated` header value."""
        return f"{self.reason}; limit={self.limit:g}; setting={self.setting}; rows={self.rows}"

    def sentence(self) -> str:
        return (
            f"truncated after {self.rows} rows: the {self.reason} cap "
            f"({self.setting}={self.limit:g}) was reached"
        )


def bytes_cut(caps: Caps, rows: int) -> Truncation:
    """The byte cap's cut, after `rows` rows."""
    return Truncation("bytes", "KG_RESULT_MB", round(caps.bytes / 2**20, 4), rows)


def cap_reached(caps: Caps, written: int, sent: int, now: float) -> Truncation | None:
    """The cap reached before writing one more row, if any (`written`: bytes so far)."""
    if sent >= caps.rows:
        return Truncation("rows", "KG_ROW_CAP", caps.rows, sent)
    if written >= caps.bytes:
        return bytes_cut(caps, sent)
    if now >= caps.deadline:
        return Truncation("time", "KG_STREAM_TIMEOUT", caps.seconds, sent)
    return None


def _json_iri(term: ox.NamedNode) -> str:
    return '{"type":"uri","value":' + _json_string(term.value) + "}"


def _json_bnode(term: ox.BlankNode) -> str:
    return '{"type":"bnode","value":' + _json_string(term.value) + "}"


def _json_triple(term: ox.Triple) -> str:
    inner = ",".join(
        f'"{p}":{_json_term(getattr(term, p))}' for p in ("subject", "predicate", "object")
    )
    return '{"type":"triple","value":{' + inner + "}}"


def _json_literal(term: ox.Literal) -> str:
    """Members in the order the spec lists them."""
    text = '{"type":"literal","value":' + _json_string(term.value)
    if term.language:
        text += ',"xml:lang":' + _json_string(term.language)
        if term.direction is not None:
            text += ',"its:dir":' + _json_string(term.direction.value)
    elif term.datatype.value != XSD_STRING:
        text += ',"datatype":' + _json_string(term.datatype.value)
    return text + "}"


# By exact type: one dictionary lookup per value instead of a chain of isinstance checks (a
# large answer has tens of thousands of values, and making their text is most of its cost).
_JSON_TERMS: dict[type, Callable[..., str]] = {
    ox.NamedNode: _json_iri,
    ox.BlankNode: _json_bnode,
    ox.Literal: _json_literal,
    ox.Triple: _json_triple,
}


def _json_term(term: Term) -> str:
    """A term as SPARQL JSON text."""
    return _JSON_TERMS[type(term)](term)


def _xml_term(term: Term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        inner = "".join(
            f"<{p}>{_xml_term(getattr(term, p))}</{p}>" for p in ("subject", "predicate", "object")
        )
        return f"<triple>{inner}</triple>"
    attributes = ""
    if term.language:
        attributes = f" xml:lang={quoteattr(term.language)}"
        if term.direction is not None:
            attributes += f" its:dir={quoteattr(term.direction.value)} {ITS}"
    elif term.datatype.value != XSD_STRING:
        attributes = f" datatype={quoteattr(term.datatype.value)}"
    return f"<literal{attributes}>{escape(term.value)}</literal>"


def _csv_field(term: Term | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        text = f"_:{term.value}"
    elif isinstance(term, ox.Triple):
        text = " ".join(_csv_field(getattr(term, p)) for p in ("subject", "predicate", "object"))
    else:
        text = term.value
    if any(c in text for c in '",\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _tsv_field(term: Term | None) -> str:
    if term is None:
        return ""
    # N-Triples syntax, which escapes tabs and line breaks inside literals
    return str(term).replace("\t", "\\t").replace("\n", "\\n")


class _Writer:
    """One SELECT result format: what goes before, between and after the rows.

    A row is one expression over its values, with no call per value beyond the one that makes
    the value's text: at thousands of rows the writer, not the store, was the served path's
    largest cost beyond evaluation. (Keeping each term's text for reuse cost more than it
    saved: in real answers most values are distinct.)"""

    def __init__(self, names: list[str]) -> None:
        self.names = names

    def head(self) -> str:
        raise NotImplementedError

    def row(self, index: int, values: Iterable[Term | None]) -> str:
        raise NotImplementedError

    def tail(self, truncation: Truncation | None) -> str:
        raise NotImplementedError


class _Json(_Writer):
    def __init__(self, names: list[str]) -> None:
        super().__init__(names)
        self._keys = [_json_string(n) + ":" for n in names]

    def head(self) -> str:
        return '{"head":{"vars":' + json.dumps(self.names) + '},"results":{"bindings":['

    def row(self, index: int, values: Iterable[Term | None]) -> str:
        make = _JSON_TERMS
        keys = self._keys
        bound = ",".join(
            [key + make[type(v)](v) for key, v in zip(keys, values, strict=True) if v is not None]
        )
        return (",{" if index else "{") + bound + "}"

    def tail(self, truncation: Truncation | None) -> str:
        if truncation is None:
            return "]}}"
        marker = {**truncation.__dict__, "message": truncation.sentence()}
        return ']},"truncated":' + json.dumps(marker, separators=(",", ":")) + "}"


class _Xml(_Writer):
    def __init__(self, names: list[str]) -> None:
        super().__init__(names)
        self._opens = [f"<binding name={quoteattr(n)}>" for n in names]

    def head(self) -> str:
        variables = "".join(f"<variable name={quoteattr(n)}/>" for n in self.names)
        return (
            '<?xml version="1.0"?><sparql xmlns="http://www.w3.org/2005/sparql-results#">'
            f"<head>{variables}</head><results>"
        )

    def row(self, index: int, values: Iterable[Term | None]) -> str:
        bindings = "".join(
            [
                start + _xml_term(v) + "</binding>"
                for start, v in zip(self._opens, values, strict=True)
                if v is not None
            ]
        )
        return f"<result>{bindings}</result>"

    def tail(self, truncation: Truncation | None) -> str:
        comment = f"<!-- {truncation.sentence()} -->" if truncation else ""
        return f"</results>{comment}</sparql>"


class _Csv(_Writer):
    def head(self) -> str:
        return ",".join(self.names) + "\r\n"

    def row(self, index: int, values: Iterable[Term | None]) -> str:
        return ",".join([_csv_field(v) for v in values]) + "\r\n"

    def tail(self, truncation: Truncation | None) -> str:
        return ""  # no comment syntax: the header says it


class _Tsv(_Csv):
    def head(self) -> str:
        return "\t".join("?" + n for n in self.names) + "\n"

    def row(self, index: int, values: Iterable[Term | None]) -> str:
        return "\t".join([_tsv_field(v) for v in values]) + "\n"


WRITERS: dict[str, type[_Writer]] = {"json": _Json, "xml": _Xml, "csv": _Csv, "tsv": _Tsv}


class _Batch:
    """Rows gathered into fewer, larger writes; sent at BATCH_BYTES, after BATCH_SECONDS (so
    a slow answer still streams), and the first row at once (it tells the server the query
    is producing)."""

    def __init__(self, output: Output) -> None:
        self.output = output
        self.pending: list[bytes] = []
        self.size = 0
        self.since = time.monotonic()

    @property
    def count(self) -> int:
        """Bytes written so far, those still gathered included (what the byte cap counts)."""
        return self.output.count + self.size

    def add(self, data: bytes, now: float) -> None:
        self.pending.append(data)
        self.size += len(data)
        if self.size >= BATCH_BYTES or now - self.since >= BATCH_SECONDS:
            self.flush(now)

    def flush(self, now: float) -> None:
        if self.pending:
            self.output.write(b"".join(self.pending))
            self.pending.clear()
            self.size = 0
        self.since = now


def write_solutions(
    solutions: ox.QuerySolutions, format_name: str, output: Output, caps: Caps
) -> Truncation | None:
    """Write SELECT solutions row by row until they end or a cap is reached."""
    writer = WRITERS[format_name]([v.value for v in solutions.variables])
    output.write(writer.head().encode())
    batch = _Batch(output)
    truncation = None
    for sent, solution in enumerate(solutions):
        now = time.monotonic()
        truncation = cap_reached(caps, batch.count, sent, now)
        if truncation is not None:
            break
        # A solution iterates its values in the order of the variables (by name is slower).
        batch.add(writer.row(sent, solution).encode(), now)
        if sent == 0:
            batch.flush(now)
            output.progress()
    batch.flush(time.monotonic())
    output.write(writer.tail(truncation).encode())
    return truncation


class _CappedTriples:
    """The triples of a graph result, stopping at the first cap reached."""

    def __init__(self, triples: Iterable[ox.Triple], output: Output, caps: Caps) -> None:
        self._triples = triples
        self._output = output
        self._caps = caps
        self.truncation: Truncation | None = None

    def __iter__(self) -> Iterator[ox.Triple]:
        for sent, triple in enumerate(self._triples):
            self.truncation = cap_reached(self._caps, self._output.count, sent, time.monotonic())
            if self.truncation is not None:
                return
            yield triple
            if sent == 0:
                self._output.progress()


def write_result(
    result: QueryResult, format_name: str, output: Output, caps: Caps
) -> Truncation | None:
    """Write any result form in a format it offers; returns why it was cut, if it was."""
    if result.form == "boolean":
        result.write(output, format_name)  # type: ignore[arg-type]
        return None
    if result.form == "solutions":
        assert isinstance(result.raw, ox.QuerySolutions)
        return write_solutions(result.raw, format_name, output, caps)
    assert isinstance(result.raw, ox.QueryTriples | list)
    triples = _CappedTriples(result.raw, output, caps)
    ox.serialize(triples, output, GRAPH_FORMATS[format_name], prefixes=PREFIXES)  # type: ignore[arg-type]
    if triples.truncation is not None and IN_BAND[format_name]:
        sentence = triples.truncation.sentence()
        marker = f"<!-- {sentence} -->\n" if format_name == "rdfxml" else f"# {sentence}\n"
        output.write(marker.encode())
    return triples.truncation
