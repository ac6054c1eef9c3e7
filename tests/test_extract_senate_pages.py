"""The Senate's own pages: a commitment's register page and a senator's page.

Why: the register is the Kamer's own account of a commitment (status, deadline, who asked); it
must reach the graph beside the government's reported status, with the page as its source.
"""

from __future__ import annotations

from datetime import date

from rdflib import Graph

from kamergraph.build import describe
from kamergraph.extract import extract_source
from kamergraph.iris import KG, mint
from kamergraph.records import Commitment, Ref, Report
from kamergraph.reference import Reference
from kamergraph.settings import PROJECT_ROOT
from kamergraph.validate import validate_graph

PAGE = PROJECT_ROOT / "tests" / "variations" / "var_12_toezegging_pagina.txt"


def test_a_register_page_gives_the_commitment_its_registered_status_and_deadline() -> None:
    extraction = extract_source(PAGE, Reference(), {})
    (commitment,) = extraction.of_type(Commitment)
    assert (commitment.registered_status, commitment.registered_deadline) == (
        "registerOpen",
        date(2024, 7, 1),
    )
    assert commitment.made_on == date(2023, 11, 21)
    assert not extraction.of_type(Report)  # the register page is no report on its commitment


def test_the_registered_status_is_a_register_concept_in_the_graph() -> None:
    extraction = extract_source(PAGE, Reference(), {})
    graph = Graph()
    for record in extraction.records:
        for triple in describe(record):
            graph.add(triple)
    subject = mint(Ref("commitment", "T03912"))
    assert graph.value(subject, KG.registeredStatus) == KG.registerOpen
    assert str(graph.value(subject, KG.registeredDeadline)) == "2024-07-01"
    report = validate_graph(graph)
    assert not [v for v in report.violations if "registered" in v.path], report.text()
