"""Search over the real build: identifiers in every spelling, names with or without initials,
full text with highlighted snippets, facets, JSON; and an index beside every generation."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from kamergraph.search import index_for, search, words
from kamergraph.search_index import compact
from kamergraph.store import DiskStore, GraphStore

ID = "https://w3id.org/kamergraph/id/"
JSON = {"Accept": "application/json"}


def first_hit(client: FlaskClient, query: str) -> str:
    body = client.get("/search", query_string={"q": query}, headers=JSON).json
    assert body and body["hits"], query
    return str(body["hits"][0]["iri"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("T03853", "commitment/T03853"),
        ("t03853", "commitment/T03853"),
        ("36 333 I", "motion/36333-I"),
        ("36333-I", "motion/36333-I"),
        ("kst-36600-XX-E", "document/kst-36600-XX-E"),
        ("36 600 XX", "dossier/36600-XX"),
        ("Van der Goot", "person/van-der-goot-a-sj"),
        ("A.Sj. van der Goot", "person/van-der-goot-a-sj"),
        ("Perin-Gopie", "person/perin-gopie"),
        ("OPNL", "party/opnl"),
        ("Spreidingswet", "law/spreidingswet"),
    ],
)
def test_known_things_rank_first(client: FlaskClient, query: str, expected: str) -> None:
    assert first_hit(client, query) == ID + expected


def test_full_text_finds_documents_with_highlighted_snippets(client: FlaskClient) -> None:
    body = client.get("/search", query_string={"q": "peildatum"}, headers=JSON).json
    assert body is not None
    documents = [h for h in body["hits"] if h["kind"] == "Document"]
    assert documents and all(h["href"].startswith("/id/document/") for h in documents)
    assert all(any(w.lower().startswith("peildatum") for w in h["highlights"]) for h in documents)


def test_facets_count_and_filter_by_kind_party_and_year(client: FlaskClient) -> None:
    body = client.get("/search", query_string={"q": "opvang"}, headers=JSON).json
    assert body is not None
    kinds = {f["value"]: f["count"] for f in body["facets"]["kind"]}
    assert kinds.get("Document", 0) >= 3 and kinds.get("Commitment", 0) >= 1
    narrowed = client.get(
        "/search", query_string={"q": "opvang", "kind": "Commitment"}, headers=JSON
    ).json
    assert narrowed is not None
    assert narrowed["total"] == kinds["Commitment"]
    assert {h["kind"] for h in narrowed["hits"]} == {"Commitment"}
    parties = {f["value"] for f in body["facets"]["party"]}
    assert ID + "party/opnl" in parties


def test_the_search_page_escapes_and_highlights(client: FlaskClient) -> None:
    html = client.get(
        "/search", query_string={"q": "<script>kleinschalige"}, headers={"Accept": "text/html"}
    )
    page = html.get_data(as_text=True)
    assert "<script>kleinschalige" not in page and "&lt;script&gt;kleinschalige" in page
    assert "<mark>" in page and 'class="facets"' in page


@pytest.mark.parametrize(
    "query", ['"', "AND OR NOT", "*", "NEAR(", "t0385*", "'; DROP TABLE entries"]
)
def test_no_query_breaks_the_index(client: FlaskClient, query: str) -> None:
    assert client.get("/search", query_string={"q": query}, headers=JSON).status_code == 200


def test_query_words_join_official_number_spacing() -> None:
    assert words("36 333 I") == ["36333", "I"]
    assert compact("36 333 I") == compact("36333-I") == "36333i"


def test_each_published_generation_gets_its_index_and_old_ones_go(
    built_store: GraphStore, tmp_path: Path
) -> None:
    disk = DiskStore(tmp_path / "store")
    quads = list(built_store.quads())
    for _ in range(3):
        disk.publish(iter(quads))
    generation = disk.current_generation()
    index = tmp_path / "store" / f"search-{generation}.sqlite"
    assert index.exists() and index_for(disk) == index
    kept = sorted(p.name for p in (tmp_path / "store").glob("search-*"))
    assert kept == ["search-g000002.sqlite", "search-g000003.sqlite"]
    with sqlite3.connect(index) as db:
        assert (
            db.execute("SELECT count(*) FROM entries WHERE kind = 'Commitment'").fetchone()[0] == 12
        )
    assert search(index, "T03853").hits[0].iri == ID + "commitment/T03853"


def test_a_kind_without_words_lists_every_thing_of_that_kind(
    client: FlaskClient, built_store: GraphStore
) -> None:
    body = client.get("/search", query_string={"kind": "Commitment"}, headers=JSON).json
    assert body is not None
    listed = {h["iri"] for h in body["hits"]}
    result = built_store.query(
        "SELECT ?c WHERE { ?c a <https://w3id.org/kamergraph/def#Commitment> }"
    )
    assert listed == {row["c"].value for row in result.raw}  # type: ignore[union-attr,index]
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'href="/search?kind=Commitment"' in home


def test_the_search_box_opens_the_page_of_an_identifier_and_lists_words(
    client: FlaskClient,
) -> None:
    """The box sends go=1: an identifier that names one thing opens it (the resolver first)."""
    found = client.get("/search?q=T03853&go=1")
    assert found.status_code == 303 and found.headers["Location"].endswith("/id/commitment/T03853")
    words = client.get("/search?q=kleinschalige+opvang&go=1")
    assert words.status_code == 200 and "hit-link" in words.get_data(as_text=True)
    listed = client.get("/search?q=T03853")  # without go=1: the ranked list, as a link shares it
    assert listed.status_code == 200
