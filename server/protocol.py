"""Reading a SPARQL 1.1 Protocol request: which query, which dataset, which format, or why not.

The three ways to send a query (GET `query=`, POST form-encoded, POST `application/sparql-query`)
all end in one `ProtocolRequest`. Everything the protocol calls a client error is raised here as
an HTTP exception with a message saying what to change; updates are refused outright.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Request
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest, Forbidden, UnsupportedMediaType

from server.terms import is_absolute_iri

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
READ_ONLY = (
    "This SPARQL endpoint is read-only: SPARQL Update (INSERT, DELETE, LOAD, CLEAR, DROP...) "
    "is refused. Run `kamergraph load` on a store of your own to change data."
)


@dataclass
class ProtocolRequest:
    """A query request as the protocol defines it, whichever way it arrived."""

    query: str | None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    format: str | None = None  # from format= or output=, as clients send it

    @property
    def has_dataset(self) -> bool:
        """Whether the request names its own dataset (which then overrides FROM in the query)."""
        return bool(self.default_graphs or self.named_graphs)


def _utf8(request: Request) -> str:
    charset = request.mimetype_params.get("charset", "utf-8").lower()
    if charset not in ("utf-8", "utf8"):
        raise UnsupportedMediaType(f"the request body must be UTF-8, not {charset}")
    try:
        return request.get_data().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequest(f"the request body is not valid UTF-8: {exc}") from exc


def _parameters(request: Request) -> tuple[MultiDict[str, str], str | None]:
    """All protocol parameters (URL and form body together) and a directly posted query."""
    params: MultiDict[str, str] = MultiDict(request.args)
    if request.method != "POST":
        return params, None
    if request.mimetype == FORM:
        _utf8(request)  # refuses other charsets and broken bytes before the form parser guesses
        for key, value in request.form.items(multi=True):
            params.add(key, value)
        return params, None
    if request.mimetype == QUERY_BODY:
        return params, _utf8(request)
    if request.mimetype == UPDATE_BODY:
        raise Forbidden(READ_ONLY)
    raise UnsupportedMediaType(
        f"POST a query as {FORM} (query=...) or as {QUERY_BODY}, "
        f"not as {request.mimetype or 'a body without Content-Type'}"
    )


def _graphs(params: MultiDict[str, str], name: str) -> list[str]:
    graphs = params.getlist(name)
    for graph in graphs:
        if not is_absolute_iri(graph):
            raise BadRequest(f"{name} must be an absolute IRI, not {graph!r}")
    return graphs


def parse_protocol(request: Request) -> ProtocolRequest:
    """The query request in `request`, or an HTTP error saying what is wrong with it."""
    params, posted_query = _parameters(request)
    if "update" in params or "using-graph-uri" in params or "using-named-graph-uri" in params:
        raise Forbidden(READ_ONLY)
    queries = params.getlist("query")
    if posted_query is not None:
        queries.append(posted_query)
    if len(queries) > 1:
        raise BadRequest("send exactly one query (the request carries several)")
    fmt = params.get("format") or params.get("output") or None
    return ProtocolRequest(
        query=queries[0] if queries else None,
        default_graphs=_graphs(params, "default-graph-uri"),
        named_graphs=_graphs(params, "named-graph-uri"),
        format=fmt,
    )
