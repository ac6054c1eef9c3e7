"""Commitment and motion pages: what was promised or asked, by whom, and every report since."""

from __future__ import annotations

from dataclasses import dataclass

from server import answers
from server.classpages import Context, Names, page_for, passage_in, passages, reader_href
from server.site import Site

QUOTE_LENGTH = 360


@dataclass
class TimelineEntry:
    """One document reporting on the thing, with the words it used and where they stand."""

    report: str
    document: str
    date: str
    quote: str
    shortened: bool
    href: str | None  # into the reader, at the passage
    reported_status: str = ""
    undated: bool = False
    inferred: bool = False  # the document's date is inferred from its context (kg:dateInferred)


def _entry(site: Site, row: answers.Row, places: list[answers.Row]) -> TimelineEntry:
    text = " ".join(row.get("statusText", "").split())
    place = passage_in(places, row["document"])
    href = reader_href(site, place["source"], place["start"], place["end"]) if place else None
    return TimelineEntry(
        report=row["report"],
        document=row["document"],
        date=row.get("date", ""),
        quote=text[:QUOTE_LENGTH],
        shortened=len(text) > QUOTE_LENGTH,
        href=href,
        reported_status=row.get("reportedStatus", ""),
        undated="date" not in row,
        inferred=row.get("dateInferred") == "true",
    )


def timeline(site: Site, subject: str) -> list[TimelineEntry]:
    """The reports on a commitment or motion in date order; undated ones last, marked."""
    by_report: dict[str, answers.Row] = {}
    for row in answers.run(site, "list_report_passages", subject=subject):
        by_report.setdefault(row["report"], row)
    places = passages(site, by_report)
    entries = [_entry(site, row, places.get(report, [])) for report, row in by_report.items()]
    return sorted(entries, key=lambda e: (e.undated, e.date, e.document))


@page_for("Commitment")
def commitment_page(site: Site, iri: str, names: Names) -> Context:
    """Number, title, who asked, when and by whom it was made, its dossier, its timeline."""
    rows = answers.run(site, "describe_commitment", commitment=iri)
    row = answers.first(rows)
    entries = timeline(site, iri)
    facts = {
        key: answers.collect(rows, key)
        for key in ("requester", "party", "madeBy", "dossier", "status", "madeOn", "debate")
    }
    history = [e for e in entries if e.reported_status]
    names.want(
        [v for key in ("requester", "party", "madeBy", "dossier", "status") for v in facts[key]]
    )
    names.want([e.document for e in entries] + [e.reported_status for e in history])
    return {
        "identifier": row.get("identifier", ""),
        "heading": row.get("title", ""),
        "facts": facts,
        "timeline": entries,
        "history": history,
    }


def _fields(rows: list[answers.Row]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for row in rows:
        fields.setdefault(row["field"], [])
        if row["value"] not in fields[row["field"]]:
            fields[row["field"]].append(row["value"])
    return fields


@page_for("Motion")
def motion_page(site: Site, iri: str, names: Names) -> Context:
    """Submitters, date, dictum, considerations, outcome, votes, and the letters that responded."""
    fields = _fields(answers.run(site, "describe_motion", motion=iri))
    entries = timeline(site, iri)
    linked = ("dossier", "submitter", "status", "votedFor", "votedAgainst", "paper")
    names.want([v for key in linked for v in fields.get(key, [])])
    names.want(e.document for e in entries)
    return {
        "identifier": (fields.get("identifier") or [""])[0],
        "heading": (fields.get("title") or [""])[0],
        "fields": fields,
        "timeline": entries,
    }
