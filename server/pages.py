"""Linked-data pages: the home page and one page per thing at its IRI path, with RDF twins.

A thing's IRI `{base}commitment/T03853` is served at `/id/commitment/T03853` on this host. The
same URL answers in HTML, Turtle, JSON-LD, N-Triples or RDF/XML, chosen by Accept, by a
suffix (`.ttl`, `.jsonld`, `.nt`, `.rdf`) or by `?format=`; a `Link: rel="alternate"` header
names the twins, so crawlers and clients find them without parsing HTML.
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from flask import Blueprint, Response, abort, render_template, request, url_for
from jinja2 import Template

from kamergraph import search_index
from server import answers, classpages, commitments, describe, entity_views, i18n, negotiation
from server.site import VOCABULARY, Site, current_site
from server.terms import iri_term, is_absolute_iri

bp = Blueprint("pages", __name__)
TWINS = ("turtle", "jsonld", "ntriples", "rdfxml", "nquads", "trig")
LICENSE = '<http://creativecommons.org/publicdomain/zero/1.0/>; rel="license"'  # decision 014
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _resolve(site: Site, key: str) -> tuple[str, negotiation.Format | None]:
    """The IRI a page path names, and the format its suffix asks for (404 when unknown)."""
    iri = site.base_iri + key
    if is_absolute_iri(iri) and describe.exists(site, iri):
        return iri, None
    stem, dot, suffix = key.rpartition(".")
    fmt = negotiation.by_suffix(suffix, "page") if dot else None
    if fmt is not None:
        iri = site.base_iri + stem
        if is_absolute_iri(iri) and describe.exists(site, iri):
            return iri, fmt
    abort(404, description=f"Nothing is known about {site.base_iri}{key}")


def _alternates(path: str) -> list[dict[str, str]]:
    """The page's twins: where they live and their media types."""
    return [
        {
            "href": f"{path}.{negotiation.FORMATS[name].suffix}",
            "type": negotiation.FORMATS[name].media_type,
            "label": negotiation.FORMATS[name].label,
        }
        for name in TWINS
    ]


def _link_header(path: str) -> str:
    links = [f'<{path}>; rel="canonical"; type="text/html"', LICENSE]
    links += [f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in _alternates(path)]
    return ", ".join(links)


@bp.get("/id/<path:key>")
def entity(key: str) -> Response:
    """A thing's page, or one of its RDF twins."""
    site = current_site()
    iri, suffix_format = _resolve(site, key)
    fmt = suffix_format or negotiation.choose(
        "page", request.accept_mimetypes, request.args.get("format")
    )
    path = site.local_path(iri) or request.path
    headers = {"Link": _link_header(quote(path)), "Vary": "Accept"}
    if fmt.name != "html":
        body = describe.describe(site, iri, fmt.name, request.base_url)
        return Response(body, content_type=negotiation.content_type(fmt), headers=headers)
    class_name = entity_views.class_page(site, iri)
    if class_name and request.args.get("view") != "data":
        html = entity_views.render_class_page(
            site, iri, class_name, quote(path), _alternates(quote(path))
        )
        return Response(html, content_type="text/html; charset=utf-8", headers=headers)
    outgoing = describe.outgoing(site, iri)
    labels = describe.labels_for(site, [iri])
    types = [v.iri for s in outgoing if s.predicate.iri == RDF_TYPE for v in s.values if v.iri]
    html = render_template(
        ["entity.html"] if class_name else _templates(outgoing),
        iri=iri,
        title=labels.get(iri, describe.compact(site, iri)),
        outgoing=outgoing,
        incoming=describe.incoming(site, iri),
        alternates=_alternates(quote(path)),
        incoming_limit=describe.INCOMING_LIMIT,
        status_history=commitments.status_history(site, iri, types),  # issue 14
        page_path=quote(path),
        class_page=class_name,
    )
    return Response(html, content_type="text/html; charset=utf-8", headers=headers)


def _templates(outgoing: list[describe.Statement]) -> list[str | Template]:
    """Per-class page templates first (`entity-commitment.html`), then the generic one."""
    types = [s for s in outgoing if s.predicate.iri == RDF_TYPE]
    names = [
        f"entity-{v.iri.rsplit('#', 1)[-1].lower()}.html"
        for s in types
        for v in s.values
        if v.iri and v.iri.startswith(VOCABULARY)
    ]
    return [*names, "entity.html"]


def _class_query_url(class_iri: str) -> str:
    """A permalink to a query listing a class's instances (shown on the query page)."""
    query = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        f"SELECT DISTINCT ?thing WHERE {{\n  ?thing a {iri_term(class_iri)} .\n}}\n"
        "ORDER BY ?thing\nLIMIT 1000"
    )
    return url_for("sparql.endpoint") + "?" + urlencode({"query": query})


@bp.get("/")
def home() -> str:
    """The front door in the domain's terms: what the graph holds, newest papers, how to query."""
    site = current_site()
    names = classpages.Names(site, i18n.language())
    counts = {
        row["class"].rsplit("#", 1)[-1]: int(row["count"])
        for row in answers.run(site, "count_entities_by_class")
    }
    kinds = answers.run(site, "count_documents_by_kind")
    newest = answers.run(site, "list_newest_documents")
    names.want(r["document"] for r in newest)
    names.fetch()
    return render_template(
        "home.html",
        counts=counts,
        kinds=[(r["kind"].rsplit("#", 1)[-1], int(r["documents"])) for r in kinds],
        newest=newest,
        names=names,
        queries=site.queries,
        class_query_url=lambda name: _class_query_url(VOCABULARY + name),
        browsable=search_index.KINDS,
    )
