"""Standard SPARQL clients, unmodified, against a live server on 127.0.0.1.

SPARQLWrapper and rdflib's SPARQLStore (Python), roqet (Redland's rasqal-utils, C) and Comunica
(`@comunica/query-sparql` from npm, on Node). A missing tool fails with what to install: a
client that was never run has not passed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Iterator

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import JSON, TURTLE, SPARQLWrapper

from kamergraph.settings import PROJECT_ROOT
from kamergraph.store import MemoryStore
from tests.conftest import start_live_server

pytestmark = pytest.mark.e2e
KG = "https://w3id.org/kamergraph/def#"
ID = "https://w3id.org/kamergraph/id/"
TITLE = "http://purl.org/dc/terms/title"
DATA = f"""
@prefix kg: <{KG}> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<{ID}commitment/T03853> a kg:Commitment ; dcterms:title "Spreiding van asielzoekers" .
<{ID}commitment/T03900> a kg:Commitment ; dcterms:title "Opvang \u00e9n begeleiding" .
<{ID}motion/36333-I> a kg:Motion ; dcterms:title "Motie over de Spreidingswet" .
"""
SELECT_TITLES = f"""PREFIX kg: <{KG}>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?c ?title WHERE {{ ?c a kg:Commitment ; dcterms:title ?title }} ORDER BY ?c"""
EXPECTED = [
    (f"{ID}commitment/T03853", "Spreiding van asielzoekers"),
    (f"{ID}commitment/T03900", "Opvang \u00e9n begeleiding"),
]
COMUNICA = PROJECT_ROOT / "node_modules" / ".bin" / "comunica-sparql"


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    store = MemoryStore()
    graph = ox.NamedNode(f"{ID}graph/reference")
    store.publish(
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(DATA.encode(), format=ox.RdfFormat.TURTLE)
    )
    url, server = start_live_server(store)
    yield f"{url}/sparql"
    server.close()  # type: ignore[attr-defined]


def require(tool: str, install: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} is not installed; {install}")
    return path


def test_sparqlwrapper(endpoint: str) -> None:
    client = SPARQLWrapper(endpoint)
    client.setQuery(SELECT_TITLES)
    client.setReturnFormat(JSON)
    bindings = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index]
    assert [(b["c"]["value"], b["title"]["value"]) for b in bindings] == EXPECTED
    client.setMethod("POST")
    client.setQuery(f"CONSTRUCT {{ ?c <{TITLE}> ?t }} WHERE {{ ?c <{TITLE}> ?t }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.queryAndConvert(), format="turtle")  # type: ignore[arg-type]
    assert len(graph) == 3


def test_rdflib_sparqlstore(endpoint: str) -> None:
    graph = Graph(store=SPARQLStore(endpoint))
    rows = [(str(r[0]), str(r[1])) for r in graph.query(SELECT_TITLES)]  # type: ignore[index]
    assert rows == EXPECTED
    assert graph.query(f"ASK {{ ?m a <{KG}Motion> }}").askAnswer is True
    assert (
        URIRef(f"{ID}motion/36333-I"),
        URIRef(TITLE),
        Literal("Motie over de Spreidingswet"),
    ) in graph


def test_roqet(endpoint: str) -> None:
    """SELECT only: rasqal 0.9.33 reads every protocol answer as SPARQL XML bindings (it cannot
    read an XML boolean, nor the RDF/XML it is sent for a CONSTRUCT)."""
    roqet = require("roqet", "apt-get install rasqal-utils (Debian)")
    done = subprocess.run(
        [roqet, "-p", endpoint, "-e", SELECT_TITLES, "-r", "csv"],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    assert lines[0].split(",") == ["c", "title"]
    assert [tuple(line.split(",", 1)) for line in lines[1:]] == EXPECTED


def test_comunica(endpoint: str) -> None:
    node = require("node", "install Node.js 20")
    if not COMUNICA.is_file():
        pytest.fail(f"Comunica is not installed: run `npm ci` in {PROJECT_ROOT}")
    done = subprocess.run(
        [
            node,
            str(COMUNICA),
            f"sparql@{endpoint}",
            SELECT_TITLES,
            "-t",
            "application/sparql-results+json",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    bindings = json.loads(done.stdout)["results"]["bindings"]
    assert [(b["c"]["value"], b["title"]["value"]) for b in bindings] == EXPECTED
