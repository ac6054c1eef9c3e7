"""What the hardening suites share: a real waitress server with our settings, its own worker
pool and store, and clients that come from distinct loopback addresses (127.0.0.x), as distinct
visitors would, so per-client limits see them apart."""

from __future__ import annotations

import http.client
import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from kamergraph.store import DiskStore
from server import create_app, create_server
from server.pool import WorkerPool

EX = "http://example.org/"
CARTESIAN = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f }"
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
GREEDY = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
NORMAL = f"SELECT ?s ?o WHERE {{ ?s <{EX}p> ?o }} ORDER BY ?s LIMIT 20"


def build_disk_store(folder: Path, subjects: int = 500) -> DiskStore:
    """An on-disk store of `subjects` small things, each with a label and a link."""
    store = DiskStore(folder)
    store.publish(quads(subjects))
    return store


def quads(subjects: int, tag: str = "") -> Iterator[ox.Quad]:
    graph = ox.NamedNode(EX + "g")
    for i in range(subjects):
        subject = ox.NamedNode(f"{EX}s{i}")
        yield ox.Quad(subject, ox.NamedNode(EX + "p"), ox.Literal(f"thing {i}{tag}"), graph)
        yield ox.Quad(subject, ox.NamedNode(EX + "q"), ox.NamedNode(f"{EX}s{i + 1}"), graph)


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Settings for the duration of a block (the server reads most of them per request)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


class HardenedServer:
    """`server.create_server` (the production settings) in a thread, over `store`."""

    def __init__(self, store: DiskStore, pool: WorkerPool, threads: int = 8) -> None:
        self.pool = pool
        self.app = create_app(store, pool=pool)
        self._server = create_server(self.app, "127.0.0.1", 0, threads)
        self.port = self._server.effective_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._closing = False
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        pool.start()

    def _run(self) -> None:
        try:
            self._server.run()
        except OSError:  # the sockets closed under the loop's select: expected when closing
            if not self._closing:
                raise

    def close(self) -> None:
        self._closing = True
        self._server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
        self._server.close()
        for channel in list(self._server.active_channels.values()):
            channel.close()
        self._server.trigger.close()
        self._thread.join(5)
        self.pool.close()

    def open_connections(self) -> int:
        """Client connections waitress holds open (its channels, less its own trigger)."""
        return len(self._server.active_channels)

    def health(self) -> dict:  # type: ignore[type-arg]
        status, _, body = request(self, "/-/health")
        assert status in (200, 503), body
        return json.loads(body)  # type: ignore[no-any-return]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


def request(
    server: HardenedServer,
    path: str,
    *,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    client: str = "127.0.0.1",
    timeout: float = 60,
) -> tuple[int, dict[str, str], bytes]:
    """One HTTP request from the loopback address `client`."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", server.port, timeout=timeout, source_address=(client, 0)
    )
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def query(
    server: HardenedServer,
    text: str,
    *,
    client: str = "127.0.0.1",
    accept: str = "application/sparql-results+json",
    post: bool = False,
    timeout: float = 60,
) -> Answer:
    """A SPARQL query over the protocol (GET, or POST form-encoded), timed."""
    started = time.monotonic()
    headers = {"Accept": accept}
    if post:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        status, got, body = request(
            server,
            "/sparql",
            method="POST",
            body=urlencode({"query": text}).encode(),
            headers=headers,
            client=client,
            timeout=timeout,
        )
    else:
        path = "/sparql?" + urlencode({"query": text})
        status, got, body = request(server, path, headers=headers, client=client, timeout=timeout)
    return Answer(status, got, body, time.monotonic() - started)


def raw_request(server: HardenedServer, text: str, client: str = "127.0.0.1") -> socket.socket:
    """A socket that has sent a query and read nothing: for clients that hang up or stall."""
    sock = socket.create_connection(("127.0.0.1", server.port), source_address=(client, 0))
    path = "/sparql?" + urlencode({"query": text})
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nAccept: text/csv\r\n\r\n".encode())
    return sock


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll until `condition` holds, or fail naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError(f"{what} did not happen within {seconds} s")


def wait_until_healthy(url: str, seconds: float = 120) -> None:
    """Poll a started `kamergraph serve` until its health page answers."""

    def answers() -> bool:
        try:
            with urllib.request.urlopen(f"{url}/-/health", timeout=5):
                return True
        except OSError:
            return False

    wait_for(answers, seconds, f"{url}/-/health answering")


def process_exists(pid: int) -> bool:
    """Whether a process with this id is still running (not a zombie)."""
    try:
        status = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return status.rsplit(")", 1)[1].split()[0] != "Z"
