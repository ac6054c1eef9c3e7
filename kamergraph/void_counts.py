"""The numbers VoID publishes, counted by the store in bounded memory.

`COUNT(DISTINCT ...)` makes the store hold every term it has seen, so its memory grows with the
graph. The same numbers come from counting each triple once, at its first occurrence: in the
default graph, else in the named graph with the smallest IRI that holds it. Whether a quad is
a first occurrence is one index lookup (`FILTER NOT EXISTS`), so the store streams the quads
and keeps one counter per group (property, class, link target). The string comparison is only
made for the rare triple that sits in two graphs.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
KG = "https://w3id.org/kamergraph/def#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
# Namespaces that are vocabularies we use, not identifier spaces we link to.
VOCABULARY_HOSTS = (
    "http://www.w3.org/",
    "https://www.w3.org/",
    "http://purl.org/",
    "http://xmlns.com/",
    "https://schema.org/",
    "http://data.europa.eu/eli/ontology",
    "http://creativecommons.org/",
    "https://w3id.org/kamergraph/def",
)
EXAMPLE_CLASSES = ("Commitment", "Motion", "Letter", "Person", "Law")


@dataclass
class Counts:
    """The numbers VoID publishes, read from the store in one go."""

    triples: int
    entities: int
    classes: list[tuple[str, int]]  # (class IRI, distinct instances)
    properties: list[tuple[str, int]]  # (property IRI, triples)
    examples: list[str]
    linksets: list[tuple[str, str, int]]  # (predicate, target namespace, triples)
    first_date: str | None
    last_date: str | None


def first_occurrences(pattern: str, condition: str = "true") -> str:
    """A group matching `pattern` (over ?s ?p ?o or a part of it) once per distinct triple:
    every default-graph match, and a named-graph match whose triple is in neither the default
    graph nor a named graph with a smaller IRI. `condition` is tested before the lookup."""
    return f"""{{
      {{ {pattern} FILTER({condition}) }}
      UNION
      {{ GRAPH ?g {{ {pattern} }} FILTER({condition})
         FILTER NOT EXISTS {{ {pattern} }}
         FILTER NOT EXISTS {{
           GRAPH ?h {{ {pattern} }} FILTER(?h != ?g && STR(?h) < STR(?g)) }} }}
    }}"""


def _rows(snapshot: ox.Store, sparql: str, union: bool = False) -> list[dict[str, str]]:
    """Rows of a SELECT (as plain values) over the store's dataset as it is (default graph and
    named graphs), or with the default graph as the union of all."""
    result = snapshot.query(sparql, use_default_graph_as_union=union)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]  # type: ignore[union-attr]


def _grouped(rows: list[dict[str, str]], key: str) -> list[tuple[str, int]]:
    return sorted((r[key], int(r["n"])) for r in rows if key in r)


def property_counts(snapshot: ox.Store) -> list[tuple[str, int]]:
    """(property, distinct triples) for every property."""
    query = f"SELECT ?p (COUNT(*) AS ?n) {{ {first_occurrences('?s ?p ?o')} }} GROUP BY ?p"
    return _grouped(_rows(snapshot, query), "p")


def class_counts(snapshot: ox.Store) -> list[tuple[str, int]]:
    """(class IRI, distinct instances) for every class."""
    typed = first_occurrences(f"?s <{RDF_TYPE}> ?c", "isIRI(?c)")
    query = f"SELECT ?c (COUNT(*) AS ?n) {{ {typed} }} GROUP BY ?c"
    return _grouped(_rows(snapshot, query), "c")


def entity_count(snapshot: ox.Store) -> int:
    """Distinct IRIs with a type: each counted at its first type triple, ordered by graph
    (the default graph first) and then by class."""
    a = f"<{RDF_TYPE}>"
    query = f"""SELECT (COUNT(*) AS ?n) {{
      {{ ?s {a} ?c FILTER(isIRI(?s))
         FILTER NOT EXISTS {{ ?s {a} ?d FILTER(?d != ?c && STR(?d) < STR(?c)) }} }}
      UNION
      {{ GRAPH ?g {{ ?s {a} ?c }} FILTER(isIRI(?s)) FILTER NOT EXISTS {{ ?s {a} ?d }}
         FILTER NOT EXISTS {{ GRAPH ?h {{ ?s {a} ?d }}
           FILTER(?h != ?g && STR(?h) < STR(?g) || ?h = ?g && ?d != ?c && STR(?d) < STR(?c)) }} }}
    }}"""
    return int(_rows(snapshot, query)[0]["n"])


def namespace(iri: str) -> str:
    """The namespace of an IRI: up to its last `/` or `#`."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def linkset_counts(snapshot: ox.Store, base: str) -> list[tuple[str, str, int]]:
    """(predicate, target namespace, distinct triples) for links from our IRIs to others that
    are not vocabularies."""
    condition = (
        f'isIRI(?o) && ?p != <{RDF_TYPE}> && !STRSTARTS(STR(?o), "{base}") '
        f'&& STRSTARTS(STR(?s), "{base}")'
    )
    links = first_occurrences("?s ?p ?o", condition)
    query = f"""SELECT ?p ?ns (COUNT(*) AS ?n) {{ {links}
      BIND(REPLACE(STR(?o), "[^/#]*$", "") AS ?ns) }} GROUP BY ?p ?ns"""
    return sorted(
        (r["p"], r["ns"], int(r["n"]))
        for r in _rows(snapshot, query)
        if not r["ns"].startswith(VOCABULARY_HOSTS)
    )


def count(snapshot: ox.Store, base: str) -> Counts:
    """Triples, entities per class, triples per property, examples and outward links."""
    properties = property_counts(snapshot)
    examples = _rows(
        snapshot,
        f"""SELECT ?c (MIN(STR(?s)) AS ?e) WHERE {{
              VALUES ?c {{ {" ".join(f"<{KG}{c}>" for c in EXAMPLE_CLASSES)} }}
              ?s a ?c FILTER(STRSTARTS(STR(?s), "{base}")) }} GROUP BY ?c ORDER BY ?c""",
        union=True,
    )
    dates = _rows(
        snapshot,
        f"""SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
              ?doc a <{KG}Document> ; <{DCT}date> ?d FILTER(DATATYPE(?d) = <{XSD}date>) }}""",
        union=True,
    )
    return Counts(
        triples=sum(n for _, n in properties),
        entities=entity_count(snapshot),
        classes=class_counts(snapshot),
        properties=properties,
        examples=[r["e"] for r in examples if "e" in r],
        linksets=linkset_counts(snapshot, base),
        first_date=dates[0].get("first") if dates else None,
        last_date=dates[0].get("last") if dates else None,
    )
