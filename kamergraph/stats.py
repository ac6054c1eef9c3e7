"""Counts that the CLI prints after a build and the dataset description reuses."""

from __future__ import annotations

import json

from kamergraph.queries import QUERIES_DIR, parse_query_file
from kamergraph.store import GraphStore


def class_counts(store: GraphStore) -> list[tuple[str, int]]:
    """(class local name, number of distinct instances), largest first."""
    query = parse_query_file(QUERIES_DIR / "count_entities_by_class.rq")
    result = json.loads(store.query(query.text).serialize("json"))
    rows = []
    for binding in result["results"]["bindings"]:
        name = binding["class"]["value"].rpartition("#")[2]
        rows.append((name, int(binding["count"]["value"])))
    return rows


def triple_count(store: GraphStore) -> int:
    """Distinct triples over the union default graph."""
    result = json.loads(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").serialize("json"))
    return int(result["results"]["bindings"][0]["n"]["value"])
