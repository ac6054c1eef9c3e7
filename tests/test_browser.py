"""The query page in headless Chromium over the real build: run an example, follow a result link.

Needs Debian's chromium and chromium-driver and the npm front-end (`npm ci`); missing any of
them fails the test with what to install. The page must not reach any other host (the network
is closed in CI, and researchers' browsers should not leak their queries to third parties).
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browsing import headless_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
KG = "https://w3id.org/kamergraph/def#"


@pytest.fixture(scope="module")
def site_url(live_server: str) -> str:
    """The real build of the seed documents, served by waitress (conftest's live_server)."""
    return live_server


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    with headless_chromium() as driver:
        yield driver


def test_an_example_runs_and_its_rows_link_to_entity_pages(
    site_url: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{site_url}/sparql")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    browser.find_element(By.CSS_SELECTOR, '.example-load[data-name="list_commitments"]').click()
    rows = wait.until(lambda d: d.find_elements(By.CSS_SELECTOR, "table.results tbody tr") or False)
    assert len(rows) >= 2
    # Links are relabelled once /-/labels answers: wait until a commitment link shows a title.
    link = wait.until(
        lambda d: next(
            (
                a
                for a in d.find_elements(
                    By.CSS_SELECTOR, 'table.results a[href*="/id/commitment/"]'
                )
                if a.text and not a.text.startswith(("id:", "http"))
            ),
            False,
        )
    )
    title = link.text
    assert urlsplit(link.get_attribute("href")).path.startswith("/id/commitment/")

    permalink = parse_qs(urlsplit(browser.current_url).query)["query"][0]
    assert "kg:Commitment" in permalink
    csv = browser.find_element(By.CSS_SELECTOR, '#downloads a[data-format="csv"]')
    assert parse_qs(urlsplit(csv.get_attribute("href")).query)["format"] == ["csv"]

    link.click()
    heading = wait.until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    assert heading.text == title


def test_the_editor_completes_our_prefixes(site_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{site_url}/sparql")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.presence_of_element_located((By.CSS_SELECTOR, "#editor .CodeMirror")))
    browser.execute_script(
        "const cm = document.querySelector('#editor .CodeMirror').CodeMirror;"
        "cm.setValue('PREFIX k'); cm.focus(); cm.setCursor({line: 0, ch: 8}); cm.autocomplete();"
    )
    # read in one go: the hint list may be drawn again while it is read (a stale element)
    hints = wait.until(
        lambda d: (
            d.execute_script(
                "return [...document.querySelectorAll('.CodeMirror-hint')].map(h => h.textContent)"
            )
            or False
        )
    )
    assert f"kg: <{KG}>" in hints
    highlighted = browser.execute_script(
        "return [...document.querySelectorAll('#editor .CodeMirror-code .cm-keyword')]"
        ".map(k => k.textContent)"
    )
    assert highlighted == ["PREFIX"]


def test_the_query_page_reaches_no_other_host(site_url: str, browser: webdriver.Chrome) -> None:
    browser.get(f"{site_url}/sparql?query=ASK%20%7B%20%3Fs%20%3Fp%20%3Fo%20%7D")
    wait = WebDriverWait(browser, 20)
    wait.until(ec.text_to_be_present_in_element((By.ID, "results"), "true"))
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert resources, "the page loaded no resources at all"
    assert all(name.startswith(site_url) for name in resources), resources


def test_a_commitment_page_shows_its_status_history_with_evidence(
    site_url: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{site_url}/id/commitment/T03987")
    section = WebDriverWait(browser, 20).until(
        ec.visibility_of_element_located((By.CSS_SELECTOR, "section.status-history"))
    )
    items = section.find_elements(By.CSS_SELECTOR, "li.status")
    assert len(items) >= 2
    current = section.find_element(By.CSS_SELECTOR, "li.status.current")
    assert current.find_element(By.CSS_SELECTOR, ".status-label").text == "fulfilled"
    assert "opgenomen" in current.find_element(By.CSS_SELECTOR, "blockquote.evidence").text


def test_the_overview_lists_open_and_overdue_commitments(
    site_url: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{site_url}/commitments?today=2026-12-01")
    rows = WebDriverWait(browser, 20).until(
        lambda d: d.find_elements(By.CSS_SELECTOR, "table.commitments tbody tr.commitment") or False
    )
    texts = [r.text for r in rows]
    assert any("T03853" in t for t in texts) and not any("T03987" in t for t in texts)
    overdue = browser.find_elements(By.CSS_SELECTOR, "tr.commitment.overdue")
    assert any("T03726" in r.text and "no report in 6 months" in r.text for r in overdue)
    link = next(r for r in rows if "T03853" in r.text).find_element(By.TAG_NAME, "a")
    link.click()
    WebDriverWait(browser, 20).until(ec.url_contains("/id/commitment/T03853"))
    assert browser.find_elements(By.CSS_SELECTOR, "section.status-history li.status")
