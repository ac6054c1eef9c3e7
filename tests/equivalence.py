"""Comparing two engines' answers to the same query, with each tolerated difference named.

Answers are compared row for row as multisets, and the order of the first ORDER BY key as a
sequence (rows tied on it may come in any order: SPARQL leaves ties unordered). Terms are
compared in N-Triples form after exactly these normalisations, each for an engine reason:
- blank node labels: an engine labels blank nodes as it likes (Virtuoso `nodeID://b10004`);
  every blank node becomes `_:`, so the rest of the row still has to match;
- booleans from expressions: Virtuoso has no boolean type for computed values and answers
  `BOUND`, `EXISTS`, comparisons and `true`/`false` constants as xsd:integer 1 or 0, so
  "1"^^xsd:integer in its answer matches "true"^^xsd:boolean in the embedded one;
- xsd:double lexical forms: Virtuoso keeps a double as a number and answers its own form of
  it ("670.0" for the "670" we wrote), so doubles are compared by value;
- GROUP_CONCAT lists: their order follows storage order, which differs between engines (as
  between two builds, see test_serve_mode.py), so the parts of a `GROUP_CONCAT(...; separator=
  "; ") AS ?v` are compared sorted; and over no values at all (an OPTIONAL that matched
  nothing) Virtuoso answers "" as SPARQL 1.1 (18.5.1.7) says while pyoxigraph leaves the
  variable unbound, so "" and unbound are the same there.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
PROV = "http://www.w3.org/ns/prov#"
_ORDER_KEY = re.compile(r"ORDER\s+BY\s+(?:(ASC|DESC)\s*\(\s*)?\?(\w+)", re.IGNORECASE)
_CONCATENATED = re.compile(r"GROUP_CONCAT\([^)]*\)\s*AS\s+\?(\w+)", re.IGNORECASE)
Row = tuple[str, ...]


def _term(term: object, virtuoso: bool) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:"
    if isinstance(term, ox.Literal) and term.datatype.value == XSD + "double":
        return f"{float(term.value)!r}?double"
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
                parts = sorted(term.value.split("; "))
                term = ox.Literal("; ".join(parts)) if term.value else None
            terms.append(_term(term, virtuoso))
        found.append(tuple(terms))
    return names, found


def quad_lines(quads: Iterable[ox.Quad]) -> set[str]:
    """A store's quads as normalised lines (blank nodes and doubles as above), without the
    build activity's start and end times: two builds never run at the same moment."""
    lines = set()
    for quad in quads:
        if quad.predicate.value in (PROV + "startedAtTime", PROV + "endedAtTime"):
            continue
        terms = (quad.subject, quad.predicate, quad.object, quad.graph_name)
        lines.add(" ".join(_term(t, virtuoso=False) for t in terms))
    return lines


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
