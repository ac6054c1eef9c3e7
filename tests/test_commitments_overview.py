"""The overview of open commitments and the status history on a commitment's page.

Why: "what is still open, and what is overdue?" and "has it been fulfilled, says who?" are the
first questions on commitments; the answers must come with their dates and words.
"""

from __future__ import annotations

import csv as csv_module
import io
from datetime import date

CDA = "https://w3id.org/kamergraph/id/party/cda"


def test_open_commitments_with_age_last_report_and_overdue(client) -> None:  # type: ignore[no-untyped-def]
    data = client.get("/commitments?today=2026-12-01&format=json").json
    by_id = {r.get("identifier"): r for r in data["commitments"]}
    # fulfilled or confirmed by the latest report: not open
    assert "T03987" not in by_id and "T04004" not in by_id and "T03850" not in by_id
    # T03726: reported on only in the letter of (inferred) 16 December 2024: overdue
    assert by_id["T03726"]["overdue"] == "true" and by_id["T03726"]["noRecentReport"] == "true"
    # T03853: last reported on 3 July 2026, fewer than six months before 1 December 2026
    assert by_id["T03853"]["lastReport"] == "2026-07-03" and by_id["T03853"]["overdue"] == "false"
    # T03852: promised "In het eerste kwartaal van 2026" (000), reported on again in July 2026
    assert (
        by_id["T03852"]["promised"] == "2026-03-31" and by_id["T03852"]["promiseMissed"] == "false"
    )
    assert by_id["T03930"]["since"] == "2024-10-08"  # "In een debat ... op 8 oktober 2024"
    assert by_id["T03930"]["age"] == (date(2026, 12, 1) - date(2024, 10, 8)).days


def test_the_overview_filters_by_party(client) -> None:  # type: ignore[no-untyped-def]
    rows = client.get(f"/commitments?today=2026-12-01&format=json&party={CDA}").json["commitments"]
    assert rows and all("CDA" in r["parties"] for r in rows)
    everything = client.get("/commitments?today=2026-12-01&format=json").json["commitments"]
    assert len(rows) < len(everything)


def test_the_overview_page_marks_overdue_rows(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/commitments?today=2026-12-01").data.decode()
    assert 'class="commitment overdue"' in html and "no report in 6 months" in html
    assert 'option value="' + CDA + '"' in html


def test_a_commitment_page_shows_its_status_history_with_evidence(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/id/commitment/T03987").data.decode()
    assert "Status history" in html
    history = html[html.index("Status history") : html.index('id="timeline-heading"')]
    assert history.count('<li class="status') == 3
    assert 'class="status current"' in history and "fulfilled" in history
    assert "opgenomen" in history  # the words the current status was read from


def test_a_page_of_something_else_has_no_status_history(client) -> None:  # type: ignore[no-untyped-def]
    assert "Status history" not in client.get("/id/party/cda").data.decode()


def _listed(client, query: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    return client.get(f"/commitments?today=2026-12-01&format=json{query}").json  # type: ignore[no-any-return]


def test_the_list_comes_a_page_at_a_time_and_the_pages_add_up(client) -> None:  # type: ignore[no-untyped-def]
    everything = _listed(client, "")["commitments"]
    assert len(everything) > 4  # the seeds have enough open commitments for three pages
    first = _listed(client, "&per=2")
    assert first["paging"]["total"] == len(everything) and first["paging"]["per"] == 2
    assert first["paging"]["pages"] == -(-len(everything) // 2)
    pages = [
        _listed(client, f"&per=2&page={n}")["commitments"]
        for n in range(1, 1 + first["paging"]["pages"])
    ]
    assert all(len(page) == 2 for page in pages[:-1]) and 1 <= len(pages[-1]) <= 2
    assert [r["commitment"] for page in pages for r in page] == [
        r["commitment"] for r in everything
    ]
    second = _listed(client, "&per=2&page=2")["paging"]
    assert (second["first_row"], second["last_row"]) == (3, 4)
    assert set(second["links"]) == {"first", "previous", "next", "last"}
    assert "page=3" in second["links"]["next"] and "per=2" in second["links"]["next"]
    assert "today=2026-12-01" in second["links"]["next"]  # the other parameters are kept


def test_a_page_past_the_end_is_the_last_and_a_malformed_one_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    last = _listed(client, "&per=2&page=9999")
    assert last["paging"]["page"] == last["paging"]["pages"] and last["commitments"]
    assert "next" not in last["paging"]["links"]
    for bad in ("page=0", "page=two", "per=-5", "page=%C2%B2"):
        response = client.get(f"/commitments?today=2026-12-01&{bad}")
        assert response.status_code == 400, bad
        assert bad.split("=")[0] in response.data.decode()  # the message names the parameter


def test_the_page_links_its_neighbours_and_offers_every_row_as_csv(client) -> None:  # type: ignore[no-untyped-def]
    html = client.get("/commitments?today=2026-12-01&per=2&page=2").data.decode()
    assert '<link rel="prev"' in html and '<link rel="next"' in html
    assert 'class="paging"' in html and "Rows 3–4 of" in html
    assert html.count('<tr class="commitment') == 2
    whole = _listed(client, "&per=2")["all_rows_csv"]
    csv = client.get(whole)
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    rows = list(csv_module.reader(io.StringIO(csv.data.decode())))
    assert len(rows) - 1 == _listed(client, "")["paging"]["total"]
    dutch = client.get("/commitments?today=2026-12-01&per=2&page=2&lang=nl").data.decode()
    assert "Rijen 3–4 van" in dutch and "Volgende" in dutch
