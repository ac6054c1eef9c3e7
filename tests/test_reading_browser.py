"""The reading pages in headless Chromium over the real build: follow a commitment's timeline
into the reader and land on the quoted words; search from the box; draw the charts.

Every page type is also photographed into tests/output/screenshots/ (gitignored) for review.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as ec
from selenium.webdriver.support.ui import WebDriverWait

from tests.browsing import headless_chromium

pytestmark = [pytest.mark.e2e, pytest.mark.browser]
SCREENSHOTS = Path(__file__).parent / "output" / "screenshots"
PAGES = {
    "home": "/",
    "overview": "/overview",
    "search": "/search?q=kleinschalige+opvang",
    "commitment": "/id/commitment/T03853",
    "motion": "/id/motion/36333-I",
    "document": "/id/document/kst-36600-XX-E",
    "reader": "/id/document/kst-36800-XX-A/text",
    "person": "/id/person/van-der-goot-a-sj",
    "party": "/id/party/opnl",
    "law": "/id/law/spreidingswet",
    "dossier": "/id/dossier/36600-XX",
    "data-view": "/id/commitment/T03853?view=data",
    "not-found": "/id/commitment/T99999",
    "commitment-nl": "/id/commitment/T03853?lang=nl",
}


@pytest.fixture(scope="module")
def browser() -> Iterator[webdriver.Chrome]:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with headless_chromium(browser_log=True) as driver:
        driver.set_window_size(1280, 1000)
        yield driver


def _words(text: str) -> str:
    return " ".join(text.split())


def test_a_timeline_entry_lands_on_its_words_highlighted_in_the_reader(
    live_server: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{live_server}/id/commitment/T03853")
    quote = browser.find_element(By.CSS_SELECTOR, "ol.timeline a.quote")
    quoted = _words(quote.text).rstrip("…")
    quote.click()
    wait = WebDriverWait(browser, 10)
    wait.until(lambda d: "/text" in d.current_url and d.find_elements(By.CSS_SELECTOR, ".target"))
    assert "#char=" in browser.current_url
    targets = browser.find_elements(By.CSS_SELECTOR, "article.reader .target")
    # the reader shows footnote marks as linked notes ("toegezegd 7"); the quote is the clean text
    landed = _words(
        browser.execute_script(
            "return arguments[0].map(t => { const c = t.cloneNode(true);"
            " c.querySelectorAll('sup.fn').forEach(n => n.remove()); return c.textContent; })"
            ".join(' ');",
            targets,
        )
    ).replace(" ,", ",")
    landed = re.sub(r"(?<=[a-z]) \d{1,2}(?=[ ,.;:])", "", landed)  # a mark left in the source
    assert landed.startswith(quoted[:60]), (landed[:80], quoted[:80])
    top = browser.execute_script("return arguments[0].getBoundingClientRect().top;", targets[0])
    assert 0 <= top <= browser.get_window_size()["height"]  # scrolled into view
    browser.save_screenshot(str(SCREENSHOTS / "reader-landed.png"))


def test_a_search_from_the_box_finds_the_commitment(
    live_server: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{live_server}/id/party/opnl")
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("T03853", Keys.ENTER)  # an identifier: the resolver opens its page
    WebDriverWait(browser, 10).until(lambda d: d.current_url.endswith("/id/commitment/T03853"))
    heading = WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    assert "kleinschalige opvang" in heading.text
    box = browser.find_element(By.ID, "site-search")
    box.send_keys("kleinschalige opvang", Keys.ENTER)  # words: ranked hits
    first = WebDriverWait(browser, 10).until(
        ec.presence_of_element_located((By.CSS_SELECTOR, "ol.hits li a.hit-link"))
    )
    assert first.get_attribute("href")


def test_the_overview_draws_its_charts_under_the_policy(
    live_server: str, browser: webdriver.Chrome
) -> None:
    browser.get_log("browser")  # start from an empty console
    browser.get(f"{live_server}/overview")
    WebDriverWait(browser, 10).until(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, "canvas[data-drawn=true]")) == 3
    )
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not errors, errors


def test_class_pages_raise_no_policy_errors(live_server: str, browser: webdriver.Chrome) -> None:
    """The embedded schema.org block is data: the policy (no inline script) must not object."""
    browser.get_log("browser")
    browser.get(f"{live_server}/id/document/kst-36600-XX-E")
    blocks = browser.find_elements(By.CSS_SELECTOR, 'script[type="application/ld+json"]')
    assert len(blocks) == 1
    assert not [e for e in browser.get_log("browser") if "Content Security Policy" in e["message"]]


@pytest.mark.parametrize("name", PAGES)
def test_screenshot_of_every_page_type(
    live_server: str, browser: webdriver.Chrome, name: str
) -> None:
    address = PAGES[name]
    if "lang=" not in address:  # English, whatever an earlier test switched to
        address += ("&" if "?" in address else "?") + "lang=en"
    browser.get(live_server + address)
    WebDriverWait(browser, 10).until(ec.presence_of_element_located((By.TAG_NAME, "h1")))
    path = SCREENSHOTS / f"{name}.png"
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 5000


def test_the_language_switch_turns_the_page_dutch_and_stays(
    live_server: str, browser: webdriver.Chrome
) -> None:
    browser.get(f"{live_server}/id/commitment/T03853?lang=en")
    browser.find_element(By.CSS_SELECTOR, 'nav.language a[lang="nl"]').click()
    WebDriverWait(browser, 10).until(
        lambda d: d.find_element(By.TAG_NAME, "html").get_attribute("lang") == "nl"
    )
    assert browser.find_element(By.ID, "timeline-heading").text == "Tijdlijn"
    browser.get(f"{live_server}/id/motion/36333-I")  # remembered without ?lang=
    assert browser.find_element(By.ID, "timeline-heading").text == "Brieven die erop ingingen"
    browser.get(f"{live_server}/?lang=en")  # leave the browser in English for the others
