"""The attacks of issue 17 on the server, each a function that runs it once against a URL and
says what came back. Shared by the soak (`benchmarks/soak.py`, `make soak`) and the hostile suite
in `make test` (`tests/test_hardening_hostile.py`), so both try exactly the same things.

Every attack comes from its own loopback address (127.0.0.x), as an attacker's own machine
would, and is bounded in time: none runs longer than `LONGEST` seconds.
"""

from __future__ import annotations

import http.client
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

LONGEST = 45.0
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"


@dataclass(frozen=True)
class Outcome:
    """What an attack got: an HTTP status (0: none, the connection ended) and a short note."""

    status: int
    note: str
    seconds: float


@dataclass(frozen=True)
class Attack:
    name: str
    expected: str  # what the server must do, in words (the report's third column)
    run: Callable[[str, str], Outcome]  # (base URL, client address) -> outcome
    accept: Callable[[Outcome], bool]  # did the server do what it must?


def _connection(url: str, client: str, timeout: float) -> http.client.HTTPConnection:
    parts = urlsplit(url)
    return http.client.HTTPConnection(
        parts.hostname or "127.0.0.1", parts.port, timeout=timeout, source_address=(client, 0)
    )


def send(
    url: str,
    client: str,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = LONGEST,
) -> Outcome:
    """One request, read to the end; its status, the truncation header or body size, time."""
    started = time.monotonic()
    connection = _connection(url, client, timeout)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        note = response.getheader("Kamergraph-Truncated") or ""
        if not note and b'"truncated":' in data[-400:]:
            note = "truncated (marker at the end of the answer)"
        note = note or data[:80].decode("utf-8", "replace").strip()
        return Outcome(response.status, f"{note} [{len(data)} bytes]", time.monotonic() - started)
    except (OSError, http.client.HTTPException) as error:
        return Outcome(0, type(error).__name__, time.monotonic() - started)
    finally:
        connection.close()


def sparql(url: str, client: str, text: str, *, post: bool = False) -> Outcome:
    """A SPARQL query over the protocol (GET, or POST form-encoded)."""
    if post:
        body = urlencode({"query": text}).encode()
        content = {"Content-Type": "application/x-www-form-urlencoded"}
        return send(url, client, "/sparql", method="POST", body=body, headers=content)
    return send(url, client, "/sparql?" + urlencode({"query": text}))


def _raw(url: str, client: str, text: str) -> socket.socket:
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), source_address=(client, 0))
    path = "/sparql?" + urlencode({"query": text})
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
    return sock


def hang_up(url: str, client: str) -> Outcome:
    """A runaway query whose client hangs up after two seconds."""
    started = time.monotonic()
    sock = _raw(url, client, RUNAWAY)
    time.sleep(2)
    sock.close()
    return Outcome(0, "hung up after 2 s", time.monotonic() - started)


def never_read(url: str, client: str) -> Outcome:
    """A large answer asked for and never read; the socket is kept for five seconds."""
    started = time.monotonic()
    sock = _raw(url, client, CARTESIAN)
    sock.settimeout(0.5)
    time.sleep(5)
    sock.close()
    return Outcome(0, "read nothing for 5 s", time.monotonic() - started)


def slowloris(url: str, client: str) -> Outcome:
    """A request sent a byte every half second: cut off once it takes KG_CLIENT_TIMEOUT."""
    parts = urlsplit(url)
    started = time.monotonic()
    with socket.create_connection((parts.hostname, parts.port), source_address=(client, 0)) as s:
        request = b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: x\r\nX-Padding: " + b"a" * 200
        try:
            for byte in request:
                if time.monotonic() - started > LONGEST:
                    return Outcome(0, "still open", time.monotonic() - started)
                s.sendall(bytes([byte]))
                time.sleep(0.5)
        except OSError:
            return Outcome(0, "cut off", time.monotonic() - started)
    return Outcome(0, "never cut off", time.monotonic() - started)


def flood(url: str, client: str) -> Outcome:
    """200 quick requests: past KG_RATE_LIMIT they get 429 with Retry-After."""
    started = time.monotonic()
    statuses = [send(url, client, "/sparql?query=ASK%7B%7D").status for _ in range(200)]
    limited = statuses.count(429)
    return Outcome(429 if limited else 200, f"{limited} of 200 got 429", time.monotonic() - started)


def _nested(opening: str, closing: str, count: int) -> str:
    if opening == "(":
        return "SELECT * WHERE { FILTER(" + "(" * count + "1" + ")" * count + ") }"
    return "SELECT * WHERE " + opening * count + closing * count


def _status(*wanted: int) -> Callable[[Outcome], bool]:
    return lambda outcome: outcome.status in wanted


ATTACKS: tuple[Attack, ...] = (
    Attack(
        "5,000 nested parentheses",
        "400 at the door (KG_MAX_NESTING)",
        lambda u, c: sparql(u, c, _nested("(", ")", 5000), post=True),
        _status(400),
    ),
    Attack(
        "3,000 nested braces",
        "400 at the door (KG_MAX_NESTING)",
        lambda u, c: sparql(u, c, _nested("{", "}", 3000), post=True),
        _status(400),
    ),
    Attack(
        "runaway query, waited for",
        "503 at KG_QUERY_TIMEOUT, worker killed",
        lambda u, c: sparql(u, c, RUNAWAY),
        _status(503),
    ),
    Attack("runaway query, client hangs up", "worker killed at the hang-up", hang_up, _status(0)),
    Attack(
        "ORDER BY over a cartesian product",
        "503 at KG_WORKER_MEMORY (or KG_QUERY_TIMEOUT)",
        lambda u, c: sparql(u, c, GREEDY),
        _status(503),
    ),
    Attack(
        "cartesian SELECT *, read to the end",
        "200, cut at KG_ROW_CAP / KG_RESULT_MB, marked",
        lambda u, c: sparql(u, c, CARTESIAN),
        lambda o: o.status == 200 and "truncated" in o.note,
    ),
    Attack(
        "cartesian SELECT *, never read",
        "worker freed once written; closed at KG_CLIENT_TIMEOUT",
        never_read,
        _status(0),
    ),
    Attack(
        "20 MB VALUES body",
        "413 on the headers (KG_MAX_BODY_KB)",
        lambda u, c: send(
            u,
            c,
            "/sparql",
            method="POST",
            body=b"SELECT * { VALUES ?x { " + b'"1" ' * 5_000_000 + b"} }",
            headers={"Content-Type": "application/sparql-query"},
        ),
        _status(0, 413),  # 413, or a reset while the rest of the body is still being sent
    ),
    Attack(
        "150,000-character query in the URL",
        "414 (KG_MAX_QUERY_LENGTH)",
        lambda u, c: sparql(u, c, "ASK {}\n#" + "a" * 150_000),
        _status(414, 431),
    ),
    Attack("request flood", "429 with Retry-After (KG_RATE_LIMIT)", flood, _status(429)),
    Attack(
        "slowloris (a byte every 0.5 s)",
        "cut off at KG_CLIENT_TIMEOUT",
        slowloris,
        lambda o: o.note == "cut off",
    ),
    Attack(
        "SPARQL Update",
        "403, read-only",
        lambda u, c: sparql(u, c, "INSERT DATA { <urn:a> <urn:b> <urn:c> }", post=True),
        _status(403),
    ),
    Attack(
        "SERVICE to another host",
        "403, never leaves the process",
        lambda u, c: sparql(u, c, "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"),
        _status(403),
    ),
    Attack(
        "FROM <file:///etc/passwd>",
        "400, never read",
        lambda u, c: sparql(u, c, "SELECT * FROM <file:///etc/passwd> { ?s ?p ?o }"),
        _status(400),
    ),
    Attack(
        "invalid UTF-8 body",
        "400",
        lambda u, c: send(
            u,
            c,
            "/sparql",
            method="POST",
            body=b"ASK { ?s ?p '\xff\xfe' }",
            headers={"Content-Type": "application/sparql-query"},
        ),
        _status(400),
    ),
    Attack(
        "path traversal",
        "404",
        lambda u, c: send(u, c, "/-/assets/..%2f..%2fpyproject.toml"),
        _status(404),
    ),
)
