"""Named queries as a small API (JSON / CSV, OpenAPI), and the label look-up of the query page."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pyoxigraph as ox
import pytest
from flask.testing import FlaskClient

from kamergraph.queries import load_queries
from kamergraph.store import MemoryStore
from server import create_app

KG = "https://w3id.org/kamergraph/def#"
ID = "https://w3id.org/kamergraph/id/"
DATA = f"""
@prefix kg: <{KG}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{ID}commitment/T1> a kg:Commitment ; dcterms:title "Eerste" ;
    kg:requestedByParty <{ID}party/opnl> .
<{ID}commitment/T2> a kg:Commitment ; dcterms:title "Tweede" ;
    kg:requestedByParty <{ID}party/cda> .
<{ID}commitment/T3> a kg:Commitment ; dcterms:title "Derde \\"quoted\\"" ;
    kg:requestedByParty <{ID}party/cda> .
<{ID}party/opnl> skos:prefLabel "OPNL" .
<{ID}party/cda> skos:prefLabel "CDA" .
"""
QUERY = f"""# title: Commitments by party
# description: Each commitment with its title, optionally for one party
# description: or one title.
# param: party IRI the kg:Party that asked
# param: title literal an exact title
PREFIX kg: <{KG}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?commitment ?title WHERE {{
  ?commitment a kg:Commitment ; dcterms:title ?title ; kg:requestedByParty ?party .
}} ORDER BY ?commitment
"""


@pytest.fixture
def client(tmp_path: Path) -> FlaskClient:
    (tmp_path / "list_commitments_by_party.rq").write_text(QUERY, encoding="utf-8")
    store = MemoryStore()
    graph = ox.NamedNode(f"{ID}graph/reference")
    store.publish(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)
    )
    return create_app(store, queries_dir=tmp_path).test_client()


def test_named_query_as_json(client: FlaskClient) -> None:
    body = client.get("/queries/list_commitments_by_party").json
    assert body["columns"] == ["commitment", "title"]  # type: ignore[index]
    assert [r["title"] for r in body["rows"]] == ["Eerste", "Tweede", 'Derde "quoted"']  # type: ignore[index]
    assert body["truncated"] is False  # type: ignore[index]


def test_parameters_are_bound_not_pasted(client: FlaskClient) -> None:
    by_party = client.get(
        "/queries/list_commitments_by_party", query_string={"party": f"{ID}party/cda"}
    )
    assert [r["commitment"] for r in by_party.json["rows"]] == [
        f"{ID}commitment/T2",
        f"{ID}commitment/T3",
    ]  # type: ignore[index]
    by_title = client.get(
        "/queries/list_commitments_by_party", query_string={"title": 'Derde "quoted"'}
    )
    assert [r["commitment"] for r in by_title.json["rows"]] == [f"{ID}commitment/T3"]  # type: ignore[index]
    injection = client.get(
        "/queries/list_commitments_by_party",
        query_string={"title": '" } UNION { ?commitment ?p ?title } #'},
    )
    assert injection.status_code == 200 and injection.json["rows"] == []  # type: ignore[index]


@pytest.mark.parametrize(
    "params",
    [{"party": "not an iri"}, {"party": ID + "x> } ; DROP ALL ; #"}, {"nonsense": "1"}],
)
def test_bad_parameters_are_400(client: FlaskClient, params: dict[str, str]) -> None:
    response = client.get("/queries/list_commitments_by_party", query_string=params)
    assert response.status_code == 400


def test_named_query_as_csv(client: FlaskClient) -> None:
    response = client.get("/queries/list_commitments_by_party", query_string={"format": "csv"})
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode())))
    assert rows[0] == ["commitment", "title"] and len(rows) == 4
    by_accept = client.get("/queries/list_commitments_by_party", headers={"Accept": "text/csv"})
    assert by_accept.mimetype == "text/csv"


def test_unknown_query_is_404(client: FlaskClient) -> None:
    assert client.get("/queries/no_such_query").status_code == 404


def test_index_and_openapi(client: FlaskClient) -> None:
    [entry] = client.get("/queries").json  # type: ignore[misc]
    assert entry["name"] == "list_commitments_by_party"
    assert entry["url"] == "/queries/list_commitments_by_party"
    document = client.get("/queries/openapi.json").json
    assert document["openapi"].startswith("3.")  # type: ignore[index]
    operation = document["paths"]["/queries/list_commitments_by_party"]["get"]  # type: ignore[index]
    assert operation["summary"] == "Commitments by party"
    params = {p["name"]: p for p in operation["parameters"]}
    assert params["party"]["schema"] == {"type": "string", "format": "uri"}
    assert params["title"]["schema"] == {"type": "string"}
    assert set(operation["responses"]["200"]["content"]) == {"application/json", "text/csv"}


def test_openapi_covers_the_projects_queries() -> None:
    client = create_app(MemoryStore()).test_client()
    paths = client.get("/queries/openapi.json").json["paths"]  # type: ignore[index]
    assert set(paths) == {f"/queries/{q.name}" for q in load_queries()}


def test_labels_for_the_query_page(client: FlaskClient) -> None:
    response = client.post(
        "/-/labels",
        json={"iris": [f"{ID}party/cda", f"{ID}commitment/T1", "http://elsewhere/x", "bad"]},
    )
    assert response.json == {
        "labels": {f"{ID}party/cda": "CDA", f"{ID}commitment/T1": "Eerste"},
        "pages": {f"{ID}party/cda": "/id/party/cda", f"{ID}commitment/T1": "/id/commitment/T1"},
    }
    assert client.post("/-/labels", json={"iris": "x"}).status_code == 400
