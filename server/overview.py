"""`/overview`: the dataset where people look rather than read, each chart beside its table.

Every number comes from a named query; the tables are the page (it works without JavaScript),
and `charts.js` draws each table's chart with Chart.js (installed by npm, served from
node_modules). The citation network is drawn here as SVG, so it needs no script at all.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from flask import Blueprint, render_template

from server import answers, i18n
from server.classpages import Names, year_of
from server.site import current_site

bp = Blueprint("overview", __name__)
NETWORK_SIZE = 520


def _commitments_by_party(rows: list[answers.Row]) -> dict[str, Any]:
    years = sorted({r.get("year", "") for r in rows})
    parties = sorted({r.get("party", "") for r in rows})
    table = {p: {y: 0 for y in years} for p in parties}
    for r in rows:
        table[r.get("party", "")][r.get("year", "")] += int(r["commitments"])
    return {"years": years, "parties": parties, "table": table}


def _network(rows: list[answers.Row]) -> dict[str, Any]:
    """Documents on a circle (oldest first, clockwise), citations as lines between them."""
    nodes = list(dict.fromkeys([r["citing"] for r in rows] + [r["cited"] for r in rows]))
    cited = Counter(r["cited"] for r in rows)  # one pass: per node it was nodes x citations
    half = NETWORK_SIZE / 2
    radius = half - 40
    place = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / max(len(nodes), 1) - math.pi / 2
        place[node] = (
            round(half + radius * math.cos(angle), 1),
            round(half + radius * math.sin(angle), 1),
        )
    edges = [(place[r["citing"]], place[r["cited"]]) for r in rows]
    return {
        "nodes": [(n, place[n], cited[n]) for n in nodes],
        "edges": edges,
        "rows": rows,
        "size": NETWORK_SIZE,
    }


def _timeline(rows: list[answers.Row]) -> list[dict[str, Any]]:
    by_subject: dict[str, list[str]] = {}
    for r in rows:
        by_subject.setdefault(r["commitment"], []).append(r.get("date", ""))
    return [
        {"subject": s, "dates": sorted(d for d in ds if d), "undated": sum(1 for d in ds if not d)}
        for s, ds in by_subject.items()
    ]


@bp.get("/overview")
def overview() -> str:
    """Commitments per party and year, questions per party per document, citations, timelines."""
    site = current_site()
    names = Names(site, i18n.language())
    commitments = _commitments_by_party(answers.run(site, "count_commitments_by_party"))
    questions = answers.run(site, "count_questions_by_party")
    network = _network(answers.run(site, "list_citation_network"))
    timeline = _timeline(answers.run(site, "list_commitment_timeline"))
    names.want(p for p in commitments["parties"] if p)
    names.want([r["document"] for r in questions] + [n for n, _, _ in network["nodes"]])
    names.want(t["subject"] for t in timeline)
    names.fetch()
    return render_template(
        "overview.html",
        names=names,
        commitments=commitments,
        questions=questions,
        network=network,
        timeline=timeline,
        year_of=year_of,
    )
