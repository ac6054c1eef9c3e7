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
    Setting(
        "KG_STORE",
        str(PROJECT_ROOT / "var" / "store"),
        "On-disk store folder, or the SPARQL query endpoint (http/https URL) of an external store.",
    ),
    Setting(
        "KG_STORE_GSP",
        "",
        "Graph Store Protocol endpoint an external store is written through (Virtuoso: "
        ".../sparql-graph-crud-auth; Oxigraph: .../store); empty: a KG_STORE URL is read-only.",
    ),
    Setting(
        "KG_STORE_UPDATE",
        "",
        "SPARQL Update endpoint of a virtuoso external store (empty: .../sparql-auth beside "
        "KG_STORE_GSP); graphs are moved into place through it.",
    ),
    Setting("KG_STORE_USER", "", "User for KG_STORE_GSP (HTTP digest or basic, as it asks)."),
    Setting("KG_STORE_PASSWORD", "", "Password of KG_STORE_USER."),
    Setting(
        "KG_STORE_ENGINE",
        "sparql",
        "The external engine's dialect: sparql (plain SPARQL 1.1) or virtuoso (its system "
        "graphs hidden from every query).",
    ),
    Setting(
        "KG_SERVE_MODE",
        "disk",
        "How an on-disk store is read: disk (bounded memory) or memory (the published "
        "generation loaded into memory at start: one copy in the server, one the query workers "
        "share).",
    ),
    Setting("KG_HOST", "127.0.0.1", "Address the server listens on."),
    Setting("KG_PORT", "5000", "Port the server listens on."),
    Setting("KG_THREADS", "8", "Worker threads of the WSGI server."),
    Setting(
        "KG_QUERY_TIMEOUT",
        "30",
        "Seconds a query may take to its first results; then its worker process is killed "
        "(and replaced) and the client gets 503.",
    ),
    Setting("KG_MAX_QUERIES", "4", "Queries evaluated at once; more get 503 (busy)."),
    Setting("KG_ROW_CAP", "100000", "Most result rows one query may return."),
    Setting(
        "KG_WORKER_MEMORY",
        "1024",
        "Megabytes of data memory (RLIMIT_DATA) each query worker process may use; a query "
        "that needs more ends with a 503 naming this setting (0: no limit).",
    ),
    Setting(
        "KG_KEEP_MB",
        "64",
        "Megabytes of resident memory a serving process may gain over what it held when "
        "ready (the on-disk store's caches, a large query's leftovers): a query worker past it "
        "retires after its query and a fresh one takes its place; the server reopens its "
        "store handle (0: never).",
    ),
    Setting(
        "KG_ANSWER_CACHE_ROWS",
        "50000",
        "Rows of the pages' slower query answers kept while their generation is served "
        "(aggregate pages run whole-graph queries); 0: none kept.",
    ),
    Setting(
        "KG_PREWARM",
        "/ /commitments /overview",
        "Pages `kamergraph serve` renders itself once after each publication, one at a time, "
        "so their answers are cached before the first reader asks (space-separated paths; "
        "empty: none).",
    ),
    Setting(
        "KG_QUEUE_TIMEOUT",
        "5",
        "Seconds a query waits for a free worker (KG_MAX_QUERIES of them) before a 503 with "
        "Retry-After.",
    ),
    Setting(
        "KG_STREAM_TIMEOUT",
        "60",
        "Seconds one query answer may take in all, evaluation and streaming; then it is cut "
        "(and says so).",
    ),
    Setting(
        "KG_DEMOTE_AFTER",
        "0.5",
        "Seconds after which a still-running query's worker gets the lowest CPU priority "
        "when other queries run or wait, so short queries keep their speed.",
    ),
    Setting("KG_RESULT_MB", "64", "Most megabytes one query answer may have; then it is cut."),
    Setting("KG_MAX_BODY_KB", "512", "Largest request body in kilobytes; a larger one gets 413."),
    Setting(
        "KG_MAX_QUERY_LENGTH",
        "100000",
        "Longest query in characters: 414 in a URL, 413 in a body.",
    ),
    Setting(
        "KG_MAX_NESTING",
        "64",
        "Deepest nesting of brackets a query may have (checked before parsing); deeper is 400.",
    ),
    Setting(
        "KG_CLIENT_TIMEOUT",
        "30",
        "Seconds a connection may stay without the client reading or sending (slow client).",
    ),
    Setting(
        "KG_RATE_LIMIT",
        "50 per second;1200 per minute",
        "Requests one client (by address) may make, in Flask-Limiter's notation; more get 429 "
        "with Retry-After.",
    ),
    Setting(
        "KG_CLIENT_QUERIES",
        "2",
        "Queries one client (by address) may have evaluating at once; more get 429.",
    ),
    Setting(
        "KG_AUTORUN_LENGTH",
        "2000",
        "Longest query a link may make the query page run without asking the visitor first.",
    ),
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
        "KG_BUILD_WORKERS",
        "0",
        "Processes that build and validate a large build's documents at once (0: one per "
        "CPU; 1: serial, the whole graph in one SHACL run).",
    ),
    Setting(
        "KG_DUMPS",
        "",
        "Folder of the published dumps (RDF, CSV, checksums); `/dumps/` serves its CURRENT "
        "one (empty: `dumps/` inside the store folder, beside the generations).",
    ),
    Setting(
        "KG_DUMP_ON_PUBLISH",
        "1",
        "Write the dumps after every published build or `add` (0: only `kamergraph dump`).",
    ),
    Setting(
        "KG_RELEASES",
        str(PROJECT_ROOT / "var" / "releases"),
        "Folder of the versioned, immutable releases `kamergraph release` writes.",
    ),
    Setting(
        "KG_PUBLIC_URL",
        "https://w3id.org/kamergraph/",
        "Where the site is published: the base of the dataset description's, dumps' and "
        "releases' IRIs.",
    ),
    Setting(
        "KG_PUBLISHER",
        "https://w3id.org/kamergraph/id/organisation/kamergraph",
        "IRI of the publisher named in the dataset description (a foaf:Agent).",
    ),
    Setting("KG_PUBLISHER_NAME", "kamergraph project", "Name of the publisher of the dataset."),
    Setting(
        "KG_CONTACT_EMAIL",
        "kamergraph@example.org",
        "Contact point e-mail in the dataset description (DCAT-AP-NL requires one).",
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


def dumps_folder(store_folder: Path | None) -> Path | None:
    """Where the dumps of a store live: KG_DUMPS, else `dumps/` in the store's folder."""
    configured = get("KG_DUMPS")
    if configured:
        return Path(configured)
    return store_folder / "dumps" if store_folder is not None else None


def base_iri() -> str:
    """The data namespace, always ending in a slash so keys append cleanly."""
    base = get("KG_BASE_IRI")
    return base if base.endswith(("/", "#")) else base + "/"
