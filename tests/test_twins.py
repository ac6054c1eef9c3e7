"""Complete twins (outgoing, incoming, a mention's selectors and quote, named graphs in the quad
formats, the licence) and the published vocabulary at `/def`."""

from __future__ import annotations

import urllib.request

import pyoxigraph as ox
import pytest
import rdflib
from flask.testing import FlaskClient
from rdflib.compare import isomorphic

from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import GraphStore, MemoryStore

ID = "https://w3id.org/kamergraph/id/"
KG = "https://w3id.org/kamergraph/def#"
OA = "http://www.w3.org/ns/oa#"
COMMITMENT = ID + "commitment/T03853"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"


def _twin(client: FlaskClient, path: str, accept: str) -> list[ox.Quad]:
    response = client.get(path, headers={"Accept": accept})
    assert response.status_code == 200, response.data
    fmt = ox.RdfFormat.from_media_type(accept)
    assert fmt is not None
    parsed = ox.parse(response.data, format=fmt)
    return [q if isinstance(q, ox.Quad) else ox.Quad(*q, ox.DefaultGraph()) for q in parsed]  # type: ignore[misc]


def test_a_twin_carries_what_points_at_the_thing(client: FlaskClient) -> None:
    quads = _twin(client, "/id/commitment/T03853", "text/turtle")
    reports_on = [q for q in quads if q.predicate.value == KG + "reportsOn"]
    assert reports_on and all(q.object == ox.NamedNode(COMMITMENT) for q in reports_on)
    assert any(q.subject == ox.NamedNode(COMMITMENT) for q in quads)


@pytest.mark.parametrize("accept", ["application/n-quads", "application/trig"])
def test_quad_twins_keep_the_graph_each_statement_came_from(
    client: FlaskClient, built_store: GraphStore, accept: str
) -> None:
    assert isinstance(built_store, MemoryStore)
    store = built_store.snapshot()
    quads = _twin(client, "/id/commitment/T03853", accept)
    named = [q for q in quads if not isinstance(q.graph_name, ox.DefaultGraph)]
    assert len({q.graph_name for q in named}) >= 2  # shared facts and per-source reports
    for quad in named:
        assert quad in store, quad
    node = ox.NamedNode(COMMITMENT)
    expected = set(store.quads_for_pattern(node, None, None, None))
    expected |= set(store.quads_for_pattern(None, None, node, None))
    assert set(named) == expected


def test_a_mention_twin_has_its_selectors_and_quote(
    client: FlaskClient, built_store: GraphStore
) -> None:
    rows = built_store.query(
        f"SELECT ?m WHERE {{ ?m <{OA}hasBody> <{COMMITMENT}> }} ORDER BY ?m LIMIT 1"
    ).serialize("csv")
    mention = rows.decode().split()[-1]
    quads = _twin(client, "/id/" + mention[len(ID) :], "application/n-quads")
    predicates = {q.predicate.value for q in quads}
    assert {OA + "hasTarget", OA + "hasSource", OA + "hasSelector"} <= predicates
    assert {OA + "start", OA + "end", OA + "exact"} <= predicates


def test_every_twin_states_the_data_licence(client: FlaskClient) -> None:
    for accept in ("text/turtle", "application/ld+json", "application/n-triples"):
        response = client.get("/id/commitment/T03853", headers={"Accept": accept})
        assert (
            f"<{CC0}>" in response.headers["Link"] and 'rel="license"' in response.headers["Link"]
        )
    quads = _twin(client, "/id/commitment/T03853", "application/n-triples")
    assert any(q.predicate.value.endswith("license") and q.object.value == CC0 for q in quads)
    links = client.get("/id/commitment/T03853").headers["Link"]
    assert "application/n-quads" in links and "application/trig" in links


def test_twins_in_quad_formats_by_suffix(client: FlaskClient) -> None:
    for suffix, fmt in (("nq", ox.RdfFormat.N_QUADS), ("trig", ox.RdfFormat.TRIG)):
        response = client.get(f"/id/commitment/T03853.{suffix}")
        assert response.status_code == 200
        assert list(ox.parse(response.data, format=fmt))


def test_the_vocabulary_page_documents_every_class_with_labels_and_examples(
    client: FlaskClient,
) -> None:
    response = client.get("/def", headers={"Accept": "text/html"})
    assert response.status_code == 200
    page = response.data.decode()
    ontology = rdflib.Graph().parse(PROJECT_ROOT / "ontology" / "kamergraph.ttl")
    classes = {
        str(c)[len(KG) :]
        for c in ontology.subjects(rdflib.RDF.type, rdflib.OWL.Class)
        if str(c).startswith(KG)
    }
    assert len(classes) > 15
    for name in classes:
        assert f'id="{name}"' in page, name
    assert "toezegging" in page and "commitment" in page
    assert 'href="/id/commitment/' in page  # an example from the graph


@pytest.mark.e2e
def test_the_vocabulary_as_turtle_is_the_ontology(live_server: str) -> None:
    request = urllib.request.Request(live_server + "/def", headers={"Accept": "text/turtle"})
    with urllib.request.urlopen(request) as response:
        assert response.headers.get_content_type() == "text/turtle"
        served = rdflib.Graph().parse(data=response.read().decode(), format="turtle")
    ontology = rdflib.Graph().parse(PROJECT_ROOT / "ontology" / "kamergraph.ttl")
    assert isomorphic(served, ontology)


def test_the_home_page_states_the_licence_and_links_the_open_data(client: FlaskClient) -> None:
    page = client.get("/", headers={"Accept": "text/html"}).data.decode()
    assert CC0 in page and 'rel="license"' in page
    for link in ("/dumps/", "/releases/", "/.well-known/void", "/def"):
        assert f'href="{link}"' in page
