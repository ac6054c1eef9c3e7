"""The one way user input becomes SPARQL: terms serialised safely, never formatted in raw.

Views bind request values into queries only through these helpers. An IRI is checked against
the characters SPARQL forbids inside `<...>` (so it cannot close the IRI and inject syntax); a
literal is escaped (so it cannot close the string). Anything else raises `TermError`, which the
views turn into a 400.
"""

from __future__ import annotations

import re

_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*")
_VARIABLE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


class TermError(ValueError):
    """A value that cannot be bound as the requested kind of RDF term."""


def is_absolute_iri(value: str) -> bool:
    """Whether a string is an absolute IRI that may stand between `<` and `>`."""
    return bool(_IRI.fullmatch(value))


def iri_term(value: str) -> str:
    """`<value>`, or TermError for anything that is not an absolute IRI."""
    if not is_absolute_iri(value):
        raise TermError(f"not an absolute IRI: {value!r}")
    return f"<{value}>"


def literal_term(value: str, datatype: str | None = None, language: str | None = None) -> str:
    """A quoted, escaped literal, optionally typed or language-tagged."""
    if datatype and language:
        raise TermError("a literal has a datatype or a language, not both")
    body = "".join(_ESCAPES.get(char, char) for char in value)
    if language is not None:
        if not _LANGUAGE.fullmatch(language):
            raise TermError(f"not a language tag: {language!r}")
        return f'"{body}"@{language}'
    if datatype is not None:
        return f'"{body}"^^{iri_term(datatype)}'
    return f'"{body}"'


def variable(name: str) -> str:
    """`?name`, for a name that is a plain SPARQL variable name."""
    bare = name.lstrip("?$")
    if not _VARIABLE.fullmatch(bare):
        raise TermError(f"not a variable name: {name!r}")
    return f"?{bare}"


def values_block(name: str, terms: list[str]) -> str:
    """`VALUES ?name { t1 t2 }` from already-serialised terms (from the helpers above)."""
    return f"VALUES {variable(name)} {{ {' '.join(terms)} }}"
