"""Current status, status history and dates of undated letters, over the built seeds.

Why: "has it been fulfilled?" must have an answer with its source, and an undated letter must
not break the timeline (the named queries left latestReport blank and put it first).
"""

from __future__ import annotations

import csv
import io

from kamergraph.queries import QUERIES_DIR, parse_query_file
from kamergraph.store import GraphStore

ID = "https://w3id.org/kamergraph/id/"
KG = "https://w3id.org/kamergraph/def#"
UNDATED = ID + "document/letter-undated-asielopvang-moties-en-toezeggingen"


def rows(store: GraphStore, name: str, bindings: str = "") -> list[dict[str, str]]:
    text = parse_query_file(QUERIES_DIR / f"{name}.rq").text
    if bindings:  # a VALUES block after the query binds its parameters
        text += "\n" + bindings
    return list(csv.DictReader(io.StringIO(store.query(text).serialize("csv").decode())))


def select(store: GraphStore, query: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(store.query(query).serialize("csv").decode())))


def test_the_undated_letter_is_dated_from_the_letter_that_cites_it(built_store: GraphStore) -> None:
    # 000 (10 Dec 2025), on T03852 that 002 also reports on: "In de eerdere brief van
    # 16 december 2024 heeft mijn voorganger aangegeven ..."
    found = select(
        built_store,
        f"PREFIX kg: <{KG}> PREFIX dcterms: <http://purl.org/dc/terms/> "
        f"SELECT ?date ?inferred ?reason WHERE {{ <{UNDATED}> dcterms:date ?date ; "
        "kg:dateInferred ?inferred ; kg:dateInferenceReason ?reason }",
    )
    assert len(found) == 1
    assert found[0]["date"] == "2024-12-16" and found[0]["inferred"] == "true"
    assert "16 december 2024" in found[0]["reason"] and "kst-36800-XX-A" in found[0]["reason"]


def test_latest_report_is_given_for_commitments_reported_in_the_undated_letter(
    built_store: GraphStore,
) -> None:
    by_id = {r["identifier"]: r for r in rows(built_store, "list_commitments")}
    for t_number in ("T03850", "T03852", "T03853", "T03930"):
        assert by_id[t_number]["latestReport"], t_number
    assert by_id["T03850"]["latestReport"] == "2024-12-16"


def test_the_timeline_is_dated_throughout_and_marks_inferred_dates(built_store: GraphStore) -> None:
    timeline = [
        r
        for r in rows(built_store, "list_commitment_timeline")
        if r["commitment"] == ID + "commitment/T03853"
    ]
    dates = [r["date"] for r in timeline]
    assert all(dates) and dates == sorted(dates) and len(dates) >= 4
    inferred = [r for r in timeline if r["dateInferred"] == "true"]
    assert [r["document"] for r in inferred] == [UNDATED]


def test_every_report_has_one_reported_status(built_store: GraphStore) -> None:
    counts = select(
        built_store,
        f"PREFIX kg: <{KG}> SELECT ?r (COUNT(?s) AS ?n) WHERE {{ ?r a kg:Report . "
        "OPTIONAL { ?r kg:reportedStatus ?s } } GROUP BY ?r",
    )
    assert len(counts) >= 30 and {c["n"] for c in counts} == {"1"}


def test_current_status_is_the_latest_telling_report(built_store: GraphStore) -> None:
    history = rows(
        built_store,
        "list_commitment_status_history",
        f"VALUES ?commitment {{ <{ID}commitment/T03987> }}",
    )
    assert [h["date"] for h in history] == sorted(h["date"] for h in history)
    current = [h for h in history if h["current"] == "true"]
    # 001's letter of 3 July 2026: "is in het persbericht nu ook de uitsplitsing ... opgenomen"
    assert len(current) == 1 and current[0]["statusLabel"] == "fulfilled"
    assert current[0]["date"] == "2026-07-03" and "opgenomen" in current[0]["evidence"]
    assert current[0]["evidence"] in " ".join(current[0]["statusText"].split())


def test_a_mention_in_a_list_of_topics_does_not_set_the_status(built_store: GraphStore) -> None:
    # T03853: the nota of 2 March 2026 only lists it; the letters of Dec 2025 and Jul 2026 report
    found = select(
        built_store,
        f"PREFIX kg: <{KG}> SELECT ?status ?asOf WHERE {{ <{ID}commitment/T03853> "
        "kg:status ?status ; kg:statusAsOf ?asOf }",
    )
    assert found == [{"status": KG + "progressReported", "asOf": "2026-07-03"}]


def test_a_motion_keeps_its_fate_beside_its_reported_status(built_store: GraphStore) -> None:
    by_id = {r["identifier"]: r for r in rows(built_store, "list_motions")}
    assert by_id["36333-I"]["status"] == "adopted"
    assert by_id["36333-I"]["reportedStatus"] == "progress reported"


def test_the_scheme_is_aligned_with_the_senate_register(built_store: GraphStore) -> None:
    matches = select(
        built_store,
        f"PREFIX kg: <{KG}> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
        "SELECT ?s ?label WHERE { ?s a kg:ReportedStatus ; skos:closeMatch ?r . "
        '?r skos:prefLabel ?label FILTER(LANG(?label) = "nl") }',
    )
    by_status = {m["s"].removeprefix(KG): m["label"] for m in matches}
    assert by_status["fulfilled"] == "voldaan"
    assert by_status["partlyFulfilled"] == "deels voldaan"
    assert by_status["deferred"] == by_status["willReportLater"] == "openstaand"
