"""`/-/health`: is the store answering, how much does it hold, which build is being served, and
what the query workers are doing (so a monitor sees a saturated or broken pool, not just "ok")."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify

from kamergraph.store import StoreEmptyError
from server.pool import WorkerPool
from server.site import Site, current_site

bp = Blueprint("health", __name__)


@bp.get("/-/health")
def health() -> tuple[Response, int]:
    """JSON for monitors: ok, quad count, store generation and the worker pool's state.

    503 before the first build, and when no query worker is alive to answer."""
    site = current_site()
    pool: WorkerPool = current_app.extensions["kamergraph-workers"][0]
    workers = asdict(pool.state())
    generation = getattr(site.store, "current_generation", lambda: None)()
    try:
        triples = _triples(site, generation)
    except StoreEmptyError as exc:
        body = {"ok": False, "error": str(exc), "generation": generation, "workers": workers}
        return jsonify(body), 503
    # a pool that has not been asked yet has started nobody; one that has must have someone
    ok = workers["started"] == 0 or workers["alive"] > 0
    body = {"ok": ok, "triples": triples, "generation": generation, "workers": workers}
    if not ok:
        body["error"] = "no query worker is alive"
    return jsonify(body), 200 if ok else 503


_COUNTS: dict[tuple[str, int], int] = {}  # (generation folder, its inode) -> triples


def _triples(site: Site, generation: str | None) -> int:
    """The store's triple count, counted once per published generation.

    Counting scans every triple (a quarter of a second at a million, and monitors poll this
    page); a generation never changes once published, so its count is kept. A store without
    generations (in memory, external) is counted each time."""
    key = _generation_key(site.store, generation)
    if key is not None and key in _COUNTS:
        return _COUNTS[key]
    rows = site.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    count = int(rows[0]["n"].value)
    if key is not None:
        _COUNTS.clear()  # only the generation being served is asked about again
        _COUNTS[key] = count
    return count


def _generation_key(store: object, generation: str | None) -> tuple[str, int] | None:
    """What names one published generation for good: its folder, and the folder's inode (a
    store deleted and built anew reuses the name, not the inode)."""
    folder = getattr(store, "folder", None)
    if generation is None or folder is None:
        return None
    path = Path(folder) / generation
    try:
        return str(path.resolve()), path.stat().st_ino
    except OSError:
        return None
