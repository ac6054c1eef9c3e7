"""`/overview`: the dataset where people look rather than read, each chart beside its table.

Every number comes from a named query; the tables are the page (it works without JavaScript),
and `charts.js` draws each table's chart with Chart.js (installed by npm, served from
node_modules). The citation network is drawn here as SVG, so it needs no script at all.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from flask import Blueprint, render_template, url_for

from server import answers, i18n, paging
from server.classpages import Names, year_of
from server.site import Site, current_site

bp = Blueprint("overview", __name__)
NETWORK_SIZE = 520
# Each long table shows `paging.SHOWN_ROWS` rows: on the whole record its queries answer tens
# of thousands, which no reader scrolls and which took most of the page's time to render; the
# rest are a link away (the named query's CSV), and the charts' counts cover every row.


def shown(rows: list[Any], query: str) -> dict[str, Any]:
    """The first rows of a table, how many there are, and where to get them all."""
    return {
        "rows": rows[: paging.SHOWN_ROWS],
        "total": len(rows),
        "all": url_for("api.named_query", name=query, format="csv"),
    }


def _questions_per_party(rows: list[answers.Row]) -> list[tuple[str, int]]:
    """Questions per party over every row (the chart's numbers), most first."""
    sums: Counter[str] = Counter()
    for r in rows:
        sums[r.get("partyLabel", "")] += int(r["questions"])
    return sorted(sums.items(), key=lambda item: (-item[1], item[0]))


def _commitments_by_party(rows: list[answers.Row]) -> dict[str, Any]:
    years = sorted({r.get("year", "") for r in rows})
    parties = sorted({r.get("party", "") for r in rows})
    table = {p: {y: 0 for y in years} for p in parties}
    for r in rows:
        table[r.get("party", "")][r.get("year", "")] += int(r["commitments"])
    return {"years": years, "parties": parties, "table": table}


def _network(every: list[answers.Row]) -> dict[str, Any]:
    """Documents on a circle (oldest first, clockwise), citations as lines between them: the
    first citations, as the table beside it shows them."""
    rows = every[: paging.SHOWN_ROWS]
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
        "size": NETWORK_SIZE,
        **shown(every, "list_citation_network"),
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
    site, language = current_site(), i18n.language()
    context = site.answers.view(site.store, ("overview", language), lambda: _gather(site, language))
    return render_template("overview.html", year_of=year_of, **context)


def _gather(site: Site, language: str) -> dict[str, Any]:
    """What the overview shows, from whole-graph queries (kept as this small view, not as
    their answers: see `AnswerCache.view`)."""
    names = Names(site, language)
    commitments = _commitments_by_party(answers.run_unkept(site, "count_commitments_by_party"))
    every_question = answers.run_unkept(site, "count_questions_by_party")
    questions = shown(every_question, "count_questions_by_party")
    network = _network(answers.run_unkept(site, "list_citation_network"))
    timeline = shown(
        _timeline(answers.run_unkept(site, "list_commitment_timeline")),
        "list_commitment_timeline",
    )
    names.want(p for p in commitments["parties"] if p)
    names.want([r["document"] for r in questions["rows"]] + [n for n, _, _ in network["nodes"]])
    names.want(t["subject"] for t in timeline["rows"])
    names.fetch()
    return {
        "names": names,
        "commitments": commitments,
        "questions": questions,
        "questions_per_party": _questions_per_party(every_question),
        "network": network,
        "timeline": timeline,
    }
