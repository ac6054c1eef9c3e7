"""The one table of settings: a default and a help line each, overridable by `KG_*` variables."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "KG_BASE_IRI", "https://w3id.org/kamergraph/id/", "Base IRI of things (data namespace)."
    ),
    Setting("KG_SOURCES", str(PROJECT_ROOT / "data" / "sources"), "Folder of source documents."),
    Setting("KG_REFERENCE", str(PROJECT_ROOT / "data" / "reference"), "Curated reference data."),
    Setting("KG_STORE", str(PROJECT_ROOT / "var" / "store"), "On-disk store folder."),
    Setting("KG_HOST", "127.0.0.1", "Address the server listens on."),
    Setting("KG_PORT", "5000", "Port the server listens on."),
    Setting("KG_THREADS", "8", "Worker threads of the WSGI server."),
    Setting(
        "KG_QUERY_TIMEOUT",
        "30",
        "Seconds to wait for a query's first results before answering 503 (the evaluation "
        "itself runs on until done, within KG_MAX_QUERIES).",
    ),
    Setting("KG_MAX_QUERIES", "4", "Queries evaluated at once; more get 503 (busy)."),
    Setting("KG_ROW_CAP", "100000", "Most result rows one query may return."),
    Setting(
        "KG_EXTRACT_TIMEOUT",
        "120",
        "Seconds one source's extraction may take (in its own process); past it the process "
        "is killed and the source quarantined.",
    ),
    Setting(
        "KG_EXTRACT_MEMORY_MB",
        "2048",
        "Address space (MB) of one source's extraction process (RLIMIT_AS); past it the "
        "source is quarantined.",
    ),
    Setting(
        "KG_MAX_SOURCE_MB",
        "20",
        "Largest source file (MB) a build reads; a larger one is refused at once, unread.",
    ),
    Setting(
        "KG_EXTRACT_WORKERS",
        "0",
        "Sources extracted at once, each in its own process (0: one per CPU).",
    ),
    Setting(
        "KG_CONFORMANCE",
        str(PROJECT_ROOT.parent / "shared" / "conformance"),
        "Third-party conformance suites (W3C SPARQL protocol, DCAT-AP-NL shapes).",
    ),
    Setting(
        "KG_CORPUS",
        str(PROJECT_ROOT.parent / "shared" / "corpus"),
        "Real EK and TK papers the tests score the extractor on (read in place; real/ inside).",
    ),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def get(name: str) -> str:
    """The value of a setting: the environment's if set, else the default."""
    return os.environ.get(name, _BY_NAME[name].default)


def base_iri() -> str:
    """The data namespace, always ending in a slash so keys append cleanly."""
    base = get("KG_BASE_IRI")
    return base if base.endswith(("/", "#")) else base + "/"
