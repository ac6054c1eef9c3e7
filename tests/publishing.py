"""Helpers for the publishing tests: independent RDF parsers and a live server with dumps."""

from __future__ import annotations

import functools
import gzip
import re
import shutil
import subprocess
import tempfile
import threading
import zipfile
from pathlib import Path

import feedparser
import pyoxigraph as ox
import rdflib
from lxml import etree

from kamergraph.store import GraphStore

# The Debian packages Jena's riot needs on its class path (libapache-jena-java and its
# dependencies, libslf4j-java for the one logging binding kept).
JENA_PACKAGES = [
    "libapache-jena-java",
    "libcommons-cli-java",
    "libcommons-codec-java",
    "libcommons-compress-java",
    "libcommons-csv-java",
    "libcommons-io-java",
    "libcommons-lang3-java",
    "libdexx-java",
    "libgoogle-gson-java",
    "libguava-java",
    "libhttpclient-java",
    "libhttpcore-java",
    "libjackson2-core-java",
    "libjackson2-databind-java",
    "libjackson2-annotations-java",
    "libjsonld-java",
    "libjsonp2-java",
    "libprotobuf-java",
    "libslf4j-java",
    "libthrift-java",
    "libtitanium-json-ld-java",
    "libcommons-logging-java",
]


def rapper_count(path: Path, syntax: str) -> int:
    """Triples rapper (raptor2) parses from a file (gzip unpacked first); fails on any error."""
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    done = subprocess.run(
        ["rapper", "-i", syntax, "-c", "-", "http://example.org/base/"],
        input=data,
        capture_output=True,
        check=False,
        timeout=300,
    )
    messages = done.stderr.decode()
    assert done.returncode == 0 and "Error" not in messages, messages
    # rapper -c prints "rapper: Parsing returned N triples" on stderr
    return int(messages.split("returned")[-1].split()[0])


@functools.cache
def riot_command() -> tuple[list[str] | None, str]:
    """How to run Jena's riot here, or None and why not."""
    if shutil.which("riot"):
        command = ["riot"]
    elif shutil.which("java") and shutil.which("dpkg"):
        listed = subprocess.run(
            ["dpkg", "-L", *JENA_PACKAGES], capture_output=True, text=True, check=False
        ).stdout.split()
        jars = sorted(
            p
            for p in set(listed)
            if p.endswith(".jar")
            and not Path(p).is_symlink()
            # one logging binding, slf4j-simple: riot reports parse errors through the log
            and not any(b in p for b in ("slf4j-log4j", "slf4j-nop", "slf4j-jdk", "slf4j-jcl"))
            and "-over-" not in p
        )
        core = next((j for j in jars if Path(j).name.startswith("jena-core")), None)
        if core is None or not any(j.endswith("jena-cmds.jar") for j in jars):
            return None, "Jena's riot is not installed (no `riot`, no Debian libapache-jena-java)"
        command = ["java", "-cp", ":".join([*jars, *_xerces_messages(Path(core))]), "riotcmd.riot"]
    else:
        return None, "Jena's riot is not installed and there is no java to run it"
    probe = subprocess.run(
        [*command, "--validate", "--syntax=ntriples", "-"],
        input=b"<http://a.example/s> <http://a.example/p> <http://a.example/o> .\n",
        capture_output=True,
        check=False,
        timeout=120,
    )
    if probe.returncode != 0:
        first = probe.stderr.decode().strip().splitlines()
        cause = next((line for line in first if "Exception" in line or "Error" in line), "")
        return None, f"riot does not start here ({' '.join(command[:1])}): {cause[:200]}"
    return command, ""


# Debian's jena-core moves Jena's bundled Xerces classes from org.apache.jena.ext.xerces to
# xerces but leaves their message bundles behind, so the first XSD pattern facet fails with
# "internal error" and riot dies in its static initialiser. Copying the installed jar's own
# bundles to where the moved classes look for them (at test time) lets riot start.
XERCES_SHADED = "org/apache/jena/ext/xerces/"
_resources: list[tempfile.TemporaryDirectory[str]] = []


def _xerces_messages(core: Path) -> list[str]:
    """A class-path folder with jena-core's Xerces bundles under `xerces/`, if it needs one."""
    with zipfile.ZipFile(core) as jar:
        names = jar.namelist()
        if "xerces/impl/dv/SchemaDVFactory.class" not in names:
            return []
        folder = tempfile.TemporaryDirectory(prefix="kamergraph-jena-")
        _resources.append(folder)  # removed when the test session ends
        for name in names:
            if name.startswith(XERCES_SHADED) and name.endswith(".properties"):
                target = Path(folder.name, "xerces", name[len(XERCES_SHADED) :])
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return [folder.name]


def riot_validate(command: list[str], path: Path, syntax: str) -> None:
    """riot --validate on a file; fails with riot's message."""
    done = subprocess.run(
        [*command, "--validate", f"--syntax={syntax}", str(path)],
        capture_output=True,
        check=False,
        timeout=600,
    )
    messages = done.stderr.decode()
    assert done.returncode == 0 and " ERROR " not in messages, messages[-2000:]


def rdflib_graph_of(quads: list[ox.Quad]) -> rdflib.Graph:
    """An rdflib graph of the triples of some quads (terms converted via N-Triples)."""
    data = ox.serialize([q.triple for q in quads], format=ox.RdfFormat.N_TRIPLES) or b""
    return rdflib.Graph().parse(data=data.decode(), format="nt")


class DumpServer:
    """A waitress server on 127.0.0.1 over a store, its dumps and releases."""

    def __init__(self, store: GraphStore, dumps: Path | None, releases: Path | None) -> None:
        from waitress import create_server

        from server import create_app

        app = create_app(store, dumps_dir=dumps, releases_dir=releases)
        self._server = create_server(app, host="127.0.0.1", port=0, threads=4)
        self._thread = threading.Thread(target=self._server.run, daemon=True)
        self._thread.start()
        self.url = f"http://127.0.0.1:{self._server.effective_port}"

    def close(self) -> None:
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._server.close()


ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$")


def check_atom(document: bytes) -> list[str]:
    """Fail unless `document` is a valid Atom 1.0 feed: feedparser reads it as Atom 1.0 with no
    complaint, and RFC 4287's requirements hold (one id, title and updated per feed and entry,
    RFC 3339 dates, absolute IRIs as ids, unique entry ids, an author, a self link, an
    alternate link or content per entry). Returns each entry as "title <id>"."""
    parsed = feedparser.parse(document)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10", parsed.version
    root = etree.fromstring(document)
    assert root.tag == ATOM + "feed"

    def one(element: etree._Element, tag: str) -> str:
        found = element.findall(ATOM + tag)
        assert len(found) == 1, f"{tag}: {len(found)} in {element.tag}"
        return found[0].text or ""

    def check_common(element: etree._Element) -> str:
        identifier = one(element, "id")
        assert ABSOLUTE_IRI.match(identifier), identifier
        assert one(element, "title").strip()
        assert RFC3339.match(one(element, "updated")), one(element, "updated")
        return identifier

    check_common(root)
    assert any(link.get("rel") == "self" for link in root.findall(ATOM + "link"))
    has_author = bool(root.findall(ATOM + "author/" + ATOM + "name"))
    entries, ids = [], set()
    for entry in root.findall(ATOM + "entry"):
        identifier = check_common(entry)
        assert identifier not in ids, f"duplicate entry id {identifier}"
        ids.add(identifier)
        assert has_author or entry.findall(ATOM + "author")
        links = entry.findall(ATOM + "link")
        alternate = any(link.get("rel", "alternate") == "alternate" for link in links)
        assert alternate or entry.findall(ATOM + "content")
        entries.append(f"{one(entry, 'title')} <{identifier}>")
    assert len(parsed.entries) == len(entries)
    return entries
