"""Reported statuses: the cue table row by row, the seeds against hand annotations, and
wordings the table was not written from.

Why: a status is only worth showing if the words it was read from support it. The annotations
(`tests/annotations/statuses/report_statuses.json`) were made from the source texts before the table
was written; the variations below are other ways letters say the same thing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kamergraph.extract import extract_source, load_manifest
from kamergraph.extract.recognise.statuses import classify_status
from kamergraph.extract.rules import status_rules
from kamergraph.iris import KG, ONTOLOGY_FILE
from kamergraph.records import Report
from kamergraph.reference import load_reference
from tests.conftest import REFERENCE, SOURCES

ANNOTATIONS = Path(__file__).parent / "annotations" / "statuses" / "report_statuses.json"
_QUOTED = re.compile(r'"([^"]+)"')


def _example(source: str) -> str:
    m = _QUOTED.search(source)
    assert m, f"every status rule quotes its example: {source}"
    return m.group(1)


def test_every_status_is_a_reported_status_of_the_ontology() -> None:
    graph = Graph().parse(ONTOLOGY_FILE)
    statuses = {r.status for r in status_rules()} | {"mentioned", "progressReported"}
    assert len(status_rules()) >= 25
    for status in statuses:
        assert (URIRef(KG[status]), RDF.type, KG.ReportedStatus) in graph, status


@pytest.mark.parametrize("rule", status_rules(), ids=lambda r: f"{r.status}:{r.cue.pattern[:30]}")
def test_each_status_rule_reads_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    example = _example(rule.source)
    assert rule.cue.search(example), example
    assert classify_status(example).status == rule.status, example


def _allowed(entry: dict) -> list[str]:
    status = entry["status"]
    return status["any_of"] if isinstance(status, dict) else [status]


def _matches(entry: dict, report: Report) -> bool:
    if report.in_document.key != entry["document"]:
        return False
    if "target" in entry:
        return report.reports_on.key == entry["target"]
    return re.search(entry["target_pattern"], report.reports_on.key) is not None


def test_seed_statuses_against_the_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    entries = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))["reports"]
    assert len(entries) >= 30
    reference, manifest = load_reference(REFERENCE), load_manifest(SOURCES)
    reports = [
        r
        for name in sorted({e["source"] for e in entries})
        for r in extract_source(SOURCES / name, reference, manifest).of_type(Report)
    ]
    correct, wrong = 0, []
    for entry in entries:
        found = [r for r in reports if _matches(entry, r)]
        if found and found[0].status in _allowed(entry):
            correct += 1
        else:
            wrong.append((entry["document"], entry.get("target"), [r.status for r in found]))
    precision, recall = correct / len(reports), correct / len(entries)
    with capsys.disabled():
        print(
            f"\nreported status: precision {precision:.3f} recall {recall:.3f} "
            f"({correct} of {len(entries)} annotated, {len(reports)} extracted)"
        )
    assert precision >= 0.90 and recall >= 0.90, wrong


VARIATIONS = [
    ("Met deze brief beschouw ik de toezegging als afgedaan.", "fulfilled"),
    ("Hiermee acht ik deze toezegging voldaan.", "fulfilled"),
    ("Aan deze toezegging is met deze brief voldaan.", "fulfilled"),
    ("Met deze brief doe ik mijn toezegging gestand.", "fulfilled"),
    ("Bijgaand treft u het toegezegde overzicht van de locaties aan.", "fulfilled"),
    ("Het onderzoek is inmiddels afgerond; de resultaten vindt u in de bijlage.", "fulfilled"),
    ("Zoals toegezegd informeer ik u hierbij over de uitkomsten van de pilot.", "fulfilled"),
    ("Met deze brief kom ik gedeeltelijk tegemoet aan de toezegging.", "partlyFulfilled"),
    ("Daarmee is de toezegging deels voldaan; over de kosten bericht ik later.", "partlyFulfilled"),
    (
        "Een deel van de gevraagde cijfers stuur ik u nu; het overige deel volgt na de zomer.",
        "partlyFulfilled",
    ),
    ("De publicatie van het rapport is uitgesteld tot 2027.", "deferred"),
    ("De evaluatie wordt later dan voorzien afgerond.", "deferred"),
    ("Door capaciteitsproblemen heeft de uitvoering vertraging opgelopen.", "deferred"),
    ("De verkenning is vertraagd door de verkiezingen.", "deferred"),
    ("Ik zal uw Kamer voor de zomer van 2026 hierover informeren.", "willReportLater"),
    ("Ik kom hierop voor het einde van het jaar bij uw Kamer terug.", "willReportLater"),
    ("Uw Kamer ontvangt medio 2026 de uitkomsten van de evaluatie.", "willReportLater"),
    (
        "Op dit moment wordt gewerkt aan een wetsvoorstel; de gesprekken met de gemeenten zijn "
        "in volle gang.",
        "progressReported",
    ),
    ("Ik kan uw Kamer bevestigen dat de gemaakte afspraken blijven staan.", "confirmed"),
    ("- Toezegging over de opvang van alleenstaande minderjarigen in Ter Apel.", "mentioned"),
]


@pytest.mark.parametrize(("sentence", "status"), VARIATIONS)
def test_other_wordings_get_their_status(sentence: str, status: str) -> None:
    assert classify_status(sentence).status == status


def test_the_evidence_is_the_words_of_the_passage() -> None:
    text = "In december is uw Kamer geïnformeerd. Hiermee beschouw ik deze toezegging als voldaan."
    reading = classify_status(text)
    assert reading.status == "fulfilled" and reading.evidence in text
    assert reading.evidence.startswith("beschouw ik")
