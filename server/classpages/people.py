"""Person and party pages: roles and party, what they asked for, submitted, signed; where named."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import url_for

from server import answers, paging
from server.classpages import Context, Names, local_name, page_for
from server.classpages.laws import mentions
from server.site import Site


@page_for("Person")
def person_page(site: Site, iri: str, names: Names) -> Context:
    """Roles, party, commitments requested, motions submitted, letters signed, mentions."""
    rows = answers.run(site, "describe_person", person=iri)
    activity: dict[str, dict[str, dict[str, str]]] = {}  # relation -> thing -> its row
    for row in answers.run(site, "list_person_activity", person=iri):
        things = activity.setdefault(row["relation"], {})  # the first row of a thing is kept
        things.setdefault(row["thing"], {"iri": row["thing"], "date": row.get("date", "")})
    memberships = {r["memberOf"]: r for r in rows if "memberOf" in r}
    parties = answers.collect(rows, "party")
    named = mentions(site, iri)
    names.want(parties + list(memberships) + answers.collect(rows, "role"))
    names.want(thing for things in activity.values() for thing in things)
    names.want(str(m["document"]) for m in named)
    return {
        "name": answers.first(rows).get("name", ""),
        "roles": answers.collect(rows, "role"),
        "parties": parties,
        "memberships": list(memberships.values()),
        "activity": {relation: list(things.values()) for relation, things in activity.items()},
        "mentions": named,
    }


@page_for("Party")
def party_page(site: Site, iri: str, names: Names) -> Context:
    """Members, questions per document, commitments asked for, motions and votes: the first
    `paging.SHOWN_ROWS` of each list, with how many there are and a query for all of them
    (a large party has thousands of each on the whole record)."""
    everything: dict[str, dict[str, None]] = {}  # relation -> things, in the query's order
    for row in answers.run(site, "describe_party", party=iri):
        everything.setdefault(row["relation"], {})[row["thing"]] = None
    every_question = answers.run(site, "count_party_questions", party=iri)
    shown = paging.SHOWN_ROWS
    relations = {key: list(things)[:shown] for key, things in everything.items()}
    questions = every_question[:shown]
    linked = ("member", "commitment", "votedFor", "votedAgainst", "motion")
    names.want(v for key in linked for v in relations.get(key, []))
    names.want(r["document"] for r in questions)
    return {
        "relations": relations,
        "totals": {key: len(things) for key, things in everything.items()},
        "questions": questions,
        "question_rows": len(every_question),
        "question_total": sum(int(r["questions"]) for r in every_question),
        "all_of": {
            "relations": _query_link(site, "describe_party", iri),
            "questions": _query_link(site, "count_party_questions", iri),
        },
        "kind": local_name(iri),
    }


def _query_link(site: Site, name: str, party: str) -> str:
    """The query page with a page query bound to this party: the whole list, to run there."""
    text = answers.bound_text(site, name, {"party": party})
    return url_for("sparql.endpoint") + "?" + urlencode({"query": text})
