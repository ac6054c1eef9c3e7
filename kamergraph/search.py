"""Searching a generation's index: ranked hits with highlighted snippets, and facets.

The query a visitor types is reduced to words (never passed to FTS5's own syntax), so no input
can make the index fail; numbers spaced the official way (`36 333`) are joined first. An
identifier typed in any spelling (`T03853`, `36 333 I`, `kst-36600-XX-E`) puts its thing first.
"""

from __future__ import annotations

import atexit
import re
import shutil
import sqlite3
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from kamergraph.search_index import _SPACED_NUMBER, _WORD, compact, index_path, write_index
from kamergraph.store import DiskStore, GraphStore, MemoryStore

HIGHLIGHT_START, HIGHLIGHT_END = "\x02", "\x03"
FACETS = ("kind", "party", "year")
_WEIGHTS = "bm25(entries, 0, 0, 0, 0, 12.0, 10.0, 1.0)"
_LOCK = threading.Lock()
_MEMORY_INDEXES: dict[int, tuple[object, Path]] = {}


@dataclass
class Hit:
    iri: str
    kind: str
    title: str
    snippet: list[tuple[str, bool]]  # (text, highlighted)
    exact: bool = False


@dataclass
class Results:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def words(query: str) -> list[str]:
    """The words of a query, official number spacing joined (`36 333 I` -> `36333`, `I`)."""
    return _WORD.findall(_SPACED_NUMBER.sub("", query))


def _match(tokens: list[str], operator: str) -> str:
    quoted = ['"' + t.replace('"', "") + '"' for t in tokens]
    quoted[-1] += "*"
    return f" {operator} ".join(quoted)


def _snippet(raw: str) -> list[tuple[str, bool]]:
    parts: list[tuple[str, bool]] = []
    for i, piece in enumerate(raw.split(HIGHLIGHT_START)):
        marked, _, rest = piece.partition(HIGHLIGHT_END) if i else ("", "", piece)
        if marked:
            parts.append((marked, True))
        if rest:
            parts.append((re.sub(r"\s+", " ", rest), False))
    return parts


def _where(filters: dict[str, str]) -> tuple[str, list[str]]:
    clauses = [f"{name} = ?" for name in FACETS if filters.get(name)]
    return "".join(f" AND {c}" for c in clauses), [filters[n] for n in FACETS if filters.get(n)]


def _facets(
    db: sqlite3.Connection, where: str, params: list[str]
) -> dict[str, list[tuple[str, int]]]:
    return {
        name: db.execute(
            f"SELECT {name}, count(*) FROM entries WHERE {where} AND {name} != '' "
            f"GROUP BY {name} ORDER BY count(*) DESC, {name}",
            params,
        ).fetchall()
        for name in FACETS
    }


def _browse(db: sqlite3.Connection, filters: dict[str, str], limit: int) -> Results:
    """No words but a facet chosen: everything of that kind, party or year, by title."""
    extra, params = _where(filters)
    results = Results("")
    where = "1 = 1" + extra
    results.total = db.execute(f"SELECT count(*) FROM entries WHERE {where}", params).fetchone()[0]
    rows = db.execute(
        f"SELECT iri, kind, title FROM entries WHERE {where} ORDER BY title LIMIT ?",
        [*params, limit],
    ).fetchall()
    results.hits = [Hit(r[0], r[1], r[2], []) for r in rows]
    results.facets = _facets(db, where, params)
    return results


def search(
    path: Path, query: str, filters: dict[str, str] | None = None, limit: int = 25
) -> Results:
    """Ranked hits for `query` (all words, else any word), within `filters` (kind, party, year);
    without words, everything the filters select."""
    tokens, filters = words(query), filters or {}
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        if not tokens:
            return _browse(db, filters, limit) if any(filters.values()) else Results(query)
        extra, params = _where(filters)
        exact = {
            r[0]
            for r in db.execute("SELECT iri FROM identifiers WHERE compact = ?", (compact(query),))
        }
        for operator in ("AND", "OR"):
            match = _match(tokens, operator)
            total = db.execute(
                f"SELECT count(*) FROM entries WHERE entries MATCH ?{extra}", [match, *params]
            ).fetchone()[0]
            if total:
                break
        rows = db.execute(
            f"SELECT iri, kind, title, snippet(entries, -1, ?, ?, '…', 16), {_WEIGHTS} AS rank "
            f"FROM entries WHERE entries MATCH ?{extra} ORDER BY rank LIMIT ?",
            [HIGHLIGHT_START, HIGHLIGHT_END, match, *params, limit * 2],
        ).fetchall()
        facets = _facets(db, f"entries MATCH ?{extra}", [match, *params])
    hits = [Hit(r[0], r[1], r[2], _snippet(r[3]), r[0] in exact) for r in rows]
    return Results(query, sorted(hits, key=lambda h: not h.exact)[:limit], total, facets)


def index_for(store: GraphStore) -> Path | None:
    """The index of the generation a store serves, built now if it has none yet (None: remote)."""
    if isinstance(store, DiskStore):
        generation = store.current_generation()
        if generation is None:
            return None
        path = index_path(store.folder / generation)
        with _LOCK:
            if not path.exists():
                write_index(store._current(), path)
        return path
    if isinstance(store, MemoryStore):
        return _memory_index(store)
    return None


def _memory_index(store: MemoryStore) -> Path:
    """An in-memory store's index, in a temporary file, rebuilt when its content is replaced."""
    current = store._current()
    with _LOCK:
        known = _MEMORY_INDEXES.get(id(store))
        if known is None or known[0] is not current:
            if known is not None:
                shutil.rmtree(known[1].parent, ignore_errors=True)  # the replaced content's
            folder = Path(tempfile.mkdtemp(prefix="kg-search-"))
            atexit.register(shutil.rmtree, folder, True)
            path = write_index(current, folder / "index.sqlite")
            _MEMORY_INDEXES[id(store)] = (current, path)
            return path
        return known[1]
