"""The numbers VoID publishes, counted in one pass over the store in bounded memory.

`COUNT(DISTINCT ...)` makes the store hold every term it has seen, so its memory grows with the
graph. The same numbers come from counting each triple once, at its first occurrence in a
stable order (the default graph, then the named graphs by IRI). Whether a triple was seen
before is asked of a Bloom filter of fixed size (`BLOOM_BITS`): "no" is certain and costs one
hash; "perhaps" (a triple in two graphs, or a rare false positive) is settled by one index
lookup in the store. One pass in Python reads each quad once (decoding its strings, the bulk of
the cost) and counts properties, classes, entities and links together; the store's own SPARQL
needed an index lookup per quad and per count (four passes, several times slower).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from kamergraph.dump import Graph, graph_order

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
EXAMPLES = frozenset(ox.NamedNode(KG + c) for c in EXAMPLE_CLASSES)
TYPE = ox.NamedNode(RDF_TYPE)
# 8 MB: at 5M distinct triples about 2% of them take a lookup for a false "perhaps"
BLOOM_BITS = 1 << 26


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


def namespace(iri: str) -> str:
    """The namespace of an IRI: up to its last `/` or `#`."""
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


def _rows(snapshot: ox.Store, sparql: str) -> list[dict[str, str]]:
    """Rows of a SELECT (as plain values), the default graph being the union of all."""
    result = snapshot.query(sparql, use_default_graph_as_union=True)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    return [{n: row[n].value for n in names if row[n] is not None} for row in result]  # type: ignore[union-attr]


class Bloom:
    """A set in fixed memory that may answer "perhaps" for a key it never held (two bits per
    key, from Python's hash; `bits` a power of two)."""

    def __init__(self, bits: int = BLOOM_BITS) -> None:
        self.mask = bits - 1
        self.shift = bits.bit_length() - 1
        self.bits = bytearray(max(bits // 8, 1))

    def add(self, key: object) -> bool:
        """Hold `key`; True when it may have been held before, False when it surely was not."""
        code = hash(key)
        held = True
        for place in (code & self.mask, (code >> self.shift) & self.mask):
            byte, bit = place >> 3, 1 << (place & 7)
            if not self.bits[byte] & bit:
                self.bits[byte] |= bit
                held = False
        return held


def _before(graphs: Iterable[ox.Quad], graph: Graph) -> bool:
    """Whether one of these quads sits in a graph counted before `graph`."""
    if isinstance(graph, ox.DefaultGraph):
        return False
    name = str(graph)
    return any(
        isinstance(q.graph_name, ox.DefaultGraph) or str(q.graph_name) < name for q in graphs
    )


class _Tally:
    """The counters of one pass; `graph` adds one graph's quads, graphs in the stable order."""

    def __init__(self, snapshot: ox.Store, base: str, bits: int) -> None:
        self.snapshot, self.base = snapshot, base
        self.seen = Bloom(bits)  # triples, and the subjects of type triples
        self.properties: Counter[ox.NamedNode] = Counter()
        self.classes: Counter[ox.NamedNode] = Counter()
        self.links: Counter[tuple[ox.NamedNode, str]] = Counter()
        self.examples: dict[ox.NamedNode, str] = {}
        self.entities = 0

    def graph(self, graph: Graph) -> None:
        store, seen = self.snapshot, self.seen
        typed: set[ox.NamedNode] = set()  # this graph's typed subjects (at most a few hundred)
        for quad in store.quads_for_pattern(None, None, None, graph):
            s, p, o = quad.subject, quad.predicate, quad.object
            if seen.add(quad.triple) and _before(store.quads_for_pattern(s, p, o), graph):
                continue  # counted where it occurred first
            self.properties[p] += 1
            if p == TYPE:
                if isinstance(s, ox.NamedNode) and s not in typed:
                    typed.add(s)
                    self.typed(s, graph)
                if isinstance(o, ox.NamedNode):
                    self.classes[o] += 1
                    if o in EXAMPLES and isinstance(s, ox.NamedNode):
                        self.example(o, s.value)
            elif isinstance(o, ox.NamedNode) and isinstance(s, ox.NamedNode):
                target = o.value
                if not target.startswith(self.base) and s.value.startswith(self.base):
                    self.links[p, namespace(target)] += 1

    def typed(self, s: ox.NamedNode, graph: Graph) -> None:
        """A subject's first type triple in `graph`: an entity unless typed in an earlier one."""
        if self.seen.add(s) and _before(self.snapshot.quads_for_pattern(s, TYPE, None), graph):
            return
        self.entities += 1

    def example(self, cls: ox.NamedNode, iri: str) -> None:
        """The smallest of our IRIs in an example class is its example."""
        current = self.examples.get(cls)
        if iri.startswith(self.base) and (current is None or iri < current):
            self.examples[cls] = iri


def count(snapshot: ox.Store, base: str, bits: int = BLOOM_BITS) -> Counts:
    """Triples, entities per class, triples per property, examples and outward links."""
    tally = _Tally(snapshot, base, bits)
    for graph in graph_order(snapshot):
        tally.graph(graph)
    dates = _rows(
        snapshot,
        f"""SELECT (MIN(?d) AS ?first) (MAX(?d) AS ?last) WHERE {{
              ?doc a <{KG}Document> ; <{DCT}date> ?d FILTER(DATATYPE(?d) = <{XSD}date>) }}""",
    )
    return Counts(
        triples=sum(tally.properties.values()),
        entities=tally.entities,
        classes=sorted((c.value, n) for c, n in tally.classes.items()),
        properties=sorted((p.value, n) for p, n in tally.properties.items()),
        examples=[tally.examples[c] for c in sorted(tally.examples, key=str)],
        linksets=sorted(
            (p.value, ns, n)
            for (p, ns), n in tally.links.items()
            if not ns.startswith(VOCABULARY_HOSTS)
        ),
        first_date=dates[0].get("first") if dates else None,
        last_date=dates[0].get("last") if dates else None,
    )
