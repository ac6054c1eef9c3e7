"""A SPARQL engine on another machine that kamergraph builds into and serves from.

Queries go over the SPARQL 1.1 protocol (as `RemoteStore`); writes go over the SPARQL 1.1
Graph Store Protocol, one named graph per request, the same named graphs the embedded store
holds (one per source, plus the reference, shared, derived, build and vocabulary graphs).

What a publication guarantees: everything is validated and grouped here before the first
byte is sent, so a refused build writes nothing. Then each graph is replaced in one operation
(a `PUT`; on Virtuoso, a graph too large for one upload goes up in pieces into a staging graph
no query sees, then one `MOVE`): a reader sees a graph either old or new, never half of it.
Across graphs there is no transaction (neither Virtuoso's nor Oxigraph's protocol offers one
over several graphs): while a publication runs, and after one that failed part-way, some
graphs may already be new while others are still old. A failed publication raises
`PublishIncomplete` naming the graphs not yet written, and publishing again (the build is
deterministic) completes it. Graphs that a publication no longer contains are deleted last,
so an interruption never loses a graph the new build still has.
"""

from __future__ import annotations

import base64
import re
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from kamergraph import settings
from kamergraph.remote_store import RemoteStore
from kamergraph.store import QueryResult, guess_format

# Virtuoso's own graphs (its RDF-view metadata, the LDP vocabulary and its service description)
# sit in every fresh database, and a query without a dataset sees all graphs: these pragmas keep
# them out of the union default graph and of GRAPH ?g, so answers hold kamergraph's graphs only.
VIRTUOSO_SYSTEM_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "urn:kamergraph:staging",  # STAGING_GRAPH: a graph being uploaded is not served yet
)
_VIRTUOSO_BNODE = re.compile(rb'("type"\s*:\s*"bnode"\s*,\s*"value"\s*:\s*")nodeID://')
_VIRTUOSO_BOOLEAN = re.compile(
    rb'("datatype"\s*:\s*"http://www\.w3\.org/2001/XMLSchema#boolean"\s*,\s*"value"\s*:\s*")([01])'
)
_GRAPH_ACCEPT, _SOLUTIONS_ACCEPT = "application/n-triples", "application/sparql-results+json"
# What may hide a keyword: IRIs, strings (long ones first) and comments.
_NOT_KEYWORDS = re.compile(
    r'<[^<>"{}|^`\\\s]*>|"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'|#[^\n]*"
)
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
ENGINES = ("sparql", "virtuoso")
WRITE_TIMEOUT = 3600.0  # seconds one graph's upload may take: large graphs on a slow link
STAGING_GRAPH = "urn:kamergraph:staging"  # Virtuoso: where a graph is uploaded before its MOVE
PIECE_BYTES = 256 * 1024  # Virtuoso 7.2.5 answered 401 to authenticated uploads of ~780 KB


class PublishIncomplete(RuntimeError):
    """A publication stopped part-way: some graphs are new, the ones named are not."""

    def __init__(self, pending: list[str], cause: BaseException) -> None:
        super().__init__(
            f"publication stopped after {cause}; {len(pending)} graphs not yet written "
            f"(first: {pending[0] if pending else '-'}); publish again to complete it"
        )
        self.pending = pending


def engine_prologue(engine: str) -> str:
    """What goes before every query for this engine (empty for a plain SPARQL 1.1 engine)."""
    if engine == "virtuoso":
        # DESCRIBE as a concise bounded description (the thing's own statements and its blank
        # nodes'), as Oxigraph gives it; Virtuoso's default picks statements by its own rules.
        return 'DEFINE sql:describe-mode "CBD" ' + "".join(
            f"DEFINE input:default-graph-exclude <{g}> DEFINE input:named-graph-exclude <{g}> "
            for g in VIRTUOSO_SYSTEM_GRAPHS
        )
    if engine != "sparql":
        raise ValueError(f"KG_STORE_ENGINE must be one of {', '.join(ENGINES)}, not {engine!r}")
    return ""


class ExternalStore(RemoteStore):
    """A writable SPARQL engine: query endpoint + Graph Store Protocol endpoint (see above)."""

    def __init__(
        self,
        endpoint: str,
        graph_store: str,
        *,
        update: str = "",
        user: str = "",
        password: str = "",
        engine: str = "sparql",
        timeout: float = 30,
    ) -> None:
        super().__init__(endpoint, timeout)
        self.graph_store = graph_store
        # Virtuoso's SPARQL Update endpoint beside its GSP one, unless named otherwise.
        self.update_url = update or graph_store.replace("/sparql-graph-crud-auth", "/sparql-auth")
        self.engine = engine
        self._prologue = engine_prologue(engine)
        self._passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        if user:
            self._passwords.add_password(None, [graph_store, self.update_url], user, password)
        self._user = user

    @classmethod
    def from_settings(cls, endpoint: str) -> ExternalStore:
        """The store KG_STORE names, written through KG_STORE_GSP with KG_STORE_USER's rights."""
        return cls(
            endpoint,
            settings.get("KG_STORE_GSP"),
            update=settings.get("KG_STORE_UPDATE"),
            user=settings.get("KG_STORE_USER"),
            password=settings.get("KG_STORE_PASSWORD"),
            engine=settings.get("KG_STORE_ENGINE"),
        )

    def query(
        self,
        sparql: str,
        default_graphs: list[str] | None = None,
        named_graphs: list[str] | None = None,
    ) -> QueryResult:
        if self.engine == "virtuoso":
            # Virtuoso picks the answer's format from Accept alone, whatever the query form
            # (SELECT rows as N-Triples, CONSTRUCT triples as SPARQL JSON): so ask for one.
            self._ACCEPT = _GRAPH_ACCEPT if _builds_graph(sparql) else _SOLUTIONS_ACCEPT
        return super().query(self._prologue + sparql, default_graphs, named_graphs)

    def _answer(self, media_type: str, body: bytes) -> QueryResult:
        if self.engine == "virtuoso":
            # Virtuoso names blank nodes "nodeID://b10000" in JSON results, which is not a
            # blank node label: the label is what follows the scheme.
            body = _VIRTUOSO_BNODE.sub(rb"\1", body)
            # It stores xsd:boolean as a number and answers "1"/"0"; pages test for "true".
            body = _VIRTUOSO_BOOLEAN.sub(
                lambda m: m[1] + (b"true" if m[2] == b"1" else b"false"), body
            )
        return super()._answer(media_type, body)

    def graphs(self) -> list[str]:
        """The named graphs the engine holds now (its own system graphs aside)."""
        result = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        assert isinstance(result.raw, ox.QuerySolutions)
        return sorted(str(row["g"].value) for row in result.raw)  # type: ignore[union-attr]

    def publish(self, quads: Iterable[ox.Quad]) -> None:
        """Replace the whole content with these quads, graph by graph (see the module)."""
        graphs = _by_graph(quads)  # everything ready before the first write
        stale = [g for g in self.graphs() if g not in graphs]
        self._write(graphs, stale)

    def revise(self, remove: Iterable[ox.Quad], add: Iterable[ox.Quad]) -> None:
        """Less `remove`, plus `add`: only the graphs they touch are rewritten, each whole."""
        removed, added = _by_graph(remove), _by_graph(add)
        fresh: dict[str, set[ox.Triple]] = {}
        for name in sorted(set(removed) | set(added)):
            kept = self._graph_triples(name) - removed.get(name, set())
            fresh[name] = kept | added.get(name, set())
        self._write({g: t for g, t in fresh.items() if t}, [g for g, t in fresh.items() if not t])

    def load(self, path: Path, graph: str | None = None) -> int:
        """Add a file's triples to what the engine holds, graph by graph."""
        fmt = guess_format(path)
        base = path.resolve().as_uri()
        if graph is None and fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            quads = list(ox.parse(path=str(path), format=fmt, base_iri=base))
        else:
            to_graph = ox.NamedNode(graph) if graph else ox.DefaultGraph()
            parsed = ox.parse(path=str(path), format=fmt, base_iri=base)
            quads = [ox.Quad(q.subject, q.predicate, q.object, to_graph) for q in parsed]
        grouped = _by_graph(quads)
        for name in grouped:
            grouped[name] |= self._graph_triples(name)
        self._write(grouped, [])
        return len(quads)

    def _graph_triples(self, name: str) -> set[ox.Triple]:
        # GRAPH ?g and a filter, not GRAPH <name>: Virtuoso 7.2.5 answers a constant GRAPH
        # wrongly (no rows) once the system graphs are excluded (see VIRTUOSO_SYSTEM_GRAPHS).
        where = (
            "?s ?p ?o"
            if name == ""
            else f"GRAPH ?g {{ ?s ?p ?o }} FILTER(?g = {ox.NamedNode(name)})"
        )
        result = self.query(f"SELECT ?s ?p ?o WHERE {{ {where} }}")  # CONSTRUCT: JSON or not
        assert isinstance(result.raw, ox.QuerySolutions)
        return {ox.Triple(row["s"], row["p"], row["o"]) for row in result.raw}  # type: ignore[arg-type]

    def _write(self, graphs: dict[str, set[ox.Triple]], stale: list[str]) -> None:
        """Each graph replaced in one step, then the stale ones deleted; on a failure, which
        were not written yet."""
        pending = [*graphs, *stale]
        try:
            for name, triples in graphs.items():
                self._replace(name, triples)
                pending.remove(name)
            for name in stale:
                self._send("DELETE", name, None)
                pending.remove(name)
        except (OSError, urllib.error.URLError) as error:
            raise PublishIncomplete(pending, error) from error

    def _replace(self, name: str, triples: set[ox.Triple]) -> None:
        if self.engine != "virtuoso":
            self._send("PUT", name, _ntriples(triples))
            return
        # Virtuoso refuses an authenticated upload past a few hundred kilobytes (HTTP 401): a
        # larger graph goes up in pieces into the staging graph every query is blind to, then
        # one MOVE puts it in place. Triples with blank nodes share the first piece, so a node
        # stays one node (Virtuoso labels blank nodes afresh in each request).
        pieces = list(_pieces(triples))
        if len(pieces) == 1:
            self._send("PUT", name, pieces[0])
            return
        for index, piece in enumerate(pieces):
            self._send("PUT" if index == 0 else "POST", STAGING_GRAPH, piece)
        target = "DEFAULT" if name == "" else f"GRAPH {ox.NamedNode(name)}"
        self._update(f"MOVE SILENT GRAPH <{STAGING_GRAPH}> TO {target}")

    def _update(self, sparql: str) -> None:
        """One SPARQL Update request (Virtuoso: its digest-protected /sparql-auth)."""
        body = urllib.parse.urlencode({"update": sparql}).encode()
        self._open(self.update_url, "POST", body, "application/x-www-form-urlencoded", "update")

    def _send(self, method: str, graph: str, body: bytes | None) -> None:
        """One Graph Store Protocol request on one graph ("" is the default graph)."""
        target = "default" if graph == "" else "graph=" + urllib.parse.quote(graph, safe="")
        separator = "&" if "?" in self.graph_store else "?"
        url = f"{self.graph_store}{separator}{target}"
        try:
            self._open(url, method, body, "application/n-triples", f"{method} <{graph}>")
        except OSError as error:
            if not (method == "DELETE" and "HTTP 404" in str(error)):
                raise  # a graph already gone is what a DELETE wanted

    def _open(self, url: str, method: str, body: bytes | None, media_type: str, what: str) -> None:
        headers = {"Content-Type": media_type} if body is not None else {}
        request = urllib.request.Request(url, data=body, method=method, headers=headers)
        if self._user:
            authorization = self._authorization(request)
            if authorization:
                request.add_header("Authorization", authorization)
        try:
            with urllib.request.urlopen(request, timeout=WRITE_TIMEOUT) as response:
                response.read()
        except urllib.error.HTTPError as error:
            message = error.read().decode("utf-8", "replace").strip()[:500]
            raise OSError(f"{what} at {url}: HTTP {error.code}: {message}") from error

    def _authorization(self, request: urllib.request.Request) -> str | None:
        """The Authorization header for `request`, from the challenge a bodiless probe gets.

        Asked first, because Virtuoso answers an unauthenticated upload of more than a few
        hundred kilobytes with 401 and closes the connection before the body is sent, which
        urllib's auth handlers (answering the 401 by sending the body again) cannot survive.
        """
        try:
            with urllib.request.urlopen(
                urllib.request.Request(request.full_url, method="HEAD"), timeout=self.timeout
            ):
                return None  # no credentials asked for
        except urllib.error.HTTPError as error:
            challenge = error.headers.get("WWW-Authenticate", "") if error.code == 401 else ""
        scheme, _, fields = challenge.partition(" ")
        if scheme.lower() == "digest":
            parsed = urllib.request.parse_keqv_list(urllib.request.parse_http_list(fields))
            digest = urllib.request.HTTPDigestAuthHandler(self._passwords)
            answer = digest.get_authorization(request, parsed)
            return f"Digest {answer}" if answer else None
        if scheme.lower() == "basic":
            user, password = self._passwords.find_user_password(None, self.graph_store)
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            return f"Basic {token}"
        return None


def _builds_graph(sparql: str) -> bool:
    """Whether a query is a CONSTRUCT or DESCRIBE (its first form keyword, outside IRIs,
    strings and comments)."""
    form = _FORM.search(_NOT_KEYWORDS.sub(" ", sparql))
    return form is not None and form.group(1).upper() in ("CONSTRUCT", "DESCRIBE")


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, set[ox.Triple]]:
    """Triples by graph name ("" for the default graph), as the protocol addresses them."""
    grouped: dict[str, set[ox.Triple]] = {}
    for quad in quads:
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else str(quad.graph_name.value)
        grouped.setdefault(name, set()).add(quad.triple)
    return grouped


def _ntriples(triples: Iterable[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _has_blank(triple: ox.Triple) -> bool:
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _pieces(triples: set[ox.Triple]) -> Iterator[bytes]:
    """N-Triples in pieces of about PIECE_BYTES, every blank-node triple in the first."""
    blank = [t for t in triples if _has_blank(t)]
    lines = [_ntriples([t]) for t in triples if not _has_blank(t)]
    piece, size = [_ntriples(blank)], 0
    for line in lines:
        if size + len(line) > PIECE_BYTES and (size or piece[0]):
            yield b"".join(piece)
            piece, size = [], 0
        piece.append(line)
        size += len(line)
    yield b"".join(piece)
