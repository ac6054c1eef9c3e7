"""A remote SPARQL 1.1 endpoint as a read-only store: queried over the protocol, never written
(`external_store.py` adds writing, for engines kamergraph builds into)."""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kamergraph.store import QueryResult, QuerySyntaxError, wrap_result


class ReadOnlyStoreError(RuntimeError):
    """The store is a remote endpoint kamergraph may read but not write."""


class RemoteStore:
    """A remote SPARQL 1.1 endpoint, queried over the protocol, read-only.

    Answers are parsed back into pyoxigraph's result types, so the server and the CLI cannot
    tell a remote store from the embedded one.
    """

    _ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"

    def __init__(self, endpoint: str, timeout: float = 30) -> None:
        self.endpoint = endpoint
        self.timeout = timeout

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        fields = [("query", sparql)]
        fields += [("default-graph-uri", g) for g in default_graphs or []]
        fields += [("named-graph-uri", g) for g in named_graphs or []]
        request = urllib.request.Request(
            self.endpoint,
            data=urllib.parse.urlencode(fields).encode(),
            headers={"Accept": self._ACCEPT, "Content-Type": "application/x-www-form-urlencoded"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                media_type = response.headers.get_content_type()
                body = response.read()
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", "replace").strip()
            if error.code == 400:
                raise QuerySyntaxError(message) from error
            raise OSError(f"{self.endpoint}: HTTP {error.code}: {message}") from error
        return self._answer(media_type, body)

    def _answer(self, media_type: str, body: bytes) -> QueryResult:
        """The answer parsed (a hook for engines whose answers need reading first)."""
        return _parse_remote(media_type, body)

    def publish(self, quads: Iterable[ox.Quad]) -> None:
        raise ReadOnlyStoreError(f"{self.endpoint} is a read-only remote store")

    def load(self, path: Path, graph: str | None = None) -> int:
        raise ReadOnlyStoreError(f"{self.endpoint} is a read-only remote store")

    def quads(self) -> Iterator[ox.Quad]:
        result = self.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result.raw, ox.QuerySolutions)
        for row in result.raw:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])  # type: ignore[arg-type]


def _parse_remote(media_type: str, body: bytes) -> QueryResult:
    if media_type == "application/sparql-results+json":
        return wrap_result(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    fmt = ox.RdfFormat.from_media_type(media_type)
    if fmt is None:
        raise OSError(f"remote endpoint answered with unsupported media type {media_type}")
    return QueryResult("graph", [q.triple for q in ox.parse(body, format=fmt)])
