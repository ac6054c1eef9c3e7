"""Law pages: its names, the articles documents cite, and each citing sentence."""

from __future__ import annotations

from server import answers
from server.classpages import Context, Names, in_context, page_for, reader_href
from server.site import Site


@page_for("Law")
def law_page(site: Site, iri: str, names: Names) -> Context:
    """Names and aliases, articles cited, citing documents with the sentence around each."""
    fields: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    for row in answers.run(site, "describe_law", law=iri):
        values = fields.setdefault(row["field"], [])
        if row["value"] not in values:
            values.append(row["value"])
        if row["field"] == "citedBy":
            dates[row["value"]] = row.get("date", "")
    citations = mentions(site, iri)
    names.want(fields.get("citedBy", []) + fields.get("dossier", []))
    names.want(str(c["document"]) for c in citations)
    return {"fields": fields, "dates": dates, "citations": citations}


def mentions(site: Site, iri: str) -> list[dict[str, str | None]]:
    """Every passage naming the thing, with its sentence and a link into the reader."""
    found = []
    for row in answers.run(site, "list_mentions_in_context", thing=iri):
        found.append(
            {
                "document": row["document"],
                "date": row.get("date", ""),
                "href": reader_href(site, row["document"], row["start"], row["end"]),
                **in_context(row),
            }
        )
    return found
