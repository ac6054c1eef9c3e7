"""Person and party pages: roles and party, what they asked for, submitted, signed; where named."""

from __future__ import annotations

from server import answers
from server.classpages import Context, Names, local_name, page_for
from server.classpages.laws import mentions
from server.site import Site


@page_for("Person")
def person_page(site: Site, iri: str, names: Names) -> Context:
    """Roles, party, commitments requested, motions submitted, letters signed, mentions."""
    rows = answers.run(site, "describe_person", person=iri)
    activity: dict[str, list[dict[str, str]]] = {}
    for row in answers.run(site, "list_person_activity", person=iri):
        things = activity.setdefault(row["relation"], [])
        if all(t["iri"] != row["thing"] for t in things):
            things.append({"iri": row["thing"], "date": row.get("date", "")})
    memberships = {r["memberOf"]: r for r in rows if "memberOf" in r}
    parties = answers.collect(rows, "party")
    named = mentions(site, iri)
    names.want(parties + list(memberships) + answers.collect(rows, "role"))
    names.want(t["iri"] for things in activity.values() for t in things)
    names.want(str(m["document"]) for m in named)
    return {
        "name": answers.first(rows).get("name", ""),
        "roles": answers.collect(rows, "role"),
        "parties": parties,
        "memberships": list(memberships.values()),
        "activity": activity,
        "mentions": named,
    }


@page_for("Party")
def party_page(site: Site, iri: str, names: Names) -> Context:
    """Members, questions per document, commitments asked for, motions and votes."""
    relations: dict[str, list[str]] = {}
    for row in answers.run(site, "describe_party", party=iri):
        values = relations.setdefault(row["relation"], [])
        if row["thing"] not in values:
            values.append(row["thing"])
    questions = answers.run(site, "count_party_questions", party=iri)
    linked = ("member", "commitment", "votedFor", "votedAgainst", "motion")
    names.want(v for key in linked for v in relations.get(key, []))
    names.want(r["document"] for r in questions)
    return {
        "relations": relations,
        "questions": questions,
        "question_total": sum(int(r["questions"]) for r in questions),
        "kind": local_name(iri),
    }
