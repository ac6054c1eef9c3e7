"""Documents cannot corrupt each other: a shared entity's facts come from its curated row or its
own papers, never from a paper that merely mentions it, and every overruled value is reported."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from rdflib import URIRef
from rdflib.namespace import DCTERMS, FOAF, PROV

from kamergraph.authority import arbitrate
from kamergraph.build import Triple, describe
from kamergraph.ingest import add_source
from kamergraph.iris import mint
from kamergraph.pipeline import run_build
from kamergraph.records import Document, Dossier, Person, Record, Ref
from kamergraph.reference import load_reference
from kamergraph.store import DiskStore, GraphStore
from tests.conftest import REFERENCE, SOURCES

LETTER = "000_c0a24f6b65b225cd.txt"
DOSSIER = "https://w3id.org/kamergraph/id/dossier/36800-XX"
TITLE = "Vaststelling van de begrotingsstaten van het Ministerie van Asiel en Migratie (XX) voor het jaar 2026"  # noqa: E501
INVENTED = "Een titel die een briefschrijver verzon"


def _source(doc_key: str, *records: Record, dossier: str | None = None) -> set[Triple]:
    """A source's triples as the build describes them: its own document and what it names."""
    own = Document(Ref("document", doc_key), kind="Letter", title="t", dossier=dossier)
    triples = {t for r in (own, *records) for t in describe(r)}
    triples.add((mint(own.ref), PROV.wasDerivedFrom, URIRef(f"urn:file:{doc_key}")))
    return triples


def _titles(triples: set[Triple], subject: URIRef) -> set[str]:
    return {str(o) for s, p, o in triples if s == subject and p == DCTERMS.title}


def test_a_dossiers_own_paper_overrules_a_paper_that_mentions_it() -> None:
    dossier = Ref("dossier", "36800-XX")
    own = _source("a", Dossier(dossier, identifier="36800-XX", title="Echt"), dossier="36800-XX")
    mentions = _source("b", Dossier(dossier, identifier="36800-XX", title="Nep"), dossier="1-A")
    # The mentioning paper comes first in the order: being first does not make it right.
    result = arbitrate(set(), {URIRef("g:b"): mentions, URIRef("g:a"): own}, {})
    assert _titles(result.sources[URIRef("g:a")], mint(dossier)) == {"Echt"}
    assert _titles(result.sources[URIRef("g:b")], mint(dossier)) == set()
    [conflict] = result.conflicts
    assert (conflict.kept, conflict.kept_by, conflict.dropped, conflict.dropped_by) == (
        "Echt",
        ("g:a",),
        "Nep",
        ("g:b",),
    )


def test_a_curated_row_overrules_every_paper() -> None:
    person = Ref("person", "keijzer-mcg")
    reference = set(describe(Person(person, name="M.C.G. Keijzer", family_name="Keijzer")))
    letter = _source("a", Person(person, name="Keijzer", family_name="Keijzer"))
    result = arbitrate(reference, {URIRef("g:a"): letter}, {URIRef("g:a"): "a.txt"})
    names = {o for s, p, o in result.sources[URIRef("g:a")] if s == mint(person) and p == FOAF.name}
    assert names == set()  # the reference graph holds the one name
    assert next(str(c) for c in result.conflicts if "name" in c.predicate).endswith(
        "kept 'M.C.G. Keijzer' (reference), not 'Keijzer' (a.txt)"
    )


def test_a_persons_own_paper_is_the_one_they_wrote() -> None:
    person = Ref("person", "jansen-p")
    wrote = _source("a", Person(person, name="P. Jansen", family_name="Jansen"))
    wrote.add((mint(Ref("document", "a")), DCTERMS.creator, mint(person)))
    named = _source("b", Person(person, name="Piet Jansen", family_name="Jansen"))
    other = _source("c", Person(person, name="Piet Jansen", family_name="Jansen"))
    sources = {URIRef("g:b"): named, URIRef("g:c"): other, URIRef("g:a"): wrote}
    result = arbitrate(set(), sources, {})
    names = {
        str(o) for ts in result.sources.values() for s, p, o in ts if p == FOAF.name
    }  # two mentioning papers agree, yet the paper the person signed wins
    assert names == {"P. Jansen"}


def test_mentioning_papers_alone_agree_or_the_majority_wins_reported() -> None:
    dossier = Ref("dossier", "1-A")
    papers = {
        URIRef(f"g:{k}"): _source(k, Dossier(dossier, identifier="1-A", title=t))
        for k, t in (("a", "Eén"), ("b", "Twee"), ("c", "Twee"))
    }
    result = arbitrate(set(), papers, {})
    assert {t for ts in result.sources.values() for t in _titles(ts, mint(dossier))} == {"Twee"}
    assert [(c.kept, c.dropped) for c in result.conflicts] == [("Twee", "Eén")]
    agreeing = {k: ts for k, ts in papers.items() if k != URIRef("g:a")}
    assert arbitrate(set(), agreeing, {}).conflicts == []


def _hostile_letter(folder: Path) -> Path:
    """The dossier's letter A, re-issued as 'letter B' of the same dossier with a made-up
    dossier title, and named so that it sorts first."""
    text = (SOURCES / LETTER).read_text(encoding="utf-8")
    text = text.replace(
        "Vaststelling van de begrotingsstaten van het Ministerie van \n\n"
        "Asiel en Migratie (XX) voor het jaar 2026",
        INVENTED,
        1,
    ).replace("A   BRIEF VAN DE MINISTER", "B   BRIEF VAN DE MINISTER", 1)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "0_brief.txt"
    path.write_text(text.replace("10 december 2025", "11 december 2025", 1), encoding="utf-8")
    return path


def _dossier_titles(store: DiskStore) -> set[str]:
    query = f"SELECT ?t WHERE {{ <{DOSSIER}> <{DCTERMS.title}> ?t }}"
    rows = json.loads(store.query(query).serialize("json"))["results"]["bindings"]
    return {row["t"]["value"] for row in rows}


def test_a_letter_added_later_cannot_replace_a_dossiers_title(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    shutil.copy(SOURCES / LETTER, sources)
    shutil.copy(SOURCES / "manifest.csv", sources)
    store = DiskStore(tmp_path / "store")
    run_build(sources, REFERENCE, store)
    result = add_source(_hostile_letter(tmp_path / "in"), sources, store, load_reference(REFERENCE))
    assert result.status == "added"
    assert _dossier_titles(store) == {TITLE}
    [conflict] = [c for c in result.conflicts if c.predicate == str(DCTERMS.title)]
    assert conflict.dropped == INVENTED and conflict.dropped_by == ("0_brief.txt",)
    assert conflict.kept_by == (LETTER,)
    rebuilt = DiskStore(tmp_path / "rebuilt")
    summary = run_build(sources, REFERENCE, rebuilt)  # a build of the same sources agrees
    assert _dossier_titles(rebuilt) == {TITLE}
    assert any(c.dropped == INVENTED and c.kept_by == (LETTER,) for c in summary.conflicts)


def test_the_seed_build_reports_its_conflicts(built_store: GraphStore) -> None:
    """The seed letters word motion 36333-I's title two ways: one title, the other reported."""
    from kamergraph.pipeline import assemble_sources, extract_all, source_files

    extractions, _errors, reference = extract_all(source_files(SOURCES), REFERENCE, SOURCES)
    summary = assemble_sources(extractions, reference)
    motion = "https://w3id.org/kamergraph/id/motion/36333-I"
    titles = {c.kept for c in summary.conflicts if c.subject == motion and "title" in c.predicate}
    assert titles == {"het stimuleren van duurzame kleinschalige opvang"}
    query = f"SELECT ?t WHERE {{ <{motion}> <{DCTERMS.title}> ?t }}"
    rows = json.loads(built_store.query(query).serialize("json"))["results"]["bindings"]
    assert [r["t"]["value"] for r in rows] == list(titles)
