"""The overview: each chart's table holds the numbers the graph gives, and works without script."""

from __future__ import annotations

import re

import pytest
from flask.testing import FlaskClient

from kamergraph.store import GraphStore
from server import paging

HTML = {"Accept": "text/html"}
KG = "PREFIX kg: <https://w3id.org/kamergraph/def#>\nPREFIX schema: <https://schema.org/>\n"


def count(store: GraphStore, where: str) -> int:
    result = store.query(KG + f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ {where} }}")
    return int(next(iter(result.raw))["n"].value)  # type: ignore[arg-type,index]


def table(html: str, caption: str) -> str:
    return html.split(f"<caption>{caption}</caption>", 1)[1].split("</table>", 1)[0]


def test_commitments_per_party_and_year_add_up_to_every_commitment(
    client: FlaskClient, built_store: GraphStore
) -> None:
    html = client.get("/overview", headers=HTML).get_data(as_text=True)
    cells = re.findall(
        r'<td class="count">(\d+)</td>', table(html, "Commitments per party and year")
    )
    commitments = count(built_store, "?x a kg:Commitment")
    assert commitments >= 10
    # a commitment asked for by two parties counts once for each
    assert sum(map(int, cells)) >= commitments
    assert '<a href="/id/party/opnl">OPNL</a>' in html


def test_questions_per_party_per_document(client: FlaskClient, built_store: GraphStore) -> None:
    html = client.get("/overview", headers=HTML).get_data(as_text=True)
    rows = table(html, "Questions per party per document")
    total = sum(map(int, re.findall(r'<td class="count">(\d+)</td>', rows)))
    asked = count(
        built_store,
        "?x a kg:Question ; kg:askedBy ?p . "
        "FILTER NOT EXISTS { ?x kg:restates ?e . ?e kg:askedBy ?p }",
    )
    assert total == asked
    assert "/id/document/kst-36600-XX-E" in rows


def test_citation_network_is_drawn_without_script(client: FlaskClient) -> None:
    html = client.get("/overview", headers=HTML).get_data(as_text=True)
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    edges = svg.count('class="edge"')
    rows = table(html, "Citations between documents").count("<tr>") - 1  # less the header
    assert edges >= 5 and edges == rows
    assert re.search(r'<a href="/id/document/[^"]+"><circle', svg)


def test_charts_load_the_npm_library_through_the_asset_route(client: FlaskClient) -> None:
    html = client.get("/overview", headers=HTML).get_data(as_text=True)
    assert '<script src="/-/assets/chart.umd.min.js">' in html
    with client.get("/-/assets/chart.umd.min.js") as library:
        assert library.status_code == 200 and b"Chart" in library.data[:5000]


def test_long_tables_show_their_first_rows_and_link_to_all_of_them(
    client: FlaskClient, built_store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = client.get("/overview", headers=HTML).get_data(as_text=True)
    every_citation = table(whole, "Citations between documents").count("<tr>") - 1
    monkeypatch.setattr(paging, "SHOWN_ROWS", 2)
    html = client.get("/overview", headers=HTML).get_data(as_text=True)
    for caption in ("Questions per party per document", "Citations between documents"):
        assert table(html, caption).count("<tr>") - 1 == 2, caption  # less the header
    svg = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert svg.count('class="edge"') == 2  # the picture shows what the table shows
    notes = re.findall(
        r'<p class="note more">The first 2 of (\d+); all of them: <a href="([^"]+)">', html
    )
    assert len(notes) == 3  # questions, citations, timelines
    assert int(notes[1][0]) == every_citation
    with client.get(notes[1][1].replace("&amp;", "&")) as csv:
        assert (
            csv.mimetype == "text/csv"
            and len(csv.data.decode().strip().splitlines()) - 1 == every_citation
        )
    # the chart's numbers still count every question, not only the rows shown
    per_party = re.findall(r'<td class="count">(\d+)</td>', table(html, "Questions per party"))
    asked = count(
        built_store,
        "?x a kg:Question ; kg:askedBy ?p . "
        "FILTER NOT EXISTS { ?x kg:restates ?e . ?e kg:askedBy ?p }",
    )
    assert sum(map(int, per_party)) == asked
