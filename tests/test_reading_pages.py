"""The reading pages over the real build: each class page shows its cross-references by name.

Every check reads the page's content (names, links, order), not only its status, and the
expected facts are the ones the seed documents state (T03853 was asked for by Van der Goot of
OPNL; motion 36333-I was submitted by Perin-Gopie; the memorandum kst-36600-XX-E answers
questions of D66, BBB, ...).
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest
from flask.testing import FlaskClient

from server import paging

HTML = {"Accept": "text/html"}
ID = "https://w3id.org/kamergraph/id/"


def page(client: FlaskClient, path: str, **headers: str) -> str:
    response = client.get(path, headers={**HTML, **headers})
    assert response.status_code == 200, (path, response.status_code)
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def links(html: str) -> dict[str, str]:
    """href -> text of every link on a page."""
    return {
        m.group(1): re.sub(r"<[^>]+>", "", m.group(2)).strip()
        for m in re.finditer(r'<a[^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)
    }


def main_of(html: str) -> str:
    return html.split('<main id="content">', 1)[1].split("</main>", 1)[0]


def test_commitment_page_names_who_asked_and_lists_its_timeline_in_date_order(
    client: FlaskClient,
) -> None:
    html = page(client, "/id/commitment/T03853")
    found = links(html)
    assert "Goot" in found["/id/person/van-der-goot-a-sj"]
    assert found["/id/party/opnl"] == "OPNL"
    assert "/id/dossier/36333" in found
    main = main_of(html)
    assert "https://w3id.org/kamergraph/def#" not in main and "rdf:type" not in main
    dates = re.findall(r'<p class="when"><time datetime="([\d-]+)">', main)
    assert len(dates) >= 2 and dates == sorted(dates)
    # the letter without a printed date is placed by its context and marked as inferred
    assert 'class="badge">date inferred</span>' in main
    quotes = re.findall(r'<a class="quote" href="(/id/document/[^"]+/text#char=\d+,\d+)"', main)
    assert len(quotes) >= 3


def test_a_timeline_quote_lands_on_the_same_words_in_the_reader(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/commitment/T03853"))
    href, quote = re.search(r'<a class="quote" href="([^"]+)">([^<]{40})', main).groups()  # type: ignore[union-attr]
    path, _, fragment = href.partition("#")
    start, end = map(int, fragment.removeprefix("char=").split(","))
    reader = page(client, path)
    pieces = re.findall(r'data-s="(\d+)" data-e="(\d+)"[^>]*>([^<]*)<', reader)
    text = "".join(t for s, e, t in pieces if start <= int(s) and int(e) <= end)
    words = lambda s: " ".join(s.replace("&#39;", "'").split())  # noqa: E731
    assert words(text).startswith(words(quote)[:30])


def test_reader_links_mentions_lists_the_margin_and_links_footnotes(client: FlaskClient) -> None:
    html = page(client, "/id/document/kst-36800-XX-A/text")
    assert re.search(
        r'<a class="mention kind-person[^"]*" href="/id/person/van-der-goot-a-sj"', html
    )
    assert re.search(r'<a class="mention kind-commitment[^"]*" href="/id/commitment/T03853"', html)
    margin = html.split('class="margin"', 1)[1]
    assert "/id/commitment/T03853" in margin and "/id/party/opnl" in margin
    notes = re.findall(r'<li id="fn-(\d+)"', html)
    assert notes and all(f'href="#fn-{n}"' in html for n in notes[:2])
    assert "reader.js" in html


def test_document_page_groups_questions_by_party_and_marks_reused_answers(
    client: FlaskClient,
) -> None:
    html = page(client, "/id/document/kst-36600-XX-E")
    main = main_of(html)
    parties = re.findall(r"<summary><h3>([^:<]+):", main)
    assert {"D66", "BBB", "CDA"} <= set(parties)
    assert "answer reused" in main
    found = links(main)
    assert "/id/law/spreidingswet" in found  # a citation out, by name
    assert any(h.startswith("/id/person/") for h in found)  # the author
    assert "https://zoek.officielebekendmakingen.nl/kst-36600-XX-E" in found
    assert "/id/document/kst-36600-XX-E/text" in found


def test_document_page_lists_what_it_reports_on(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/document/kst-36800-XX-A"))
    reports = main.split('id="reports-heading"', 1)[1].split("</section>", 1)[0]
    assert "/id/commitment/T03853" in reports and "/id/commitment/T03930" in reports


def test_person_page_lists_commitments_asked_for_and_mentions_in_context(
    client: FlaskClient,
) -> None:
    main = main_of(page(client, "/id/person/van-der-goot-a-sj"))
    assert "/id/commitment/T03853" in links(main)
    assert "/id/party/opnl" in links(main)
    assert re.search(r"<mark>[^<]*Goot[^<]*</mark>", main)


def test_party_page_lists_members_and_commitments(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/party/opnl"))
    assert "/id/person/van-der-goot-a-sj" in links(main)
    assert "/id/commitment/T03853" in links(main)


def test_party_page_counts_questions_per_document(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/party/d66"))
    counts = re.findall(r'<td class="count">(\d+)</td>', main)
    assert counts and sum(map(int, counts)) >= 2
    assert "/id/document/kst-36600-XX-E" in links(main)


def test_a_party_page_shows_the_first_of_a_long_list_and_a_query_for_all(
    client: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A large party has thousands of commitments and votes on the whole record: each list
    shows its first rows under a heading that counts them all, and links a query that lists
    them all."""
    whole = main_of(page(client, "/id/party/cda"))
    members = len(re.findall(r"<li><a href=\"/id/person/", whole))
    assert members >= 2
    monkeypatch.setattr(paging, "SHOWN_ROWS", 1)
    main = main_of(page(client, "/id/party/cda"))
    assert len(re.findall(r"<li><a href=\"/id/person/", main)) == 1
    assert f"Members ({members})" in main
    note = re.search(rf'The first 1 of {members}; all of them: <a href="([^"]+)">Query</a>', main)
    assert note is not None
    address = note.group(1).replace("&amp;", "&")
    assert address.startswith("/sparql?query=")
    rows = client.get(address + "&format=json").get_json()["results"]["bindings"]
    assert len({r["thing"]["value"] for r in rows if r["relation"]["value"] == "member"}) == members


def test_motion_page_names_submitters_outcome_and_responding_letters(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/motion/36333-I"))
    found = links(main)
    assert any("Perin-Gopie" in text for text in found.values())
    assert "/id/dossier/36333" in found
    assert re.search(r"<dt>Outcome</dt><dd><a[^>]*>[^<]+</a>", main)
    assert "/text#char=" in main  # the letters that responded, into the reader


def test_law_page_shows_the_citing_sentences(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/law/spreidingswet"))
    assert re.search(
        r"<blockquote>[^<]*<a class=\"quote\" href=\"/id/document/[^\"]+/text#char=", main
    )
    assert "/id/document/kst-36600-XX-E" in links(main)


def test_dossier_page_lists_its_documents_in_date_order(client: FlaskClient) -> None:
    main = main_of(page(client, "/id/dossier/36600-XX"))
    assert "/id/document/kst-36600-XX-E" in links(main)
    dates = re.findall(r'<td><time datetime="([\d-]+)">', main)
    assert dates == sorted(dates)


def test_the_data_view_keeps_the_property_table(client: FlaskClient) -> None:
    html = page(client, "/id/commitment/T03853", **{})
    assert "?view=data" in html
    data = page(client, "/id/commitment/T03853?view=data")
    assert '<table class="statements">' in data and "requested by" in data


@pytest.mark.parametrize(
    "path", ["/id/commitment/T99999", "/id/document/nothing/text", "/id/person/nobody"]
)
def test_unknown_keys_are_html_404_pages(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers=HTML)
    assert response.status_code == 404 and response.mimetype == "text/html"
    assert 'role="search"' in response.get_data(as_text=True)


class _JsonLd(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in = tag == "script" and ("type", "application/ld+json") in attrs

    def handle_data(self, data: str) -> None:
        if self._in:
            self.blocks.append(data)


def test_class_pages_embed_schema_org_and_keep_their_twins(client: FlaskClient) -> None:
    parser = _JsonLd()
    parser.feed(page(client, "/id/document/kst-36600-XX-E"))
    thing = json.loads(parser.blocks[0])
    assert thing["@type"] == "DigitalDocument" and thing["identifier"] == "kst-36600-XX-E"
    assert thing["author"][0]["url"].endswith("/id/person/faber-van-de-klashorst-m-h-m")
    turtle = client.get("/id/commitment/T03853", headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle" and b"T03853" in turtle.data


def test_home_speaks_the_domain(client: FlaskClient) -> None:
    main = main_of(page(client, "/"))
    assert "TextPositionSelector" not in main and "NodeShape" not in main
    assert re.search(r'<span class="number">12</span> commitments', main)
    assert "Newest documents" in main and "/sparql" in main


def test_dutch_by_accept_language_and_by_the_switch(client: FlaskClient) -> None:
    dutch = page(client, "/id/commitment/T03853", **{"Accept-Language": "nl,en;q=0.5"})
    assert '<html lang="nl">' in dutch and "Tijdlijn" in dutch and "Gevraagd door" in dutch
    switched = client.get(
        "/id/commitment/T03853?lang=en", headers={**HTML, "Accept-Language": "nl"}
    )
    assert "Timeline" in switched.get_data(as_text=True)
    assert "kg_lang=en" in switched.headers["Set-Cookie"]


def test_sitemap_lists_pages_and_texts(client: FlaskClient) -> None:
    xml = client.get("/sitemap.xml").get_data(as_text=True)
    assert "/id/commitment/T03853</loc>" in xml
    assert "/id/document/kst-36600-XX-E/text</loc>" in xml


class _Outline(HTMLParser):
    """Headings in order, landmarks, and images or charts without a text alternative."""

    def __init__(self) -> None:
        super().__init__()
        self.levels: list[int] = []
        self.landmarks: set[str] = set()
        self.unlabelled: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self.levels.append(int(tag[1]))
        if tag in ("header", "nav", "main", "footer") or named.get("role") == "search":
            self.landmarks.add(named.get("role") or tag)
        if tag == "img" and "alt" not in named:
            self.unlabelled.append(tag)
        if tag in ("canvas", "svg") and not (
            named.get("aria-label") or named.get("aria-labelledby")
        ):
            self.unlabelled.append(tag)


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/overview",
        "/search?q=opvang",
        "/id/commitment/T03853",
        "/id/document/kst-36600-XX-E",
        "/id/document/kst-36800-XX-A/text",
        "/id/person/van-der-goot-a-sj",
        "/id/party/opnl",
        "/id/motion/36333-I",
        "/id/law/spreidingswet",
        "/id/dossier/36600-XX",
    ],
)
def test_pages_have_landmarks_ordered_headings_and_text_alternatives(
    client: FlaskClient, path: str
) -> None:
    outline = _Outline()
    outline.feed(page(client, path))
    assert {"header", "nav", "main", "footer", "search"} <= outline.landmarks
    assert outline.levels.count(1) == 1 and outline.levels[0] == 1
    jumps = [(a, b) for a, b in zip(outline.levels, outline.levels[1:], strict=False) if b > a + 1]
    assert not jumps, jumps
    assert not outline.unlabelled


def test_literals_follow_the_readers_language(client: FlaskClient) -> None:
    english = main_of(page(client, "/id/motion/36333-I", **{"Accept-Language": "en"}))
    dutch = main_of(page(client, "/id/motion/36333-I", **{"Accept-Language": "nl"}))
    assert ">adopted</a>" in english and ">aangenomen</a>" in dutch
    assert "<dt>Uitslag</dt>" in dutch


def test_the_reader_hides_page_furniture(client: FlaskClient, built_store) -> None:  # type: ignore[no-untyped-def]
    iri = ID + "document/kst-36800-XX-A"
    result = built_store.query(
        f"SELECT ?t WHERE {{ <{iri}> <https://w3id.org/kamergraph/def#text> ?t }}"
    )
    text = next(iter(result.raw))["t"].value
    bare_urls = [line.strip() for line in text.splitlines() if line.strip().startswith("https://")]
    assert bare_urls  # the source has URL lines of its own between paragraphs
    article = page(client, "/id/document/kst-36800-XX-A/text").split('class="reader"', 1)[1]
    article = article.split("</article>", 1)[0]
    assert not [u for u in bare_urls if f">{u}<" in article]
