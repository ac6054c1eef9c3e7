"""What the reading pages ask the store: named queries, values bound, rows plain.

Views never write SPARQL: they name a query (from `queries/pages/`, or a research question
from `queries/`) and hand over values; each value is serialised by
`terms` and bound as a VALUES block at the start of the query's WHERE group. Rows come back as
plain strings (IRIs and lexical forms), with each literal's language tag beside it under
`<name>@`, so templates need no knowledge of RDF terms.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import pyoxigraph as ox

from kamergraph.queries import QUERIES_DIR, NamedQuery, load_queries
from server.site import Site
from server.sparqltext import insert_values
from server.terms import iri_term, literal_term, values_block

Row = dict[str, str]
PAGE_QUERIES_DIR = QUERIES_DIR / "pages"
_BATCH = 400


class UnknownQueryError(LookupError):
    """A view named a query that `queries/` does not hold (a programming error)."""


def _terms(kind: str, values: Sequence[str]) -> list[str]:
    if kind.upper() == "IRI":
        return [iri_term(v) for v in values]
    return [literal_term(v) for v in values]


@lru_cache(maxsize=1)
def page_queries() -> dict[str, NamedQuery]:
    """The pages' own queries (`queries/pages/`): named and documented like the research
    questions, but kept out of the gallery, the API and the load tests, since most of them are
    meant to be run bound to one thing."""
    return {q.name: q for q in load_queries(PAGE_QUERIES_DIR)}


def bound_text(site: Site, name: str, params: dict[str, str | Sequence[str]]) -> str:
    """The named query's text with `params` bound (one value or several per parameter)."""
    query = page_queries().get(name) or site.named_query(name)
    if query is None:
        raise UnknownQueryError(name)
    kinds = {p.name: p.kind for p in query.params}
    blocks = []
    for param, value in params.items():
        if param not in kinds:
            raise UnknownQueryError(f"{name} has no parameter {param!r}")
        values = [value] if isinstance(value, str) else list(value)
        blocks.append(values_block(param, _terms(kinds[param], values)))
    return insert_values(query.text, blocks)


def _plain(solution: ox.QuerySolution, names: list[str]) -> Row:
    # Iterating a solution yields its values in the order of `names` (the result's variables);
    # indexing by name costs three times as much, on every value of every page.
    row: Row = {}
    for name, term in zip(names, solution, strict=True):
        if term is None:
            continue
        row[name] = term.value
        if type(term) is ox.Literal and term.language:
            row[name + "@"] = term.language
    return row


def run(site: Site, name: str, **params: str | Sequence[str]) -> list[Row]:
    """The rows of a named query with these parameters bound (kept per generation when slow:
    `site.AnswerCache`)."""
    text = bound_text(site, name, params)
    return site.answers.answer(site.store, "plain", text, lambda: _plain_rows(site, name, text))


def run_unkept(site: Site, name: str, **params: str | Sequence[str]) -> list[Row]:
    """As `run`, but never kept: for a page that keeps its own view of the rows instead
    (`AnswerCache.view`)."""
    return _plain_rows(site, name, bound_text(site, name, params))


def _plain_rows(site: Site, name: str, text: str) -> list[Row]:
    result = site.store.query(text)
    assert isinstance(result.raw, ox.QuerySolutions), name
    names = [v.value for v in result.raw.variables]
    return [_plain(solution, names) for solution in result.raw]


def run_batched(site: Site, name: str, param: str, values: Iterable[str]) -> list[Row]:
    """A named query over many values of one parameter, a few hundred at a time."""
    wanted = sorted(set(values))
    rows: list[Row] = []
    for start in range(0, len(wanted), _BATCH):
        rows += run(site, name, **{param: wanted[start : start + _BATCH]})
    return rows


def first(rows: list[Row]) -> Row:
    """The first row, or an empty one."""
    return rows[0] if rows else {}


def collect(rows: list[Row], name: str) -> list[str]:
    """The distinct values of one column, in the order the rows give them."""
    return list(dict.fromkeys(r[name] for r in rows if name in r))
