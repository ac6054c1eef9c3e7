"""`/-/resolve?id=...`: any citation form to the page of the thing it names.

The resolving is `kamergraph.resolve` (the crosswalk query and the identifier parsers); this view
only speaks HTTP: 303 to the page when one thing matches, 300 with the candidates when several
do, 404 with suggestions when none does, and the same as JSON for `Accept: application/json`.
"""

from __future__ import annotations

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request

from kamergraph.resolve import Resolution, resolve_in
from server.site import Site, current_site

bp = Blueprint("resolve", __name__)
_STATUS = {"found": 303, "ambiguous": 300, "unknown": 404}


def _wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json" or request.args.get("format") == "json"


def _with_pages(site: Site, resolution: Resolution) -> dict[str, object]:
    """The resolution as JSON, each thing with the path of its page here."""
    data = resolution.to_json()
    for key in ("matches", "suggestions"):
        for entry in data[key]:  # type: ignore[attr-defined]
            entry["page"] = site.local_path(entry["entity"]) or entry["entity"]
    return data


@bp.get("/-/resolve")
def resolve() -> Response:
    """Resolve `?id=` (see the module docstring)."""
    identifier = request.args.get("id", "").strip()
    if not identifier or len(identifier) > 500:
        abort(400, description="give an identifier: /-/resolve?id=T03853")
    site = current_site()
    resolution = resolve_in(site.store, identifier)
    status = _STATUS[resolution.outcome]
    data = _with_pages(site, resolution)
    if _wants_json():
        response = jsonify(data)
        response.status_code = 200 if status == 303 else status
        return response
    if status == 303:
        page = data["matches"][0]["page"]  # type: ignore[index]
        return redirect(page, code=303)  # type: ignore[return-value]
    html = render_template("resolve.html", identifier=identifier, resolution=data)
    return Response(html, status=status, content_type="text/html; charset=utf-8")
