"""HTML pages of officielebekendmakingen and eerstekamer.nl -> the main content's text, and the
page's meta tags (DC.identifier, OVERHEIDop.*) as official metadata.

lxml's HTML parser is used: it is forgiving of real pages (unclosed tags, stray bytes), reads
the charset a page declares, and shares its tree API with the XML reader. What a page adds
around the paper (navigation, search, cookie banners, share buttons, scripts) is removed before
the text is taken, and the paper's own container is preferred where the page marks one.
"""

from __future__ import annotations

import re
from pathlib import Path

from lxml import etree, html

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import SourceReading
from kamergraph.extract.formats.official import metadata_from_fields

_NOISE_TAGS = ["script", "style", "noscript", "nav", "header", "footer", "aside", "form"]
_NOISE_TAGS += ["button", "svg", "iframe", "template", "select"]
_NOISE_NAMES = re.compile(
    r"(?:^|[\s_-])(?:nav|navigation|menu|breadcrumbs?|footer|header|skip|cookie\w*|share|"
    r"social|sidebar|toolbar|search|zoek\w*)(?:$|[\s_-])",
    re.IGNORECASE,
)
# Where pages put the paper, most specific first.
_MAIN = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' stuk ')]",
    "//*[@id='broodtekst']",
    "//*[@id='main-column']",
    "//main",
    "//*[@role='main']",
    "//*[@id='main_content' or @id='main-content' or @id='content']",
    "//article",
    "//body",
)
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "tr", "dt", "dd", "pre"}
_BLOCKS |= {"blockquote", "section", "article", "table", "ul", "ol", "dl", "caption", "main"}
_BLOCKS |= {"figcaption", "thead", "tbody", "body", "title"}


def _remove_noise(root: html.HtmlElement) -> None:
    for element in list(root.iter(*_NOISE_TAGS)):
        element.drop_tree()
    for element in list(root.iter()):
        if not isinstance(element.tag, str) or element.getparent() is None:
            continue
        names = f"{element.get('id', '')} {element.get('class', '')}"
        if element.tag not in ("body", "main") and _NOISE_NAMES.search(names):
            element.drop_tree()


def _main(root: html.HtmlElement) -> html.HtmlElement:
    for query in _MAIN:
        found = root.xpath(query)
        if found and " ".join(found[0].text_content().split()):
            return found[0]
    return root


def page_lines(element: html.HtmlElement) -> list[str]:
    """Text lines in reading order: one per block, table cells apart by tabs, <br> a break."""
    lines: list[str] = []
    current: list[str] = []

    def flush() -> None:
        text = " ".join("".join(current).split())
        if text:
            lines.append(text)
        current.clear()

    def visit(node: html.HtmlElement) -> None:
        block = node.tag in _BLOCKS
        if block:
            flush()
        if node.tag == "br":
            flush()
        current.append(node.text or "")
        for index, child in enumerate(node):
            if isinstance(child.tag, str):
                if child.tag in ("td", "th") and index:
                    current.append("\t")
                visit(child)
            current.append(child.tail or "")
        if block:
            flush()

    visit(element)
    flush()
    return lines


def read_webpage_source(path: Path) -> SourceReading:
    """The page's main text and its meta tags; SourceError for a page without text."""
    raw = path.read_bytes()
    if not raw.strip():
        raise SourceError(path, 1, "empty file")
    try:
        root = html.document_fromstring(raw)
    except (etree.ParserError, ValueError) as err:
        raise SourceError(path, 1, f"HTML does not parse: {err}") from err
    pairs = [(m.get("name") or "", m.get("content") or "") for m in root.iter("meta")]
    metadata = metadata_from_fields(p for p in pairs if p[0])
    _remove_noise(root)
    lines = page_lines(_main(root))
    if not lines:
        raise SourceError(path, 1, "HTML page without text in its main content")
    return SourceReading(
        path=path, text="\n\n".join(lines) + "\n", format="html", metadata=metadata
    )
