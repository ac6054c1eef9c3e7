"""`/sparql`: the SPARQL 1.1 Protocol endpoint (read-only), its service description and the
query page a browser gets at the same address.

One URL, three audiences: a SPARQL client sending `query=` gets results in the negotiated
format, streamed; a client asking the bare URL for RDF gets the service description; a
browser gets the query page (with the query in its URL preloaded: that is the permalink).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request, url_for
from werkzeug.exceptions import (
    BadRequest,
    Forbidden,
    HTTPException,
    InternalServerError,
    ServiceUnavailable,
    TooManyRequests,
)

from kamergraph import settings
from kamergraph.store import StoreEmptyError
from server import negotiation, streaming
from server.assets import assets_installed
from server.dumps import service_counts
from server.jobs import (
    ClientBusy,
    ClientGone,
    JobFailed,
    PooledQuery,
    QueryTimeout,
    WorkerDied,
)
from server.limits import check_query_text, looks_small_and_read_only
from server.locations import worker_location
from server.pool import Busy
from server.protocol import ProtocolRequest, parse_protocol
from server.site import Site, current_site
from server.streaming import StreamedQuery, gzipped
from server.worker import EMPTY_GRAPH, Job, JobError, evaluate

bp = Blueprint("sparql", __name__)
Dataset = tuple[list[str], list[str]]  # default graphs, named graphs
Query = PooledQuery | StreamedQuery


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


def _dataset(parsed: ProtocolRequest) -> Dataset | None:
    """The protocol's dataset (which overrides FROM in the query), or None."""
    if parsed.has_dataset:
        return parsed.default_graphs or [EMPTY_GRAPH], parsed.named_graphs or [EMPTY_GRAPH]
    return None


_STATUS: dict[int, type[HTTPException]] = {
    400: BadRequest,
    403: Forbidden,
    500: InternalServerError,
    503: ServiceUnavailable,
}
RETRY_AFTER = 2  # seconds: about how long a worker takes to come free under load


@contextmanager
def _as_http_errors() -> Iterator[None]:
    """Every way a query can fail, as the HTTP error that says what to change."""
    timeout_hint = "(KG_QUERY_TIMEOUT); narrow it or add a LIMIT"
    try:
        yield
    except (Busy, streaming.Busy) as exc:
        raise ServiceUnavailable(f"{exc}; try again shortly", retry_after=RETRY_AFTER) from exc
    except ClientBusy as exc:
        message = f"{exc} (KG_CLIENT_QUERIES); wait for one to finish"
        raise TooManyRequests(message, retry_after=RETRY_AFTER) from exc
    except (QueryTimeout, streaming.QueryTimeout) as exc:
        raise ServiceUnavailable(f"{exc} {timeout_hint}") from exc
    except (JobFailed, JobError) as exc:
        raise _STATUS.get(exc.status, InternalServerError)(str(exc)) from exc
    except WorkerDied as exc:
        if exc.cause == "memory":
            raise ServiceUnavailable(f"{exc}; narrow the query or add a LIMIT") from exc
        raise InternalServerError(str(exc)) from exc
    except ClientGone as exc:
        raise ServiceUnavailable(str(exc)) from exc
    except StoreEmptyError as exc:
        raise ServiceUnavailable(str(exc)) from exc
    except OSError as exc:  # evaluation errors surface when the first solutions are computed
        raise BadRequest(f"The query failed: {exc}") from exc


def _job(location: str, text: str, dataset: Dataset | None, formats: dict[str, str]) -> Job:
    timeout = float(settings.get("KG_QUERY_TIMEOUT"))
    return Job(
        location=location,
        query=text,
        base=endpoint_url(),
        dataset=dataset,
        row_cap=int(settings.get("KG_ROW_CAP")),
        byte_cap=int(float(settings.get("KG_RESULT_MB")) * 2**20),
        stream_seconds=float(settings.get("KG_STREAM_TIMEOUT")),
        head_seconds=min(1.0, timeout / 2),
        formats=formats,
    )


def start_query(
    site: Site, text: str, dataset: Dataset | None, formats: dict[str, str] | None = None
) -> tuple[Query, str]:
    """Start evaluating on a worker; returns the query and its result form, or an HTTP error.
    `formats` settles the format per form in advance (see `negotiation.settled`); the caller
    must then stream a result of such a form in that format."""
    location = worker_location(site.store)
    job = _job(location or "", text, dataset, formats or {})
    with _as_http_errors():
        query: Query
        if location is None:  # a store no worker can open: evaluate here, on a thread
            timeout = float(settings.get("KG_QUERY_TIMEOUT"))
            query = StreamedQuery(lambda: evaluate(job, site.store), timeout)
        else:
            pool, slots = current_app.extensions["kamergraph-workers"]
            disconnected = request.environ.get("waitress.client_disconnected", lambda: False)
            query = PooledQuery(pool, slots, request.remote_addr or "", job, disconnected)
        return query, query.form()


def _limits_header() -> str:
    """The caps every answer is held to, so a client can tell a full answer from a capped one."""
    megabytes = float(settings.get("KG_RESULT_MB"))
    return (
        f"rows={settings.get('KG_ROW_CAP')}; bytes={int(megabytes * 2**20)}; "
        f"seconds={settings.get('KG_STREAM_TIMEOUT')}"
    )


def streamed_response(job: Query, fmt: negotiation.Format, filename: str | None = None) -> Response:
    """The job's result as a streamed (and, when the client accepts it, gzipped) response.

    A cut answer says so in a `Kamergraph-Truncated` header when the cut is known before the
    headers go out (always for answers under a megabyte, and for CSV, TSV and JSON-LD, which
    have no room for a marker), and at the end of the answer itself (see `server.results`)."""
    with _as_http_errors():
        chunks = job.start(fmt.name)
    headers = {"Vary": "Accept, Accept-Encoding", "Kamergraph-Limits": _limits_header()}
    truncation = getattr(job, "truncation", None)
    if truncation is not None:
        headers["Kamergraph-Truncated"] = truncation.header()
    if filename:  # a download link: name the file, still let the browser show text inline
        headers["Content-Disposition"] = f'inline; filename="{filename}.{fmt.suffix}"'
    if "gzip" in request.accept_encodings:
        chunks = gzipped(chunks)
        headers["Content-Encoding"] = "gzip"
    response = Response(chunks, content_type=negotiation.content_type(fmt), headers=headers)
    if isinstance(job, PooledQuery):  # frees the worker even if the body was never iterated
        response.call_on_close(job.close)
    response.direct_passthrough = True  # already encoded: keep after_request hooks off the body
    return response


def run_query(parsed: ProtocolRequest) -> Response:
    """Evaluate a query request and stream its result in the negotiated format."""
    assert parsed.query is not None
    check_query_text(request, parsed.query)
    forms: tuple[negotiation.Kind, ...] = ("solutions", "boolean", "graph")
    settled = negotiation.settled(forms, request.accept_mimetypes, parsed.format)
    job, form = start_query(current_site(), parsed.query, _dataset(parsed), settled)
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
    triples += service_counts(dataset, default)
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
        # a link's query runs by itself only when it is short and plain; else the page asks
        "autorun": bool(query) and looks_small_and_read_only(query or ""),
    }
    return render_template(
        "sparql.html",
        examples=examples,
        downloads=downloads,
        settings=settings,
        assets_installed=assets_installed(),
    )
