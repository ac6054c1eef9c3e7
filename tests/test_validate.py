"""Every shape has valid and invalid examples; violations name focus node, path and message."""

from __future__ import annotations

import pytest
from rdflib import Graph

from kamergraph.validate import validate_graph

PREFIXES = """
@prefix kg: <https://w3id.org/kamergraph/def#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix oa: <http://www.w3.org/ns/oa#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix adms: <http://www.w3.org/ns/adms#> .
@prefix time: <http://www.w3.org/2006/time#> .
@prefix : <http://example.org/> .
"""

VALID = {
    "commitment": """:c a kg:Commitment ; dcterms:identifier "T03853" ; dcterms:title "t" ;
        kg:requestedBy :p ; kg:requestedByParty :party .
        :p a kg:Person ; foaf:name "P" . :party a kg:Party ; skos:prefLabel "OPNL" .""",
    "source document": """:d a kg:Letter ; rdfs:label "d" ; dcterms:title "Brief" ;
        dcterms:date "2025-12-10"^^xsd:date ; kg:text "..." ; prov:wasDerivedFrom :file .""",
    "question": """:q a kg:Question ; schema:text "?" ; schema:isPartOf :d ; kg:position 1 ;
        kg:askedBy :party . :party a kg:Party ; skos:prefLabel "D66" .
        :d a kg:Document ; rdfs:label "d" .""",
    "motion": """:m a kg:Motion ; dcterms:identifier "36333-I" ; kg:status kg:adopted ;
        kg:dossier :dos . :dos a kg:Dossier ; dcterms:identifier "36333" .""",
    "person with party": """:p a kg:Person ; foaf:name "P" ; kg:party :party ; kg:role kg:senator .
        :party a kg:Party ; skos:prefLabel "SP" .
        :m a org:Membership ; org:member :p ; org:organization :party .""",
    "seat with a period": """:p a kg:Person ; foaf:name "P" .
        :party a kg:Party ; skos:prefLabel "SP" .
        :m a org:Membership ; org:member :p ; org:organization :party ; org:memberDuring :i .
        :i a time:Interval ; time:hasBeginning :b . :b time:inXSDDate "2019-06-11"^^xsd:date .""",
    "organisation": """:o a kg:Organisation ; skos:prefLabel "COA" .""",
    "law": """:l a kg:Law ; dcterms:title "Vreemdelingenwet 2000" ; eli:id_local "BWBR0011823" .""",
    "answer": """:a a kg:Answer ; schema:text "." ; schema:isPartOf :d ; kg:position 1 .
        :d a kg:Document ; rdfs:label "d" .""",
    "report": """:r a kg:Report ; kg:reportsOn :c ; kg:inDocument :d ; kg:statusText "s" ;
        dcterms:date "2025-12-10"^^xsd:date ; kg:reportedStatus kg:confirmed ;
        kg:statusEvidence "bevestig ik" .
        :c a kg:Commitment ; dcterms:title "t" . :d a kg:Document ; rdfs:label "d" .""",
    "commitment with its current status": """:c a kg:Commitment ; dcterms:title "t" ;
        kg:status kg:fulfilled ; kg:statusAsOf "2026-07-03"^^xsd:date ; kg:statusReport :r .
        :r a kg:Report ; kg:reportsOn :c ; kg:inDocument :d ; kg:statusText "s" ;
        kg:reportedStatus kg:fulfilled . :d a kg:Document ; rdfs:label "d" .""",
    "motion with its fate and its reported status": """:m a kg:Motion ;
        dcterms:identifier "36333-I" ; kg:status kg:adopted , kg:progressReported .""",
    "identifier": """:d a kg:Document ; rdfs:label "d" ; adms:identifier :i .
        :i a adms:Identifier ; skos:notation "36 600 XX, E" ;
        dcterms:conformsTo kg:shortCitation .""",
    "observation": """:o a kg:Observation ; kg:inDocument :d ; schema:value 23 ;
        schema:unitText "locaties" ; schema:observationDate "2025-11-25"^^xsd:date .
        :d a kg:Document ; rdfs:label "d" .""",
    "mention": """:m a kg:Mention ; oa:hasBody :c ; oa:hasTarget :t .
        :t oa:hasSource :d ; oa:hasSelector :pos , :quote .
        :pos a oa:TextPositionSelector ; oa:start 3 ; oa:end 9 .
        :quote a oa:TextQuoteSelector ; oa:exact "T03853" .
        :d a kg:Document ; rdfs:label "d" .""",
}

INVALID = {
    "bad T-number": (
        """:c a kg:Commitment ; dcterms:identifier "T0372612" ; dcterms:title "t" .""",
        "identifier",
    ),
    "commitment without title": (""":c a kg:Commitment ; dcterms:identifier "T03853" .""", "title"),
    "date not xsd:date": (
        """:d a kg:Letter ; rdfs:label "d" ; dcterms:date "10 december 2025" .""",
        "date",
    ),
    "source without title": (
        """:d a kg:Letter ; rdfs:label "d" ; kg:text "..." ;
                             prov:wasDerivedFrom :f .""",
        "title",
    ),
    "requester not a person": (
        """:c a kg:Commitment ; dcterms:title "t" ; kg:requestedBy :x .""",
        "requestedBy",
    ),
    "party with two labels": (
        """:p a kg:Party ; skos:prefLabel "CU" , "ChristenUnie" .""",
        "prefLabel",
    ),
    "question without document": (
        """:q a kg:Question ; schema:text "?" ; kg:position 1 .""",
        "isPartOf",
    ),
    "dossier with bad id": (""":d a kg:Dossier ; dcterms:identifier "36 600 XX" .""", "identifier"),
    "person without name": (""":p a kg:Person .""", "name"),
    "person with two parties": (
        """:p a kg:Person ; foaf:name "P" ; kg:party :a , :b .
        :a a kg:Party ; skos:prefLabel "A" . :b a kg:Party ; skos:prefLabel "B" .""",
        "party",
    ),
    "organisation without label": (""":o a kg:Organisation .""", "prefLabel"),
    "seat starting on a day that is no date": (
        """:p a kg:Person ; foaf:name "P" . :party a kg:Party ; skos:prefLabel "SP" .
        :m a org:Membership ; org:member :p ; org:organization :party ; org:memberDuring :i .
        :i a time:Interval ; time:hasBeginning :b . :b time:inXSDDate "juni 2019" .""",
        "inXSDDate",
    ),
    "law with unverified BWB id": (
        """:l a kg:Law ; dcterms:title "x" ; eli:id_local "12" .""",
        "id_local",
    ),
    "answer without text": (
        """:a a kg:Answer ; schema:isPartOf :d ; kg:position 1 .
        :d a kg:Document ; rdfs:label "d" .""",
        "text",
    ),
    "report on a person": (
        """:r a kg:Report ; kg:reportsOn :p ; kg:inDocument :d ;
        kg:statusText "s" . :p a kg:Person ; foaf:name "P" .
        :d a kg:Document ; rdfs:label "d" .""",
        "reportsOn",
    ),
    "report without a reported status": (
        """:r a kg:Report ; kg:reportsOn :c ; kg:inDocument :d ; kg:statusText "s" .
        :c a kg:Commitment ; dcterms:title "t" . :d a kg:Document ; rdfs:label "d" .""",
        "reportedStatus",
    ),
    "commitment with a motion's fate as status": (
        """:c a kg:Commitment ; dcterms:title "t" ; kg:status kg:adopted .""",
        "status",
    ),
    "commitment with two current statuses": (
        """:c a kg:Commitment ; dcterms:title "t" ; kg:status kg:fulfilled , kg:deferred .""",
        "status",
    ),
    "identifier without a scheme": (
        """:i a adms:Identifier ; skos:notation "T03853" .""",
        "conformsTo",
    ),
    "promised interval without its last day": (
        """:r a kg:Report ; kg:reportsOn :c ; kg:inDocument :d ; kg:statusText "s" ;
        kg:reportedStatus kg:willReportLater ; kg:promisedInterval :i .
        :i time:hasBeginning :b . :b time:inXSDDate "2026-01-01"^^xsd:date .
        :c a kg:Commitment ; dcterms:title "t" . :d a kg:Document ; rdfs:label "d" .""",
        "promisedInterval",
    ),
    "observation without unit": (
        """:o a kg:Observation ; kg:inDocument :d ; schema:value 1 .
        :d a kg:Document ; rdfs:label "d" .""",
        "unitText",
    ),
    "mention ending before it starts": (
        """:pos a oa:TextPositionSelector ; oa:start 9 ;
        oa:end 3 .""",
        "start",
    ),
    "mention without body": (
        """:m a kg:Mention ; oa:hasTarget :t .
        :t oa:hasSource :d ; oa:hasSelector :a , :b . :d a kg:Document ; rdfs:label "d" .""",
        "hasBody",
    ),
}


def graph(turtle: str) -> Graph:
    return Graph().parse(data=PREFIXES + turtle, format="turtle")


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_examples_conform(name: str) -> None:
    report = validate_graph(graph(VALID[name]))
    assert report.conforms, report.text()


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_examples_are_violations_naming_the_path(name: str) -> None:
    turtle, path_part = INVALID[name]
    report = validate_graph(graph(turtle))
    assert not report.conforms
    assert any(path_part in f.path for f in report.violations), report.text()
    assert all(f.focus.startswith("http://example.org/") for f in report.violations)
