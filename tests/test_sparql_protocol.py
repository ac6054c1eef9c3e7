"""The /sparql endpoint over the SPARQL 1.1 Protocol: methods, datasets, formats, refusals."""

from __future__ import annotations

import gzip
import json
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kamergraph.store import MemoryStore
from server import create_app

EX = "http://example.org/"
FOAF_DOC = "http://xmlns.com/foaf/0.1/Document"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _quad(s: str, o: str, g: str) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(EX + s), ox.NamedNode(RDF_TYPE), ox.NamedNode(o), ox.NamedNode(EX + g)
    )


@pytest.fixture
def app() -> Flask:
    store = MemoryStore()
    store.publish([_quad("doc1", FOAF_DOC, "g1"), _quad("doc2", FOAF_DOC, "g2")])
    application = create_app(store)
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


SELECT = f"SELECT ?s WHERE {{ ?s a <{FOAF_DOC}> }} ORDER BY ?s"


def _subjects(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.data
    data = json.loads(response.data)
    return [b["s"]["value"] for b in data["results"]["bindings"]]


def test_get_form_and_direct_post_give_the_same_answer(client: FlaskClient) -> None:
    expected = [EX + "doc1", EX + "doc2"]
    assert _subjects(client.get("/sparql", query_string={"query": SELECT})) == expected
    assert _subjects(client.post("/sparql", data={"query": SELECT})) == expected
    direct = client.post("/sparql", data=SELECT, content_type="application/sparql-query")
    assert _subjects(direct) == expected


def test_protocol_dataset_overrides_the_union(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": SELECT, "default-graph-uri": EX + "g1"})
    assert _subjects(response) == [EX + "doc1"]
    named = "SELECT ?s WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?s"
    response = client.get("/sparql", query_string={"query": named, "named-graph-uri": EX + "g2"})
    assert _subjects(response) == [EX + "doc2"]


def test_from_in_the_query_is_honoured_and_unknown_graphs_refused(client: FlaskClient) -> None:
    query = f"SELECT ?s FROM <{EX}g2> WHERE {{ ?s ?p ?o }}"
    assert _subjects(client.get("/sparql", query_string={"query": query})) == [EX + "doc2"]
    remote = "SELECT * FROM <http://evil.example/data.ttl> { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": remote})
    assert response.status_code == 400
    assert b"never fetches" in response.data
    local_file = "SELECT * FROM NAMED <file:///etc/passwd> { GRAPH ?g { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": local_file}).status_code == 400


@pytest.mark.parametrize(
    ("accept", "fmt", "media_type"),
    [
        (None, None, "application/sparql-results+json"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("application/json", None, "application/sparql-results+json"),
        (None, "xml", "application/sparql-results+xml"),
        ("text/csv", "tsv", "text/tab-separated-values"),
        (None, "application/sparql-results+json", "application/sparql-results+json"),
    ],
)
def test_select_formats(
    client: FlaskClient, accept: str | None, fmt: str | None, media_type: str
) -> None:
    params = {"query": SELECT, **({"format": fmt} if fmt else {})}
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string=params, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == media_type
    assert b"doc1" in response.data


@pytest.mark.parametrize(
    ("accept", "output", "media_type", "parse_as"),
    [
        (None, None, "text/turtle", ox.RdfFormat.TURTLE),
        ("application/n-triples", None, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("application/ld+json", None, "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/rdf+xml", None, "application/rdf+xml", ox.RdfFormat.RDF_XML),
        (None, "json", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/sparql-results+xml", None, "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ("application/sparql-results+json", None, "application/ld+json", ox.RdfFormat.JSON_LD),
        (None, "nt", "application/n-triples", ox.RdfFormat.N_TRIPLES),
    ],
)
def test_construct_formats(
    client: FlaskClient,
    accept: str | None,
    output: str | None,
    media_type: str,
    parse_as: ox.RdfFormat,
) -> None:
    query = f"CONSTRUCT {{ ?s a <{FOAF_DOC}> }} WHERE {{ ?s a <{FOAF_DOC}> }}"
    params = {"query": query, **({"output": output} if output else {})}
    response = client.get(
        "/sparql", query_string=params, headers={"Accept": accept} if accept else {}
    )
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    assert len(list(ox.parse(response.data, format=parse_as))) == 2


def test_ask_and_describe(client: FlaskClient) -> None:
    ask = client.get("/sparql", query_string={"query": f"ASK {{ <{EX}doc1> ?p ?o }}"})
    assert json.loads(ask.data) == {"head": {}, "boolean": True}
    xml = client.get(
        "/sparql",
        query_string={"query": "ASK {}"},
        headers={"Accept": "application/sparql-results+xml"},
    )
    assert b"<boolean>true</boolean>" in xml.data
    describe = client.get("/sparql", query_string={"query": f"DESCRIBE <{EX}doc1>"})
    assert describe.mimetype == "text/turtle"
    described = list(ox.parse(describe.data, format=ox.RdfFormat.TURTLE))
    assert ox.NamedNode(FOAF_DOC) in {t.object for t in described}


def test_relative_iris_resolve_against_the_endpoint(client: FlaskClient) -> None:
    response = client.get(
        "/sparql", query_string={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}", "format": "nt"}
    )
    assert response.data.startswith(b"<http://localhost/s> <http://localhost/p>")


def test_bad_query_is_400_with_the_parsers_message_and_line(client: FlaskClient) -> None:
    response = client.get("/sparql", query_string={"query": "SELECT * WHERE {\n  ?s ?p \n}"})
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert b"error at 3:" in response.data  # the line as sent, not counting our BASE


def test_unsupported_format_is_406(client: FlaskClient) -> None:
    assert (
        client.get("/sparql", query_string={"query": SELECT, "format": "turtle"}).status_code == 406
    )
    response = client.get(
        "/sparql", query_string={"query": SELECT}, headers={"Accept": "image/png"}
    )
    assert response.status_code == 406
    assert b"application/sparql-results+json" in response.data


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"method": "GET", "query_string": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": {"update": "CLEAR ALL"}},
        {"method": "POST", "data": "CLEAR ALL", "content_type": "application/sparql-update"},
        {"method": "GET", "query_string": {"query": "DROP ALL"}},
        {"method": "POST", "data": {"query": f"LOAD <{EX}x> INTO GRAPH <{EX}y>"}},
    ],
)
def test_updates_are_refused_as_read_only(client: FlaskClient, request_kwargs: dict) -> None:  # type: ignore[type-arg]
    response = client.open("/sparql", **request_kwargs)
    assert response.status_code == 403
    assert b"read-only" in response.data
    assert _subjects(client.get("/sparql", query_string={"query": SELECT})) == [
        EX + "doc1",
        EX + "doc2",
    ]


def test_service_is_refused(client: FlaskClient) -> None:
    query = "SELECT * { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert b"SERVICE" in response.data


@pytest.mark.parametrize(
    ("request_kwargs", "status"),
    [
        ({"method": "PUT", "query_string": {"query": "ASK {}"}}, 405),
        ({"method": "GET", "query_string": [("query", "ASK {}"), ("query", "ASK {}")]}, 400),
        ({"method": "POST", "data": "ASK {}", "content_type": "text/plain"}, 415),
        ({"method": "POST", "data": "query=ASK%20%7B%7D"}, 415),
        (
            {
                "method": "POST",
                "data": "ASK {}".encode("utf-16"),
                "content_type": "application/sparql-query; charset=UTF-16",
            },
            415,
        ),
        (
            {"method": "POST", "data": b"ASK { \xff }", "content_type": "application/sparql-query"},
            400,
        ),
        ({"method": "POST", "data": {"format": "json"}}, 400),
        (
            {
                "method": "GET",
                "query_string": {"query": "ASK {}", "default-graph-uri": "not an iri"},
            },
            400,
        ),
    ],
)
def test_protocol_errors(client: FlaskClient, request_kwargs: dict, status: int) -> None:  # type: ignore[type-arg]
    assert client.open("/sparql", **request_kwargs).status_code == status


def test_service_description(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = ox.Store()
    graph.load(response.data, format=ox.RdfFormat.TURTLE)
    sd = "http://www.w3.org/ns/sparql-service-description#"
    query = f"""PREFIX sd: <{sd}>
        ASK {{ ?service a sd:Service ; sd:endpoint <http://localhost/sparql> ;
                 sd:supportedLanguage sd:SPARQL11Query ;
                 sd:resultFormat <http://www.w3.org/ns/formats/SPARQL_Results_JSON> ;
                 sd:defaultDataset [ sd:namedGraph [ sd:name <{EX}g1> ] ] }}"""
    assert bool(graph.query(query))
    as_json_ld = client.get("/sparql", headers={"Accept": "application/ld+json"})
    assert as_json_ld.mimetype == "application/ld+json"


def test_a_browser_gets_the_query_page_and_permalinks_preload(client: FlaskClient) -> None:
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    page = client.get("/sparql", headers={"Accept": accept})
    assert page.mimetype == "text/html"
    assert b'id="editor"' in page.data
    permalink = client.get("/sparql?query=" + quote("ASK { ?s ?p ?o }"), headers={"Accept": accept})
    assert permalink.mimetype == "text/html"
    assert b"ASK { ?s ?p ?o }" in permalink.data
    downloaded = client.get("/sparql?format=srj&query=" + quote(SELECT), headers={"Accept": accept})
    assert downloaded.mimetype == "application/sparql-results+json"
    assert downloaded.headers["Content-Disposition"] == 'inline; filename="query-results.srj"'


def test_cors_including_preflight(client: FlaskClient) -> None:
    origin = {"Origin": "https://elsewhere.example"}
    simple = client.get("/sparql", query_string={"query": "ASK {}"}, headers=origin)
    assert simple.headers["Access-Control-Allow-Origin"] in ("*", origin["Origin"])
    preflight = client.options(
        "/sparql",
        headers={
            **origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 200
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "content-type" in preflight.headers["Access-Control-Allow-Headers"].lower()


def test_large_results_stream_gzipped() -> None:
    store = MemoryStore()
    store.publish(
        ox.Quad(
            ox.NamedNode(f"{EX}s{i}"),
            ox.NamedNode(EX + "p"),
            ox.Literal(str(i)),
            ox.NamedNode(EX + "g"),
        )
        for i in range(30000)
    )
    client = create_app(store).test_client()
    response = client.get(
        "/sparql",
        query_string={"query": "SELECT * { ?s ?p ?o }", "format": "csv"},
        headers={"Accept-Encoding": "gzip"},
    )
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Encoding"] == "gzip"
    body = gzip.decompress(response.data)
    assert body.count(b"\r\n") == 30001
    assert len(response.data) < len(body) / 3


HIDDEN_SERVICE = [
    # an escaped character in a prefixed name once made the tokenizer read the rest as a comment
    "PREFIX ex: <http://example.org/>\nSELECT * WHERE { OPTIONAL { ?s ?p ex:a\\#b } "
    "SERVICE <http://127.0.0.1:9/sparql> { ?x ?y ?z }\n}",
    "SELECT * WHERE { sErViCe <http://127.0.0.1:9/sparql> { ?x ?y ?z } }",
    "SELECT * WHERE { SERVICE SILENT <http://127.0.0.1:9/sparql> { ?x ?y ?z } }",
]


@pytest.mark.parametrize("query", HIDDEN_SERVICE)
def test_service_is_refused_however_it_is_written(client: FlaskClient, query: str) -> None:
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 403
    assert b"SERVICE is refused" in response.data


def test_queries_that_merely_mention_service_still_run(client: FlaskClient) -> None:
    sd = "<http://www.w3.org/ns/sparql-service-description#endpoint>"
    for query in (f"SELECT * WHERE {{ ?s {sd} ?o }}", 'ASK { ?s ?p "customer service" }'):
        assert client.get("/sparql", query_string={"query": query}).status_code == 200


def test_from_with_an_unusable_iri_is_a_bad_request(client: FlaskClient) -> None:
    query = "PREFIX ex: <http://example.org/>\nSELECT * FROM ex:a\\~b WHERE { ?s ?p ?o }"
    response = client.get("/sparql", query_string={"query": query})
    assert response.status_code == 400
