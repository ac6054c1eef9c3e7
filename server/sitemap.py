"""`/sitemap.xml`: every reading page (and every document's text) for search engines."""

from __future__ import annotations

from xml.sax.saxutils import escape

from flask import Blueprint, Response, request, url_for

from server import answers
from server.site import current_site

bp = Blueprint("sitemap", __name__)


@bp.get("/sitemap.xml")
def sitemap() -> Response:
    """The sitemap protocol's urlset: home, overview, and each thing's page."""
    site = current_site()
    root = request.host_url.rstrip("/")
    pages = [url_for("pages.home"), url_for("overview.overview")]
    for row in answers.run(site, "list_sitemap_pages"):
        path = site.local_path(row["thing"])
        if path:
            pages.append(path)
            if row.get("text"):
                pages.append(path + "/text")
    body = "".join(f"<url><loc>{escape(root + p)}</loc></url>" for p in dict.fromkeys(pages))
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>\n'
    )
    return Response(xml, content_type="application/xml; charset=utf-8")
