"""Releases: immutable, citable, versioned folders of the dumps with what changed since the last.

`kamergraph release` writes `{releases}/v{version}-{date}/`: every dump and the description
(whose dataset IRI is the release's own), the SHACL report of the released graph, an index of
its entities (`entities.tsv`: IRI, classes, digest of its statements, status), the changelog
against the previous release (entities added, removed and changed, and status changes) as
`changelog.json` and `CHANGELOG.md`, an Atom feed of those changes, `release.json`, and
`SHA256SUMS` over all of it. The folder is written beside its final name and renamed into
place, its files made read-only; an existing release is never overwritten.

The version follows what changed: entities removed, a major step; added, a minor one; only
changed, a patch; nothing, the same version again (a re-issue of the same content, told apart
by its date), so two releases of unchanged sources differ in their dates alone.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph

from kamergraph import settings
from kamergraph.dataset import KG, Publication
from kamergraph.dump import CHECKSUMS, describe_file, write_checksums
from kamergraph.feeds import release_feed
from kamergraph.publish import dump_into
from kamergraph.store import run_query
from kamergraph.validate import validate_graph

RELEASE_NAME = re.compile(r"^v(\d+)\.(\d+)\.(\d+)-(\d{4}-\d{2}-\d{2})$")
MENTION = KG + "Mention"
STATUS = KG + "status"
# Graphs that describe the data rather than being it: not validated, not in the changelog.
SYSTEM_GRAPHS = ("graph/ontology", "graph/shapes", "graph/build", "graph/dataset")


class ReleaseExists(FileExistsError):
    """A release with this version and date is already published; releases are immutable."""


@dataclass(frozen=True)
class Entity:
    """One entry of `entities.tsv`."""

    iri: str
    classes: str  # space-separated kg: class IRIs, sorted
    digest: str  # SHA-256 of its outgoing statements in N-Triples, sorted
    status: str = ""
    label: str = ""


@dataclass
class Change:
    """One changelog entry: an entity added, removed or changed (with a status change)."""

    iri: str
    change: str  # added | removed | changed
    classes: str
    label: str = ""
    status_from: str = ""
    status_to: str = ""


@dataclass
class ReleaseInfo:
    """`release.json`: what a release is and where it came from."""

    name: str
    version: str
    date: str
    iri: str
    previous: str | None
    conforms: bool
    counts: dict[str, int] = field(default_factory=dict)
    changes: dict[str, int] = field(default_factory=dict)


def entity_index(snapshot: ox.Store) -> list[Entity]:
    """Every kamergraph entity (mentions aside) with a digest of what the graph says of it."""
    result = run_query(
        snapshot,
        f"""SELECT ?s (GROUP_CONCAT(DISTINCT STR(?c); separator=" ") AS ?classes)
                   (SAMPLE(?st) AS ?status) (SAMPLE(?l) AS ?label)
            WHERE {{ ?s a ?c FILTER(isIRI(?s) && STRSTARTS(STR(?c), "{KG}") && ?c != <{MENTION}>)
                     OPTIONAL {{ ?s <{STATUS}> ?st }}
                     OPTIONAL {{ ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }}
            GROUP BY ?s""",
    )
    assert isinstance(result.raw, ox.QuerySolutions)
    entities = []
    for row in result.raw:
        subject = row["s"]
        assert isinstance(subject, ox.NamedNode)
        lines = sorted(
            str(ox.Triple(q.subject, q.predicate, q.object))
            for q in snapshot.quads_for_pattern(subject, None, None, None)
            if not _in_system_graph(q.graph_name)
        )
        digest = hashlib.sha256("\n".join(dict.fromkeys(lines)).encode()).hexdigest()
        classes = " ".join(sorted(set(row["classes"].value.split())))  # type: ignore[union-attr]
        status = row["status"].value if row["status"] is not None else ""
        label = row["label"].value if row["label"] is not None else ""
        entities.append(Entity(subject.value, classes, digest, status, label))
    return sorted(entities, key=lambda e: e.iri)


def _in_system_graph(graph: object) -> bool:
    name = getattr(graph, "value", "")
    return any(name == settings.base_iri() + g for g in SYSTEM_GRAPHS)


def _tsv(value: str) -> str:
    return value.replace("\t", " ").replace("\n", " ")


def write_index(path: Path, entities: list[Entity]) -> None:
    """`entities.tsv`, sorted by IRI, with a header line."""
    rows = ["iri\tclasses\tdigest\tstatus\tlabel"]
    rows += ["\t".join(_tsv(v) for v in asdict(e).values()) for e in entities]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def read_index(path: Path) -> dict[str, Entity]:
    """A release's `entities.tsv` back, by IRI."""
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return {e.iri: e for e in (Entity(*line.split("\t")) for line in lines if line)}


def changelog(previous: dict[str, Entity], current: list[Entity]) -> list[Change]:
    """Entities added, removed and changed between two indexes, by IRI."""
    now = {e.iri: e for e in current}
    changes = [
        Change(e.iri, "added", e.classes, e.label, status_to=e.status)
        for iri, e in now.items()
        if iri not in previous
    ]
    changes += [
        Change(e.iri, "removed", e.classes, e.label, status_from=e.status)
        for iri, e in previous.items()
        if iri not in now
    ]
    for iri, e in now.items():
        before = previous.get(iri)
        if before is not None and before.digest != e.digest:
            changes.append(Change(iri, "changed", e.classes, e.label, before.status, e.status))
    return sorted(changes, key=lambda c: (c.iri, c.change))


def next_version(previous: str | None, changes: list[Change]) -> str:
    """Semantic version from what changed (see the module docstring); 1.0.0 first."""
    if previous is None:
        return "1.0.0"
    major, minor, patch = (int(p) for p in previous.split("."))
    kinds = {c.change for c in changes}
    if "removed" in kinds:
        return f"{major + 1}.0.0"
    if "added" in kinds:
        return f"{major}.{minor + 1}.0"
    if "changed" in kinds:
        return f"{major}.{minor}.{patch + 1}"
    return previous


def list_releases(folder: Path) -> list[Path]:
    """Published release folders, oldest first (by date, then version)."""
    found = []
    for path in folder.glob("v*") if folder.is_dir() else []:
        match = RELEASE_NAME.match(path.name)
        if match and path.is_dir():
            version = tuple(int(g) for g in match.groups()[:3])
            found.append((match.group(4), version, path))
    return [p for _d, _v, p in sorted(found)]


def release_iri(name: str) -> str:
    """The citable IRI of a release."""
    url = settings.get("KG_PUBLIC_URL")
    return (url if url.endswith("/") else url + "/") + f"releases/{name}"


def _validation(snapshot: ox.Store, target: Path) -> bool:
    triples = (q.triple for q in snapshot if not _in_system_graph(q.graph_name))
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
    report = validate_graph(Graph().parse(data=data.decode(), format="nt"))
    lines = [f"conforms: {str(report.conforms).lower()}", f"findings: {len(report.findings)}"]
    lines += [str(f) for f in report.findings]
    (target / "validation.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return report.conforms


def make_release(
    snapshot: ox.Store, folder: Path, date: str, version: str | None = None
) -> ReleaseInfo:
    """Write a new immutable release of `snapshot` under `folder` (see the module docstring)."""
    earlier = list_releases(folder)
    previous = earlier[-1] if earlier else None
    entities = entity_index(snapshot)
    old = read_index(previous / "entities.tsv") if previous else {}
    changes = changelog(old, entities)
    before = RELEASE_NAME.match(previous.name) if previous else None
    version = version or next_version(".".join(before.groups()[:3]) if before else None, changes)
    name = f"v{version}-{date}"
    target = folder / name
    if target.exists():
        raise ReleaseExists(f"{target} exists; a release is never overwritten")
    staging = folder / f".{name}.partial"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    try:
        info = _write_release(snapshot, staging, name, version, date, previous, entities, changes)
        os.rename(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _freeze(target)
    return info


def _write_release(
    snapshot: ox.Store,
    target: Path,
    name: str,
    version: str,
    date: str,
    previous: Path | None,
    entities: list[Entity],
    changes: list[Change],
) -> ReleaseInfo:
    iri = release_iri(name)
    publication = Publication(version, date, iri, iri + "/")
    files, counts = dump_into(snapshot, target, publication)
    write_index(target / "entities.tsv", entities)
    conforms = _validation(snapshot, target)
    tally = {k: sum(1 for c in changes if c.change == k) for k in ("added", "removed", "changed")}
    info = ReleaseInfo(
        name,
        version,
        date,
        iri,
        previous.name if previous else None,
        conforms,
        {"triples": counts.triples, "entities": counts.entities},
        tally,
    )
    (target / "changelog.json").write_text(
        json.dumps([asdict(c) for c in changes], indent=1, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    (target / "CHANGELOG.md").write_text(_markdown(info, changes), encoding="utf-8")
    (target / "feed.atom").write_bytes(release_feed(info.iri, name, date, changes))
    (target / "release.json").write_text(
        json.dumps(asdict(info), indent=1, sort_keys=True) + "\n", encoding="utf-8"
    )
    extra = ["entities.tsv", "validation.txt", "changelog.json", "CHANGELOG.md", "feed.atom"]
    write_checksums(target, [*files, *(describe_file(target, n) for n in [*extra, "release.json"])])
    return info


def _markdown(info: ReleaseInfo, changes: list[Change]) -> str:
    since = f"since {info.previous}" if info.previous else "(first release)"
    lines = [
        f"# kamergraph {info.version} ({info.date})",
        "",
        f"Release <{info.iri}>, {since}: {info.changes['added']} added, "
        f"{info.changes['removed']} removed, {info.changes['changed']} changed.",
        "Data licence: CC0 1.0 <http://creativecommons.org/publicdomain/zero/1.0/>.",
        "",
    ]
    for kind in ("added", "removed", "changed"):
        chosen = [c for c in changes if c.change == kind]
        if chosen:
            lines += [f"## {kind.capitalize()} ({len(chosen)})", ""]
            for c in chosen:
                status = f" (status {c.status_from or '-'} -> {c.status_to or '-'})"
                moved = c.change == "changed" and c.status_from != c.status_to
                lines.append(f"- <{c.iri}> {c.label}{status if moved else ''}".rstrip())
            lines.append("")
    return "\n".join(lines)


def _freeze(target: Path) -> None:
    """Read-only files: a release is immutable (a reminder to tools, not a lock)."""
    for path in target.rglob("*"):
        if path.is_file():
            path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)


def release_changes(folder: Path) -> list[tuple[ReleaseInfo, list[Change]]]:
    """Every release with its changelog, oldest first (for the feeds)."""
    history = []
    for path in list_releases(folder):
        try:
            info = ReleaseInfo(**json.loads((path / "release.json").read_text(encoding="utf-8")))
            raw = json.loads((path / "changelog.json").read_text(encoding="utf-8"))
        except (OSError, ValueError, TypeError):
            continue  # a folder that is not a complete release is not one
        history.append((info, [Change(**c) for c in raw]))
    return history


def checksums_ok(target: Path) -> bool:
    """Whether every file of a release still has the checksum it was published with."""
    from kamergraph.dump import read_checksums, sha256_file

    return (
        all(sha256_file(target / n) == d for n, d in read_checksums(target).items())
        and (target / CHECKSUMS).is_file()
    )
