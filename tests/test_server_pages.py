"""Entity pages at their IRI paths, their RDF twins, the home page and the health check."""

from __future__ import annotations

import shutil

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kamergraph.store import DiskStore, MemoryStore
from server import create_app

KG = "https://w3id.org/kamergraph/def#"
ID = "https://w3id.org/kamergraph/id/"
COMMITMENT = f"{ID}commitment/T03853"
DATA = f"""
@prefix kg: <{KG}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<{COMMITMENT}> a kg:Commitment ; dcterms:identifier "T03853" ;
    dcterms:title "Spreiding van asielzoekers" ;
    kg:requestedBy <{ID}person/van-der-goot-a-sj> ; kg:requestedByParty <{ID}party/opnl> .
<{ID}person/van-der-goot-a-sj> a kg:Person ; foaf:name "A.Sj. van der Goot" .
<{ID}party/opnl> a kg:Party ; skos:prefLabel "OPNL" .
<{ID}report/1> a kg:Report ; kg:reportsOn <{COMMITMENT}> ; kg:statusText "In uitvoering <b>" .
kg:Commitment rdfs:label "commitment"@en, "toezegging"@nl .
kg:requestedBy rdfs:label "requested by"@en .
"""
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


def _store() -> MemoryStore:
    store = MemoryStore()
    graph = ox.NamedNode(f"{ID}graph/reference")
    store.publish(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)
    )
    return store


@pytest.fixture
def app() -> Flask:
    application = create_app(_store())
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def test_entity_page_lists_properties_with_labels_and_incoming_links(client: FlaskClient) -> None:
    response = client.get("/id/commitment/T03853", headers={"Accept": HTML})
    assert response.status_code == 200
    assert response.mimetype == "text/html"
    page = response.data.decode()
    assert "<h1>Spreiding van asielzoekers</h1>" in page
    assert '<a href="/id/person/van-der-goot-a-sj">A.Sj. van der Goot</a>' in page
    # the generic property table is the class page's "data" view
    page = client.get("/id/commitment/T03853?view=data", headers={"Accept": HTML}).data.decode()
    assert '<a href="/id/person/van-der-goot-a-sj"' in page
    assert "A.Sj. van der Goot</a>" in page
    assert ">requested by</a>" in page  # the predicate's own label
    assert ">commitment</a>" in page  # the class by its English label
    assert '<a href="/id/party/opnl"' in page and "OPNL</a>" in page
    assert '<a href="/id/report/1"' in page  # incoming: the report on this commitment
    assert (
        "In uitvoering &lt;b&gt;"
        in client.get("/id/report/1", headers={"Accept": HTML}).data.decode()
    )


@pytest.mark.parametrize(
    ("how", "media_type", "rdf_format"),
    [
        ({"path": "/id/commitment/T03853.ttl"}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"path": "/id/commitment/T03853.jsonld"}, "application/ld+json", ox.RdfFormat.JSON_LD),
        ({"path": "/id/commitment/T03853.nt"}, "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ({"path": "/id/commitment/T03853.rdf"}, "application/rdf+xml", ox.RdfFormat.RDF_XML),
        ({"headers": {"Accept": "text/turtle"}}, "text/turtle", ox.RdfFormat.TURTLE),
        (
            {"headers": {"Accept": "application/ld+json"}},
            "application/ld+json",
            ox.RdfFormat.JSON_LD,
        ),
        (
            {"headers": {"Accept": "application/n-triples"}},
            "application/n-triples",
            ox.RdfFormat.N_TRIPLES,
        ),
        ({"query_string": {"format": "ttl"}}, "text/turtle", ox.RdfFormat.TURTLE),
        ({"query_string": {"format": "jsonld"}}, "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_rdf_twins(
    client: FlaskClient, how: dict, media_type: str, rdf_format: ox.RdfFormat
) -> None:  # type: ignore[type-arg]
    response = client.get(
        how.get("path", "/id/commitment/T03853"), **{k: v for k, v in how.items() if k != "path"}
    )
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    triples = [q.triple for q in ox.parse(response.data, format=rdf_format)]
    assert (
        ox.Triple(
            ox.NamedNode(COMMITMENT),
            ox.NamedNode("http://purl.org/dc/terms/identifier"),
            ox.Literal("T03853"),
        )
        in triples
    )
    # its own statements, those pointing at it (issue 16), and the twin's licence and topic
    thing = ox.NamedNode(COMMITMENT)
    assert all(
        thing in (t.subject, t.object) or t.predicate.value.endswith(("license", "primaryTopic"))
        for t in triples
    )


def test_link_header_names_every_twin(client: FlaskClient) -> None:
    link = client.get("/id/commitment/T03853").headers["Link"]
    for suffix, media_type in (
        ("ttl", "text/turtle"),
        ("jsonld", "application/ld+json"),
        ("nt", "application/n-triples"),
    ):
        assert f'</id/commitment/T03853.{suffix}>; rel="alternate"; type="{media_type}"' in link
    assert client.get("/id/commitment/T03853.ttl").headers["Link"] == link


def test_unknown_things_are_404(client: FlaskClient) -> None:
    assert client.get("/id/commitment/T99999").status_code == 404
    assert client.get("/id/commitment/T99999.ttl").status_code == 404
    assert client.get("/id/commitment/T03853%3E%20%7D").status_code == 404
    page = client.get("/id/nothing", headers={"Accept": HTML})
    assert page.status_code == 404 and page.mimetype == "text/html"


def test_unsupported_page_format_is_406(client: FlaskClient) -> None:
    response = client.get("/id/commitment/T03853", headers={"Accept": "image/png"})
    assert response.status_code == 406


def test_a_custom_base_iri_maps_to_id_paths() -> None:
    store = MemoryStore()
    base = "http://data.example/things/"
    store.publish(
        [
            ox.Quad(
                ox.NamedNode(base + "x"),
                ox.NamedNode(f"{KG}p"),
                ox.Literal("v"),
                ox.NamedNode(base + "g"),
            )
        ]
    )
    client = create_app(store, base_iri=base).test_client()
    assert f'<{base}x> <{KG}p> "v" .\n'.encode() in client.get("/id/x.nt").data.splitlines(True)


def test_home_counts_things_in_the_domains_terms_and_links_to_the_query_page(
    client: FlaskClient,
) -> None:
    page = client.get("/").data.decode()
    assert 'href="/sparql"' in page
    for count, label in ((1, "commitments"), (1, "members and officials"), (1, "parties")):
        assert f'<span class="number">{count}</span> {label}</a>' in page
    assert '<span class="number">0</span> motions</a>' in page


def test_health(client: FlaskClient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    health = client.get("/-/health")
    assert health.status_code == 200
    body = health.json
    assert body.pop("workers")["size"] >= 1  # type: ignore[union-attr]  # see test_hardening_pool
    assert body == {"ok": True, "triples": 15, "generation": None}
    disk = DiskStore(tmp_path / "store")
    empty = create_app(disk).test_client().get("/-/health")
    assert empty.status_code == 503 and empty.json["ok"] is False  # type: ignore[index]
    disk.publish(_store().quads())
    published = create_app(disk).test_client().get("/-/health").json
    published.pop("workers")  # type: ignore[union-attr]
    assert published == {"ok": True, "triples": 15, "generation": "g000001"}


def test_health_counts_each_generation_it_serves(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The count is kept per published generation (monitors poll it; counting scans the
    store), so a new generation, and a store deleted and built anew, are counted afresh."""
    disk = DiskStore(tmp_path / "store")
    client = create_app(disk).test_client()
    disk.publish(_store().quads())
    assert client.get("/-/health").json["triples"] == 15  # type: ignore[index]
    extra = ox.Quad(
        ox.NamedNode("https://example.org/x"),
        ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
        ox.NamedNode("http://xmlns.com/foaf/0.1/Person"),
    )
    disk.publish([*_store().quads(), extra])
    body = client.get("/-/health").json
    assert (body["generation"], body["triples"]) == ("g000002", 16)  # type: ignore[index]
    shutil.rmtree(tmp_path / "store")
    disk = DiskStore(tmp_path / "store")
    disk.publish([extra])
    body = create_app(disk).test_client().get("/-/health").json
    assert (body["generation"], body["triples"]) == ("g000001", 1)  # type: ignore[index]


def test_buffered_pages_are_gzipped_when_large(client: FlaskClient) -> None:
    response = client.get("/sparql", headers={"Accept": HTML, "Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    small = client.get("/-/health", headers={"Accept-Encoding": "gzip"})
    assert "Content-Encoding" not in small.headers


def test_before_the_first_build_pages_say_so(tmp_path) -> None:  # type: ignore[no-untyped-def]
    client = create_app(DiskStore(tmp_path / "empty")).test_client()
    for path in ("/", "/id/commitment/T03853", "/sparql?query=ASK%20%7B%7D"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert b"kamergraph build" in response.data


def test_a_class_may_have_its_own_page_template(app: Flask) -> None:
    from jinja2 import ChoiceLoader, DictLoader

    custom = (
        '{% extends "_entity_base.html" %}{% block title %}Toezegging {{ title }}{% endblock %}'
    )
    app.jinja_loader = ChoiceLoader(
        [DictLoader({"entity-commitment.html": custom}), app.jinja_loader]
    )  # type: ignore[list-item]
    page = app.test_client().get("/id/commitment/T03853", headers={"Accept": HTML}).data.decode()
    assert "<title>Toezegging Spreiding van asielzoekers · kamergraph</title>" in page


def test_past_its_memory_bound_the_server_reopens_its_store(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """KG_KEEP_MB: a server that grew past the bound drops its read handle (and the RocksDB
    caches it holds) once the response is sent; the next request reads through a fresh handle. With
    no bound (0) the handle stays."""
    disk = DiskStore(tmp_path / "store")
    disk.publish(_store().quads())
    for keep, reopened in (("0.001", True), ("0", False)):
        monkeypatch.setenv("KG_KEEP_MB", keep)
        client = create_app(disk).test_client()
        assert client.get("/-/health").status_code == 200
        handle = disk._current()
        ballast = bytearray(8 * 2**20)  # resident growth the bound must notice
        ballast[::4096] = b"x" * len(ballast[::4096])
        response = client.get("/-/health")
        assert response.json["triples"] == 15  # type: ignore[index]
        response.close()  # checked once the body is out, as a WSGI server closes it
        assert (disk._current() is not handle) is reopened
        del ballast
