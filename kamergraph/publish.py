"""Publishing a generation as open data: the dumps with the dataset description inside and
beside them (`void.ttl`, `void.jsonld`, with every file's size and checksum).

The description inside the RDF dumps lives in its own named graph and leaves out sizes and
checksums (a file cannot contain its own checksum); the files beside them carry both.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.dataset import Publication, describe, description_graph
from kamergraph.dump import DUMP_PREFIXES, DumpFile, publish_dumps, write_dumps
from kamergraph.void_counts import Counts, count

DESCRIPTION_FILES = {"void.ttl": ox.RdfFormat.TURTLE, "void.jsonld": ox.RdfFormat.JSON_LD}
DESCRIPTION_PREFIXES = DUMP_PREFIXES


def _in_graph(triples: list[ox.Triple]) -> list[ox.Quad]:
    graph = ox.NamedNode(description_graph())
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def _finisher(counts: Counts, publication: Publication):  # type: ignore[no-untyped-def]
    def finish(target: Path, files: list[DumpFile]) -> list[str]:
        triples = describe(counts, publication, files)
        for name, fmt in DESCRIPTION_FILES.items():
            ox.serialize(triples, str(target / name), fmt, prefixes=DESCRIPTION_PREFIXES)
        return list(DESCRIPTION_FILES)

    return finish


def dump_store(snapshot: ox.Store, folder: Path, publication: Publication | None = None) -> Path:
    """Publish a new current dump folder under `folder` for this snapshot; returns it."""
    publication = publication or Publication()
    counts = count(snapshot, settings.base_iri())
    inside = _in_graph(describe(counts, publication))
    return publish_dumps(snapshot, folder, inside, _finisher(counts, publication))


def dump_into(
    snapshot: ox.Store, target: Path, publication: Publication
) -> tuple[list[DumpFile], Counts]:
    """Write the dumps and description into `target` itself (a release's folder)."""
    counts = count(snapshot, settings.base_iri())
    inside = _in_graph(describe(counts, publication))
    return write_dumps(snapshot, target, inside, _finisher(counts, publication)), counts


def serialize_description(triples: list[ox.Triple], fmt: ox.RdfFormat) -> bytes:
    """The description in one RDF format, with the DCAT/VoID prefixes."""
    return ox.serialize(triples, format=fmt, prefixes=DESCRIPTION_PREFIXES) or b""
