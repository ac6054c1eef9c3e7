"""`/sparql`: the SPARQL 1.1 Protocol endpoint (read-only), its service description and the
query page a browser gets at the same address.

One URL, three audiences: a SPARQL client sending `query=` gets results in the negotiated
format, streamed; a client asking the bare URL for RDF gets the service description; a
browser gets the query page (with the query in its URL preloaded: that is the permalink).
"""

from __future__ import annotations

import re

import pyoxigraph as ox
from flask import Blueprint, Response, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Forbidden, HTTPException, ServiceUnavailable

from kamergraph import settings
from kamergraph.store import QuerySyntaxError, StoreEmptyError
from server import negotiation
from server.assets import assets_installed
from server.protocol import READ_ONLY, ProtocolRequest, parse_protocol
from server.site import Site, current_site
from server.sparqltext import QueryFacts, inspect_query
from server.streaming import Busy, QueryTimeout, StreamedQuery, gzipped
from server.terms import TermError, iri_term

bp = Blueprint("sparql", __name__)
# A graph name no store holds: the dataset of a request that names only default or only named
# graphs is empty on the other side (the store API reads an empty list as "everything").
EMPTY_GRAPH = "urn:x-kamergraph:empty-graph"
_ERROR_AT = re.compile(r"^error at (\d+):(\d+)")
Dataset = tuple[list[str], list[str]]  # default graphs, named graphs


def endpoint_url() -> str:
    """The endpoint's own URL: the base for relative IRIs in queries and the service's name."""
    return url_for("sparql.endpoint", _external=True)


@bp.route("/sparql/", methods=["GET", "POST"])
@bp.route("/sparql", methods=["GET", "POST"])
def endpoint() -> Response | str:
    """Answer a protocol request, describe the service, or show the query page."""
    parsed = parse_protocol(request)
    browser = request.method == "GET" and not parsed.format
    if browser and negotiation.wants_html(request.accept_mimetypes):
        return query_page(parsed.query)
    if parsed.query is None:
        if request.method == "POST":
            raise BadRequest("the request carries no query (send query=...)")
        return service_description()
    return run_query(parsed)


def _check(site: Site, facts: QueryFacts) -> None:
    """Refuse what a read-only endpoint over one store must not do (see sparqltext)."""
    if facts.is_update:
        raise Forbidden(READ_ONLY)
    if facts.calls_service:
        raise Forbidden("SERVICE is refused: this endpoint answers from its own store only.")
    if facts.unresolved:
        raise BadRequest(f"FROM needs an IRI; cannot resolve {', '.join(facts.unresolved)}")
    for graph in facts.from_graphs + facts.from_named_graphs:
        try:
            term = iri_term(graph)
        except TermError as error:
            raise BadRequest(f"FROM names no usable IRI: {error}") from error
        if not site.ask(f"ASK {{ GRAPH {term} {{ ?s ?p ?o }} }}"):
            raise BadRequest(
                f"FROM <{graph}> names no graph in this store; the endpoint never fetches "
                "data from elsewhere (see the service description for its graphs)."
            )


def _dataset(parsed: ProtocolRequest, facts: QueryFacts) -> Dataset | None:
    """The dataset to pass to the store: the protocol's, else the query's FROM, else None."""
    if parsed.has_dataset:
        return parsed.default_graphs or [EMPTY_GRAPH], parsed.named_graphs or [EMPTY_GRAPH]
    if facts.from_graphs or facts.from_named_graphs:
        return facts.from_graphs or [EMPTY_GRAPH], facts.from_named_graphs or [EMPTY_GRAPH]
    return None


def _syntax_message(message: str) -> str:
    """The parser's message, with its line number counted in the query as sent."""
    match = _ERROR_AT.match(message)
    if not match:
        return message
    line = max(int(match.group(1)) - 1, 1)
    return f"error at {line}:{match.group(2)}{message[match.end() :]}"


def start_query(site: Site, text: str, dataset: Dataset | None) -> tuple[StreamedQuery, str]:
    """Start evaluating; returns the job and its result form, or raises an HTTP error."""
    # Relative IRIs resolve against the endpoint ("which MAY be the service endpoint"); BASE
    # goes on its own line so the parser's line numbers shift by exactly one.
    sparql = f"BASE {iri_term(endpoint_url())}\n{text}"
    default, named = dataset if dataset else (None, None)
    timeout = float(settings.get("KG_QUERY_TIMEOUT"))
    try:
        job = StreamedQuery(lambda: site.store.query(sparql, default, named), timeout)
    except Busy as exc:
        raise ServiceUnavailable(f"{exc} (KG_MAX_QUERIES); try again shortly") from exc
    try:
        return job, job.form()
    except QueryTimeout as exc:
        raise ServiceUnavailable(f"{exc} (KG_QUERY_TIMEOUT); narrow it or add a LIMIT") from exc
    except QuerySyntaxError as exc:
        raise BadRequest(f"Query syntax error: {_syntax_message(str(exc))}") from exc
    except StoreEmptyError as exc:
        raise ServiceUnavailable(str(exc)) from exc
    except OSError as exc:
        raise BadRequest(f"The query failed: {exc}") from exc


def streamed_response(
    job: StreamedQuery, fmt: negotiation.Format, filename: str | None = None
) -> Response:
    """The job's result as a streamed (and, when the client accepts it, gzipped) response."""
    try:
        chunks = job.start(fmt.name)
    except QueryTimeout as exc:
        raise ServiceUnavailable(f"{exc} (KG_QUERY_TIMEOUT); narrow it or add a LIMIT") from exc
    except OSError as exc:  # evaluation errors surface when the first solutions are computed
        raise BadRequest(f"The query failed: {exc}") from exc
    headers = {"Vary": "Accept, Accept-Encoding", "X-Content-Type-Options": "nosniff"}
    if filename:  # a download link: name the file, still let the browser show text inline
        headers["Content-Disposition"] = f'inline; filename="{filename}.{fmt.suffix}"'
    if "gzip" in request.accept_encodings:
        chunks = gzipped(chunks)
        headers["Content-Encoding"] = "gzip"
    response = Response(chunks, content_type=negotiation.content_type(fmt), headers=headers)
    response.direct_passthrough = True  # already encoded: keep after_request hooks off the body
    return response


def run_query(parsed: ProtocolRequest) -> Response:
    """Evaluate a query request and stream its result in the negotiated format."""
    site = current_site()
    assert parsed.query is not None
    facts = inspect_query(parsed.query, endpoint_url())
    _check(site, facts)
    job, form = start_query(site, parsed.query, _dataset(parsed, facts))
    try:
        fmt = negotiation.choose(form, request.accept_mimetypes, parsed.format)  # type: ignore[arg-type]
    except HTTPException:
        job.cancel()
        raise
    return streamed_response(job, fmt, "query-results" if parsed.format else None)


SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "JSON-LD",
    "RDF_XML",
)


def service_triples(site: Site, url: str) -> list[ox.Triple]:
    """The SPARQL 1.1 Service Description of this endpoint, with the store's named graphs."""
    service, dataset, default = ox.NamedNode(url), ox.BlankNode(), ox.BlankNode()
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(service, rdf_type, sd("Service")),
        ox.Triple(service, sd("endpoint"), service),
        ox.Triple(service, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(service, sd("feature"), sd("UnionDefaultGraph")),
        ox.Triple(
            service,
            sd("defaultEntailmentRegime"),
            ox.NamedNode("http://www.w3.org/ns/entailment/Simple"),
        ),
        ox.Triple(
            service,
            ox.NamedNode("http://purl.org/dc/terms/title"),
            ox.Literal("kamergraph SPARQL endpoint (read-only)", language="en"),
        ),
        ox.Triple(service, sd("defaultDataset"), dataset),
        ox.Triple(dataset, rdf_type, sd("Dataset")),
        ox.Triple(dataset, sd("defaultGraph"), default),
        ox.Triple(default, rdf_type, sd("Graph")),
    ]
    triples += [
        ox.Triple(service, sd("resultFormat"), ox.NamedNode(FORMATS_NS + name))
        for name in RESULT_FORMAT_IRIS
    ]
    for row in site.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"):
        named = ox.BlankNode()
        triples += [
            ox.Triple(dataset, sd("namedGraph"), named),
            ox.Triple(named, rdf_type, sd("NamedGraph")),
            ox.Triple(named, sd("name"), row["g"]),  # type: ignore[arg-type]
        ]
    return triples


def service_description() -> Response:
    """The service description, in the graph format the client accepts (Turtle by default)."""
    fmt = negotiation.choose("graph", request.accept_mimetypes, request.args.get("format"))
    rdf_format = ox.RdfFormat.from_media_type(fmt.media_type)
    body = ox.serialize(
        service_triples(current_site(), endpoint_url()), format=rdf_format, prefixes={"sd": SD}
    )
    return Response(body, content_type=negotiation.content_type(fmt), headers={"Vary": "Accept"})


def query_page(query: str | None) -> str:
    """The query page: editor, example gallery, results table, downloads, permalink."""
    site = current_site()
    examples = [
        {"name": q.name, "title": q.title, "description": q.description, "text": q.text}
        for q in site.queries
    ]
    downloads = [
        {"label": negotiation.FORMATS[name].label, "format": negotiation.FORMATS[name].suffix}
        for name in ("json", "xml", "csv", "tsv", "turtle", "ntriples", "jsonld", "rdfxml")
    ]
    settings = {
        "endpoint": url_for("sparql.endpoint"),
        "labels": url_for("api.labels"),
        "base": site.base_iri,
        "prefixes": site.prefixes,
        "query": query,
    }
    return render_template(
        "sparql.html",
        examples=examples,
        downloads=downloads,
        settings=settings,
        assets_installed=assets_installed(),
    )
