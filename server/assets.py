"""Front-end components served from `node_modules/` (installed by `npm ci`, never committed).

Only the files the pages use are reachable, by name, so the route cannot be walked to read
anything else under the project folder.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, abort, send_file

from kamergraph.settings import PROJECT_ROOT

bp = Blueprint("assets", __name__)
NODE_MODULES = PROJECT_ROOT / "node_modules"
ASSETS: dict[str, Path] = {
    "yasqe.min.js": NODE_MODULES / "@zazuko" / "yasqe" / "build" / "yasqe.min.js",
    "yasqe.min.css": NODE_MODULES / "@zazuko" / "yasqe" / "build" / "yasqe.min.css",
    "chart.umd.min.js": NODE_MODULES / "chart.js" / "dist" / "chart.umd.min.js",
}


def assets_installed() -> bool:
    """Whether `npm ci` has put the front-end components in place."""
    return all(path.is_file() for path in ASSETS.values())


@bp.get("/-/assets/<name>")
def asset(name: str) -> Response:
    """One whitelisted front-end file; 404 (with the fix) when node_modules is missing."""
    path = ASSETS.get(name)
    if path is None:
        abort(404)
    if not path.is_file():
        abort(404, description=f"{name} is not installed: run `npm ci` in {PROJECT_ROOT}")
    return send_file(path, max_age=3600)
