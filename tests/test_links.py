"""The link lists after the footnotes, attached to the things the footnotes are about.

Why: a Senate page is only worth linking from a thing if it is that thing's page; the
annotations (`tests/annotations/links/footnote_links.json`, made before the matcher) say which
is which, and every attached link must be printed in the text the thing's facts come from.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from kamergraph.extract import extract_source, load_manifest
from kamergraph.records import Commitment, Motion, Person
from kamergraph.reference import load_reference
from kamergraph.store import GraphStore
from tests.conftest import REFERENCE, SOURCES

ANNOTATIONS = Path(__file__).parent / "annotations" / "links" / "footnote_links.json"


def _extracted() -> tuple[set[tuple[str, str, str]], dict[str, list[str]]]:
    """(source, url, kind:key) attached by the extractor, and the links it left out."""
    reference, manifest = load_reference(REFERENCE), load_manifest(SOURCES)
    attached, left_out = set(), {}
    for path in sorted(SOURCES.glob("*.txt")):
        extraction = extract_source(path, reference, manifest)
        for record in extraction.records:
            if isinstance(record, Commitment | Motion | Person):
                for url in record.pages:
                    attached.add((path.name, url, f"{record.ref.kind}:{record.ref.key}"))
        left_out[path.name] = extraction.unmatched_links
    return attached, left_out


def test_footnote_links_against_the_annotations(capsys: pytest.CaptureFixture[str]) -> None:
    gold = json.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    wanted = {(g["source"], g["url"], g["entity"]) for g in gold["links"]}
    assert len(wanted) >= 10
    attached, left_out = _extracted()
    correct = len(wanted & attached)
    precision = correct / len(attached) if attached else 0.0
    recall = correct / len(wanted)
    with capsys.disabled():
        print(
            f"\nfootnote links: precision {precision:.3f} recall {recall:.3f} "
            f"({correct} of {len(wanted)} annotated, {len(attached)} attached)"
        )
    assert precision >= 0.90 and recall >= 0.90, (wanted - attached, attached - wanted)
    for entry in gold["left_out"]:
        assert not any(a[1] == entry["url"] for a in attached), entry
        assert any(entry["url"] in u for u in left_out[entry["source"]]), entry


def test_every_attached_link_is_printed_in_the_source_text_of_its_thing(
    built_store: GraphStore,
) -> None:
    # Each seeAlso triple is in the graph of the sources that state it (or the shared graph,
    # when several do): one of the texts of those sources that mention the thing prints it.
    query = """
    PREFIX kg: <https://w3id.org/kamergraph/def#>
    PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
    PREFIX oa: <http://www.w3.org/ns/oa#>
    SELECT ?thing ?url (GROUP_CONCAT(DISTINCT ?text; separator="\\u0001") AS ?texts) WHERE {
      ?thing rdfs:seeAlso ?url .
      ?m oa:hasBody ?thing ; oa:hasTarget/oa:hasSource ?doc .
      ?doc kg:text ?text .
    } GROUP BY ?thing ?url
    """
    rows = list(csv.DictReader(io.StringIO(built_store.query(query).serialize("csv").decode())))
    every = built_store.query(
        "SELECT DISTINCT ?t ?u WHERE { ?t <http://www.w3.org/2000/01/rdf-schema#seeAlso> ?u }"
    )
    assert len(rows) == len(list(every.raw)) >= 9  # 10 links, T03852's printed in 000 and 002
    for row in rows:
        assert row["url"] in row["texts"], row["url"]


def test_links_left_out_are_reported_by_the_build(built_store: GraphStore) -> None:
    from kamergraph.pipeline import run_build
    from kamergraph.store import MemoryStore

    summary = run_build(SOURCES, REFERENCE, MemoryStore())
    reported = summary.links_left_out
    assert any("rijksoverheid.nl/onderwerpen/asielbeleid/nieuws" in w for w in reported)
    assert not any("toezegging/kijken_naar_laatste_lid_van" in w for w in reported)
