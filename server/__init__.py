"""The web layer: an app factory over a GraphStore, and the production WSGI server.

`create_app(store)` wires the blueprints (one per concern: sparql, pages, api, health, assets),
CORS for the machine-facing routes, gzip for larger buffered answers (streamed SPARQL results
compress themselves) and error pages that say what to change. The server knows HTTP, not how
documents are parsed: everything it shows comes from the store.
"""

from __future__ import annotations

import contextlib
import gzip
import re
import socket
from pathlib import Path
from typing import Any

from flask import Flask, Response, render_template, request
from flask_cors import CORS
from werkzeug.exceptions import HTTPException, ServiceUnavailable
from werkzeug.wrappers import Response as WerkzeugResponse

from kamergraph import settings
from kamergraph.queries import QUERIES_DIR, load_queries
from kamergraph.store import GraphStore, StoreEmptyError
from server import negotiation
from server.i18n import init_i18n
from server.jobs import ClientSlots
from server.pool import WorkerPool, shared_pool
from server.prewarm import init_prewarm
from server.residency import init_memory_bound
from server.security import init_security
from server.site import STANDARD_PREFIXES, Site

GZIP_MIN_BYTES = 1400  # below one packet, compressing buys nothing
CORS_RESOURCES: dict[str | re.Pattern[str], dict[str, Any]] = {
    r"/sparql*": {},
    r"/queries*": {},
    r"/id/*": {},
    r"/-/health": {},
    r"/-/labels": {},
    r"/dumps/*": {},
    r"/releases/*": {},
    r"/.well-known/void": {},
    r"/def*": {},
    r"/feeds/*": {},
}


def create_app(
    store: GraphStore,
    base_iri: str | None = None,
    queries_dir: Path | None = None,
    pool: WorkerPool | None = None,
    dumps_dir: Path | None = None,
    releases_dir: Path | None = None,
) -> Flask:
    """A Flask app serving `store`; things under `base_iri` get pages at `/id/...`.

    Queries are evaluated by `pool` (the process's shared worker pool by default); the files
    under `/dumps/` and `/releases/` come from `dumps_dir` and `releases_dir` (by default the
    store's `dumps/` folder and KG_RELEASES)."""
    from server import (
        api,
        assets,
        commitments,
        dumps,
        health,
        overview,
        pages,
        reader,
        releases,
        resolve,
        search,
        sitemap,
        sparql,
        vocabulary,
    )

    app = Flask(__name__)
    app.extensions["kamergraph-workers"] = (pool or shared_pool(), ClientSlots())
    init_security(app)
    base = base_iri or settings.base_iri()
    prefixes = {**STANDARD_PREFIXES, "id": base}
    queries = load_queries(queries_dir or QUERIES_DIR)
    app.extensions["kamergraph"] = Site(store, base, queries, prefixes)
    app.config["KG_DUMPS_DIR"] = dumps_dir or settings.dumps_folder(getattr(store, "folder", None))
    app.config["KG_RELEASES_DIR"] = releases_dir or Path(settings.get("KG_RELEASES"))
    blueprints = (reader.bp, sparql.bp, releases.bp, pages.bp, api.bp, health.bp, assets.bp)
    extra = (dumps.bp, search.bp, resolve.bp, commitments.bp, overview.bp, sitemap.bp)
    for blueprint in (*blueprints, *extra, vocabulary.bp):
        app.register_blueprint(blueprint)
    init_i18n(app)
    CORS(
        app,
        resources=CORS_RESOURCES,
        methods=["GET", "POST", "OPTIONS"],
        allow_headers=["Content-Type", "Accept", "Accept-Encoding"],
        expose_headers=["Link", "Content-Type", "Content-Encoding"],
        max_age=86400,
    )
    app.register_error_handler(HTTPException, _error)
    app.register_error_handler(StoreEmptyError, _store_empty)
    app.after_request(_compress)
    init_memory_bound(app)
    return app


def _error(exc: HTTPException) -> WerkzeugResponse:
    """Errors as a short page for browsers and as plain text (the message) for clients."""
    status = exc.code or 500
    message = exc.description or exc.name
    response = exc.get_response()
    if negotiation.wants_html(request.accept_mimetypes):
        html = render_template("error.html", status=status, name=exc.name, message=message)
        response.set_data(html)
        response.content_type = "text/html; charset=utf-8"
    else:
        response.set_data(f"{status} {exc.name}: {message}\n")
        response.content_type = "text/plain; charset=utf-8"
    return response


def _store_empty(exc: StoreEmptyError) -> WerkzeugResponse:
    """Before the first build every page says so (503), rather than failing with a 500."""
    return _error(ServiceUnavailable(str(exc)))


def _compress(response: Response) -> Response:
    """Gzip a buffered answer when the client accepts it and it is worth it."""
    if (
        response.direct_passthrough
        or response.is_streamed
        or "Content-Encoding" in response.headers
        or "gzip" not in request.accept_encodings
        or response.status_code < 200
        or response.status_code in (204, 304)
    ):
        return response
    body = response.get_data()
    if len(body) < GZIP_MIN_BYTES:
        return response
    response.set_data(gzip.compress(body, compresslevel=6))
    response.headers["Content-Encoding"] = "gzip"
    response.vary.add("Accept-Encoding")
    return response


def server_options(threads: int) -> dict[str, Any]:
    """waitress's settings, from ours: the limits a slow or greedy client meets at the door.

    The output high-water mark sits above the largest answer, so a client that does not read
    never blocks a thread or a worker: its answer waits in waitress's buffer (spilling to a
    temporary file past 1 MB) and the connection is closed after KG_CLIENT_TIMEOUT without
    progress. Request lookahead lets waitress notice a client that hangs up mid-query."""
    client_timeout = int(float(settings.get("KG_CLIENT_TIMEOUT")))
    largest_answer = int(float(settings.get("KG_RESULT_MB")) * 2**20)
    return {
        "threads": threads,
        "ident": "kamergraph",
        "channel_timeout": client_timeout,
        "cleanup_interval": max(1, min(5, client_timeout // 3)),
        "outbuf_high_watermark": largest_answer + 16 * 2**20,
        "max_request_body_size": int(settings.get("KG_MAX_BODY_KB")) * 1024,
        "max_request_header_size": 4 * int(settings.get("KG_MAX_QUERY_LENGTH")) + 65536,
        "channel_request_lookahead": 4,
    }


def create_server(app: Flask, host: str, port: int, threads: int) -> Any:
    """A waitress server for `app` with `server_options` (port 0: any free port)."""
    from waitress import create_server as waitress_server

    server = waitress_server(app, host=host, port=port, **server_options(threads))
    server.maintenance = _SlowClientSweep(server)
    return server


class _SlowClientSweep:
    """waitress's channel sweep, made to close slow clients too (KG_CLIENT_TIMEOUT).

    waitress marks an idle connection for closing but closes it only when its socket can be
    written to, which never happens for a client that stopped reading; and a client sending
    its request a byte at a time never counts as idle. This runs where waitress's own sweep
    runs (its main loop thread) and shuts both kinds down once they have made no progress, or
    taken longer to send one request, than the timeout."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self._sweep = server.maintenance
        self._receiving: dict[Any, float] = {}  # channel -> when its current request began

    def __call__(self, now: float) -> None:
        self._sweep(now)
        cutoff = now - self._server.adj.channel_timeout
        channels = list(self._server.active_channels.values())
        for channel in channels:
            if channel.request is None:
                self._receiving.pop(channel, None)
            elif channel not in self._receiving:
                # a request seen half-received for the first time: it began at most one sweep
                # ago, or when the connection opened if that was more recent
                interval = self._server.adj.cleanup_interval
                self._receiving[channel] = max(channel.creation_time, now - interval)
            stalled = not channel.requests and channel.last_activity < cutoff
            if stalled or self._receiving.get(channel, now) < cutoff:
                self._receiving.pop(channel, None)
                # Not handle_close(): the loop that called us has this socket in its select
                # list. After a shutdown the socket reads as closed, and the loop closes it.
                with contextlib.suppress(OSError):
                    channel.socket.shutdown(socket.SHUT_RDWR)
        for gone in set(self._receiving) - set(channels):
            del self._receiving[gone]


def serve(app: Flask, host: str, port: int, threads: int) -> None:
    """Serve the app with waitress (the production WSGI server) until interrupted."""
    server = create_server(app, host, port, threads)
    app.extensions["kamergraph-workers"][0].start()
    prewarm = init_prewarm(app)
    if prewarm:
        prewarm.start()
    server.print_listen("Serving on http://{}:{}")
    try:
        server.run()
    finally:
        if prewarm:
            prewarm.stop()
        app.extensions["kamergraph-workers"][0].close()
