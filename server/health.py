"""`/-/health`: is the store answering, how much does it hold, which build is being served, and
what the query workers are doing (so a monitor sees a saturated or broken pool, not just "ok")."""

from __future__ import annotations

from dataclasses import asdict

from flask import Blueprint, Response, current_app, jsonify

from kamergraph.store import StoreEmptyError
from server.pool import WorkerPool
from server.site import Site, current_site, generation_key

bp = Blueprint("health", __name__)


def _triples(site: Site) -> int:
    """The store's triple count: once per published generation (a generation never
    changes), whatever the answer cache is set to: a count takes seconds at millions of
    triples, and monitors poll often."""
    generation = generation_key(site.store)
    counted: dict[object, int] = current_app.extensions.setdefault("kamergraph-counted", {})
    if generation is not None and generation in counted:
        return counted[generation]
    rows = site.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    triples = int(rows[0]["n"].value)
    if generation is not None:
        counted.clear()  # only the generation being served is asked about
        counted[generation] = triples
    return triples


@bp.get("/-/health")
def health() -> tuple[Response, int]:
    """JSON for monitors: ok, quad count, store generation and the worker pool's state.

    503 before the first build, and when no query worker is alive to answer."""
    site = current_site()
    pool: WorkerPool = current_app.extensions["kamergraph-workers"][0]
    workers = asdict(pool.state())
    generation = getattr(site.store, "current_generation", lambda: None)()
    try:
        triples = _triples(site)
    except StoreEmptyError as exc:
        body = {"ok": False, "error": str(exc), "generation": generation, "workers": workers}
        return jsonify(body), 503
    # a pool that has not been asked yet has started nobody; one that has must have someone
    ok = workers["started"] == 0 or workers["alive"] > 0
    body = {"ok": ok, "triples": triples, "generation": generation, "workers": workers}
    prewarm = current_app.extensions.get("kamergraph-prewarm")
    if prewarm is not None:
        body["prewarm"] = asdict(prewarm.state)
    if not ok:
        body["error"] = "no query worker is alive"
    return jsonify(body), 200 if ok else 503
