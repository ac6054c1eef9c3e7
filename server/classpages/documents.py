"""Document and dossier pages: what a paper is and cites, what it reports, asks and answers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from server import answers
from server.classpages import (
    Context,
    Names,
    local_name,
    page_for,
    passage_in,
    passages,
    reader_href,
)
from server.site import VOCABULARY, Site

OFFICIAL_ID = re.compile(r"kst-\d{5,6}(?:-[A-Z]{1,4})?-[0-9A-Z]{1,4}")
OFFICIAL_PUBLICATION = "https://zoek.officielebekendmakingen.nl/"


@dataclass
class QuestionAnswer:
    question: str
    position: int
    text: str
    answer: str
    answer_text: str
    reused: int  # how many other questions the same answer text serves


@dataclass
class PartyQuestions:
    party: str
    questions: list[QuestionAnswer] = field(default_factory=list)


def _kinds(rows: list[answers.Row]) -> list[str]:
    kinds = answers.collect(rows, "kind")
    specific = [k for k in kinds if k != VOCABULARY + "Document"]
    return specific or kinds


def _questions(site: Site, iri: str) -> list[PartyQuestions]:
    groups: dict[str, PartyQuestions] = {}
    for row in answers.run(site, "list_document_questions", document=iri):
        group = groups.setdefault(row.get("party", ""), PartyQuestions(row.get("party", "")))
        group.questions.append(
            QuestionAnswer(
                question=row["question"],
                position=int(row.get("position", 0)),
                text=row.get("questionText", ""),
                answer=row.get("answer", ""),
                answer_text=row.get("answerText", ""),
                reused=int(row.get("reuses", 0)),
            )
        )
    return sorted(groups.values(), key=lambda g: (-len(g.questions), g.party))


def _reports(site: Site, iri: str) -> list[dict[str, object]]:
    rows = {r["report"]: r for r in answers.run(site, "list_document_reports", document=iri)}
    places = passages(site, rows)
    found = []
    for report, row in rows.items():
        place = passage_in(places.get(report, []), iri)
        found.append(
            {
                "subject": row["subject"],
                "kind": local_name(row["subjectKind"]),
                "text": " ".join(row.get("statusText", "").split())[:280],
                "href": reader_href(site, place["source"], place["start"], place["end"])
                if place
                else None,
                "start": int(place["start"]) if place and place["source"] == iri else 10**9,
            }
        )
    return sorted(found, key=lambda r: r["start"])  # type: ignore[arg-type,return-value]


def _citations(site: Site, iri: str) -> dict[str, list[dict[str, str]]]:
    found: dict[str, dict[str, dict[str, str]]] = {"out": {}, "in": {}}
    for row in answers.run(site, "list_document_citations", document=iri):
        entry = found[row["direction"]].setdefault(row["other"], {"iri": row["other"], "kind": ""})
        kind = local_name(row.get("otherKind", ""))
        if kind and kind != "Document":
            entry["kind"] = kind
        entry["date"] = row.get("otherDate", "")
    return {direction: list(entries.values()) for direction, entries in found.items()}


@page_for("Document")
def document_page(site: Site, iri: str, names: Names) -> Context:
    """Kind, identity, date, author, addressee; citations; reports; questions by party."""
    rows = answers.run(site, "describe_document", document=iri)
    row = answers.first(rows)
    identifier = row.get("identifier", "")
    official = OFFICIAL_PUBLICATION + identifier if OFFICIAL_ID.fullmatch(identifier) else None
    citations = _citations(site, iri)
    reports = _reports(site, iri)
    questions = _questions(site, iri)
    has_text = bool(answers.run(site, "describe_document_text", document=iri))
    names.want(answers.collect(rows, "creator") + answers.collect(rows, "dossier"))
    names.want(answers.collect(rows, "chamber") + answers.collect(rows, "partOf"))
    names.want(c["iri"] for entries in citations.values() for c in entries)
    names.want(str(r["subject"]) for r in reports)
    names.want(g.party for g in questions)
    return {
        "kinds": [local_name(k) for k in _kinds(rows)],
        "row": row,
        "creators": answers.collect(rows, "creator"),
        "official": official,
        "citations": citations,
        "reports": reports,
        "questions": questions,
        "question_count": sum(len(g.questions) for g in questions),
        "has_text": has_text,
    }


@page_for("Dossier")
def dossier_page(site: Site, iri: str, names: Names) -> Context:
    """The dossier's documents in order, with kind and date; its commitments and motions."""
    items: dict[str, dict[str, str]] = {}
    for row in answers.run(site, "list_dossier_documents", dossier=iri):
        entry = items.setdefault(row["thing"], {"iri": row["thing"], "kind": "", "date": ""})
        kind = local_name(row["kind"])
        if not entry["kind"] or entry["kind"] == "ParliamentaryPaper":
            entry["kind"] = kind
        entry["date"] = row.get("date", "")
        entry["number"] = row.get("paperNumber", "")
    things = list(items.values())
    names.want(items)
    papers = [t for t in things if t["kind"] not in ("Commitment", "Motion", "Law")]
    return {
        "documents": papers,
        "commitments": [t for t in things if t["kind"] == "Commitment"],
        "motions": [t for t in things if t["kind"] == "Motion"],
        "laws": [t for t in things if t["kind"] == "Law"],
    }
