"""A synthetic graph shaped like the built one, straight to quads, up to millions of triples.

Extracting a million-triple corpus takes minutes; query and serving benchmarks only need the
graph's shape: one named graph per document holding its text, commitments, reports, motions,
questions and answers and the mentions (with selectors) that dominate a real build, and a
shared graph with the members, parties, laws and dossiers that many documents name. Terms come
from `ontology/kamergraph.ttl` (`tests/test_benchmarks.py` checks each is defined). The same
(seed, triples) gives the same quads.

    .venv/bin/python benchmarks/graphgen.py OUT.nq --triples 1000000 [--seed 18]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

KG = "https://w3id.org/kamergraph/def#"
BASE = "https://w3id.org/kamergraph/id/"
NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "dcterms": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "kg": KG,
}
PARTIES = ("VVD", "GroenLinks-PvdA", "CDA", "D66", "SP", "PvdD", "ChristenUnie", "SGP", "Volt")
WORDS = [
    "opvang",
    "asiel",
    "gemeenten",
    "wachttijd",
    "nareis",
    "kosten",
    "locatie",
    "capaciteit",
    "uitstroom",
    "zorg",
]
MENTIONS_PER_DOCUMENT = 20
TEXT_WORDS = 300


def term(curie: str) -> ox.NamedNode:
    """A vocabulary term from a CURIE (`kg:Report`); every name the generator uses goes here."""
    prefix, local = curie.split(":", 1)
    return ox.NamedNode(NS[prefix] + local)


def thing(path: str) -> ox.NamedNode:
    return ox.NamedNode(BASE + path)


def text(value: str) -> ox.Literal:
    return ox.Literal(value)


def typed(value: str, datatype: str) -> ox.Literal:
    return ox.Literal(value, datatype=term(datatype))


TYPE = term("rdf:type")
Emit = list[tuple[ox.NamedNode, ox.NamedNode, ox.NamedNode | ox.Literal]]


class _Shared:
    """Entities many documents name: persons, parties, laws, dossiers (one shared graph)."""

    def __init__(self, rng: random.Random, documents: int) -> None:
        self.parties = [thing(f"party/{p.lower()}") for p in PARTIES]
        self.persons = [thing(f"person/member-{n}") for n in range(max(50, documents // 20))]
        self.laws = [thing(f"law/law-{n}") for n in range(40)]
        self.dossiers = [thing(f"dossier/{31000 + n}") for n in range(max(1, documents // 20))]
        self.rng = rng

    def triples(self) -> Emit:
        out: Emit = []
        for label, party in zip(PARTIES, self.parties, strict=True):
            out += [(party, TYPE, term("kg:Party")), (party, term("skos:prefLabel"), text(label))]
        for n, person in enumerate(self.persons):
            name = f"Member {n}"
            out += [
                (person, TYPE, term("kg:Person")),
                (person, term("foaf:name"), text(name)),
                (person, term("foaf:familyName"), text(f"Member{n}")),
                (person, term("kg:party"), self.parties[n % len(self.parties)]),
                (person, term("rdfs:label"), text(name)),
            ]
        out += _status_labels()
        for n, law in enumerate(self.laws):
            out += [(law, TYPE, term("kg:Law")), (law, term("dcterms:title"), text(f"Wet {n}"))]
        for dossier in self.dossiers:
            out += [
                (dossier, TYPE, term("kg:Dossier")),
                (dossier, term("dcterms:identifier"), text(dossier.value.rsplit("/", 1)[1])),
            ]
        return out


#: Reported statuses the generated reports cycle through (their labels come from the ontology).
STATUSES = ("kg:progressReported", "kg:willReportLater", "kg:fulfilled", "kg:mentioned")


def _status_labels() -> Emit:
    """The statuses' Dutch and English labels, as the vocabulary graph of a build holds them."""
    from kamergraph.iris import ONTOLOGY_FILE

    ontology = ox.Store()
    ontology.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE)
    label = term("skos:prefLabel")
    return [
        (term(status), label, q.object)
        for status in STATUSES
        for q in ontology.quads_for_pattern(term(status), label, None)
        if isinstance(q.object, ox.Literal)
    ]


def _document(n: int, rng: random.Random, shared: _Shared) -> Emit:
    """One document's graph: the document, its records, and mentions of them in its text."""
    doc = thing(f"document/kst-{31000 + n // 20}-{n % 20}")
    date = typed(f"{2019 + n % 8}-{1 + n % 12:02d}-{1 + n % 28:02d}", "xsd:date")
    party = rng.choice(shared.parties)
    words = " ".join(rng.choice(WORDS) for _ in range(TEXT_WORDS))
    out: Emit = [
        (doc, TYPE, term("kg:Document")),  # the build types every document twice, too
        (doc, TYPE, term(rng.choice(("kg:Letter", "kg:MemorandumOfReply", "kg:Note")))),
        (doc, term("dcterms:title"), text(f"Brief {n} over {rng.choice(WORDS)}")),
        (doc, term("rdfs:label"), text(f"Brief {n}")),
        (doc, term("dcterms:date"), date),
        (doc, term("dcterms:identifier"), text(doc.value.rsplit("/", 1)[1])),
        (doc, term("kg:dossier"), shared.dossiers[min(n // 20, len(shared.dossiers) - 1)]),
        (doc, term("kg:paperNumber"), text(str(n % 20))),
        (doc, term("kg:chamber"), term("kg:EersteKamer")),
        (doc, term("dcterms:creator"), rng.choice(shared.persons)),
        (doc, term("kg:text"), text(words)),
        (doc, term("prov:wasDerivedFrom"), thing(f"source/{n:06d}.txt")),
        (doc, term("cito:cites"), rng.choice(shared.laws)),
    ]
    if n:
        out.append(
            (doc, term("cito:cites"), thing(f"document/kst-{31000 + (n - 1) // 20}-{(n - 1) % 20}"))
        )
    bodies: list[ox.NamedNode] = []
    for k in range(2):
        commitment = thing(f"commitment/T{10000 + n * 2 + k:05d}")
        # Reports on earlier commitments too, so timelines have several entries.
        reported = thing(f"commitment/T{10000 + rng.randrange(n * 2 + k + 1):05d}")
        report = ox.NamedNode(f"{doc.value}/report/{k}")
        out += [
            (commitment, TYPE, term("kg:Commitment")),
            (commitment, term("dcterms:identifier"), text(commitment.value.rsplit("/", 1)[1])),
            (commitment, term("dcterms:title"), text(f"Toezegging over {rng.choice(WORDS)}")),
            (commitment, term("kg:requestedBy"), rng.choice(shared.persons)),
            (commitment, term("kg:requestedByParty"), party),
            (commitment, term("kg:madeOn"), date),
            (report, TYPE, term("kg:Report")),
            (report, term("kg:reportsOn"), reported),
            (report, term("kg:inDocument"), doc),
            (report, term("dcterms:date"), date),
            (report, term("kg:statusText"), text(f"Stand van zaken {n}-{k}")),
            (report, term("kg:reportedStatus"), term(STATUSES[(n + k) % len(STATUSES)])),
        ]
        bodies += [commitment, report]
    if n % 4 == 3:
        motion = thing(f"motion/{31000 + n // 20}-M{n}")
        out += [
            (motion, TYPE, term("kg:Motion")),
            (motion, term("dcterms:identifier"), text(f"{31000 + n // 20}-M{n}")),
            (motion, term("dcterms:title"), text(f"Motie over {rng.choice(WORDS)}")),
            (motion, term("kg:submitter"), rng.choice(shared.persons)),
            (motion, term("kg:status"), term("kg:adopted")),
        ]
        bodies.append(motion)
    out += _questions(n, doc, rng, shared)
    out += _mentions(doc, [*bodies, doc], rng)
    return out


def _questions(n: int, doc: ox.NamedNode, rng: random.Random, shared: _Shared) -> Emit:
    if n % 3:
        return []
    out: Emit = []
    for k in range(1, 5):
        question, answer = (
            ox.NamedNode(f"{doc.value}/question/{k}"),
            ox.NamedNode(f"{doc.value}/answer/{k}"),
        )
        out += [
            (question, TYPE, term("kg:Question")),
            (question, term("schema:text"), text(f"Vraag {k} over {rng.choice(WORDS)}?")),
            (question, term("schema:isPartOf"), doc),
            (question, term("kg:position"), typed(str(k), "xsd:integer")),
            (question, term("kg:askedBy"), rng.choice(shared.parties)),
            (question, term("schema:acceptedAnswer"), answer),
            (answer, TYPE, term("kg:Answer")),
            (answer, term("schema:text"), text(f"Antwoord {rng.randrange(50)}.")),
            (answer, term("schema:isPartOf"), doc),
        ]
        if n and k == 1:  # a reused answer and a restated question, as real memoranda have
            earlier = thing(f"document/kst-{31000 + (n - 3) // 20}-{(n - 3) % 20}")
            out += [
                (answer, term("kg:sameTextAs"), ox.NamedNode(f"{earlier.value}/answer/1")),
                (question, term("kg:restates"), ox.NamedNode(f"{earlier.value}/question/1")),
            ]
    return out


def _mentions(doc: ox.NamedNode, bodies: list[ox.NamedNode], rng: random.Random) -> Emit:
    out: Emit = []
    for k in range(MENTIONS_PER_DOCUMENT):
        mention = ox.NamedNode(f"{doc.value}/mention/{k}")
        target, quote, position = (ox.NamedNode(f"{mention.value}/{p}") for p in ("t", "q", "p"))
        start = rng.randrange(1000)
        out += [
            (mention, TYPE, term("kg:Mention")),
            (mention, term("oa:hasBody"), bodies[k % len(bodies)]),
            (mention, term("oa:hasTarget"), target),
            (target, term("oa:hasSource"), doc),
            (target, term("oa:hasSelector"), quote),
            (target, term("oa:hasSelector"), position),
            (quote, TYPE, term("oa:TextQuoteSelector")),
            (quote, term("oa:exact"), text(rng.choice(WORDS))),
            (position, TYPE, term("oa:TextPositionSelector")),
            (position, term("oa:start"), typed(str(start), "xsd:nonNegativeInteger")),
            (position, term("oa:end"), typed(str(start + 8), "xsd:nonNegativeInteger")),
        ]
    return out


PER_DOCUMENT = 290  # about what `_document` emits; sizes the shared pools


def generate(triples: int, seed: int = 18) -> Iterator[ox.Quad]:
    """About `triples` quads (stops after the document that reaches it), deterministically."""
    rng = random.Random(seed)
    shared = _Shared(rng, max(1, triples // PER_DOCUMENT))
    shared_graph = thing("graph/shared")
    count = 0
    for s, p, o in shared.triples():
        count += 1
        yield ox.Quad(s, p, o, shared_graph)
    n = 0
    while count < triples:
        graph = thing(f"document/kst-{31000 + n // 20}-{n % 20}/graph")
        for s, p, o in _document(n, rng, shared):
            count += 1
            yield ox.Quad(s, p, o, graph)
        n += 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    with args.out.open("wb") as output:
        ox.serialize(generate(args.triples, args.seed), output, ox.RdfFormat.N_QUADS)
    print(f"about {args.triples} quads in {args.out}")


def cached_store(triples: int, seed: int = 18, root: Path | None = None) -> Path:
    """An on-disk store (a `DiskStore` folder) of `generate(triples, seed)`, made once and
    kept under var/bench/; its name carries a digest of this file, so a change regenerates."""
    import hashlib
    import shutil

    from kamergraph.settings import PROJECT_ROOT
    from kamergraph.store import DiskStore

    digest = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    folder = (root or PROJECT_ROOT / "var" / "bench") / f"graph-{triples}-{seed}-{digest}"
    if (folder / "CURRENT").exists():
        return folder
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    DiskStore(partial).publish(generate(triples, seed))
    partial.rename(folder)  # whole or absent: a killed run leaves only the .partial folder
    return folder


if __name__ == "__main__":
    main()
