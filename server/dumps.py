"""`/dumps/` and `/.well-known/void`: the published files and the dataset description.

The server only hands out files that `kamergraph dump` (or a build) wrote: it never parses a
document and never serialises the whole graph per request. The description is the `void.*`
file beside the current dumps (with every file's size and checksum); before the first dump it
is computed from the store, without sizes.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, redirect, render_template, request
from werkzeug.security import safe_join
from werkzeug.wrappers import Response as WerkzeugResponse

from kamergraph import settings
from kamergraph.dataset import CC0, DCT, RDFS, VOID, XSD, Publication, describe
from kamergraph.dump import CHECKSUMS, DUMP_FORMATS, current_dumps, describe_file, read_checksums
from kamergraph.publish import DESCRIPTION_FILES, serialize_description
from kamergraph.void_counts import Counts, count
from server import negotiation
from server.site import current_site, generation_key

bp = Blueprint("dumps", __name__)
DESCRIPTION_OFFERS = {"turtle": "void.ttl", "jsonld": "void.jsonld"}
LICENSE_LINK = f'<{CC0}>; rel="license"'


def dumps_folder() -> Path | None:
    """The folder of the current dumps, if any were written."""
    root: Path | None = current_app.config.get("KG_DUMPS_DIR")
    return current_dumps(root) if root is not None else None


def _media_type(name: str) -> str:
    fmt = DUMP_FORMATS.get(name)
    if fmt is not None:
        return fmt.media_type
    if name.endswith(".jsonld"):
        return "application/ld+json"
    return "text/turtle" if name.endswith(".ttl") else "text/plain"


def send_dump_file(folder: Path, name: str) -> Response:
    """One file of a dump or release folder, with its checksum as ETag; 404 outside it."""
    path = safe_join(str(folder), name)
    if path is None or not Path(path).is_file():
        abort(404, description=f"No file {name} here")
    sums = read_checksums(folder) if (folder / CHECKSUMS).is_file() else {}
    media_type = _media_type(name)
    text = media_type.startswith("text/") or media_type.endswith(("json", "n-quads", "trig"))
    headers = {"Link": LICENSE_LINK}
    if name.endswith(".gz"):
        headers["Content-Disposition"] = f'attachment; filename="{Path(name).name}"'
    response = current_app.response_class(
        _chunks(Path(path)),
        content_type=f"{media_type}; charset=utf-8" if text and ".gz" not in name else media_type,
        headers=headers,
        direct_passthrough=True,
    )
    response.content_length = Path(path).stat().st_size
    if name in sums:
        response.set_etag(sums[name])
        response.make_conditional(request)
    return response


def _chunks(path: Path):  # type: ignore[no-untyped-def]
    with path.open("rb") as handle:
        yield from iter(lambda: handle.read(1 << 16), b"")


@bp.get("/dumps/")
def listing() -> str:
    """The dump files with their formats, sizes and checksums, and the licence."""
    folder = dumps_folder()
    files = []
    if folder is not None:
        for name in sorted(read_checksums(folder)):
            files.append(describe_file(folder, name))
    return render_template("dumps.html", files=files, licence=CC0)


@bp.get("/dumps/<path:name>")
def dump_file(name: str) -> Response:
    """One dump file (or SHA256SUMS)."""
    folder = dumps_folder()
    if folder is None:
        abort(404, description="No dumps have been written yet: run `kamergraph dump`")
    return send_dump_file(folder, name)


@bp.get("/dumps")
def dumps_slash() -> WerkzeugResponse:
    return redirect("/dumps/", 301)


@bp.get("/.well-known/void")
def void() -> Response:
    """The VoID + DCAT description, Turtle or JSON-LD by Accept (or `?format=`)."""
    fmt = negotiation.choose("graph", request.accept_mimetypes, request.args.get("format"))
    if fmt.name not in DESCRIPTION_OFFERS:
        abort(406, description="the description is offered as text/turtle or application/ld+json")
    headers = {"Vary": "Accept", "Link": LICENSE_LINK}
    folder = dumps_folder()
    if folder is not None and (folder / DESCRIPTION_OFFERS[fmt.name]).is_file():
        body = (folder / DESCRIPTION_OFFERS[fmt.name]).read_bytes()
    else:
        body = serialize_description(
            live_description(), DESCRIPTION_FILES[DESCRIPTION_OFFERS[fmt.name]]
        )
    return Response(body, content_type=negotiation.content_type(fmt), headers=headers)


_COUNTED: dict[str, tuple[object, Counts]] = {}  # the last counts, for the snapshot counted


def current_counts() -> Counts | None:
    """The store's VoID counts, counted once per published content (None for a remote store):
    per generation where the store has them (the server reopens its read handle to shed its
    caches, and that is no new content), else per store object."""
    store = current_site().store
    snapshot = getattr(store, "snapshot", None)
    if snapshot is None:
        return None
    current = snapshot()
    key = generation_key(store) or current
    cached = _COUNTED.get("last")
    if cached is None or cached[0] != key:
        cached = (key, count(current, settings.base_iri()))
        _COUNTED["last"] = cached
    return cached[1]


def live_description() -> list[ox.Triple]:
    """The description computed from the store now (no dump files to describe yet)."""
    counts = current_counts()
    if counts is None:
        abort(404, description="no dataset description for a remote store")
    return describe(counts, Publication())


def service_counts(dataset: ox.BlankNode, default: ox.BlankNode) -> list[ox.Triple]:
    """What the SPARQL service description adds: a link to the dataset description and the
    same counts it publishes (triples, entities, entities per class)."""
    counts = current_counts()
    triples = [
        ox.Triple(dataset, ox.NamedNode(RDFS + "seeAlso"), ox.NamedNode(_void_url())),
        ox.Triple(dataset, ox.NamedNode(DCT + "license"), ox.NamedNode(CC0)),
    ]
    if counts is None:
        return triples
    triples += [
        ox.Triple(default, ox.NamedNode(VOID + "triples"), _integer(counts.triples)),
        ox.Triple(default, ox.NamedNode(VOID + "entities"), _integer(counts.entities)),
    ]
    for cls, n in counts.classes:
        part = ox.BlankNode()
        triples += [
            ox.Triple(default, ox.NamedNode(VOID + "classPartition"), part),
            ox.Triple(part, ox.NamedNode(VOID + "class"), ox.NamedNode(cls)),
            ox.Triple(part, ox.NamedNode(VOID + "entities"), _integer(n)),
        ]
    return triples


def _integer(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=ox.NamedNode(XSD + "integer"))


def _void_url() -> str:
    return request.host_url.rstrip("/") + "/.well-known/void"


@bp.get("/void")
@bp.get("/dcat")
def void_alias() -> WerkzeugResponse:
    return redirect("/.well-known/void", 303)
