"""Where the graph lives. The only module that knows: embedded pyoxigraph by default.

A store answers SPARQL queries with a `QueryResult` that can serialise itself in any of the
protocol's media types, and replaces its whole content atomically when a build is published.
An on-disk store keeps numbered generations in its folder and a `CURRENT` file naming the one
being served: a build writes a new generation, then swaps `CURRENT` with `os.replace`, so a
failed build never touches what is served and a reader picks up a new build on its next query.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, Protocol

import pyoxigraph as ox

from kamergraph import settings

RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}
QueryForm = Literal["solutions", "boolean", "graph"]
# Prefixes written into Turtle/TriG/RDF-XML answers, so they read like the vocabulary contract.
PREFIXES = {
    "kg": "https://w3id.org/kamergraph/def#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "org": "http://www.w3.org/ns/org#",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


class QuerySyntaxError(ValueError):
    """The query does not parse; the message is the parser's."""


class StoreEmptyError(RuntimeError):
    """No build has been published to this store yet."""


@dataclass
class QueryResult:
    """A query's answer, not yet serialised: SELECT solutions, an ASK boolean or a graph."""

    form: QueryForm
    raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

    def formats(self) -> tuple[str, ...]:
        """The format names this result can be written in."""
        return tuple(GRAPH_FORMATS) if self.form == "graph" else tuple(RESULT_FORMATS)

    def write(self, output: IO[bytes], format_name: str) -> None:
        """Serialise into a binary stream, so large results need not sit in memory."""
        if self.form == "graph":
            assert isinstance(self.raw, ox.QueryTriples | list)
            ox.serialize(self.raw, output, GRAPH_FORMATS[format_name], prefixes=PREFIXES)
        else:
            assert isinstance(self.raw, ox.QuerySolutions | ox.QueryBoolean)
            self.raw.serialize(output, RESULT_FORMATS[format_name])

    def serialize(self, format_name: str) -> bytes:
        """Serialise to bytes in one of `formats()` (the same path as `write`)."""
        buffer = io.BytesIO()
        self.write(buffer, format_name)
        return buffer.getvalue()


class GraphStore(Protocol):
    """What the rest of kamergraph may ask of a store, embedded or remote."""

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult: ...

    def publish(self, quads: Iterable[ox.Quad]) -> None: ...

    def load(self, path: Path, graph: str | None = None) -> int: ...

    def quads(self) -> Iterator[ox.Quad]: ...


def wrap_result(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return QueryResult("boolean", raw)
    if isinstance(raw, ox.QueryTriples):
        return QueryResult("graph", raw)
    return QueryResult("solutions", raw)


def run_query(
    store: ox.Store,
    sparql: str,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
) -> QueryResult:
    """Evaluate a query; without dataset clauses the default graph is the union of all graphs."""
    default: list[ox.NamedNode | ox.BlankNode | ox.DefaultGraph] | None = None
    if default_graphs:
        default = [ox.NamedNode(g) for g in default_graphs]
    named: list[ox.NamedNode | ox.BlankNode] | None = None
    if named_graphs:
        named = [ox.NamedNode(g) for g in named_graphs]
    try:
        raw = store.query(
            sparql,
            use_default_graph_as_union=default is None,
            default_graph=default,
            named_graphs=named,
        )
        return wrap_result(raw)
    except SyntaxError as exc:
        raise QuerySyntaxError(str(exc)) from exc


def guess_format(path: Path) -> ox.RdfFormat:
    """The RDF format of a file, from its extension."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    if fmt is None:
        raise ValueError(f"{path}: unknown RDF file extension {path.suffix!r}")
    return fmt


class _EmbeddedStore:
    """What the in-memory and on-disk pyoxigraph stores share: reading the current graph."""

    def _current(self) -> ox.Store:
        raise NotImplementedError

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        return run_query(self._current(), sparql, default_graphs, named_graphs)

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._current())

    def snapshot(self) -> ox.Store:
        """The pyoxigraph store being served now: a dump reads this one object throughout, so
        a publication during the dump cannot mix two generations into one file."""
        return self._current()


class MemoryStore(_EmbeddedStore):
    """An in-memory store, for tests and one-off extraction."""

    def __init__(self) -> None:
        self._store = ox.Store()

    def _current(self) -> ox.Store:
        return self._store

    def publish(self, quads: Iterable[ox.Quad], confirm: Callable[[], None] | None = None) -> None:
        """Replace the content with these quads; with `confirm`, only once it returns (see
        `DiskStore.publish`)."""
        fresh = ox.Store()
        fresh.bulk_extend(quads)
        if confirm is not None:
            confirm()
        self._store = fresh  # one assignment: readers see the old or the new graph, never half

    def load(self, path: Path, graph: str | None = None) -> int:
        return _load_file(self._store, path, graph)

    def revise(self, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
        """The current content less `remove` plus `add`, swapped in at once."""
        fresh = ox.Store()
        fresh.bulk_extend(self._store)
        _apply(fresh, remove, add)
        self._store = fresh


def _apply(store: ox.Store, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
    for quad in remove:
        store.remove(quad)
    store.extend(add)


def _load_file(store: ox.Store, path: Path, graph: str | None) -> int:
    fmt = guess_format(path)
    to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
    before = len(store)
    if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG) and graph is None:
        store.bulk_load(path=str(path), format=fmt, base_iri=path.resolve().as_uri())
    else:
        store.bulk_load(
            path=str(path), format=fmt, base_iri=path.resolve().as_uri(), to_graph=to_graph
        )
    return len(store) - before


Identity = tuple[str, int]  # a generation's folder (resolved) and its inode


class DiskStore(_EmbeddedStore):
    """An on-disk store with atomically published generations (see the module docstring)."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self._lock = threading.Lock()
        self._open: tuple[str, ox.Store] | None = None
        # CURRENT's signature, the generation it names, and that generation's identity
        self._known_current: tuple[tuple[int, int, int], str | None, Identity | None] | None = None

    @property
    def _current_file(self) -> Path:
        return self.folder / "CURRENT"

    def current_generation(self) -> str | None:
        """The name of the generation being served, or None before the first publication.

        Read again only when `CURRENT` is another file than last time (a publication replaces
        it, so its inode and time change): every query asks, and a stat is cheaper than a read.
        """
        try:
            seen = os.stat(self._current_file)
        except FileNotFoundError:
            return None
        signature = (seen.st_ino, seen.st_mtime_ns, seen.st_size)
        known = self._known_current
        if known is not None and known[0] == signature:
            return known[1]
        try:
            generation = self._current_file.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None
        self._known_current = (signature, generation, None)
        return generation

    def generation_identity(self) -> Identity | None:
        """What names the served generation for good: its folder's real path and inode (a
        store deleted and built anew reuses the name, not the inode). Kept with CURRENT's
        signature: caches keyed by generation ask on every query."""
        generation = self.current_generation()
        known = self._known_current
        if generation is None or known is None or known[1] != generation:
            return None
        if known[2] is not None:
            return known[2]
        path = self.folder / generation
        try:
            identity = (str(path.resolve()), path.stat().st_ino)
        except OSError:
            return None
        self._known_current = (known[0], generation, identity)
        return identity

    def _reader(self) -> ox.Store:
        generation = self.current_generation()
        if generation is None:
            raise StoreEmptyError(
                f"{self.folder}: no graph has been built yet; run `kamergraph build`"
            )
        with self._lock:
            if self._open is None or self._open[0] != generation:
                self._open = (generation, ox.Store.read_only(str(self.folder / generation)))
            return self._open[1]

    def _current(self) -> ox.Store:
        return self._reader()

    def release_caches(self) -> None:
        """Close the cached read handle (its RocksDB caches go with it once no reader holds
        it); the next read opens a fresh one. Called by a server bounding its memory."""
        with self._lock:
            self._open = None

    def _next_generation(self) -> str:
        numbers = [int(p.name[1:]) for p in self.folder.glob("g[0-9]*") if p.name[1:].isdigit()]
        return f"g{max(numbers, default=0) + 1:06d}"

    def _swap(self, generation: str) -> None:
        previous = self.current_generation()
        tmp = self.folder / "CURRENT.tmp"
        tmp.write_text(generation + "\n", encoding="utf-8")
        os.replace(tmp, self._current_file)
        # Keep the new generation and the one served before it (readers may still hold it);
        # older ones go, and so do partial ones a killed build left below the new number.
        # A higher number is another build still writing: not ours to remove.
        for old in self.folder.glob("g[0-9]*"):
            if old.name < generation and old.name != previous:
                shutil.rmtree(old, ignore_errors=True)
        for index in self.folder.glob("search-g[0-9]*"):  # a generation's index goes with it
            name = index.name.removeprefix("search-").split(".", 1)[0]
            if name < generation and name != previous:
                index.unlink(missing_ok=True)

    def _write_generation(
        self, fill: Callable[[ox.Store], None], confirm: Callable[[], None] | None = None
    ) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        generation = self._next_generation()
        target = self.folder / generation
        try:
            store = ox.Store(str(target))
            fill(store)
            store.flush()
            from kamergraph.search_index import index_path, write_index

            write_index(store, index_path(target))  # searched with the generation it indexes
            del store  # release RocksDB's lock before readers open it
            if confirm is not None:
                confirm()
        except BaseException:
            shutil.rmtree(target, ignore_errors=True)
            (self.folder / f"search-{generation}.sqlite").unlink(missing_ok=True)
            raise
        self._swap(generation)

    def publish(self, quads: Iterable[ox.Quad], confirm: Callable[[], None] | None = None) -> None:
        """Replace the whole content atomically with these quads. With `confirm`, the swap
        waits for it once the generation is written; if it raises, the generation is removed
        and the error goes on: nothing was published (`publication_gate.py`)."""
        self._write_generation(lambda store: store.bulk_extend(quads), confirm)

    def revise(self, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
        """A new generation: the current content less `remove`, plus `add`; what neither names
        is copied unchanged, and readers switch to it on their next query."""

        def fill(store: ox.Store) -> None:
            if self.current_generation() is not None:
                store.bulk_extend(self._reader())
            _apply(store, remove, add)

        self._write_generation(fill)

    def load(self, path: Path, graph: str | None = None) -> int:
        """Add a file's triples on top of the current content, as a new generation."""
        counted: list[int] = []

        def fill(store: ox.Store) -> None:
            if self.current_generation() is not None:
                store.bulk_extend(self._reader())
            counted.append(_load_file(store, path, graph))

        self._write_generation(fill)
        return counted[0]


def open_store(location: str | Path | None) -> GraphStore:
    """A store in memory (None or ':memory:'), at a remote endpoint (http URL; writable when
    KG_STORE_GSP is set), or on disk (served from a copy in memory when KG_SERVE_MODE is
    "memory")."""
    if location is None or str(location) == ":memory:":
        return MemoryStore()
    if str(location).startswith(("http://", "https://")):
        if settings.get("KG_STORE_GSP"):
            from kamergraph.external_store import ExternalStore  # it subclasses RemoteStore

            return ExternalStore.from_settings(str(location))
        from kamergraph.remote_store import RemoteStore  # it builds on this module's types

        return RemoteStore(str(location))
    if settings.get("KG_SERVE_MODE") == "memory":
        from kamergraph.memory_mode import LoadedStore  # it subclasses DiskStore

        return LoadedStore(Path(location))
    return DiskStore(Path(location))
