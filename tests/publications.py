"""Official publications made on the spot from a paper's text: the officielebekendmakingen XML
of a kamerstuk with its metadata.xml, and HTML pages around the text (navigation included)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

E = etree.Element


def _sub(parent: etree._Element, tag: str, text: str | None = None) -> etree._Element:
    child = etree.SubElement(parent, tag)
    child.text = text
    return child


def kamerstuk_xml(
    paragraphs: list[str],
    *,
    chamber: str,
    year: str,
    dossier: str,
    dossier_title: str,
    number: str,
    heading: str,
) -> bytes:
    """`<officiele-publicatie><kamerstuk>` with the head as printed and one <al> a paragraph."""
    root = E("officiele-publicatie")
    stuk_root = _sub(root, "kamerstuk")
    head = _sub(stuk_root, "kamerstukkop")
    _sub(head, "tekstregel", f"{chamber} der Staten-Generaal").set("inhoud", "kamer")
    _sub(head, "tekstregel", f"Vergaderjaar {year}").set("inhoud", "vergaderjaar")
    dossier_el = _sub(stuk_root, "dossier")
    _sub(_sub(dossier_el, "dossiernummer"), "dossiernr", dossier)
    _sub(dossier_el, "titel", dossier_title)
    stuk = _sub(stuk_root, "stuk")
    stuknr = _sub(stuk, "stuknr", "Nr. " if number.isdigit() else None)
    _sub(stuknr, "ondernummer", number)
    _sub(stuk, "titel", heading)
    text = _sub(_sub(_sub(stuk, "algemeen"), "vrije-tekst"), "tekst")
    for paragraph in paragraphs:
        _sub(text, "al", paragraph)
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def metadata_xml(fields: list[tuple[str, str]]) -> bytes:
    """`<metadata_gegevens>` with one `<metadata name=.. content=..>` per field, in order."""
    root = E("metadata_gegevens")
    for name, content in fields:
        _sub(root, "metadata").attrib.update({"name": name, "scheme": "", "content": content})
    return etree.tostring(root, xml_declaration=True, encoding="utf-8", pretty_print=True)


def write_pair(folder: Path, name: str, xml: bytes, metadata: bytes) -> Path:
    """The publication and its metadata.xml in a folder of their own, as published."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(xml)
    (folder / "metadata.xml").write_bytes(metadata)
    return folder / name


def web_page(paragraphs: list[str], meta: list[tuple[str, str]], container: str) -> bytes:
    """A page as sites build them: meta tags, a menu, a search box, a breadcrumb trail, the
    paper in `container` (e.g. '<div class="stuk">'), a footer and a script."""
    tag = container.strip("<>").split()[0]
    metas = "".join(f'<meta name="{n}" content="{c}">' for n, c in meta)
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    page = (
        f'<!DOCTYPE html><html lang="nl"><head><meta charset="utf-8">{metas}'
        "<title>Paper</title><script>var tracking = 'Kamerstuk 99 999, nr. 1';</script></head>"
        '<body><nav><ul><li><a href="/">Home</a></li><li><a href="/leden">Leden en '
        'commissies</a></li></ul></nav><div class="breadcrumb">U bent hier: Home</div>'
        '<form class="search"><input name="q"><button>Zoeken</button></form>'
        f"{container}{body}</{tag}>"
        "<footer><p>Over deze site. Tweede Kamer der Staten-Generaal, 2e Kamer</p></footer>"
        "</body></html>"
    )
    return page.encode("utf-8")
