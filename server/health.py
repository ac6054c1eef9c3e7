"""`/-/health`: is the store answering, how much does it hold, which build is being served."""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from kamergraph.store import StoreEmptyError
from server.site import current_site

bp = Blueprint("health", __name__)


@bp.get("/-/health")
def health() -> tuple[Response, int]:
    """JSON for monitors: ok, quad count and store generation; 503 before the first build."""
    site = current_site()
    generation = getattr(site.store, "current_generation", lambda: None)()
    try:
        rows = site.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    except StoreEmptyError as exc:
        return jsonify({"ok": False, "error": str(exc), "generation": generation}), 503
    triples = int(rows[0]["n"].value)
    return jsonify({"ok": True, "triples": triples, "generation": generation}), 200
