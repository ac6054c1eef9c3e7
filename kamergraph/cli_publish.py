"""The `kamergraph` commands that publish and look up: dump, release, resolve."""

from __future__ import annotations

import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import click

from kamergraph import settings
from kamergraph.cli_options import store_option
from kamergraph.publish import dump_store
from kamergraph.release import ReleaseExists, make_release
from kamergraph.resolve import resolve_in
from kamergraph.store import StoreEmptyError, open_store


@click.command()
@store_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Dumps folder [KG_DUMPS; default: dumps/ in the store folder].",
)
def dump(store_dir: str | None, out: Path | None) -> None:
    """Write the whole graph as RDF and CSV dumps with checksums and the dataset description."""
    store = open_store(store_dir or settings.get("KG_STORE"))
    folder = out or settings.dumps_folder(getattr(store, "folder", None))
    if folder is None or not hasattr(store, "snapshot"):
        raise click.UsageError("dumps are written from an embedded store; give --store DIR")
    try:
        written = dump_store(store.snapshot(), folder)
    except StoreEmptyError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Dumps written to {written}")
    for line in (written / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        click.echo(f"  {line}")


@click.command()
@click.argument("identifier")
@store_option
@click.option("--json", "as_json", is_flag=True, help="Print the resolution as JSON.")
def resolve(identifier: str, store_dir: str | None, as_json: bool) -> None:
    """Resolve any citation form ("T03853", "36 600 XX, E", "36.333", a law's name, a Senate
    page) to the thing it names; exit 1 when unknown (with suggestions), 2 when ambiguous."""
    store = open_store(store_dir or settings.get("KG_STORE"))
    try:
        resolution = resolve_in(store, identifier)
    except StoreEmptyError as error:
        raise click.ClickException(str(error)) from error
    if as_json:
        click.echo(json.dumps(resolution.to_json(), ensure_ascii=False, indent=1))
    elif resolution.outcome == "found":
        click.echo(resolution.matches[0].entity)
    else:
        entries = resolution.matches or resolution.suggestions
        click.echo(f"{resolution.outcome}: {identifier}", err=True)
        for entry in entries:
            hint = "" if resolution.matches else "did you mean "
            click.echo(f"  {hint}{entry.notation!r}: {entry.entity} ({entry.label})", err=True)
    sys.exit({"found": 0, "unknown": 1, "ambiguous": 2}[resolution.outcome])


@click.command()
@store_option
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Releases folder [KG_RELEASES].",
)
@click.option("--date", "day", default=None, help="Release date, YYYY-MM-DD (default: today, UTC).")
@click.option(
    "--version", "version", default=None, help="Semantic version (default: from changes)."
)
def release(store_dir: str | None, out: Path | None, day: str | None, version: str | None) -> None:
    """Write an immutable, versioned release: dumps, description, SHACL report, changelog, feed."""
    store = open_store(store_dir or settings.get("KG_STORE"))
    if not hasattr(store, "snapshot"):
        raise click.UsageError("releases are written from an embedded store; give --store DIR")
    day = day or datetime.now(UTC).date().isoformat()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", day):
        raise click.UsageError(f"--date must be YYYY-MM-DD, not {day!r}")
    if version and not re.fullmatch(r"\d+\.\d+\.\d+", version):
        raise click.UsageError(f"--version must be MAJOR.MINOR.PATCH, not {version!r}")
    folder = out or Path(settings.get("KG_RELEASES"))
    try:
        info = make_release(store.snapshot(), folder, day, version)
    except (ReleaseExists, StoreEmptyError) as error:
        raise click.ClickException(str(error)) from error
    click.echo(
        f"Released {info.name} <{info.iri}> at {folder / info.name}: {info.changes['added']} "
        f"added, {info.changes['removed']} removed, {info.changes['changed']} changed "
        f"since {info.previous or 'nothing'}; SHACL {'conforms' if info.conforms else 'FAILS'}."
    )
