"""Limits checked at the door, before a query reaches a worker: its length and its nesting.

Both checks run in the server process on untrusted text, so they must cost time linear in the
text whatever it holds: the nesting scan below jumps from one interesting character to the next
and never rescans (an unterminated string or IRI simply runs to the end). Brackets inside
strings, IRIs and comments do not count. pyoxigraph's parser recurses once per bracket and
crashes somewhere past a few thousand; KG_MAX_NESTING stops such queries with a 400 first (and
the worker process would contain the crash if one got through).
"""

from __future__ import annotations

import re

from flask import Request
from werkzeug.exceptions import BadRequest, RequestEntityTooLarge, RequestURITooLarge

from kamergraph import settings
from server.sparqltext import UPDATE_KEYWORDS

_INTERESTING = re.compile(r"""[(){}\[\]"'#<]""")
_IRI_REF = re.compile(r"""<[^<>"{}|^`\\\x00-\x20]*>""")
_STRING_STOP = {'"': re.compile(r'["\\\n]'), "'": re.compile(r"['\\\n]")}
_LONG_STOP = {'"': re.compile(r'"""|\\'), "'": re.compile(r"'''|\\")}
_WORD = re.compile(r"[A-Za-z]+")


def _string_end(text: str, start: int) -> int:
    """The index just past the string literal opening at `start` (the end if unterminated)."""
    quote = text[start]
    long = text.startswith(quote * 3, start)
    stop = (_LONG_STOP if long else _STRING_STOP)[quote]
    position = start + (3 if long else 1)
    while match := stop.search(text, position):
        if match.group() != "\\":
            return match.end()  # the closing quote, or a line break no short string spans
        position = match.end() + 1  # skip the escaped character
    return len(text)


def nesting_depth(text: str, stop_at: int = 0) -> int:
    """How deeply brackets nest in a SPARQL text (stops counting once past `stop_at` > 0)."""
    depth = deepest = 0
    position = 0
    while match := _INTERESTING.search(text, position):
        char, position = match.group(), match.end()
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
            if 0 < stop_at < deepest:
                return deepest
        elif char in ")]}":
            depth = max(depth - 1, 0)
        elif char == "#":
            newline = text.find("\n", position)
            position = len(text) if newline < 0 else newline + 1
        elif char in "\"'":
            position = _string_end(text, match.start())
        elif iri := _IRI_REF.match(text, match.start()):
            position = iri.end()
    return deepest


def check_query_text(request: Request, query: str) -> None:
    """Refuse a query that is too long (414 in a URL, 413 in a body) or nested too deeply."""
    longest = int(settings.get("KG_MAX_QUERY_LENGTH"))
    if len(query) > longest:
        message = (
            f"the query is {len(query)} characters long; at most {longest} are accepted "
            "(KG_MAX_QUERY_LENGTH)"
        )
        if request.method == "GET":
            raise RequestURITooLarge(message + "; POST shorter queries, or narrow this one")
        raise RequestEntityTooLarge(message)
    deepest = int(settings.get("KG_MAX_NESTING"))
    depth = nesting_depth(query, deepest)
    if depth > deepest:
        raise BadRequest(
            f"the query nests brackets more than {deepest} deep (KG_MAX_NESTING); flatten it"
        )


def looks_small_and_read_only(query: str) -> bool:
    """Whether a query a link carries may run on the query page without asking first.

    Every query here is read-only (updates are refused), but a link should not make a visitor's
    browser start an expensive or odd-looking query in their name: only short, shallow queries
    whose first keyword is not an update's, and that call no SERVICE, run by themselves.
    """
    if len(query) > int(settings.get("KG_AUTORUN_LENGTH")) or nesting_depth(query, 8) > 8:
        return False
    words = {w.upper() for w in _WORD.findall(query)}
    return not (words & UPDATE_KEYWORDS - {"WITH"}) and "SERVICE" not in words
