"""Every named query parses, is documented, and returns the rows the documents support."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from kamergraph.queries import QUERIES_DIR, load_queries, parse_query_file
from kamergraph.store import GraphStore, MemoryStore

QUERIES = load_queries()
PAGE_QUERIES = load_queries(QUERIES_DIR / "pages")  # the reading pages' own, bound per thing
ID = "https://w3id.org/kamergraph/id/"


def rows(store: GraphStore, name: str) -> list[dict[str, str]]:
    text = parse_query_file(QUERIES_DIR / f"{name}.rq").text
    return list(csv.DictReader(io.StringIO(store.query(text).serialize("csv").decode())))


def test_the_gallery_has_at_least_five_research_queries() -> None:
    assert len(QUERIES) >= 5


def test_the_pages_have_their_own_queries() -> None:
    assert len(PAGE_QUERIES) >= 15
    assert not {q.name for q in PAGE_QUERIES} & {q.name for q in QUERIES}


@pytest.mark.parametrize("query", QUERIES + PAGE_QUERIES, ids=lambda q: q.name)
def test_query_is_documented_and_parses(query) -> None:
    assert query.title and len(query.description) > 20
    assert "_" in query.name and query.name.split("_")[0] in {"list", "count", "describe"}
    MemoryStore().query(query.text)  # raises QuerySyntaxError if it does not parse


def test_a_query_without_a_title_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "list_things.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o }", encoding="utf-8")
    with pytest.raises(ValueError, match="title"):
        parse_query_file(path)


def test_commitments_with_requester_party_and_reports(built_store: GraphStore) -> None:
    by_id = {r["identifier"]: r for r in rows(built_store, "list_commitments")}
    assert {"T03853", "T03930", "T03987", "T03852", "T04004"} <= set(by_id)
    assert "OPNL" in by_id["T03853"]["parties"]
    assert "Goot" in by_id["T03853"]["requesters"]
    assert int(by_id["T03853"]["reportingDocuments"]) >= 2


def test_commitment_timeline_is_ordered_by_date(built_store: GraphStore) -> None:
    timeline = [
        r
        for r in rows(built_store, "list_commitment_timeline")
        if r["commitment"] == ID + "commitment/T03853" and r["date"]
    ]
    dates = [r["date"] for r in timeline]
    assert len(dates) >= 2 and dates == sorted(dates)


def test_questions_per_party(built_store: GraphStore) -> None:
    counts: dict[str, int] = {}
    for r in rows(built_store, "count_questions_by_party"):
        counts[r["partyLabel"]] = counts.get(r["partyLabel"], 0) + int(r["questions"])
    assert {"D66", "BBB", "CDA", "ChristenUnie", "GroenLinks-PvdA", "PVV"} <= set(counts)


def test_documents_citing_a_law(built_store: GraphStore) -> None:
    laws = {r["lawTitle"] for r in rows(built_store, "list_documents_citing_law")}
    assert any("Vreemdelingenwet" in t for t in laws)
    assert any("asielopvangvoorzieningen" in t or "Spreidingswet" in t for t in laws)


def test_motions_with_submitters(built_store: GraphStore) -> None:
    by_id = {r["identifier"]: r for r in rows(built_store, "list_motions")}
    assert "36333-I" in by_id
    assert "Perin-Gopie" in by_id["36333-I"]["submitters"]


def test_reused_answers(built_store: GraphStore) -> None:
    reused = rows(built_store, "list_reused_answers")
    assert reused and max(int(r["timesUsed"]) for r in reused) >= 5


def test_member_activity(built_store: GraphStore) -> None:
    by_name = {r["name"]: r for r in rows(built_store, "list_member_activity")}
    goot = next(r for name, r in by_name.items() if "Goot" in name)
    assert int(goot["commitments"]) >= 1
