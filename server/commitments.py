"""`/commitments`: the open commitments, and the status history a commitment's page shows.

Thin views over named queries (`list_open_commitments`, `list_commitment_facets`,
`list_commitment_status_history`): filters are bound as VALUES, never formatted into SPARQL.
A commitment is open while the government's latest report does not call it fulfilled; it is
overdue when no report came in six months or a promised date passed (decision 013).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import Blueprint, Response, jsonify, render_template, request, url_for

from server.api import bind_parameters
from server.paging import paging
from server.site import Site, current_site

bp = Blueprint("commitments", __name__)
FILTERS = ("party", "member", "dossier", "minister")
KG = "https://w3id.org/kamergraph/def#"


def _rows(site: Site, name: str, values: dict[str, str]) -> list[dict[str, str]]:
    """A named query's rows as plain strings, its parameters bound."""
    query = site.named_query(name)
    assert query is not None, name
    return [
        {k: v.value for k, v in row.items()} for row in site.select(bind_parameters(query, values))
    ]


def _days(since: str | None, today: date) -> int | None:
    """Whole days from an ISO date to today (None when unknown)."""
    return (today - date.fromisoformat(since[:10])).days if since else None


def _today() -> date:
    raw = request.args.get("today", "")
    try:
        return date.fromisoformat(raw) if raw else date.today()
    except ValueError:
        return date.today()


def _facets(site: Site) -> dict[str, list[dict[str, str]]]:
    """The values each filter can take, from the commitments themselves."""
    facets: dict[str, list[dict[str, str]]] = {name: [] for name in FILTERS}
    for row in _rows(site, "list_commitment_facets", {}):
        facets[row["facet"]].append(row)
    return facets


@bp.get("/commitments")
def commitments() -> Response:
    """The open commitments with age, last report, promised date and overdue marks, a page of
    rows at a time (`server.paging`), in HTML or JSON."""
    site, today = current_site(), _today()
    chosen = {k: request.args[k] for k in FILTERS if request.args.get(k)}
    everything = _rows(site, "list_open_commitments", {**chosen, "today": today.isoformat()})
    page = paging(len(everything))
    rows = page.of(everything)
    for row in rows:
        row["age"] = _days(row.get("since"), today)  # type: ignore[assignment]
        row["page"] = site.local_path(row["commitment"]) or row["commitment"]
    csv: dict[str, Any] = {"format": "csv", **chosen, "today": today.isoformat()}
    whole = url_for("api.named_query", name="list_open_commitments", **csv)
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    if best == "application/json" or request.args.get("format") == "json":
        return jsonify(
            {
                "today": today.isoformat(),
                "filters": chosen,
                "commitments": rows,
                "paging": page.describe(),
                "all_rows_csv": whole,
            }
        )
    html = render_template(
        "commitments.html",
        rows=rows,
        facets=_facets(site),
        chosen=chosen,
        today=today,
        paging=page,
        whole=whole,
    )
    return Response(html, content_type="text/html; charset=utf-8")


def status_history(site: Site, iri: str, types: list[str]) -> list[dict[str, Any]]:
    """The reports on a commitment or motion with their statuses and evidence, oldest first
    (empty for other things): what `_status_history.html` shows on the thing's page."""
    if not {KG + "Commitment", KG + "Motion"} & set(types):
        return []
    rows = _rows(site, "list_commitment_status_history", {"commitment": iri})
    for row in rows:
        row["page"] = site.local_path(row["document"]) or row["document"]
    return rows
