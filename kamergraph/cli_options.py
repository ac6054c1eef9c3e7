"""Options the `kamergraph` commands share (the command modules import them from here)."""

from __future__ import annotations

from pathlib import Path

import click

sources_option = click.option(
    "--sources",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder of source documents [KG_SOURCES].",
)
store_option = click.option(
    "--store",
    "store_dir",
    default=None,
    help="Store folder, or the URL of a remote SPARQL endpoint to read [KG_STORE].",
)
