"""The `kamergraph` command: build, serve, add, extract, validate, query, resolve, load, dump,
release.

Settings come from options, else `KG_*` environment variables, else the settings table.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections import Counter
from pathlib import Path

import click
import pyoxigraph as ox

from kamergraph import settings
from kamergraph.cli_options import sources_option, store_option
from kamergraph.cli_publish import dump, release, resolve
from kamergraph.external_store import ExternalStore, PublishIncomplete
from kamergraph.extract import SourceError
from kamergraph.ingest import add_source
from kamergraph.ox_terms import to_ox_quads
from kamergraph.pipeline import (
    BuildSummary,
    SourcesFailed,
    ValidationFailed,
    assemble,
    check,
    extract_all,
    run_build,
    source_files,
)
from kamergraph.publish import dump_store
from kamergraph.queries import QUERIES_DIR, parse_query_file
from kamergraph.records import Document, Extraction
from kamergraph.reference import load_reference
from kamergraph.stats import class_counts, triple_count
from kamergraph.store import (
    GRAPH_FORMATS,
    PREFIXES,
    RESULT_FORMATS,
    DiskStore,
    GraphStore,
    QuerySyntaxError,
    StoreEmptyError,
    open_store,
)


@click.group()
@click.version_option(package_name="kamergraph")
def main() -> None:
    """kamergraph: the Eerste Kamer's paper trail on asylum reception as a knowledge graph."""


def _writable(store_dir: str | None) -> DiskStore | ExternalStore:
    """The store a build, `add` or `load` writes: a folder, or an external engine's URL."""
    location = store_dir or settings.get("KG_STORE")
    if not str(location).startswith(("http://", "https://")):
        return DiskStore(Path(location))
    store = open_store(location)
    if not isinstance(store, ExternalStore):
        raise click.UsageError(f"{location} is read-only: set KG_STORE_GSP to write into it")
    return store


def _where(store: DiskStore | ExternalStore) -> str:
    if isinstance(store, ExternalStore):
        return f"into {store.endpoint}"
    return f"at {store.folder} (generation {store.current_generation()})"


def _print_counts(store: GraphStore) -> None:
    click.echo(f"{triple_count(store)} triples; entities per class:")
    for name, count in class_counts(store):
        click.echo(f"  {name:<22} {count:>6}")


@main.command()
@sources_option
@store_option
@click.option(
    "--reference",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of curated reference data [KG_REFERENCE].",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Refuse the whole build if any source cannot be read or violates the shapes "
    "(default: quarantine those sources and publish the rest).",
)
@click.option("--allow-partial", is_flag=True, hidden=True, help="The default now; a no-op.")
def build(
    sources: Path | None,
    store_dir: str | None,
    reference: Path | None,
    strict: bool,
    allow_partial: bool,
) -> None:
    """Extract, build, validate and publish the graph into the store (atomically).

    A source that cannot be read or violates the shapes is quarantined: named with its
    reasons, its previous graph kept, and the rest published; --strict refuses instead.
    """
    sources = sources or Path(settings.get("KG_SOURCES"))
    store = _writable(store_dir)
    files = source_files(sources)
    try:
        with click.progressbar(
            length=len(files), label="Extracting sources", file=sys.stderr
        ) as bar:
            summary = run_build(
                sources,
                Path(reference or settings.get("KG_REFERENCE")),
                store,
                strict=strict,
                progress=lambda _p: bar.update(1),
            )
    except SourcesFailed as failure:
        for error in failure.errors:
            click.echo(f"error: {error}", err=True)
        _refuse(store, "some sources could not be read (--strict)")
    except ValidationFailed as failure:
        click.echo(failure.report.text(), err=True)
        _refuse(store, f"{len(failure.report.violations)} SHACL violations")
    except PublishIncomplete as failure:
        raise click.ClickException(str(failure)) from failure
    _print_summary(summary)
    click.echo(
        f"Built {len(summary.sources)} sources into {summary.graphs} graphs "
        f"{_where(store)}"
        + (f"; {len(summary.quarantined)} quarantined." if summary.quarantined else ".")
    )
    _print_counts(store)
    _dump_published(store)


def _dump_published(store: DiskStore | ExternalStore) -> None:
    """The dumps follow every published generation (KG_DUMP_ON_PUBLISH); an external engine
    serves its own data, so the dumps come from the embedded store only."""
    if isinstance(store, ExternalStore):
        return
    folder = settings.dumps_folder(store.folder)
    if settings.get("KG_DUMP_ON_PUBLISH") != "0" and folder is not None:
        written = dump_store(store.snapshot(), folder)
        click.echo(f"Dumps written to {written}")


def _print_summary(summary: BuildSummary) -> None:
    """What the build left out, overruled and doubts, on stderr, one line each."""
    for entry in summary.quarantined:
        click.echo(f"quarantined: {entry}", err=True)
    for conflict in summary.conflicts:
        click.echo(f"conflict: {conflict}", err=True)
    for warning in summary.warnings:
        click.echo(f"warning: {warning}", err=True)
    for link in summary.links_left_out:
        click.echo(f"link left out: {link}", err=True)
    for finding in summary.report.findings:
        click.echo(f"warning: {finding}", err=True)


def _refuse(store: DiskStore | ExternalStore, why: str) -> None:
    served = getattr(store, "current_generation", lambda: "the external store's")()
    kept = f"the last good graph ({served}) is still served" if served else "no graph yet"
    click.echo(f"Build refused: {why}. Nothing published; {kept}.", err=True)
    sys.exit(1)


@main.command()
@store_option
@click.option("--host", default=None, help="Address to listen on [KG_HOST].")
@click.option("--port", type=int, default=None, help="Port to listen on [KG_PORT].")
def serve(store_dir: str | None, host: str | None, port: int | None) -> None:
    """Serve the store: SPARQL endpoint, entity pages, health, with a production WSGI server."""
    location = store_dir or settings.get("KG_STORE")
    host, port = host or settings.get("KG_HOST"), port or int(settings.get("KG_PORT"))
    store = open_store(location)
    try:
        _print_counts(store)
    except StoreEmptyError as error:
        raise click.ClickException(str(error)) from error
    # The composition root: the pipeline package never imports the web layer, the CLI wires it.
    server = importlib.import_module("server")
    if isinstance(store, DiskStore):
        # Query workers open the store before they take a query (in memory mode the workers'
        # forkserver loads the copy they share); they inherit the environment.
        os.environ["KG_WORKER_PRELOAD"] = str(store.folder.resolve())
    click.echo(f"Serving {location} on http://{host}:{port}/ (SPARQL at /sparql)")
    server.serve(server.create_app(store), host, port, int(settings.get("KG_THREADS")))


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle"]), default="nquads")
@click.option(
    "--report", is_flag=True, help="Print per file what was read and what could not be, not RDF."
)
def extract(files: tuple[Path, ...], fmt: str, report: bool) -> None:
    """Print the graph extracted from FILES to stdout, touching no store."""
    extractions, errors, reference = extract_all(
        list(files), Path(settings.get("KG_REFERENCE")), Path(settings.get("KG_SOURCES"))
    )
    for error in errors:
        click.echo(f"error: {error}", err=True)
    if report:
        for extraction in extractions:
            click.echo(extraction_report(extraction))
        sys.exit(1 if errors else 0)
    quads = list(to_ox_quads(assemble(extractions, reference)))
    # Turtle has no graphs: each triple lives in exactly one graph, so dropping them loses nothing.
    statements = [q.triple for q in quads] if fmt == "turtle" else quads
    output = ox.serialize(statements, format=GRAPH_FORMATS[fmt], prefixes=PREFIXES)
    sys.stdout.buffer.write(output or b"")
    if errors:
        sys.exit(1)


def extraction_report(extraction: Extraction) -> str:
    """One file's identity line, its record counts and its warnings, for `extract --report`."""
    main_doc = next((d for d in extraction.of_type(Document) if d.is_source), None)
    lines = [str(extraction.source)]
    if main_doc is not None:
        when = f"{main_doc.date} ({main_doc.date_kind or 'date'})" if main_doc.date else "undated"
        lines.append(f"  {main_doc.ref.key}: {main_doc.kind}, {main_doc.chamber or '?'}, {when}")
    counts = Counter(type(r).__name__ for r in extraction.records)
    lines.append("  " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items())))
    lines.extend(f"  warning: {w}" for w in extraction.warnings)
    return "\n".join(lines)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@sources_option
@store_option
@click.option("--origin", default=None, help="Where the files came from (default: their path).")
def add(
    files: tuple[Path, ...], sources: Path | None, store_dir: str | None, origin: str | None
) -> None:
    """Store FILES under the sources folder and publish each one's graph (a new generation)."""
    sources = sources or Path(settings.get("KG_SOURCES"))
    store = _writable(store_dir)
    reference = load_reference(Path(settings.get("KG_REFERENCE")))
    failed = published = 0
    for path in files:
        try:
            result = add_source(path, sources, store, reference, origin)
        except SourceError as error:
            click.echo(f"error: {error}; nothing published for {path.name}", err=True)
            failed += 1
            continue
        except ValidationFailed as failure:
            click.echo(failure.report.text(), err=True)
            click.echo(f"error: {path.name}: {failure}", err=True)
            failed += 1
            continue
        for conflict in result.conflicts:
            click.echo(f"conflict: {conflict}", err=True)
        if result.status == "unchanged":
            click.echo(f"{result.name}: unchanged (same checksum); nothing published")
        else:
            published += 1
            click.echo(
                f"{result.name}: {result.status} as <{result.graph}> ({result.quads} quads), "
                + _where(store)
            )
    if published:
        _dump_published(store)
    if failed:
        sys.exit(1)


@main.command()
@sources_option
def validate(sources: Path | None) -> None:
    """Build the graph from the sources without publishing and print the SHACL report."""
    sources = sources or Path(settings.get("KG_SOURCES"))
    extractions, errors, reference = extract_all(
        source_files(sources), Path(settings.get("KG_REFERENCE")), sources
    )
    for error in errors:
        click.echo(f"error: {error}", err=True)
    report = check(assemble(extractions, reference))
    click.echo(report.text() or "conforms: no findings")
    if errors or not report.conforms:
        sys.exit(1)


@main.command()
@click.argument("sparql", required=False)
@click.option("--file", "query_file", type=click.Path(path_type=Path, exists=True))
@click.option("--name", help="A named query from queries/ (see `kamergraph query --list`).")
@click.option("--list", "list_queries", is_flag=True, help="List the named queries.")
@click.option(
    "--format", "fmt", default=None, type=click.Choice(sorted({*RESULT_FORMATS, *GRAPH_FORMATS}))
)
@store_option
def query(
    sparql: str | None,
    query_file: Path | None,
    name: str | None,
    list_queries: bool,
    fmt: str | None,
    store_dir: str | None,
) -> None:
    """Run a SPARQL query against the store and print the result (CSV/Turtle by default)."""
    if list_queries:
        for path in sorted(QUERIES_DIR.glob("*.rq")):
            click.echo(f"{path.stem:<36} {parse_query_file(path).title}")
        return
    if name:
        sparql = parse_query_file(QUERIES_DIR / f"{name}.rq").text
    elif query_file:
        sparql = query_file.read_text(encoding="utf-8")
    if not sparql:
        raise click.UsageError("give a query, --file or --name")
    store = open_store(store_dir or settings.get("KG_STORE"))
    try:
        result = store.query(sparql)
    except (QuerySyntaxError, StoreEmptyError) as error:
        raise click.ClickException(str(error)) from error
    fmt = fmt or ("turtle" if result.form == "graph" else "csv")
    if fmt not in result.formats():
        raise click.UsageError(f"a {result.form} result cannot be written as {fmt}")
    sys.stdout.buffer.write(result.serialize(fmt))


@main.command()
@store_option
@click.option(
    "--graph", default=None, help="Named graph IRI to load into (default graph if not given)."
)
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
def load(store_dir: str | None, graph: str | None, files: tuple[Path, ...]) -> None:
    """Load arbitrary RDF files into a store, so any dataset can be served."""
    store = _writable(store_dir)
    for path in files:
        try:
            added = store.load(path, graph)
        except (ValueError, SyntaxError, OSError) as error:
            raise click.ClickException(f"{path}: {error}") from error
        click.echo(f"{path}: {added} quads loaded" + (f" into <{graph}>" if graph else ""))


for command in (dump, resolve, release):
    main.add_command(command)


if __name__ == "__main__":
    main()
