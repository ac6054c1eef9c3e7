"""The dataset description: VoID counts agree with the store, the DCAT part conforms to the
DCAT-AP-NL 3.0 shapes (pyshacl, zero violations), and `/.well-known/void` negotiates."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import pytest
import rdflib

from kamergraph import settings
from kamergraph.dataset import DCAT, VOID, Publication, describe
from kamergraph.dump import DumpFile
from kamergraph.store import GraphStore, MemoryStore
from kamergraph.void_counts import count

SHAPES = Path(settings.get("KG_CONFORMANCE")) / "dcat-ap-nl-3.0-shapes"
SHAPE_FILES = (
    "dcat-ap-SHACL.ttl",
    "dcat-ap-nl-SHACL.ttl",
    "dcat-ap-nl-SHACL-klassebereik.ttl",
    "dcat-ap-nl-SHACL-klassebereik-codelijsten.ttl",
    "dcat-ap-nl-SHACL-aanbevolen.ttl",
)
KG = "https://w3id.org/kamergraph/def#"


def _graph(triples: list[ox.Triple]) -> rdflib.Graph:
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


@pytest.fixture(scope="module")
def description(built_store: GraphStore) -> rdflib.Graph:
    assert isinstance(built_store, MemoryStore)
    counts = count(built_store.snapshot(), settings.base_iri())
    files = [DumpFile("kamergraph.nq", "application/n-quads", "N-Quads", 1234, "ab" * 32)]
    return _graph(describe(counts, Publication(), files))


def _results(report: rdflib.Graph, severity: str) -> list[str]:
    sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
    return [
        f"{report.value(r, sh.focusNode)} {report.value(r, sh.resultPath)}: "
        f"{report.value(r, sh.resultMessage)}"
        for r in report.subjects(sh.resultSeverity, sh[severity])
    ]


def test_dcat_conforms_to_dcat_ap_nl_with_zero_violations(description: rdflib.Graph) -> None:
    missing = [name for name in SHAPE_FILES if not (SHAPES / name).is_file()]
    assert not missing, f"DCAT-AP-NL shapes missing under {SHAPES} (KG_CONFORMANCE): {missing}"
    shapes = rdflib.Graph()
    for name in SHAPE_FILES:
        shapes.parse(SHAPES / name)
    conforms, report, _text = pyshacl.validate(description, shacl_graph=shapes)
    assert isinstance(report, rdflib.Graph)
    assert _results(report, "Violation") == []
    assert _results(report, "Warning") == []  # the recommended (aanbevolen) ones too
    assert conforms


def test_the_shapes_do_catch_a_dataset_without_licence_or_contact(
    description: rdflib.Graph,
) -> None:
    broken = rdflib.Graph()
    broken += description
    broken.remove((None, rdflib.URIRef(DCAT + "contactPoint"), None))
    shapes = rdflib.Graph()
    for name in SHAPE_FILES:
        shapes.parse(SHAPES / name)
    conforms, report, _text = pyshacl.validate(broken, shacl_graph=shapes)
    assert not conforms
    assert any("contactPoint" in r for r in _results(report, "Violation"))  # type: ignore[arg-type]


def test_void_counts_agree_with_the_store(
    description: rdflib.Graph, built_store: GraphStore
) -> None:
    void = rdflib.Namespace(VOID)
    dataset = next(description.subjects(rdflib.RDF.type, rdflib.URIRef(DCAT + "Dataset")))
    triples = int(description.value(dataset, void.triples))  # type: ignore[arg-type]
    rows = json.loads(
        built_store.query("SELECT (COUNT(*) AS ?n) { SELECT DISTINCT * { ?s ?p ?o } }").serialize(
            "json"
        )
    )
    assert triples == int(rows["results"]["bindings"][0]["n"]["value"])
    partitions = {
        str(description.value(p, void["class"])): int(description.value(p, void.entities))  # type: ignore[arg-type]
        for p in description.objects(dataset, void.classPartition)
    }
    commitments = built_store.query(
        f"SELECT (COUNT(DISTINCT ?c) AS ?n) {{ ?c a <{KG}Commitment> }}"
    ).serialize("json")
    n = json.loads(commitments)["results"]["bindings"][0]["n"]["value"]
    assert partitions[KG + "Commitment"] == int(n)
    properties = {
        str(description.value(p, void.property))
        for p in description.objects(dataset, void.propertyPartition)
    }
    assert KG + "reportsOn" in properties
    assert KG in {str(v) for v in description.objects(dataset, void.vocabulary)}
    assert any("commitment/" in str(e) for e in description.objects(dataset, void.exampleResource))
    assert description.value(dataset, void.sparqlEndpoint) is not None


def test_a_link_to_an_external_identifier_space_is_a_linkset(tmp_path: Path) -> None:
    store = MemoryStore()
    base = settings.base_iri()
    graph = ox.NamedNode(base + "graph/shared")
    law = ox.NamedNode(base + "law/BWBR0011823")
    same = ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs")
    store.publish(
        [
            ox.Quad(law, ox.NamedNode(RDF_TYPE), ox.NamedNode(KG + "Law"), graph),
            ox.Quad(law, same, ox.NamedNode("https://wetten.overheid.nl/BWBR0011823"), graph),
        ]
    )
    counts = count(store.snapshot(), base)
    assert counts.linksets == [(same.value, "https://wetten.overheid.nl/", 1)]
    text = ox.serialize(describe(counts, Publication()), format=ox.RdfFormat.N_TRIPLES) or b""
    assert b"http://rdfs.org/ns/void#Linkset" in text


RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


@pytest.mark.e2e
def test_well_known_void_negotiates_turtle_and_json_ld(live_server: str) -> None:
    import urllib.request

    def get(accept: str) -> tuple[str, bytes]:
        request = urllib.request.Request(
            live_server + "/.well-known/void", headers={"Accept": accept}
        )
        with urllib.request.urlopen(request) as response:
            return response.headers.get_content_type(), response.read()

    kind, body = get("text/turtle")
    assert kind == "text/turtle"
    graph = rdflib.Graph().parse(data=body.decode(), format="turtle")
    assert (None, rdflib.RDF.type, rdflib.URIRef(DCAT + "Catalog")) in graph
    kind, body = get("application/ld+json")
    assert kind == "application/ld+json"
    with warnings.catch_warnings():  # rdflib 7's JSON-LD parser warns about its own classes
        warnings.simplefilter("ignore", DeprecationWarning)
        parsed = rdflib.Graph().parse(data=body.decode(), format="json-ld")
    assert len(parsed) == len(graph)


@pytest.mark.e2e
def test_the_service_description_links_the_void_and_carries_its_counts(live_server: str) -> None:
    import urllib.request

    def turtle(path: str) -> rdflib.Graph:
        request = urllib.request.Request(live_server + path, headers={"Accept": "text/turtle"})
        with urllib.request.urlopen(request) as response:
            return rdflib.Graph().parse(data=response.read().decode(), format="turtle")

    service = turtle("/sparql")
    void_graph = turtle("/.well-known/void")
    void = rdflib.Namespace(VOID)
    assert (None, rdflib.RDFS.seeAlso, rdflib.URIRef(live_server + "/.well-known/void")) in service
    dataset = next(void_graph.subjects(rdflib.RDF.type, rdflib.URIRef(DCAT + "Dataset")))
    assert set(service.objects(None, void.triples)) == {void_graph.value(dataset, void.triples)}
    per_class = {
        (service.value(p, void["class"]), service.value(p, void.entities))
        for p in service.objects(None, void.classPartition)
    }
    published = {
        (void_graph.value(p, void["class"]), void_graph.value(p, void.entities))
        for p in void_graph.objects(dataset, void.classPartition)
    }
    assert per_class == published and len(per_class) > 10
