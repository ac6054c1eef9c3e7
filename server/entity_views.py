"""The reading view of a thing: the class page that answers its class's questions.

`class_page` picks the page by the thing's classes (a letter or memorandum is read as a
document); `render_class_page` fills `entity-{class}.html` from the builders in
`server/classpages/`, with the schema.org description search engines read.
"""

from __future__ import annotations

from typing import get_args

from flask import render_template

from kamergraph.records import DocumentKind
from server import answers, classpages, commitments, i18n, schemaorg
from server.site import VOCABULARY, Site

#: Every kind of document the extractor records is read on the document page.
DOCUMENT_KINDS: tuple[str, ...] = get_args(DocumentKind)
PAGE_ORDER = ("Commitment", "Motion", "Person", "Party", "Law", "Dossier", *DOCUMENT_KINDS)


def class_page(site: Site, iri: str) -> str | None:
    """The class whose page shows this thing (`Document` for every kind of paper), if any."""
    rows = answers.run(site, "list_thing_classes", thing=iri)
    classes = {r["class"][len(VOCABULARY) :] for r in rows}
    for name in PAGE_ORDER:
        if name in classes:
            return "Document" if name in DOCUMENT_KINDS else name
    return None


def render_class_page(
    site: Site, iri: str, class_name: str, path: str, twins: list[dict[str, str]]
) -> str:
    """The class page's HTML: its template filled from its builder's named queries."""
    language = i18n.language()
    context = classpages.build(site, class_name, iri, language)
    names: classpages.Names = context["names"]
    return render_template(
        f"entity-{class_name.lower()}.html",
        iri=iri,
        title=names.label(iri),
        class_name=class_name,
        page_path=path,
        alternates=twins,
        jsonld=schemaorg.describe(site, class_name, iri, context),
        status_history=commitments.status_history(site, iri, [VOCABULARY + class_name]),
        **context,
    )
