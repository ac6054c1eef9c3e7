"""Official publication XML of officielebekendmakingen (kamerstuk, handelingen, kamervragen,
aanhangsel) -> the paper's text in reading order, with its `metadata.xml`.

The text is laid out as the printed paper reads, because the recognisers read printed papers:
the dossier line ("36 600 XX  Vaststelling ..."), the paper's heading on one line ("S VERSLAG
VAN EEN SCHRIFTELIJK OVERLEG"), a paragraph per line with a blank line between, a signature's
function and name on lines of their own. A footnote (`noot`) leaves its number glued to the
word it follows, as in print, and its text follows the body as "N text".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from kamergraph.extract.errors import SourceError
from kamergraph.extract.formats import OfficialMetadata, SourceReading
from kamergraph.extract.formats.official import (
    SAFE_XML,
    metadata_from_fields,
    metadata_path,
    read_metadata_xml,
)
from kamergraph.extract.formats.sidecar import merge

PUBLICATIONS = {"officiele-publicatie", "kamerstuk", "handelingen", "kamervragen", "aanhangsel"}
# Elements whose whole content is one printed line.
_LINES = {"al", "tekstregel", "kop", "titel", "row", "spreker", "stuknr", "vraag.nr", "nr"}
# Elements printed as words: a space between two of them where the XML has none.
_WORDS = {"voornaam", "voorletters", "voorvoegsels", "achternaam", "functie", "naam", "politiek"}
_WORDS |= {"nr", "li.nr", "dossiernr", "ondernummer", "titel", "entry"}
_SKIP = {"metadata", "meta"}


@dataclass
class _Writer:
    """Lines of the body and the footnotes met on the way."""

    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def line(self, text: str) -> None:
        text = " ".join(text.split())
        if text:
            self.lines.append(text)

    def inline(self, element: etree._Element) -> str:
        """An element's text as one run: footnotes become their glued number, words spaced."""
        parts = [element.text or ""]
        previous: str | None = None
        for child in element:
            if isinstance(child.tag, str) and child.tag not in _SKIP:
                if child.tag == "noot":
                    parts.append(self.note(child))
                else:
                    if previous in _WORDS and child.tag in _WORDS and not parts[-1][-1:].isspace():
                        parts.append("\t" if element.tag == "row" else " ")
                    parts.append(self.inline(child))
                previous = child.tag
            parts.append(child.tail or "")  # a processing instruction leaves only its tail
        return "".join(parts)

    def note(self, noot: etree._Element) -> str:
        """Record a footnote; its number is what the running text keeps."""
        number = " ".join(noot.findtext("noot.nr", "").split()) or str(len(self.notes) + 1)
        body = " ".join(self.inline(al) for al in noot if al.tag != "noot.nr")
        self.notes.append(f"{number} {' '.join(body.split())}")
        return number


def _line(element: etree._Element) -> int:
    """The source line of an element (1 where the parser kept none)."""
    line = element.sourceline
    return line if isinstance(line, int) else 1


def _dossier(writer: _Writer, element: etree._Element) -> None:
    """ "36 600 XX  Vaststelling ...": number and title two spaces apart, as printed."""
    parts = [element.find("dossiernummer"), element.find("titel")]
    texts = [" ".join(writer.inline(e).split()) for e in parts if e is not None]
    if any(texts):
        writer.lines.append("  ".join(t for t in texts if t))


def _stuk(writer: _Writer, element: etree._Element) -> None:
    number, title = element.find("stuknr"), element.find("titel")
    heading = [writer.inline(e) for e in (number, title) if e is not None]
    writer.line(" ".join(heading))
    for child in element:
        if child is not number and child is not title:
            walk(writer, child)


def _item(writer: _Writer, element: etree._Element) -> None:
    label = element.find("li.nr")
    first = next((c for c in element if c.tag == "al"), None)
    lead = writer.inline(label) if label is not None else ""
    writer.line(f"{lead} {writer.inline(first) if first is not None else ''}")
    for child in element:
        if child is not label and child is not first:
            walk(writer, child)


def _signature(writer: _Writer, element: etree._Element) -> None:
    """ "De Minister voor Rechtsbescherming," then the name on the next line."""
    current = [element.text or ""]
    for child in element:
        if child.tag == "naam":
            writer.line("".join(current))
            writer.line(writer.inline(child))
            current = [child.tail or ""]
        elif isinstance(child.tag, str):
            current += [writer.inline(child), child.tail or ""]
        else:
            current.append(child.tail or "")
    writer.line("".join(current))


_SPECIAL: dict[str, Callable[[_Writer, etree._Element], None]] = {
    "dossier": _dossier,
    "stuk": _stuk,
    "li": _item,
    "ondertekening": _signature,
}


def walk(writer: _Writer, element: etree._Element) -> None:
    """Write an element: a line element as one line, a container child by child."""
    if not isinstance(element.tag, str) or element.tag in _SKIP:
        return
    if element.tag in _SPECIAL:
        _SPECIAL[element.tag](writer, element)
    elif element.tag in _LINES:
        writer.line(writer.inline(element))
    elif element.tag == "noot":
        writer.note(element)
    else:
        if (element.text or "").strip():
            writer.line(element.text or "")
        for child in element:
            walk(writer, child)
            if (child.tail or "").strip():
                writer.line(child.tail or "")


def _inner_metadata(root: etree._Element) -> OfficialMetadata:
    """Some publications carry their metadata inside as <meta name=".." content=".."/>."""
    pairs = [(m.get("name") or "", m.get("content") or "") for m in root.iter("meta")]
    return metadata_from_fields(p for p in pairs if p[0])


def read_publication_source(path: Path) -> SourceReading:
    """The publication's text; SourceError (file and line) for XML that is not a publication."""
    try:
        root = etree.parse(str(path), SAFE_XML).getroot()
    except etree.XMLSyntaxError as err:
        raise SourceError(path, err.lineno or 1, f"XML does not parse: {err.msg}") from err
    if root.tag not in PUBLICATIONS:
        raise SourceError(
            path,
            _line(root),
            f"<{root.tag}> is not an officielebekendmakingen publication",
        )
    writer = _Writer()
    walk(writer, root)
    if not writer.lines:
        raise SourceError(path, _line(root), "publication without text")
    text = "\n\n".join(writer.lines) + "\n"
    if writer.notes:
        text += "\n" + "\n".join(writer.notes) + "\n"
    metadata = _inner_metadata(root)
    sibling = metadata_path(path)
    if sibling is not None:
        metadata = merge(metadata, read_metadata_xml(sibling))
    return SourceReading(path=path, text=text, format="xml", metadata=metadata)
