"""The overview of open commitments and the status history on a commitment's page.

Why: "what is still open, and what is overdue?" and "has it been fulfilled, says who?" are the
first questions on commitments; the answers must come with their dates and words.
"""

from __future__ import annotations

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
