"""No script from data, in a real browser: headless Chromium under the server's CSP.

A result holding a `javascript:` IRI shows it as text, not as a link; a link whose query is long
waits for the visitor; and the query page (editor included) runs without one CSP violation.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

import pyoxigraph as ox
import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from kamergraph.store import DiskStore
from server.pool import WorkerPool
from tests.browsing import headless_chromium
from tests.hardening import HardenedServer

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
THING = "https://w3id.org/kamergraph/id/thing/1"
SCRIPT_IRI = "javascript:document.title='owned'"
LINKS = "http://example.org/links"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    store = DiskStore(tmp_path_factory.mktemp("browser") / "store")
    graph = ox.NamedNode("https://w3id.org/kamergraph/id/graph/hostile")
    objects = [ox.NamedNode(SCRIPT_IRI), ox.NamedNode("https://example.org/ok")]
    store.publish(ox.Quad(ox.NamedNode(THING), ox.NamedNode(LINKS), o, graph) for o in objects)
    live = HardenedServer(store, WorkerPool(1, 1024))
    yield live.url
    live.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with headless_chromium(browser_log=True) as driver:
        yield driver


def _csp_violations(browser: webdriver.Chrome) -> list[str]:
    return [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"]
    ]


def test_script_iris_in_results_are_text_not_links(site: str, browser: webdriver.Chrome) -> None:
    query = f"SELECT ?o WHERE {{ <{THING}> <{LINKS}> ?o }} ORDER BY ?o"
    browser.get(f"{site}/sparql?{urlencode({'query': query})}")  # small: runs by itself
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "table.results tbody tr")))
    cells = browser.find_elements(By.CSS_SELECTOR, "table.results tbody td")
    assert len(cells) == 2
    hrefs = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#results a")]
    assert hrefs == ["https://example.org/ok"]
    shown = browser.find_element(By.CSS_SELECTOR, "table.results span.iri")
    assert shown.get_attribute("title") == SCRIPT_IRI
    shown.click()
    assert browser.title != "owned"
    assert _csp_violations(browser) == []


def test_a_long_query_from_a_link_waits_for_the_visitor(
    site: str, browser: webdriver.Chrome
) -> None:
    query = "ASK { ?s ?p ?o }\n# " + "padding " * 400
    browser.get(f"{site}/sparql?{urlencode({'query': query})}")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    assert "press Run query" in browser.find_element(By.ID, "status").text
    assert browser.find_element(By.ID, "results").text == ""
    browser.find_element(By.ID, "run").click()
    wait.until(ec.text_to_be_present_in_element((By.ID, "results"), "true"))
    assert _csp_violations(browser) == []


def test_entity_pages_show_script_iris_as_text(site: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{site}/id/thing/1")
    hrefs = [a.get_attribute("href") or "" for a in browser.find_elements(By.TAG_NAME, "a")]
    assert not [h for h in hrefs if h.lower().startswith("javascript:")]
    assert browser.find_element(By.CSS_SELECTOR, "span.iri").get_attribute("title") == SCRIPT_IRI
    assert _csp_violations(browser) == []
