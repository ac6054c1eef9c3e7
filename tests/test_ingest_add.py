"""`kamergraph add`: a PDF and an official XML + metadata.xml pair added to a live server's data.

A real `kamergraph serve` runs on 127.0.0.1 over a temporary store built from a copy of the
seeds; `kamergraph add` runs as its own process, as a user would run it; SPARQLWrapper asks
the running server for the new documents, their motions and members without a restart.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from kamergraph.store import DiskStore
from tests.conftest import SOURCES
from tests.corpus import corpus_text
from tests.printing import PrintSetup, print_pdf, printable
from tests.publications import kamerstuk_xml, metadata_xml, write_pair
from tests.test_e2e import free_port, wait_until_up

pytestmark = pytest.mark.e2e
KG = "PREFIX kg: <https://w3id.org/kamergraph/def#>\nPREFIX dcterms: <http://purl.org/dc/terms/>\n"
MOTIE_PDF = "tk_35788-145_motie_2022.txt"
MOTIE_XML = "ek_35300-vi-v_motie_2020.txt"
DOCUMENT = "https://w3id.org/kamergraph/id/document/"


@dataclass
class Live:
    url: str
    store: Path
    sources: Path
    env: dict[str, str]

    def add(self, *files: Path) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "kamergraph.cli", "add", "--store", str(self.store)]
        return subprocess.run(
            [*command, *map(str, files)], env=self.env, capture_output=True, text=True, timeout=300
        )

    def select(self, query: str) -> list[dict[str, str]]:
        client = SPARQLWrapper(self.url + "/sparql")
        client.setQuery(KG + query)
        client.setReturnFormat(JSON)
        rows = client.queryAndConvert()["results"]["bindings"]  # type: ignore[index,call-overload]
        return [{k: v["value"] for k, v in row.items()} for row in rows]


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    root = tmp_path_factory.mktemp("live")
    sources, store = root / "sources", root / "store"
    shutil.copytree(SOURCES, sources)
    env = {**os.environ, "KG_SOURCES": str(sources), "KG_HOST": "127.0.0.1"}
    kg = [sys.executable, "-m", "kamergraph.cli"]
    subprocess.run([*kg, "build", "--store", str(store)], env=env, check=True, capture_output=True)
    port = free_port()
    process = subprocess.Popen(
        [*kg, "serve", "--store", str(store), "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/-/health", process)
        yield Live(url, store, sources, env)
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()


@pytest.fixture(scope="module")
def incoming(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A printed TK motion (PDF) and an EK motion as official XML with its metadata.xml."""
    folder = tmp_path_factory.mktemp("incoming")
    pdf = folder / "kst-35788-145.pdf"
    print_pdf(printable(corpus_text(MOTIE_PDF)), pdf, PrintSetup(width=420))
    # The recognisers find no title in this page's text (a refusal the shapes make, see the
    # last test); a sidecar supplies the paper's identity and title, as a user would.
    pdf.with_name(pdf.name + ".yaml").write_text(
        "dossier: 35 788\npaper_number: '145'\nchamber: TK\n"
        "title: Motie van het lid Eerdmans over gemeenten niet dwingen asielzoekers op te vangen\n",
        encoding="utf-8",
    )
    text = corpus_text(MOTIE_XML)
    paragraphs = [line for line in text[text.index("De Kamer,") :].split("\n") if line.strip()]
    xml = kamerstuk_xml(
        paragraphs,
        chamber="Eerste Kamer",
        year="2019-2020",
        dossier="35 300 VI",
        dossier_title="Vaststelling van de begrotingsstaten van het Ministerie van Justitie en "
        "Veiligheid (VI) voor het jaar 2020",
        number="V",
        heading="MOTIE VAN HET LID VELDHOEN C.S.",
    )
    fields = [
        ("DC.identifier", "kst-35300-VI-V"),
        ("OVERHEIDop.dossiernummer", "35300-VI"),
        ("OVERHEIDop.ondernummer", "V"),
        ("OVERHEIDop.vergaderjaar", "2019-2020"),
        ("DC.type", "Motie"),
        ("DC.creator", "Eerste Kamer der Staten-Generaal"),
        ("DC.title", "Motie van het lid Veldhoen c.s. over dwangsommen bij asielaanvragen"),
        ("OVERHEIDop.indiener", "Veldhoen"),
        ("OVERHEIDop.datumIndiening", "2020-03-10"),
    ]
    pair = write_pair(folder / "kst-35300-VI-V", "kst-35300-VI-V.xml", xml, metadata_xml(fields))
    return {"pdf": pdf, "xml": pair}


def _generation(live: Live) -> str | None:
    return DiskStore(live.store).current_generation()


def _quads(live: Live) -> set[ox.Quad]:
    return set(DiskStore(live.store).quads())


def test_added_files_are_served_without_a_restart(live: Live, incoming: dict[str, Path]) -> None:
    before = _generation(live)
    result = live.add(incoming["pdf"], incoming["xml"])
    assert result.returncode == 0, result.stderr
    assert "kst-35788-145.pdf: added as" in result.stdout
    assert (
        "kst-35300-VI-V.xml: added as <https://w3id.org/kamergraph/id/document/kst-35300-VI-V/graph>"
        in result.stdout
    )
    assert _generation(live) != before
    stored = ("kst-35788-145.pdf", "kst-35788-145.pdf.yaml", "kst-35300-VI-V.xml")
    for name in (*stored, "kst-35300-VI-V.xml.metadata.xml"):
        assert (live.sources / name).is_file()
    with (live.sources / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    assert (
        len(rows) == 7
        and rows["kst-35788-145.pdf"]["sha256"]
        and rows["kst-35300-VI-V.xml"]["added"]
    )
    assert rows["002_f1be811c729828d9.txt"]["key"]  # the curated rows are kept


def test_the_xml_motion_is_queryable_with_its_official_identity(live: Live) -> None:
    rows = live.select(
        """SELECT ?title ?year ?submitter WHERE {
          <https://w3id.org/kamergraph/id/document/kst-35300-VI-V> a kg:Document ;
             dcterms:title ?title ; kg:sessionYear ?year ; dcterms:creator ?c .
          ?c a kg:Person ; <http://xmlns.com/foaf/0.1/name> ?submitter }"""
    )
    assert rows and rows[0]["title"].startswith("Motie van het lid Veldhoen")
    assert rows[0]["year"] == "2019-2020" and "Veldhoen" in rows[0]["submitter"]


def test_the_pdf_motion_its_motions_and_members_are_queryable(live: Live) -> None:
    documents = live.select(
        """SELECT ?doc ?g WHERE {
             GRAPH ?g { ?doc kg:text ?t ; <http://www.w3.org/ns/prov#wasDerivedFrom> ?file }
             FILTER(STRENDS(STR(?file), "kst-35788-145.pdf")) }"""
    )
    assert len(documents) == 1
    g = documents[0]["g"]
    assert (
        documents[0]["doc"] == f"{DOCUMENT}kst-35788-145" and g == f"{DOCUMENT}kst-35788-145/graph"
    )
    motions = live.select(f"SELECT DISTINCT ?m WHERE {{ GRAPH <{g}> {{ ?m a kg:Motion }} }}")
    members = live.select(
        "SELECT DISTINCT ?name WHERE { ?p a kg:Person ; <http://xmlns.com/foaf/0.1/name> ?name "
        f"GRAPH <{g}> {{ ?x ?y ?p }} }}"
    )
    assert motions and any("Eerdmans" in m["name"] for m in members)


def test_adding_the_same_files_again_changes_nothing(live: Live, incoming: dict[str, Path]) -> None:
    generation, quads = _generation(live), _quads(live)
    result = live.add(incoming["pdf"], incoming["xml"])
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("unchanged (same checksum)") == 2
    assert _generation(live) == generation and _quads(live) == quads


def test_a_changed_file_replaces_its_graph(live: Live, incoming: dict[str, Path]) -> None:
    xml = incoming["xml"]
    xml.with_name(xml.name + ".yaml").write_text(
        "title: Motie Veldhoen c.s. over dwangsommen (titel met de hand)\n", encoding="utf-8"
    )
    graphs_before = {q.graph_name for q in _quads(live)}
    result = live.add(xml)
    assert result.returncode == 0 and "replaced as" in result.stdout, result.stderr
    titles = live.select(f"SELECT ?t WHERE {{ <{DOCUMENT}kst-35300-VI-V> dcterms:title ?t }}")
    assert [r["t"] for r in titles] == ["Motie Veldhoen c.s. over dwangsommen (titel met de hand)"]
    assert {q.graph_name for q in _quads(live)} == graphs_before
    assert (live.sources / "kst-35300-VI-V.xml.yaml").is_file()


def test_a_file_that_violates_the_shapes_publishes_nothing(
    live: Live, incoming: dict[str, Path], tmp_path: Path
) -> None:
    bad = tmp_path / "brief.txt"
    bad.write_text("Aan de Voorzitter van de Tweede Kamer\n\nDen Haag, 3 maart 2024\n", "utf-8")
    # a sidecar can say anything; the shapes refuse a kind of date that is no kind of date
    sidecar = bad.with_name(bad.name + ".yaml")
    sidecar.write_text("date: 2024-03-03\ndate_kind: Geen Soort\n", encoding="utf-8")
    generation = _generation(live)
    result = live.add(bad)
    assert result.returncode == 1
    assert "dateKind" in result.stderr or "date_kind" in result.stderr, result.stderr
    assert "nothing published" in result.stderr
    assert _generation(live) == generation and not (live.sources / bad.name).exists()


def test_an_unreadable_file_is_refused_with_its_reason(live: Live, tmp_path: Path) -> None:
    bad = tmp_path / "leeg.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing")
    result = live.add(bad)
    assert result.returncode == 1 and "leeg.pdf:1: not a readable PDF" in result.stderr
