"""No script from data: IRIs from loaded documents never become script links, every response
carries the security headers, pages have no inline script, and a link's query asks first
unless it is small."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from urllib.parse import quote

import pyoxigraph as ox
import pytest
from flask import Flask
from flask.testing import FlaskClient

from kamergraph.store import MemoryStore
from server import create_app
from server.security import SECURITY_HEADERS

ID = "https://w3id.org/kamergraph/id/"
THING = f"{ID}thing/1"
HOSTILE_IRIS = (
    "javascript:alert(document.domain)",
    "JavaScript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
)
HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"


def _store() -> MemoryStore:
    store = MemoryStore()
    graph = ox.NamedNode(f"{ID}graph/hostile")
    link = ox.NamedNode("http://example.org/links")
    quads = [ox.Quad(ox.NamedNode(THING), link, ox.NamedNode(iri), graph) for iri in HOSTILE_IRIS]
    quads.append(ox.Quad(ox.NamedNode(THING), link, ox.NamedNode("https://example.org/ok"), graph))
    quads.append(ox.Quad(ox.NamedNode(HOSTILE_IRIS[0]), link, ox.NamedNode(THING), graph))
    store.publish(quads)
    return store


@pytest.fixture(scope="module")
def app() -> Flask:
    application = create_app(_store())
    application.config["TESTING"] = True
    return application


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.scripts: list[dict[str, str | None]] = []
        self.inline_handlers: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and "href" in found:
            self.hrefs.append(found["href"] or "")
        if tag == "script":
            self.scripts.append(found)
        self.inline_handlers += [name for name, _ in attrs if name.startswith("on")]


def _parse(html: str) -> _Links:
    links = _Links()
    links.feed(html)
    return links


def test_entity_pages_link_only_web_iris(client: FlaskClient) -> None:
    response = client.get("/id/thing/1", headers={"Accept": HTML})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    hrefs = _parse(page).hrefs
    assert "https://example.org/ok" in hrefs
    assert not [h for h in hrefs if not re.match(r"(https?://|/(?!/)|#)", h)], hrefs
    for iri in HOSTILE_IRIS:  # shown, as text
        assert f'<span class="iri" title="{iri}"' in page


def test_every_response_carries_the_security_headers(client: FlaskClient) -> None:
    select = quote("SELECT * { ?s ?p ?o }")
    responses = [
        client.get("/", headers={"Accept": HTML}),
        client.get("/sparql", headers={"Accept": HTML}),
        client.get(f"/sparql?query={select}"),  # a streamed result
        client.get("/sparql?query=SELEKT"),  # 400
        client.get("/id/nothing-here", headers={"Accept": HTML}),  # 404
        client.get("/id/thing/1.ttl"),
        client.get("/-/health"),
        client.get("/static/sparql.js"),
        client.post("/sparql", data="x", content_type="text/plain"),  # 415
    ]
    for response in responses:
        response.get_data()  # read to the end, so streamed answers finish cleanly
        response.close()
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (response.request.path, name)
    policy = SECURITY_HEADERS["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("path", ["/", "/sparql", "/id/thing/1", "/id/nothing-here"])
def test_pages_have_no_inline_script(client: FlaskClient, path: str) -> None:
    links = _parse(client.get(path, headers={"Accept": HTML}).get_data(as_text=True))
    for script in links.scripts:  # executable scripts come from files; data blocks are JSON
        assert script.get("src") or script.get("type") == "application/json", script
    assert not links.inline_handlers


def _page_settings(client: FlaskClient, query: str) -> dict:  # type: ignore[type-arg]
    page = client.get("/sparql", query_string={"query": query}, headers={"Accept": HTML})
    found = re.search(r'id="kg-settings">(.*?)</script>', page.get_data(as_text=True), re.S)
    assert found
    return json.loads(found.group(1))  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    "query, runs",
    [
        ("ASK { ?s ?p ?o }", True),
        ("SELECT ?class (COUNT(?s) AS ?n) WHERE { ?s a ?class } GROUP BY ?class", True),
        ("SELECT * WHERE { ?s ?p ?o } # " + "x" * 3000, False),  # long: ask first
        ("DELETE WHERE { ?s ?p ?o }", False),  # an update: never by itself
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }", False),
        ("SELECT * WHERE " + "{" * 20 + "}" * 20, False),  # odd-looking
    ],
)
def test_a_links_query_runs_by_itself_only_when_small_and_plain(
    client: FlaskClient, query: str, runs: bool
) -> None:
    settings = _page_settings(client, query)
    assert settings["query"] == query  # always shown, so the visitor can read it
    assert settings["autorun"] is runs
