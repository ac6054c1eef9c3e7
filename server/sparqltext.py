"""Reading a SPARQL string without running it: a small tokenizer and what the endpoint asks of it.

The store parses queries for real; this module only answers the questions the endpoint must
settle before handing a query over: is it an update (refused: the endpoint is read-only), does
it call SERVICE (refused: pyoxigraph would fetch from other hosts), which graphs do its FROM /
FROM NAMED clauses name (pyoxigraph ignores them under a union default graph, so the endpoint
passes them on itself, and refuses graphs the store does not hold), and where a named query's
outer WHERE group opens (so bound parameters can be inserted as a VALUES block).
Strings, IRIs and comments are single tokens, so a keyword inside them is never mistaken.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import urljoin

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
               |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7\u00C0-\uFFFF]+)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w\-.\u00B7\u00C0-\uFFFF]*)?
             :(?:[\w\-.:%\u00B7\u00C0-\uFFFF]|\\[_~.\-!$&'()*+,;=/?\#@%])*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


@dataclass(frozen=True)
class Token:
    kind: str  # comment, string, iri, var, pname, word, other
    text: str
    start: int

    def is_word(self, *words: str) -> bool:
        """A bare keyword (case-insensitive) among `words`."""
        return self.kind == "word" and self.text.upper() in words


@dataclass
class QueryFacts:
    """What the endpoint needs to know about a request's SPARQL before running it."""

    is_update: bool = False
    calls_service: bool = False
    from_graphs: list[str] = field(default_factory=list)
    from_named_graphs: list[str] = field(default_factory=list)
    unresolved: list[str] = field(default_factory=list)  # FROM targets that are not IRIs


def tokenize(text: str) -> list[Token]:
    """Meaningful tokens (whitespace dropped; comments kept so callers can skip them)."""
    tokens = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind != "ws":
            tokens.append(Token(kind, match.group(), match.start()))
    return tokens


def _code(tokens: list[Token]) -> list[Token]:
    return [t for t in tokens if t.kind != "comment"]


def _prologue(tokens: list[Token]) -> tuple[dict[str, str], str | None, int]:
    """Prefixes and base declared up front, and the index of the first token after them."""
    prefixes: dict[str, str] = {}
    base: str | None = None
    i = 0
    while i < len(tokens):
        if tokens[i].is_word("BASE") and i + 1 < len(tokens) and tokens[i + 1].kind == "iri":
            base = urljoin(base or "", tokens[i + 1].text[1:-1])
            i += 2
        elif tokens[i].is_word("PREFIX") and i + 2 < len(tokens) and tokens[i + 1].kind == "pname":
            iri = tokens[i + 2].text[1:-1] if tokens[i + 2].kind == "iri" else ""
            prefixes[tokens[i + 1].text.rstrip(":")] = urljoin(base or "", iri)
            i += 3
        else:
            break
    return prefixes, base, i


def _resolve(token: Token, prefixes: dict[str, str], base: str | None) -> str | None:
    if token.kind == "iri":
        return urljoin(base or "", token.text[1:-1])
    if token.kind == "pname":
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


@lru_cache(maxsize=256)
def inspect_query(text: str, base: str | None = None) -> QueryFacts:
    """The facts about a query string the endpoint decides on (see the module docstring).
    Kept per text, since researchers and pages send the same queries again and the tokenizer
    costs 0.2-0.6 ms on a named query's text: the facts are shared, to be read only."""
    tokens = _code(tokenize(text))
    prefixes, declared_base, start = _prologue(tokens)
    base = urljoin(base or "", declared_base or "") or None
    facts = QueryFacts()
    facts.is_update = start < len(tokens) and tokens[start].is_word(*UPDATE_KEYWORDS)
    facts.calls_service = any(t.is_word("SERVICE") for t in tokens) or _service_by_parser(text)
    for i, token in enumerate(tokens):
        if not token.is_word("FROM") or i + 1 >= len(tokens):
            continue
        named = tokens[i + 1].is_word("NAMED")
        target = tokens[i + 2] if named and i + 2 < len(tokens) else tokens[i + 1]
        iri = _resolve(target, prefixes, base)
        if iri is None:
            facts.unresolved.append(target.text)
        else:
            (facts.from_named_graphs if named else facts.from_graphs).append(iri)
    return facts


def _service_by_parser(text: str) -> bool:
    """A second opinion from an independent parser whenever the letters "service" occur.

    SERVICE makes pyoxigraph fetch from other hosts, so a tokenizer slip must not let one
    through: a query that mentions "service" anywhere is parsed by rdflib too, and one that
    parser cannot read is treated as calling SERVICE (refused, with the reason).
    """
    if "service" not in text.lower():
        return False
    try:
        tree = parseQuery(text)
    except ParseBaseException:
        return True
    return _has_service(tree)


def _has_service(node: object) -> bool:
    if isinstance(node, CompValue) and node.name == "ServiceGraphPattern":
        return True
    if isinstance(node, dict):
        return any(_has_service(v) for v in node.values())
    if isinstance(node, list | tuple | ParseResults):
        return any(_has_service(v) for v in node)
    return False


ROW_VARIABLE = "__kg_row"  # the column `with_row_marker` adds: no query of ours uses it
ROW_MARK = "urn:x-kamergraph:row"


@lru_cache(maxsize=256)
def with_row_marker(text: str) -> str | None:
    """The SELECT query with one more column, last, bound to the same IRI in every row; None
    when the query is not one whose answer is whole before its first row comes out.

    Why: pyoxigraph's own result writers are several times cheaper than writing rows in
    Python, but their output has no row boundaries a byte scan can trust (a literal may hold
    any brackets). A constant binding's text cannot occur inside a value in JSON or XML (its
    quotes, or its `<`, would be escaped there), so it marks where each row ends;
    `server.results` counts rows by it, cuts at it and strips it. Only queries ordered or
    grouped at the top qualify: their rows come all at once after evaluation, so a native
    writer's 8 kB buffer never holds back a slow answer's rows. `SELECT *` is left alone (its
    column order is the engine's).
    """
    tokens = _code(tokenize(text))
    _prefixes, _base, start = _prologue(tokens)
    if start >= len(tokens) or not tokens[start].is_word("SELECT"):
        return None
    if any(t.kind == "var" and t.text[1:] == ROW_VARIABLE for t in tokens):
        return None
    first = start + 1
    if first < len(tokens) and tokens[first].is_word("DISTINCT", "REDUCED"):
        first += 1
    if first >= len(tokens) or tokens[first].text == "*":
        return None
    end = _projection_end(tokens, first)
    if end is None or not _ordered_or_grouped(tokens[end:]):
        return None
    offset = tokens[end].start
    return f"{text[:offset]}(<{ROW_MARK}> AS ?{ROW_VARIABLE}) {text[offset:]}"


def _projection_end(tokens: list[Token], first: int) -> int | None:
    """The index of the token after a SELECT clause's projection (WHERE, FROM or `{`)."""
    depth = 0
    for index in range(first, len(tokens)):
        token = tokens[index]
        if token.text == "(":
            depth += 1
        elif token.text == ")":
            depth -= 1
        elif depth == 0 and (token.text == "{" or token.is_word("WHERE", "FROM")):
            return index
    return None


def _ordered_or_grouped(tokens: list[Token]) -> bool:
    """Whether ORDER BY or GROUP BY modifies the outer query (outside every group)."""
    depth = 0
    for index, token in enumerate(tokens[:-1]):
        if token.text == "{":
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.is_word("ORDER", "GROUP") and tokens[index + 1].is_word("BY"):
            return True
    return False


@lru_cache(maxsize=512)
def where_group_offset(text: str) -> int:
    """Index just after the `{` that opens the query's outer WHERE group (kept per text: the
    pages bind values into the same few dozen queries on every request).

    The first WHERE at brace depth 0 when there is one (CONSTRUCT templates come before it);
    otherwise the first `{` at depth 0, as in `SELECT * { ... }` or `ASK { ... }`.
    """
    tokens = _code(tokenize(text))
    depth = 0
    after_where = False
    first_brace: int | None = None
    for token in tokens:
        if token.text == "{":
            if depth == 0 and after_where:
                return token.start + 1
            if depth == 0 and first_brace is None:
                first_brace = token.start + 1
            depth += 1
        elif token.text == "}":
            depth -= 1
        elif depth == 0 and token.is_word("WHERE"):
            after_where = True
    if first_brace is None:
        raise ValueError("the query has no group pattern to bind values into")
    return first_brace


def insert_values(text: str, blocks: list[str]) -> str:
    """The query with VALUES blocks (from `terms.values_block`) at the start of its WHERE group."""
    if not blocks:
        return text
    offset = where_group_offset(text)
    return text[:offset] + " " + " ".join(blocks) + " " + text[offset:]
