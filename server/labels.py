"""Things by name, in the reader's language: the label a page shows for each IRI.

One named query (`list_labels`) fetches every name in every language; the choice is made here:
the best property first (preferred label, label, name, title, identifier), then the reader's
language, then untagged, then any other language.
"""

from __future__ import annotations

from collections.abc import Iterable

from server import answers
from server.site import Site

LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
    "http://purl.org/dc/terms/identifier",
)


def _rank(row: answers.Row, language: str) -> tuple[int, int, str]:
    tag = row.get("label@", "")
    by_language = 0 if tag == language else 1 if tag == "" else 2
    return LABEL_PROPERTIES.index(row["property"]), by_language, row["label"]


def labels(site: Site, iris: Iterable[str], language: str) -> dict[str, str]:
    """The best name of each IRI that has one."""
    best: dict[str, tuple[int, int, str]] = {}
    for row in answers.run_batched(site, "list_labels", "thing", iris):
        rank = _rank(row, language)
        if row["thing"] not in best or rank < best[row["thing"]]:
            best[row["thing"]] = rank
    return {iri: rank[2] for iri, rank in best.items()}


def pick(rows: list[answers.Row], column: str, language: str) -> str:
    """Of one column's literals, the one in the reader's language (else untagged, else any)."""
    found = [r for r in rows if column in r]
    found.sort(
        key=lambda r: 0 if r.get(column + "@") == language else 1 if not r.get(column + "@") else 2
    )
    return found[0][column] if found else ""
