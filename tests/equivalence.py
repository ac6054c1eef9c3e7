"""Comparing two engines' answers to the same query, with each tolerated difference named.

Answers are compared row for row as multisets, and the order of the first ORDER BY key as a
sequence (rows tied on it may come in any order: SPARQL leaves ties unordered). Terms are
compared in N-Triples form after exactly these normalisations, each for an engine reason:
- blank node labels: an engine labels blank nodes as it likes (Virtuoso `nodeID://b10004`);
  every blank node becomes `_:`, so the rest of the row still has to match;
- booleans from expressions: Virtuoso has no boolean type for computed values and answers
  `BOUND`, `EXISTS`, comparisons and `true`/`false` constants as xsd:integer 1 or 0, so
  "1"^^xsd:integer in its answer matches "true"^^xsd:boolean in the embedded one;
- GROUP_CONCAT lists: their order follows storage order, which differs between engines (as
  between two builds, see test_serve_mode.py), so the parts of a `GROUP_CONCAT(...; separator=
  "; ") AS ?v` are compared sorted.
"""

from __future__ import annotations

import re
from collections import Counter

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
_ORDER_KEY = re.compile(r"ORDER\s+BY\s+(?:(ASC|DESC)\s*\(\s*)?\?(\w+)", re.IGNORECASE)
_CONCATENATED = re.compile(r"GROUP_CONCAT\([^)]*\)\s*AS\s+\?(\w+)", re.IGNORECASE)
Row = tuple[str, ...]


def _term(term: object, virtuoso: bool) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    integer = isinstance(term, ox.Literal) and term.datatype.value == XSD + "integer"
    if virtuoso and integer and term.value in ("0", "1"):  # see the module docstring
        return f"{term.value}?boolean-or-integer"
    if virtuoso and isinstance(term, ox.Literal) and term.datatype.value == XSD + "boolean":
        return f"{int(term.value in ('true', '1'))}?boolean-or-integer"
    return str(term)


def rows(
    result: ox.QuerySolutions, virtuoso: bool = False, concatenated: frozenset[str] = frozenset()
) -> tuple[list[str], list[Row]]:
    """The variables and the normalised rows of a SELECT answer, in the order given."""
    names = [v.value for v in result.variables]
    found = []
    for row in result:
        terms = []
        for name in names:
            term = row[name]
            if name in concatenated and isinstance(term, ox.Literal):
                term = ox.Literal("; ".join(sorted(term.value.split("; "))))
            terms.append(_term(term, virtuoso))
        found.append(tuple(terms))
    return names, found


def order_key(sparql: str) -> str | None:
    """The variable of the first ORDER BY key, when it is a plain variable (or ASC/DESC of one)."""
    match = _ORDER_KEY.search(sparql)
    return match.group(2) if match else None


def differences(
    sparql: str, embedded: ox.QuerySolutions, external: ox.QuerySolutions, virtuoso: bool
) -> list[str]:
    """What differs between two answers to `sparql`; empty when they agree."""
    concatenated = frozenset(_CONCATENATED.findall(sparql))
    names, ours = rows(embedded, virtuoso, concatenated)
    their_names, theirs = rows(external, virtuoso, concatenated)
    if names != their_names:
        return [f"variables {names} != {their_names}"]
    found = []
    missing, extra = Counter(ours) - Counter(theirs), Counter(theirs) - Counter(ours)
    found += [f"only embedded: {row}" for row in list(missing)[:5]]
    found += [f"only external: {row}" for row in list(extra)[:5]]
    key = order_key(sparql)
    if not found and key in names:
        index = names.index(key)
        if [r[index] for r in ours] != [r[index] for r in theirs]:
            found.append(f"order of ?{key} differs")
    return found
