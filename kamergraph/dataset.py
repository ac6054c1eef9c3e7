"""The dataset description: VoID (counts, partitions, vocabularies, links) and DCAT-AP-NL.

Data portals (data.overheid.nl, data.europa.eu) harvest the DCAT part; VoID tells a crawler or
a researcher what is inside before downloading. Everything is computed from the store, so the
counts here, on `/.well-known/void`, in the dumps and in the SPARQL service description agree.
Every node has an IRI (fragments of the dataset's IRI), never a blank node, so the same graph
always gives the same bytes.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.dump import RDF_DUMPS, DumpFile
from kamergraph.void_counts import Counts, namespace

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
DCT = "http://purl.org/dc/terms/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"
FOAF = "http://xmlns.com/foaf/0.1/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
SPDX = "http://spdx.org/rdf/terms#"
KG = "https://w3id.org/kamergraph/def#"
CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
EU = "http://publications.europa.eu/resource/authority/"
IANA = "http://www.iana.org/assignments/media-types/"
SPARQL_PROTOCOL = "https://www.w3.org/TR/sparql11-protocol/"
THEMES = {"GOVE": "Government and public sector", "JUST": "Justice, legal system and public safety"}
DESCRIPTION_GRAPH = "graph/dataset"  # under the data namespace


@dataclass
class Publication:
    """What the description says about this publication besides the counts."""

    version: str = field(default_factory=lambda: importlib.metadata.version("kamergraph"))
    issued: str | None = None  # xsd:date of a release
    dataset_iri: str | None = None  # a release's own IRI; else the live dataset's
    dump_base: str | None = None  # where the files are downloaded from

    @property
    def public(self) -> str:
        url = settings.get("KG_PUBLIC_URL")
        return url if url.endswith("/") else url + "/"


def _n(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


def _text(value: str, language: str | None = None) -> ox.Literal:
    return ox.Literal(value, language=language) if language else ox.Literal(value)


def _typed(value: object, datatype: str) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD + datatype))


def description_graph() -> str:
    """The named graph that holds the description inside the dumps."""
    return settings.base_iri() + DESCRIPTION_GRAPH


def describe(
    counts: Counts, publication: Publication, files: Iterable[DumpFile] = ()
) -> list[ox.Triple]:
    """The VoID + DCAT description; `files` adds one distribution per file, with its size and
    checksum (left out inside the dumps themselves, which cannot contain their own checksum)."""
    return sorted(_Describer(counts, publication).triples(list(files)), key=str)


class _Describer:
    def __init__(self, counts: Counts, publication: Publication) -> None:
        self.counts = counts
        self.pub = publication
        public = publication.public
        self.public = public
        self.dataset = publication.dataset_iri or public + "dataset"
        self.catalog = public + "catalog"
        self.service = public + "sparql"
        self.publisher = settings.get("KG_PUBLISHER")
        self.contact = public + "catalog#contact"
        self.out: list[ox.Triple] = []

    def add(self, s: str, p: str, o: ox.NamedNode | ox.Literal | str) -> None:
        self.out.append(ox.Triple(_n(s), _n(p), _n(o) if isinstance(o, str) else o))

    def typed(self, s: str, *classes: str) -> None:
        for cls in classes:
            self.add(s, RDF + "type", cls)

    def triples(self, files: list[DumpFile]) -> list[ox.Triple]:
        self.shared()
        self.catalog_node()
        self.dataset_node()
        self.void_node()
        self.service_node()
        for fmt in RDF_DUMPS:
            self.add(self.dataset, VOID + "dataDump", self.download(fmt.name))
        for file in files:
            self.distribution(file)
        if not files:
            for fmt in RDF_DUMPS:
                self.distribution(DumpFile(fmt.name, fmt.media_type, fmt.label, -1, ""))
        return self.out

    def download(self, name: str) -> str:
        base = self.pub.dump_base or self.public + "dumps/"
        return base + name

    def shared(self) -> None:
        """The things every DCAT node points at, each typed as the shapes require."""
        self.typed(self.publisher, FOAF + "Agent", FOAF + "Organization")
        self.add(self.publisher, FOAF + "name", _text(settings.get("KG_PUBLISHER_NAME")))
        self.typed(self.contact, VCARD + "Kind", VCARD + "Organization")
        self.add(self.contact, VCARD + "fn", _text(settings.get("KG_PUBLISHER_NAME")))
        self.add(self.contact, VCARD + "hasEmail", "mailto:" + settings.get("KG_CONTACT_EMAIL"))
        self.typed(CC0, DCT + "LicenseDocument")
        self.add(CC0, RDFS + "label", _text("CC0 1.0 Universal", "en"))
        self.typed(EU + "access-right/PUBLIC", DCT + "RightsStatement")
        self.typed(EU + "language/NLD", DCT + "LinguisticSystem")
        self.typed(EU + "language/ENG", DCT + "LinguisticSystem")
        for theme, label in THEMES.items():
            self.typed(EU + "data-theme/" + theme, SKOS + "Concept")
            self.add(EU + "data-theme/" + theme, SKOS + "prefLabel", _text(label, "en"))
        self.typed(self.public, FOAF + "Document")
        self.typed(SPARQL_PROTOCOL, DCT + "Standard")
        self.typed("http://www.w3.org/TR/rdf11-concepts/", DCT + "Standard")

    def common(self, node: str, title: str, description: str) -> None:
        self.add(node, DCT + "title", _text(title, "en"))
        self.add(node, DCT + "description", _text(description, "en"))
        self.add(node, DCT + "publisher", self.publisher)
        self.add(node, DCT + "creator", self.publisher)
        self.add(node, DCT + "license", CC0)
        self.add(node, DCT + "language", EU + "language/NLD")
        self.add(node, DCT + "language", EU + "language/ENG")

    def catalog_node(self) -> None:
        self.typed(self.catalog, DCAT + "Catalog")
        self.common(
            self.catalog,
            "kamergraph catalogue",
            "The datasets and services of kamergraph: the Eerste Kamer's paper trail on "
            "asylum reception as linked open data.",
        )
        self.add(self.catalog, DCAT + "dataset", self.dataset)
        self.add(self.catalog, DCAT + "service", self.service)
        self.add(self.catalog, DCAT + "contactPoint", self.contact)
        self.add(self.catalog, FOAF + "homepage", self.public)

    def dataset_node(self) -> None:
        ds = self.dataset
        self.typed(ds, DCAT + "Dataset", VOID + "Dataset")
        self.common(
            ds,
            "kamergraph: the Eerste Kamer's paper trail on asylum reception",
            "Letters, memoranda, written-consultation reports and everything they name "
            "(members, parties, motions, commitments, laws, dossiers, questions and answers) "
            "as one RDF graph; every fact traceable to the words it came from.",
        )
        self.add(ds, DCT + "identifier", _text(ds))
        self.add(ds, DCAT + "version", _text(self.pub.version))
        self.add(ds, DCAT + "contactPoint", self.contact)
        self.add(ds, DCT + "accessRights", EU + "access-right/PUBLIC")
        self.add(ds, DCT + "conformsTo", "http://www.w3.org/TR/rdf11-concepts/")
        self.add(ds, DCAT + "landingPage", self.public)
        self.add(ds, FOAF + "page", self.public)
        for theme in THEMES:
            self.add(ds, DCAT + "theme", EU + "data-theme/" + theme)
        for keyword in ("Eerste Kamer", "asielopvang", "toezeggingen", "moties", "kamerstukken"):
            self.add(ds, DCAT + "keyword", _text(keyword, "nl"))
        if self.pub.issued:
            self.add(ds, DCT + "issued", _typed(self.pub.issued, "date"))
        if self.counts.first_date and self.counts.last_date:
            period = ds + "#temporal"
            self.typed(period, DCT + "PeriodOfTime")
            self.add(period, DCAT + "startDate", _typed(self.counts.first_date, "date"))
            self.add(period, DCAT + "endDate", _typed(self.counts.last_date, "date"))
            self.add(ds, DCT + "temporal", period)

    def void_node(self) -> None:
        ds, c = self.dataset, self.counts
        self.add(ds, VOID + "triples", _typed(c.triples, "integer"))
        self.add(ds, VOID + "entities", _typed(c.entities, "integer"))
        self.add(ds, VOID + "distinctSubjects", _typed(c.entities, "integer"))
        self.add(ds, VOID + "sparqlEndpoint", self.service)
        self.add(ds, VOID + "uriSpace", _text(settings.base_iri()))
        self.add(ds, VOID + "feature", "http://www.w3.org/ns/formats/N-Quads")
        for vocabulary in sorted({namespace(p) for p, _ in c.properties} | {KG}):
            self.add(ds, VOID + "vocabulary", vocabulary)
        for cls, n in c.classes:
            part = f"{ds}#class-{_slug(cls)}"
            self.add(ds, VOID + "classPartition", part)
            self.add(part, VOID + "class", cls)
            self.add(part, VOID + "entities", _typed(n, "integer"))
        for prop, n in c.properties:
            part = f"{ds}#property-{_slug(prop)}"
            self.add(ds, VOID + "propertyPartition", part)
            self.add(part, VOID + "property", prop)
            self.add(part, VOID + "triples", _typed(n, "integer"))
        for example in c.examples:
            self.add(ds, VOID + "exampleResource", example)
        for prop, target, n in c.linksets:
            linkset = f"{ds}#links-{_slug(prop)}-{_slug(target)}"
            self.typed(linkset, VOID + "Linkset")
            self.add(linkset, VOID + "subjectsTarget", ds)
            self.add(linkset, VOID + "objectsTarget", target)
            self.add(linkset, VOID + "linkPredicate", prop)
            self.add(linkset, VOID + "triples", _typed(n, "integer"))
            self.add(ds, VOID + "subset", linkset)

    def service_node(self) -> None:
        sv = self.service
        self.typed(sv, DCAT + "DataService")
        self.common(
            sv,
            "kamergraph SPARQL endpoint",
            "A read-only SPARQL 1.1 endpoint over the whole graph (the default graph is the "
            "union of all named graphs).",
        )
        self.add(sv, DCT + "identifier", _text(sv))
        self.add(sv, DCAT + "endpointURL", sv)
        self.add(sv, DCAT + "endpointDescription", sv)
        self.typed(sv, RDFS + "Resource")
        self.add(sv, DCAT + "servesDataset", self.dataset)
        self.add(sv, DCAT + "contactPoint", self.contact)
        self.add(sv, DCT + "accessRights", EU + "access-right/PUBLIC")
        self.add(sv, DCT + "conformsTo", SPARQL_PROTOCOL)
        self.add(sv, DCAT + "keyword", _text("SPARQL", "en"))
        self.add(sv, DCAT + "landingPage", self.public)
        for theme in THEMES:
            self.add(sv, DCAT + "theme", EU + "data-theme/" + theme)

    def distribution(self, file: DumpFile) -> None:
        url = self.download(file.name)
        node = url
        self.typed(node, DCAT + "Distribution")
        self.add(self.dataset, DCAT + "distribution", node)
        self.add(node, DCT + "title", _text(f"kamergraph dump: {file.label}", "en"))
        self.add(node, DCAT + "accessURL", url)
        self.add(node, DCAT + "downloadURL", url)
        self.typed(url, RDFS + "Resource")
        self.add(node, DCT + "license", CC0)
        self.add(node, DCT + "language", EU + "language/NLD")
        self.add(node, DCAT + "accessService", self.service)
        self.add(node, DCT + "conformsTo", "http://www.w3.org/TR/rdf11-concepts/")
        media = IANA + file.media_type
        self.typed(media, DCT + "MediaType", DCT + "MediaTypeOrExtent")
        self.add(node, DCAT + "mediaType", media)
        if file.name.endswith(".gz"):
            gzip_type = IANA + "application/gzip"
            self.typed(gzip_type, DCT + "MediaType")
            self.add(node, DCAT + "compressFormat", gzip_type)
        if file.size >= 0:
            self.add(node, DCAT + "byteSize", _typed(file.size, "nonNegativeInteger"))
            checksum = node + "#sha256"
            self.typed(checksum, SPDX + "Checksum")
            self.add(checksum, SPDX + "algorithm", SPDX + "checksumAlgorithm_sha256")
            self.typed(SPDX + "checksumAlgorithm_sha256", SPDX + "ChecksumAlgorithm")
            self.add(checksum, SPDX + "checksumValue", _typed(file.sha256, "hexBinary"))
            self.add(node, SPDX + "checksum", checksum)


def _slug(iri: str) -> str:
    """A readable, stable fragment for an IRI: its prefix-less tail, unsafe characters as -."""
    tail = iri.rstrip("/#")
    tail = tail[max(tail.rfind("#"), tail.rfind("/")) + 1 :] or "x"
    host = iri.split("//", 1)[-1].split("/", 1)[0].replace(".", "-")
    cleaned = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in f"{host}-{tail}")
    return cleaned
