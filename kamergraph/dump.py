"""Dumps: the whole graph as files for mirrors and spreadsheets, written straight from the store.

N-Quads and TriG keep one named graph per source document, so provenance travels with the
data; Turtle, gzipped N-Triples and JSON-LD carry the same statements; CSV views of the main
classes are the answers of named queries from `queries/`; `SHA256SUMS` lists every file's
checksum. pyoxigraph's own serialisers write each file while the store's quads are iterated, so
memory does not grow with the graph (held: batches of quads on their way, up to `HELD_QUADS` of
one graph while it is looked through, and the few graphs with blank nodes). The store is
read once for all five files: reading (decoding each term's string) costs as much as writing,
so one reader hands the same batches of quads to five writer threads (`write_rdf_dumps`).

Same input, same bytes (from an on-disk store, whose index order is a function of the content):
graphs are written in IRI order and quads within a graph in the store's index order; the graphs
with blank nodes (the SHACL shapes, whose labels the parser draws at random) come last, held,
relabelled by RDFC-1.0 and sorted; gzip writes no timestamp; CSV rows are sorted by an external
merge sort (`csv_views`), so they too take bounded memory.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import itertools
import operator
import os
import queue
import shutil
import threading
import typing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kamergraph.csv_views import write_csv_view
from kamergraph.queries import QUERIES_DIR, parse_query_file
from kamergraph.store import PREFIXES

CHECKSUMS = "SHA256SUMS"
DUMP_PREFIXES = {
    **PREFIXES,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "sh": "http://www.w3.org/ns/shacl#",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "spdx": "http://spdx.org/rdf/terms#",
}
CURRENT = "CURRENT"


@dataclass(frozen=True)
class DumpFormat:
    """One kind of dump file: its name, media type, label and how it is written."""

    name: str
    media_type: str
    label: str
    rdf_format: ox.RdfFormat | None = None  # None: a CSV view
    quads: bool = True  # keeps named graphs (N-Quads, TriG, JSON-LD)
    gzip: bool = False
    query: str = ""  # the named query of a CSV view


RDF_DUMPS: tuple[DumpFormat, ...] = (
    DumpFormat("kamergraph.nq", "application/n-quads", "N-Quads", ox.RdfFormat.N_QUADS),
    DumpFormat("kamergraph.trig", "application/trig", "TriG", ox.RdfFormat.TRIG),
    DumpFormat("kamergraph.ttl", "text/turtle", "Turtle", ox.RdfFormat.TURTLE, quads=False),
    DumpFormat(
        "kamergraph.nt.gz",
        "application/n-triples",
        "N-Triples (gzip)",
        ox.RdfFormat.N_TRIPLES,
        quads=False,
        gzip=True,
    ),
    DumpFormat("kamergraph.jsonld", "application/ld+json", "JSON-LD", ox.RdfFormat.JSON_LD),
)
CSV_VIEWS: tuple[DumpFormat, ...] = tuple(
    DumpFormat(f"csv/{name}.csv", "text/csv", f"CSV: {name}", query=query)
    for name, query in (
        ("documents", "list_documents"),
        ("commitments", "list_commitment_requests"),
        ("reports", "list_reports"),
        ("motions", "list_motion_votes"),
        ("persons", "list_persons"),
        ("questions", "list_questions_answers"),
        ("citations", "list_citations"),
    )
)
DUMP_FORMATS = {f.name: f for f in (*RDF_DUMPS, *CSV_VIEWS)}


@dataclass(frozen=True)
class DumpFile:
    """A written file: its name within the dump folder, media type, size and checksum."""

    name: str
    media_type: str
    label: str
    size: int
    sha256: str


Graph = ox.NamedNode | ox.BlankNode | ox.DefaultGraph
HELD_QUADS = 20_000  # of one graph, looked through for blank nodes before it is written
# a graph too big to hold: the store looks for blank nodes in it
BLANK_IN_GRAPH = "ASK { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }"


def graph_order(snapshot: ox.Store) -> list[Graph]:
    """The stable order of graphs: the default graph, then the named graphs by IRI."""
    named = sorted((g for g in snapshot.named_graphs()), key=str)
    return [ox.DefaultGraph(), *named]


def _is_blank(quad: ox.Quad) -> bool:
    return isinstance(quad.subject, ox.BlankNode) or isinstance(quad.object, ox.BlankNode)


def _streamed(snapshot: ox.Store, graph: Graph, set_aside: list[Graph]) -> Iterator[ox.Quad]:
    """One graph's quads in the store's index order; none if it holds a blank node, its name
    then set aside for `_relabelled`. Up to `HELD_QUADS` are held and looked through."""
    quads = snapshot.quads_for_pattern(None, None, None, graph)
    head = list(itertools.islice(quads, HELD_QUADS))
    if len(head) < HELD_QUADS:
        blank = any(map(_is_blank, head))
    else:
        blank = bool(snapshot.query(BLANK_IN_GRAPH, default_graph=graph))
    if blank or isinstance(graph, ox.BlankNode):  # a blank graph name is relabelled too
        set_aside.append(graph)
        return
    yield from head
    yield from quads


def _graph_key(graph: Graph) -> tuple[bool, bool, str]:
    return (not isinstance(graph, ox.DefaultGraph), isinstance(graph, ox.BlankNode), str(graph))


def _relabelled(snapshot: ox.Store, graphs: list[Graph]) -> Iterator[ox.Quad]:
    """The quads of `graphs` relabelled together by RDFC-1.0 (a blank node may sit in two of
    them), graph by graph in the stable order, each graph's quads sorted."""
    held = ox.Dataset(
        q for graph in graphs for q in snapshot.quads_for_pattern(None, None, None, graph)
    )
    held.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
    by_graph: dict[str, list[ox.Quad]] = {}
    names: dict[str, Graph] = {}
    for quad in held:
        by_graph.setdefault(str(quad.graph_name), []).append(quad)
        names[str(quad.graph_name)] = quad.graph_name
    for name in sorted(by_graph, key=lambda n: _graph_key(names[n])):
        yield from sorted(by_graph[name], key=str)


def ordered_quads(snapshot: ox.Store, extra: Sequence[ox.Quad] = ()) -> Iterator[ox.Quad]:
    """Every quad of the store in the dumps' stable order, then `extra` (the description).

    Graphs follow `graph_order`, each in the store's index order (a function of the content
    alone), except the few with blank nodes (the SHACL shapes): their labels are the parser's
    random draw, so they come last, relabelled by RDFC-1.0 and sorted. Whether a graph has
    one is seen while it is read, so the store is not scanned for them beforehand."""
    set_aside: list[Graph] = []

    def per_graph() -> Iterator[Iterable[ox.Quad]]:
        for graph in graph_order(snapshot):
            yield _streamed(snapshot, graph, set_aside)
        yield _relabelled(snapshot, set_aside)  # runs once every graph above was read
        yield extra

    return itertools.chain.from_iterable(per_graph())


TRIPLE_OF = operator.attrgetter("triple")


def _write_rdf(path: Path, fmt: DumpFormat, quads: Iterable[ox.Quad]) -> None:
    assert fmt.rdf_format is not None
    statements: Iterable[ox.Quad] | Iterable[ox.Triple] = (
        quads if fmt.quads else map(TRIPLE_OF, quads)
    )
    with ExitStack() as stack:
        sink: typing.IO[bytes] = stack.enter_context(path.open("wb", buffering=WRITE_BUFFER))
        if fmt.gzip:
            # no file name and mtime 0 in the header: the same graph gives the same bytes
            # level 6, gzip's own default: 9 costs twice the time for a few per cent
            packed = gzip.GzipFile(filename="", mode="wb", fileobj=sink, mtime=0, compresslevel=6)
            raw = typing.cast(io.RawIOBase, stack.enter_context(packed))
            sink = stack.enter_context(io.BufferedWriter(raw, WRITE_BUFFER))
        ox.serialize(statements, sink, fmt.rdf_format, prefixes=DUMP_PREFIXES)


BATCH_QUADS = 2_000
# pyoxigraph writes 8 KB at a time; each write to disk or to zlib lets go of the GIL, and
# taking it back behind the other writers costs milliseconds on a busy machine
WRITE_BUFFER = 1 << 20
QUEUED_BATCHES = 4  # per writer: at most this many batches wait, so memory stays bounded


class _Writer(threading.Thread):
    """One RDF file, written by pyoxigraph from the batches put into `batches` (None: the end).

    A writer that fails keeps taking batches until the end, so the reader never blocks on it;
    its error is kept for the reader to raise."""

    def __init__(self, path: Path, fmt: DumpFormat) -> None:
        super().__init__(name=f"dump {fmt.name}", daemon=True)
        self.path, self.fmt = path, fmt
        self.batches: queue.Queue[list[ox.Quad] | None] = queue.Queue(maxsize=QUEUED_BATCHES)
        self.error: BaseException | None = None
        self._ended = False

    def _quads(self) -> Iterator[ox.Quad]:
        while (batch := self.batches.get()) is not None:
            yield from batch
        self._ended = True

    def run(self) -> None:
        try:
            _write_rdf(self.path, self.fmt, self._quads())
        except BaseException as error:  # handed to the reader thread, which raises it
            self.error = error
            while not self._ended and self.batches.get() is not None:
                pass


def write_rdf_dumps(target: Path, formats: Sequence[DumpFormat], quads: Iterator[ox.Quad]) -> None:
    """Write one file per format into `target` from a single pass over `quads`.

    Each format gets the same quads in the same order, so the bytes are those of writing the
    files one after another; the store is read (its strings decoded) once instead of once per
    file. The first writer's error is raised once every writer has stopped."""
    writers = [_Writer(target / fmt.name, fmt) for fmt in formats]
    for writer in writers:
        writer.start()
    try:
        while batch := list(itertools.islice(quads, BATCH_QUADS)):
            for writer in writers:
                writer.batches.put(batch)
    finally:
        for writer in writers:
            writer.batches.put(None)
        for writer in writers:
            writer.join()
    for writer in writers:
        if writer.error is not None:
            raise writer.error


def _write_csv(path: Path, fmt: DumpFormat, snapshot: ox.Store, queries_dir: Path) -> None:
    write_csv_view(path, snapshot, parse_query_file(queries_dir / f"{fmt.query}.rq").text)


def sha256_file(path: Path) -> str:
    """The file's SHA-256, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe_file(folder: Path, name: str) -> DumpFile:
    """A written file's entry: media type from the formats table, size and checksum read."""
    fmt = DUMP_FORMATS.get(name)
    path = folder / name
    media_type, label = (fmt.media_type, fmt.label) if fmt else _other_type(name)
    return DumpFile(name, media_type, label, path.stat().st_size, sha256_file(path))


def _other_type(name: str) -> tuple[str, str]:
    for suffix, media_type, label in (
        (".ttl", "text/turtle", "Turtle"),
        (".jsonld", "application/ld+json", "JSON-LD"),
        (".xml", "application/atom+xml", "Atom"),
        (".md", "text/markdown", "Markdown"),
        (".json", "application/json", "JSON"),
    ):
        if name.endswith(suffix):
            return media_type, label
    return "text/plain", "text"


# What a dump folder gets besides the data files: a callback that writes the full dataset
# description (with these files' sizes and checksums) and returns the names it wrote.
Finisher = Callable[[Path, list[DumpFile]], list[str]]


def write_dumps(
    snapshot: ox.Store,
    target: Path,
    description: Sequence[ox.Quad] = (),
    finish: Finisher | None = None,
    queries_dir: Path = QUERIES_DIR,
) -> list[DumpFile]:
    """Write every dump of `snapshot` into the folder `target`, then `SHA256SUMS`.

    `description` (the dataset's VoID and DCAT, in its own graph) goes inside each RDF dump;
    `finish` may add files that describe the written ones (sizes, checksums)."""
    (target / "csv").mkdir(parents=True, exist_ok=True)
    write_rdf_dumps(target, RDF_DUMPS, ordered_quads(snapshot, description))
    for fmt in CSV_VIEWS:
        _write_csv(target / fmt.name, fmt, snapshot, queries_dir)
    files = [describe_file(target, fmt.name) for fmt in (*RDF_DUMPS, *CSV_VIEWS)]
    if finish is not None:
        files += [describe_file(target, name) for name in finish(target, list(files))]
    write_checksums(target, files)
    return files


def write_checksums(folder: Path, files: Iterable[DumpFile]) -> None:
    """`SHA256SUMS` in the format `sha256sum -c` reads, sorted by name."""
    lines = sorted(f"{f.sha256}  {f.name}\n" for f in files)
    (folder / CHECKSUMS).write_text("".join(lines), encoding="utf-8")


def read_checksums(folder: Path) -> dict[str, str]:
    """name -> SHA-256, from a folder's `SHA256SUMS`."""
    sums: dict[str, str] = {}
    for line in (folder / CHECKSUMS).read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            sums[name] = digest
    return sums


def current_dumps(folder: Path) -> Path | None:
    """The folder of the dumps being served, or None before the first dump."""
    try:
        name = (folder / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return folder / name if name and (folder / name).is_dir() else None


def publish_dumps(
    snapshot: ox.Store,
    folder: Path,
    description: Sequence[ox.Quad] = (),
    finish: Finisher | None = None,
) -> Path:
    """Write a new numbered dump folder and make it current atomically (as the store does
    with generations): a reader never sees half-written dumps."""
    folder.mkdir(parents=True, exist_ok=True)
    numbers = [int(p.name[1:]) for p in folder.glob("d[0-9]*") if p.name[1:].isdigit()]
    name = f"d{max(numbers, default=0) + 1:06d}"
    target = folder / name
    try:
        write_dumps(snapshot, target, description, finish)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    previous = current_dumps(folder)
    tmp = folder / f"{CURRENT}.tmp"
    tmp.write_text(name + "\n", encoding="utf-8")
    os.replace(tmp, folder / CURRENT)
    for old in folder.glob("d[0-9]*"):
        if old.name < name and (previous is None or old.name != previous.name):
            shutil.rmtree(old, ignore_errors=True)
    return target
