"""`/search?q=`: things by name, alias and identifier, documents by their words.

Backed by the SQLite FTS5 index built with each published generation (`kamergraph.search`).
HTML for browsers, JSON for `Accept: application/json` (or `format=json`), both with the same
ranked hits, snippets and facets (kind, party, year).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, redirect, render_template, request

from kamergraph.resolve import resolve_in
from kamergraph.search import FACETS, Results, index_for
from kamergraph.search import search as run_search
from server import i18n
from server.classpages import Names
from server.site import current_site

bp = Blueprint("search", __name__)
MAX_QUERY = 200
BROWSE_LIMIT = 500  # a facet chosen without words: the whole list


def _wants_json() -> bool:
    if request.args.get("format") == "json":
        return True
    accept = request.accept_mimetypes
    return accept.quality("application/json") > accept.quality("text/html")


def _as_json(results: Results, names: Names) -> dict[str, Any]:
    return {
        "query": results.query,
        "total": results.total,
        "hits": [
            {
                "iri": h.iri,
                "href": names.href(h.iri),
                "kind": h.kind,
                "label": names.label(h.iri),
                "exact": h.exact,
                "snippet": "".join(t for t, _ in h.snippet),
                "highlights": [t for t, marked in h.snippet if marked],
            }
            for h in results.hits
        ],
        "facets": {
            k: [{"value": v, "count": n} for v, n in results.facets.get(k, [])] for k in FACETS
        },
    }


@bp.get("/search")
def search() -> Response:
    """Ranked hits with snippets and facets, filtered by `kind`, `party` and `year`. From the
    search box (`go=1`), a query that names exactly one thing by any of its identifiers (the
    resolver's forms: "T03853", "36 600 XX, E", a law's short name) opens that thing's page."""
    site = current_site()
    query = request.args.get("q", "").strip()[:MAX_QUERY]
    filters = {name: request.args.get(name, "") for name in FACETS}
    if query and request.args.get("go") and not _wants_json():
        resolution = resolve_in(site.store, query)  # the box: an identifier goes straight there
        if resolution.outcome == "found":
            entity = resolution.matches[0].entity
            return redirect(site.local_path(entity) or entity, code=303)  # type: ignore[return-value]
    path = index_for(site.store)
    if path is None:
        abort(503, description="Search needs an embedded store with a published generation.")
    results = run_search(path, query, filters, limit=25 if query else BROWSE_LIMIT)
    names = Names(site, i18n.language())
    names.want([h.iri for h in results.hits] + [v for v, _ in results.facets.get("party", [])])
    names.fetch()
    if _wants_json():
        return jsonify(_as_json(results, names))
    html = render_template(
        "search.html", results=results, names=names, filters=filters, search_query=query
    )
    return Response(html, content_type="text/html; charset=utf-8", headers={"Vary": "Accept"})
