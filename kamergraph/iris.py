"""The only place that mints IRIs: things from `Ref`s, graphs, mentions, and the vocabulary.

`KG` is a closed namespace built from `ontology/kamergraph.ttl`, so a typo in a term fails at
first use instead of minting a term nobody defined.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import quote

from rdflib import Graph, URIRef
from rdflib.namespace import ClosedNamespace, Namespace

from kamergraph.identifier_forms import IdentifierForm
from kamergraph.records import Ref, Span
from kamergraph.settings import PROJECT_ROOT, base_iri

KG_IRI = "https://w3id.org/kamergraph/def#"
ONTOLOGY_FILE = PROJECT_ROOT / "ontology" / "kamergraph.ttl"

# Keys of things inside a document (questions, reports...) live below the document's IRI.
_NESTED_KINDS = {"question", "answer", "report", "observation"}


@cache
def _ontology_terms() -> tuple[str, ...]:
    graph = Graph().parse(ONTOLOGY_FILE)
    terms = {
        str(s)[len(KG_IRI) :]
        for s in graph.subjects()
        if isinstance(s, URIRef) and str(s).startswith(KG_IRI) and str(s) != KG_IRI
    }
    return tuple(sorted(terms))


KG = ClosedNamespace(KG_IRI, list(_ontology_terms()))
# The other vocabularies the graph uses (rdflib's own namespaces cover the rest).
OA = Namespace("http://www.w3.org/ns/oa#")
CITO = Namespace("http://purl.org/spar/cito/")
SCHEMA = Namespace("https://schema.org/")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ADMS = Namespace("http://www.w3.org/ns/adms#")
ONTOLOGY = URIRef(KG_IRI)


def _safe(key: str) -> str:
    return quote(key, safe="/-_.~")


def mint(ref: Ref, base: str | None = None) -> URIRef:
    """The IRI of a thing: `{base}{kind}/{key}`; nested things go below their document."""
    base = base or base_iri()
    if ref.kind in _NESTED_KINDS:
        document_key, _, rest = ref.key.partition("/")
        return URIRef(f"{base}document/{_safe(document_key)}/{_safe(rest)}")
    if ref.kind == "membership":  # below its person: person/{key}/membership/{seat}
        return URIRef(f"{base}person/{_safe(ref.key)}")
    return URIRef(f"{base}{ref.kind}/{_safe(ref.key)}")


def graph_of(document: Ref, base: str | None = None) -> URIRef:
    """The named graph holding what one source document says."""
    return URIRef(f"{mint(document, base)}/graph")


def system_graph(name: str, base: str | None = None) -> URIRef:
    """Graphs not tied to a source: `reference`, `shared`, `ontology`, `shapes`, `build`."""
    return URIRef(f"{base or base_iri()}graph/{name}")


def mention_iri(document: Ref, target: Ref, span: Span, base: str | None = None) -> URIRef:
    """A mention is identified by its document, its offsets and what it names: stable."""
    slug = _safe(f"{target.kind}-{target.key}".replace("/", "-"))
    return URIRef(f"{mint(document, base)}/mention/{span.start}-{span.end}-{slug}")


def dossier_ref(key: str) -> Ref:
    return Ref("dossier", key)


def promise_iri(report: Ref, part: str = "", base: str | None = None) -> URIRef:
    """The interval a report's promised time means, and its `begin`/`end` instants."""
    return URIRef(f"{mint(report, base)}/promise" + (f"/{part}" if part else ""))


def identifier_iri(thing: Ref, form: IdentifierForm, base: str | None = None) -> URIRef:
    """An identifier node below its thing, named by scheme and notation: stable."""
    slug = re.sub(r"[^0-9A-Za-z.]+", "-", form.notation).strip("-")  # "36.333" is not "36 333"
    return URIRef(f"{mint(thing, base)}/identifier/{form.scheme}-{_safe(slug)}")
