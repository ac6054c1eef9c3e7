"""The W3C SPARQL 1.1 Protocol test suite, run against a live server over HTTP.

The manifest is the W3C's (read from KG_CONFORMANCE, never copied into the project); the runner
is ours. Query tests must pass; update tests must be refused cleanly (a 4xx with a message),
since the endpoint is read-only; bad-update tests must get their 4xx. The suite's absence fails
loudly: a conformance run that finds nothing is not a pass.
"""

from __future__ import annotations

import http.client
import json
import os
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from rdflib import Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, RDFS

from kamergraph import settings
from kamergraph.store import MemoryStore
from tests.conftest import start_live_server

SUITE = Path(os.environ.get("KG_CONFORMANCE", settings.get("KG_CONFORMANCE")))
PROTOCOL = SUITE / "w3c-sparql11-protocol"
MANIFEST = PROTOCOL / "manifest.ttl"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HTS = "http://www.w3.org/2011/http-statusCodes#StatusCode"
EXPECTED_COUNTS = {"query": 13, "bad-query": 7, "update": 7, "bad-update": 7}
FORMAT_TYPES = {
    "boolean": ("application/sparql-results+json", "application/sparql-results+xml"),
    "tabular": (
        "application/sparql-results+json",
        "application/sparql-results+xml",
        "text/csv",
        "text/tab-separated-values",
    ),
    "RDF": ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json"),
}


@dataclass
class ProtocolRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[str]  # "2xx", "3xx", "4xx"...
    expected_boolean: bool | None
    expected_format: str | None


@dataclass
class ProtocolTest:
    name: str
    category: str
    requests: list[ProtocolRequest] = field(default_factory=list)
    graph_data: dict[str, Path] = field(default_factory=dict)


def _category(name: str) -> str:
    if name.startswith("bad_"):
        return "bad-update" if "update" in name else "bad-query"
    return "update" if name.startswith("update_") else "query"


def _request(graph: Graph, node: URIRef) -> ProtocolRequest:
    headers = {}
    for header in Collection(graph, graph.value(node, HT.headers) or RDF.nil):
        headers[str(graph.value(header, HT.fieldName))] = str(graph.value(header, HT.fieldValue))
    body_node = graph.value(node, HT.body)
    body = None
    if body_node is not None:
        encoding = str(graph.value(body_node, CNT.characterEncoding) or "UTF-8")
        body = str(graph.value(body_node, CNT.chars)).encode(encoding)
    response = graph.value(node, HT.resp)
    boolean = graph.value(response, MF.expectedBoolean)
    fmt = graph.value(response, MF.expectedFormat)
    return ProtocolRequest(
        method=str(graph.value(node, HT.methodName)),
        path=str(graph.value(node, HT.absolutePath)),
        headers=headers,
        body=body,
        statuses={str(s).removeprefix(HTS) for s in graph.objects(response, MF.expectedStatus)},
        expected_boolean=None if boolean is None else bool(boolean.toPython()),
        expected_format=None if fmt is None else str(fmt),
    )


def load_manifest() -> list[ProtocolTest]:
    """Every test the manifest lists, in its order (empty when the suite is absent)."""
    if not MANIFEST.is_file():
        return []
    graph = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in Collection(graph, graph.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        test = ProtocolTest(name, _category(name))
        for data in graph.objects(entry, UT.graphData):
            local = Path(urlsplit(str(graph.value(data, UT.graph))).path)
            test.graph_data[str(graph.value(data, RDFS.label))] = PROTOCOL / local.name
        action = graph.value(entry, MF.action)
        for node in Collection(graph, graph.value(action, HT.requests)):
            test.requests.append(_request(graph, node))
        tests.append(test)
    return tests


TESTS = load_manifest()
OUTCOMES: Counter[str] = Counter()


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """A live server over the suite's data, loaded as named graphs data1..data3."""
    store = MemoryStore()
    for data in sorted(PROTOCOL.glob("data*.nt")):
        store.load(data, graph=f"http://kasei.us/2009/09/sparql/data/{data.stem}.rdf")
    url, server = start_live_server(store)
    yield url
    server.close()  # type: ignore[attr-defined]
    print(f"\nW3C SPARQL 1.1 Protocol tally: {dict(OUTCOMES)}")


def send(base_url: str, request: ProtocolRequest) -> tuple[int, str, bytes]:
    """One request exactly as the manifest writes it (no headers added, none normalised)."""
    target = urlsplit(base_url)
    path = request.path.replace("/sparql/", "/sparql", 1)
    connection = http.client.HTTPConnection(target.hostname, target.port, timeout=30)
    try:
        connection.putrequest(request.method, path, skip_accept_encoding=True)
        for name, value in request.headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(request.body or b"")))
        connection.endheaders(request.body)
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read()
    finally:
        connection.close()


def parse_boolean(content_type: str, body: bytes) -> bool:
    if content_type.startswith("application/sparql-results+json"):
        return bool(json.loads(body)["boolean"])
    ns = "{http://www.w3.org/2005/sparql-results#}"
    element = ET.fromstring(body).find(f"{ns}boolean")
    assert element is not None, body
    return element.text == "true"


def check(request: ProtocolRequest, status: int, content_type: str, body: bytes) -> None:
    """Assert a response meets the manifest's expectations for its request."""
    assert f"{status // 100}xx" in request.statuses, (status, body[:300])
    if request.expected_format:
        assert content_type.split(";")[0].strip() in FORMAT_TYPES[request.expected_format]
    if request.expected_boolean is not None:
        assert parse_boolean(content_type, body) is request.expected_boolean


def test_suite_is_present() -> None:
    assert MANIFEST.is_file(), (
        f"W3C SPARQL 1.1 Protocol suite not found at {PROTOCOL}: set KG_CONFORMANCE to the "
        "folder holding w3c-sparql11-protocol/ (see ../shared/conformance/README.md)"
    )


def test_manifest_collects_every_test() -> None:
    assert len(TESTS) == 34
    assert Counter(t.category for t in TESTS) == EXPECTED_COUNTS


@pytest.mark.e2e
@pytest.mark.parametrize("test", [t for t in TESTS if t.category != "update"], ids=lambda t: t.name)
def test_query_and_bad_request_tests_pass(endpoint: str, test: ProtocolTest) -> None:
    for data in test.graph_data.values():
        assert data.is_file(), data
    for request in test.requests:
        check(request, *send(endpoint, request))
    OUTCOMES["passed"] += 1


@pytest.mark.e2e
@pytest.mark.parametrize("test", [t for t in TESTS if t.category == "update"], ids=lambda t: t.name)
def test_update_tests_are_refused_cleanly(endpoint: str, test: ProtocolTest) -> None:
    """An update is answered 403 with a message; the data is unchanged afterwards."""
    status, content_type, body = send(endpoint, test.requests[0])
    assert status == 403, (status, body[:300])
    assert content_type.startswith("text/plain")
    assert b"read-only" in body
    probe = ProtocolRequest(
        "GET",
        "/sparql?query=ASK%20%7B%20GRAPH%20%3Fg%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D%20%7D",
        {},
        None,
        {"2xx"},
        True,
        "boolean",
    )
    check(probe, *send(endpoint, probe))
    OUTCOMES["refused"] += 1
