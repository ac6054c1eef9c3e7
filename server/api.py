"""The named queries as a small web API, described in OpenAPI, plus the label lookup the query
page uses to show results with names instead of bare IRIs.

`/queries/<name>?param=value` runs `queries/<name>.rq` with the parameters bound as a VALUES
block at the start of its WHERE group (values serialised by `terms`, never pasted in raw) and
answers JSON rows or CSV.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, jsonify, request, url_for
from werkzeug.exceptions import BadRequest

import kamergraph
from kamergraph import settings
from kamergraph.queries import NamedQuery
from server import describe, negotiation
from server.site import current_site
from server.sparql import start_query, streamed_response
from server.sparqltext import insert_values
from server.terms import TermError, iri_term, is_absolute_iri, literal_term, values_block

bp = Blueprint("api", __name__)
CONTROL_PARAMETERS = ("format",)
MAX_LABELS = 2000


def bind_parameters(query: NamedQuery, values: dict[str, str]) -> str:
    """The query text with the given parameters bound; 400 for unknown or malformed ones."""
    declared = {p.name: p for p in query.params}
    blocks = []
    for name, value in values.items():
        if name not in declared:
            known = ", ".join(declared) or "none"
            raise BadRequest(f"{query.name} has no parameter {name!r} (it takes: {known})")
        try:
            term = iri_term(value) if declared[name].kind.upper() == "IRI" else literal_term(value)
            blocks.append(values_block(name, [term]))
        except TermError as exc:
            raise BadRequest(f"{name}: {exc}") from exc
    return insert_values(query.text, blocks)


def _rows(result: Any, cap: int) -> tuple[list[str], list[dict[str, str]], bool]:
    columns = [v.value for v in result.raw.variables]
    rows: list[dict[str, str]] = []
    for solution in result.raw:
        if len(rows) == cap:
            return columns, rows, True
        rows.append({c: solution[c].value for c in columns if solution[c] is not None})
    return columns, rows, False


@bp.get("/queries/<name>")
def named_query(name: str) -> Response:
    """Run a named query with bound parameters; JSON rows by default, CSV on request."""
    site = current_site()
    query = site.named_query(name)
    if query is None:
        abort(404, description=f"No named query {name!r}; see {url_for('api.openapi')}")
    values = {k: v for k, v in request.args.items() if k not in CONTROL_PARAMETERS}
    text = bind_parameters(query, values)
    fmt = negotiation.choose("api", request.accept_mimetypes, request.args.get("format"))
    if fmt.name == "csv":
        job, form = start_query(site, text, None, {"solutions": fmt.name})
        if form != "solutions":
            job.cancel()
            raise BadRequest(f"{name} is not a SELECT query")
        return streamed_response(job, fmt, name)
    result = site.store.query(text)
    if result.form != "solutions":
        raise BadRequest(f"{name} is not a SELECT query")
    columns, rows, truncated = _rows(result, int(settings.get("KG_ROW_CAP")))
    body = {"query": name, "title": query.title, "parameters": values, "columns": columns}
    return jsonify({**body, "rows": rows, "truncated": truncated})


def _operation(query: NamedQuery) -> dict[str, Any]:
    parameters: list[dict[str, Any]] = [
        {
            "name": p.name,
            "in": "query",
            "required": False,
            "description": p.help or f"binds ?{p.name}",
            "schema": {"type": "string", **({"format": "uri"} if p.kind.upper() == "IRI" else {})},
        }
        for p in query.params
    ]
    parameters.append(
        {"name": "format", "in": "query", "schema": {"type": "string", "enum": ["json", "csv"]}}
    )
    return {
        "operationId": query.name,
        "summary": query.title,
        "description": query.description,
        "parameters": parameters,
        "responses": {
            "200": {
                "description": "The query's rows.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Rows"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "400": {"description": "An unknown or malformed parameter."},
        },
    }


ROWS_SCHEMA = {
    "type": "object",
    "properties": {
        "query": {"type": "string"},
        "title": {"type": "string"},
        "parameters": {"type": "object", "additionalProperties": {"type": "string"}},
        "columns": {"type": "array", "items": {"type": "string"}},
        "rows": {"type": "array", "items": {"type": "object"}},
        "truncated": {"type": "boolean"},
    },
}


@bp.get("/queries/openapi.json")
def openapi() -> Response:
    """The OpenAPI 3 description of the named-query API, generated from `queries/`."""
    site = current_site()
    document = {
        "openapi": "3.0.3",
        "info": {
            "title": "kamergraph named queries",
            "version": kamergraph.__version__,
            "description": "The research questions in queries/*.rq, with bindable parameters.",
        },
        "servers": [{"url": request.host_url.rstrip("/")}],
        "paths": {f"/queries/{q.name}": {"get": _operation(q)} for q in site.queries},
        "components": {"schemas": {"Rows": ROWS_SCHEMA}},
    }
    return jsonify(document)


@bp.get("/queries")
def index() -> Response:
    """The named queries: name, title, description, parameters and their API URL."""
    return jsonify(
        [
            {
                "name": q.name,
                "title": q.title,
                "description": q.description,
                "parameters": [{"name": p.name, "kind": p.kind, "help": p.help} for p in q.params],
                "url": url_for("api.named_query", name=q.name),
            }
            for q in current_site().queries
        ]
    )


@bp.post("/-/labels")
def labels() -> Response:
    """Labels and local page paths for a list of IRIs (the query page's results table)."""
    payload = request.get_json(silent=True)
    iris = payload.get("iris") if isinstance(payload, dict) else None
    if not isinstance(iris, list) or not all(isinstance(i, str) for i in iris):
        raise BadRequest('POST JSON {"iris": ["https://...", ...]}')
    if len(iris) > MAX_LABELS:
        raise BadRequest(f"at most {MAX_LABELS} IRIs per request")
    site = current_site()
    valid = [i for i in iris if is_absolute_iri(i)]
    pages = {i: path for i in valid if (path := site.local_path(i))}
    return jsonify({"labels": describe.labels_for(site, valid), "pages": pages})
