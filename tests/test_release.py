"""Releases and feeds: immutable versioned folders, byte-identical for unchanged sources apart
from their dates, a changed source in the changelog and the feeds, and valid Atom throughout."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from lxml import etree

from kamergraph import settings
from kamergraph.feeds import type_feed
from kamergraph.pipeline import run_build
from kamergraph.release import (
    ReleaseExists,
    changelog,
    checksums_ok,
    entity_index,
    list_releases,
    make_release,
    release_changes,
)
from kamergraph.store import GraphStore, MemoryStore
from tests.conftest import REFERENCE, SOURCES
from tests.publishing import ATOM, DumpServer, check_atom

KG = "https://w3id.org/kamergraph/def#"
CHANGED_SOURCE = "001_6a3103880194d8dc.txt"
CHANGED_FROM = (
    "Toezegging naar aanleiding van vragen van het lid Van der Goot (OPNL), over een periodiek"
)
CHANGED_TO = "Toezegging naar aanleiding van vragen van het lid Van der Goot (OPNL), over een vaak"
DATE = re.compile(rb"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}Z)?")
DIGEST = re.compile(rb"[0-9a-f]{64}")
BYTE_SIZE = re.compile(rb'(byteSize.{0,120}?")[0-9]+(?=")')


def _build(sources: Path) -> MemoryStore:
    store = MemoryStore()
    summary = run_build(sources, REFERENCE, store)
    assert not summary.errors and not summary.quarantined
    return store


@pytest.fixture(scope="module")
def releases(built_store: GraphStore, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four releases: the seeds, the seeds rebuilt from scratch twice, then one source changed."""
    assert isinstance(built_store, MemoryStore)
    folder = tmp_path_factory.mktemp("releases")
    make_release(built_store.snapshot(), folder, "2026-01-01")
    make_release(_build(SOURCES).snapshot(), folder, "2026-01-02")
    make_release(_build(SOURCES).snapshot(), folder, "2026-01-03")
    changed = tmp_path_factory.mktemp("changed-sources")
    shutil.copytree(SOURCES, changed, dirs_exist_ok=True)
    text = (changed / CHANGED_SOURCE).read_text(encoding="utf-8")
    assert text.count(CHANGED_FROM) == 1
    (changed / CHANGED_SOURCE).write_text(text.replace(CHANGED_FROM, CHANGED_TO), "utf-8")
    make_release(_build(changed).snapshot(), folder, "2026-01-04")
    return folder


def _normalised(path: Path) -> bytes:
    """Dates, checksums and byte sizes masked: a date changes the checksums of the files that
    hold it and the compressed size of the gzipped dump (the other sizes are equal, since
    the files' contents are compared)."""
    data = path.read_bytes()
    data = gzip.decompress(data) if path.suffix == ".gz" else data
    data = BYTE_SIZE.sub(rb"\1<size>", data)
    return DIGEST.sub(b"<sha256>", DATE.sub(b"<date>", data))


def test_four_releases_are_listed_with_their_versions(releases: Path) -> None:
    names = [p.name for p in list_releases(releases)]
    first, second, _, third = (
        json.loads((releases / n / "release.json").read_text()) for n in names
    )
    assert names[:3] == ["v1.0.0-2026-01-01", "v1.0.0-2026-01-02", "v1.0.0-2026-01-03"]
    assert first["previous"] is None and first["changes"]["added"] > 100
    assert second["changes"] == {"added": 0, "removed": 0, "changed": 0}
    assert third["previous"] == names[2] and third["version"] != "1.0.0"
    assert all(r["conforms"] for r in (first, second, third))
    assert third["iri"] == settings.get("KG_PUBLIC_URL") + "releases/" + names[3]


def test_releases_of_unchanged_sources_differ_only_in_their_dates(releases: Path) -> None:
    first, second, third = list_releases(releases)[:3]
    files = sorted(p.relative_to(second) for p in second.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(third) for p in third.rglob("*") if p.is_file())
    assert len(files) >= 20
    for name in files:  # two re-releases, each from its own build of the same sources
        if name.name != "SHA256SUMS":
            assert _normalised(second / name) == _normalised(third / name), name
    for name in files:  # the data itself did not change since the first release either
        if name.parts[0] == "csv" or name.name.startswith("kamergraph."):
            assert _normalised(first / name) == _normalised(second / name), name
    # and the only differences are dates (and checksums of files that hold a date)
    assert (first / "csv/commitments.csv").read_bytes() == (
        second / "csv/commitments.csv"
    ).read_bytes()
    # a release that changed nothing still has a feed, updated on its own date
    assert check_atom((second / "feed.atom").read_bytes()) == []
    updated = etree.fromstring((second / "feed.atom").read_bytes()).findtext(ATOM + "updated")
    assert updated == json.loads((second / "release.json").read_text())["date"] + "T00:00:00Z"


def test_a_changed_source_shows_up_in_the_changelog_and_the_feeds(releases: Path) -> None:
    third = list_releases(releases)[3]
    changes = json.loads((third / "changelog.json").read_text(encoding="utf-8"))
    changed = {c["iri"] for c in changes if c["change"] == "changed"}
    report = settings.base_iri() + "document/letter-2026-07-03-7243752/report/2"
    assert report in changed
    assert report in (third / "CHANGELOG.md").read_text(encoding="utf-8")
    feed = (third / "feed.atom").read_bytes()
    entries = check_atom(feed)
    assert any(report in e for e in entries)


def test_every_release_file_is_checksummed_and_read_only(releases: Path) -> None:
    for path in list_releases(releases):
        assert checksums_ok(path)
        for name in ("kamergraph.nq", "validation.txt", "CHANGELOG.md", "release.json"):
            assert (path / name).is_file()
            assert not (path / name).stat().st_mode & 0o222
        assert (path / "validation.txt").read_text().startswith("conforms: true")


def test_a_release_is_never_overwritten(releases: Path, built_store: GraphStore) -> None:
    assert isinstance(built_store, MemoryStore)
    before = {p.name for p in releases.iterdir()}
    third = list_releases(releases)[3]
    rebuilt = ox.Store()
    rebuilt.bulk_extend(
        ox.parse((third / "kamergraph.nq").read_bytes(), format=ox.RdfFormat.N_QUADS)
    )
    with pytest.raises(ReleaseExists):
        make_release(rebuilt, releases, "2026-01-04", version=third.name.split("-")[0][1:])
    assert {p.name for p in releases.iterdir()} == before


def _store(quads: list[tuple[str, str, str]]) -> MemoryStore:
    graph = ox.NamedNode(settings.base_iri() + "graph/shared")
    store = MemoryStore()
    store.publish(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o), graph) for s, p, o in quads
    )
    return store


def test_a_status_change_is_a_changelog_entry_and_a_feed_entry(tmp_path: Path) -> None:
    commitment = settings.base_iri() + "commitment/T09999"
    typed = (commitment, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", KG + "Commitment")
    before = _store([typed, (commitment, KG + "status", KG + "open")])
    after = _store([typed, (commitment, KG + "status", KG + "fulfilled")])
    make_release(_store([typed]).snapshot(), tmp_path, "2026-02-01")
    make_release(before.snapshot(), tmp_path, "2026-02-02")
    make_release(after.snapshot(), tmp_path, "2026-02-03")
    changes = changelog(
        {e.iri: e for e in entity_index(before.snapshot())}, entity_index(after.snapshot())
    )
    assert [(c.change, c.status_from, c.status_to) for c in changes] == [
        ("changed", KG + "open", KG + "fulfilled")
    ]
    feed = type_feed("commitments", release_changes(tmp_path), "http://127.0.0.1/feeds/x.atom")
    titles = check_atom(feed)
    assert any("Status of" in t and "open -> fulfilled" in t for t in titles)
    assert sum("Status of" in t for t in titles) == 2  # none -> open, open -> fulfilled


@pytest.fixture(scope="module")
def server(built_store: GraphStore, releases: Path) -> Iterator[str]:
    live = DumpServer(built_store, None, releases)
    yield live.url
    live.close()


def _get(url: str, accept: str = "*/*") -> tuple[str, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    with urllib.request.urlopen(request) as response:
        return response.headers.get_content_type(), response.read()


@pytest.mark.e2e
def test_releases_are_listed_citable_and_served(server: str, releases: Path) -> None:
    kind, page = _get(server + "/releases/", "text/html")
    names = [p.name for p in list_releases(releases)]
    assert kind == "text/html" and all(n.encode() in page for n in names)
    kind, turtle = _get(f"{server}/releases/{names[3]}", "text/turtle")
    assert kind == "text/turtle"
    described = ox.parse(turtle, format=ox.RdfFormat.TURTLE)
    iri = settings.get("KG_PUBLIC_URL") + "releases/" + names[3]
    assert any(t.subject == ox.NamedNode(iri) for t in described)
    kind, nq = _get(f"{server}/releases/{names[3]}/kamergraph.nq")
    assert nq == (releases / names[3] / "kamergraph.nq").read_bytes()
    kind, feed = _get(f"{server}/releases/{names[3]}/feed.atom")
    assert kind == "application/atom+xml"
    check_atom(feed)


@pytest.mark.e2e
@pytest.mark.parametrize("kind", ["documents", "commitments", "reports", "motions"])
def test_feeds_per_entity_type_validate(server: str, kind: str) -> None:
    content_type, feed = _get(f"{server}/feeds/{kind}.atom")
    assert content_type == "application/atom+xml"
    titles = check_atom(feed)
    assert titles  # the first release added every document, commitment, report and motion


@pytest.mark.e2e
def test_a_commitment_has_its_own_feed_of_reports(server: str, built_store: GraphStore) -> None:
    content_type, feed = _get(server + "/id/commitment/T03853/feed")
    assert content_type == "application/atom+xml"
    titles = check_atom(feed)
    reports = built_store.query(
        "SELECT (COUNT(DISTINCT ?r) AS ?n) { ?r <https://w3id.org/kamergraph/def#reportsOn> "
        "<https://w3id.org/kamergraph/id/commitment/T03853> }"
    ).serialize("csv")
    expected = int(reports.decode().split()[-1])
    assert sum(t.startswith("Report in") for t in titles) == expected >= 2
    with pytest.raises(urllib.error.HTTPError) as missing:
        _get(server + "/id/commitment/T00000/feed")
    missing.value.close()
    assert missing.value.code == 404
