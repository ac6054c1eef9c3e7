"""`/releases/` and the feeds: immutable releases as files, and Atom feeds of what changed.

A release's IRI (`{KG_PUBLIC_URL}releases/v1.2.0-2026-12-01`) is served at
`/releases/v1.2.0-2026-12-01`: a page for browsers, its dataset description for RDF clients;
its files below it. Feeds per entity type come from the releases' changelogs; an entity's feed
(`/id/commitment/T03853/feed`) adds its reports from the graph, via a named query.
"""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
from flask import Blueprint, Response, abort, current_app, render_template, request
from werkzeug.wrappers import Response as WerkzeugResponse

from kamergraph.dump import read_checksums
from kamergraph.feeds import FEED_KINDS, Entry, entity_feed, timestamp, type_feed
from kamergraph.release import list_releases, release_changes
from server import describe, negotiation
from server.api import bind_parameters
from server.dumps import LICENSE_LINK, send_dump_file
from server.site import current_site
from server.terms import is_absolute_iri

bp = Blueprint("releases", __name__)
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def releases_folder() -> Path:
    """Where the releases live (KG_RELEASES unless the app was given another folder)."""
    folder: Path = current_app.config["KG_RELEASES_DIR"]
    return folder


def _release(name: str) -> Path:
    for path in list_releases(releases_folder()):
        if path.name == name:
            return path
    abort(404, description=f"No release {name}")


def _info(path: Path) -> dict[str, object]:
    info: dict[str, object] = json.loads((path / "release.json").read_text(encoding="utf-8"))
    return info


@bp.get("/releases/")
def listing() -> str:
    """Every release, newest first, with its IRI, version, date and what changed."""
    releases = [_info(p) for p in reversed(list_releases(releases_folder()))]
    return render_template("releases.html", releases=releases, feeds=FEED_KINDS)


@bp.get("/releases/<name>")
@bp.get("/releases/<name>/")
def release(name: str) -> Response | str:
    """A release's landing page, or its dataset description (Turtle, JSON-LD) by Accept."""
    path = _release(name)
    fmt = negotiation.choose("page", request.accept_mimetypes, request.args.get("format"))
    if fmt.name in ("turtle", "jsonld"):
        response = send_dump_file(path, "void.ttl" if fmt.name == "turtle" else "void.jsonld")
        response.headers["Vary"] = "Accept"
        return response
    if fmt.name != "html":
        abort(406, description="a release is described in text/html, text/turtle or JSON-LD")
    files = sorted(read_checksums(path).items())
    changes = json.loads((path / "changelog.json").read_text(encoding="utf-8"))
    return render_template("release.html", info=_info(path), files=files, changes=changes)


@bp.get("/releases/<name>/<path:file>")
def release_file(name: str, file: str) -> Response:
    """One file of a release."""
    response = send_dump_file(_release(name), file)
    if file.endswith(".atom"):
        response.content_type = ATOM_TYPE
    return response


@bp.get("/feeds/<kind>.atom")
def kind_feed(kind: str) -> Response:
    """New documents, commitments, reports, or motions' outcomes, over all releases."""
    if kind not in FEED_KINDS:
        abort(404, description=f"No feed {kind}; there are: {', '.join(FEED_KINDS)}")
    body = type_feed(kind, release_changes(releases_folder()), request.url)
    return Response(body, content_type=ATOM_TYPE, headers={"Link": LICENSE_LINK})


@bp.get("/id/<path:key>/feed")
def thing_feed(key: str) -> Response:
    """One entity's feed: its reports (from the graph) and its changes (from the releases)."""
    site = current_site()
    iri = site.base_iri + key
    if not is_absolute_iri(iri) or not describe.exists(site, iri):
        abort(404, description=f"Nothing is known about {iri}")
    label = describe.labels_for(site, [iri]).get(iri, iri)
    entries = [_report_entry(row) for row in _reports(iri)]
    body = entity_feed(iri, label, entries, release_changes(releases_folder()), request.url)
    return Response(body, content_type=ATOM_TYPE, headers={"Link": LICENSE_LINK})


def _reports(iri: str) -> list[dict[str, ox.NamedNode | ox.Literal]]:
    site = current_site()
    query = site.named_query("list_entity_reports")
    if query is None:
        abort(500, description="the named query list_entity_reports is missing")
    return site.select(bind_parameters(query, {"entity": iri}))


def _report_entry(row: dict[str, ox.NamedNode | ox.Literal]) -> Entry:
    date = row["date"].value if "date" in row else "1970-01-01"
    document = row.get("document")
    title = row["documentTitle"].value if "documentTitle" in row else "a document"
    return Entry(
        id=row["report"].value,
        title=f"Report in {title}",
        updated=timestamp(date),
        link=document.value if document is not None else row["report"].value,
        summary=row["statusText"].value if "statusText" in row else "",
        category="report",
    )


@bp.get("/releases")
def releases_slash() -> WerkzeugResponse:
    from flask import redirect

    return redirect("/releases/", 301)
