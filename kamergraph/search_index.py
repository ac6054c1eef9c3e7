"""The search index of a published generation: SQLite FTS5 over names and full texts.

Built beside each generation a DiskStore publishes (`search-g000007.sqlite`), from the graph
alone, so it always agrees with what is served. Things are found by label, alias and
identifier (with the spacing variants people type: `36 333 I`, `36333-I`, `kst-36600-XX-E`),
documents also by their full text. Ranking is FTS5's bm25 with names weighing far more than
body text, and an exact identifier first.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

KG = "https://w3id.org/kamergraph/def#"
KINDS = ("Commitment", "Motion", "Person", "Party", "Law", "Dossier", "Organisation", "Document")
SCHEMA = """
CREATE VIRTUAL TABLE entries USING fts5(
  iri UNINDEXED, kind UNINDEXED, party UNINDEXED, year UNINDEXED,
  title, names, body, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TABLE identifiers (compact TEXT NOT NULL, iri TEXT NOT NULL);
CREATE INDEX identifiers_compact ON identifiers (compact);
"""
# One row per (thing, name or text); every thing of a kind we index, documents with their text.
ENTRIES = """
PREFIX kg: <https://w3id.org/kamergraph/def#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX eli: <http://data.europa.eu/eli/ontology#>
SELECT ?thing ?kind ?field ?value WHERE {
  VALUES ?kind { kg:Commitment kg:Motion kg:Person kg:Party kg:Law kg:Dossier kg:Organisation
                 kg:Document }
  ?thing a ?kind .
  { VALUES (?p ?field) { (rdfs:label "title") (skos:prefLabel "title") (foaf:name "name")
      (dcterms:title "name") (skos:altLabel "name") (foaf:familyName "name")
      (dcterms:identifier "id") (eli:id_local "id") (kg:text "body") (dcterms:date "date")
      (kg:party "party") (kg:requestedByParty "party") }
    ?thing ?p ?value }
}
"""
_SPACED_NUMBER = re.compile(r"(?<=\d)[ .](?=\d{3}\b)")
_WORD = re.compile(r"\w+", re.UNICODE)


def compact(identifier: str) -> str:
    """An identifier the way any spelling of it reduces: `36 333 I` and `36333-I` -> `36333i`."""
    return re.sub(r"[\W_]+", "", _SPACED_NUMBER.sub("", identifier)).lower()


def _rows(store: ox.Store) -> Iterator[tuple[str, str, str, str]]:
    result = store.query(ENTRIES, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    for row in result:
        yield (
            row["thing"].value,
            row["kind"].value[len(KG) :],
            row["field"].value,
            row["value"].value,
        )  # type: ignore[union-attr]


@dataclass
class _Entry:
    kind: str
    title: str = ""
    names: list[str] | None = None
    body: str = ""
    year: str = ""
    party: str = ""


def _collect(store: ox.Store) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for iri, kind, field, value in _rows(store):
        entry = entries.setdefault(iri, _Entry(kind, names=[]))
        if kind != "Document" and entry.kind == "Document":
            entry.kind = kind
        assert entry.names is not None
        if field == "title" and (not entry.title or len(value) > len(entry.title)):
            entry.title = value
        elif field in ("name", "id") and value not in entry.names:
            entry.names.append(value)
        elif field == "body":
            entry.body = value
        elif field == "date":
            entry.year = value[:4]
        elif field == "party":
            entry.party = value
    return entries


def write_index(store: ox.Store, path: Path) -> Path:
    """Build the index of `store` at `path` (written aside, then moved into place)."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    entries, identifiers = [], []
    for iri, e in _collect(store).items():
        names = e.names or []
        variants = [compact(n) for n in names if any(c.isdigit() for c in n)]
        entries.append((iri, e.kind, e.party, e.year, e.title, " ".join(names + variants), e.body))
        identifiers += [(name, iri) for name in {compact(n) for n in names} | {compact(e.title)}]
    with sqlite3.connect(partial) as db:  # one statement per table: no call per row
        db.executescript(SCHEMA)
        db.executemany("INSERT INTO entries VALUES (?, ?, ?, ?, ?, ?, ?)", entries)
        db.executemany("INSERT INTO identifiers VALUES (?, ?)", identifiers)
    os.replace(partial, path)
    return path


def index_path(generation_folder: Path) -> Path:
    """Where the index of a generation lives: beside its folder (`search-g000007.sqlite`)."""
    return generation_folder.with_name(f"search-{generation_folder.name}.sqlite")
