"""Organisations a text names: agencies, ministries, inspectorates, the committee.

Names and abbreviations come from the registry ("COA", "Centraal Orgaan opvang asielzoekers",
"DT&V", "PRT's"). Short abbreviations match case-sensitively ("IND" is not "ind"); full names
match in any case ("ministerie van Justitie en Veiligheid", "VASTE COMMISSIE VOOR ...").
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

from kamergraph.extract.context import Context

#: A label is a whole word: not inside a word, an "&"-name or a hyphenated word.
_BEFORE, _AFTER = r"(?<![\w&-])", r"(?![\w&])"


def _label_regex(label: str) -> str:
    """A label as a regex body: flexible spaces, "/" with or without spaces."""
    parts = []
    for token in re.split(r"(\s+|/)", label.strip()):
        if not token:
            continue
        if token.isspace():
            parts.append(r"\s+")
        elif token == "/":
            parts.append(r"\s*/\s*")
        else:
            parts.append(re.escape(token))
    return "".join(parts)


def _labels(ctx: Context) -> tuple[tuple[str, str], ...]:
    """Every (label, organisation key) pair of the registry."""
    labels = []
    for org in ctx.reference.organisations.values():
        for label in {org.pref_label, org.name or "", *org.alt_labels}:
            if label:
                labels.append((label, org.ref.key))
    return tuple(sorted(labels))


#: A one-pass pattern and the table from matched text to organisation key.
Alternation = tuple[re.Pattern[str], dict[str, str]]


@cache
def _alternations(labels: tuple[tuple[str, str], ...]) -> list[Alternation]:
    """Two one-pass patterns (full names in any case, then short abbreviations as written),
    longest label first so "PRT's" beats "PRT", each with its matched-text -> key table."""
    out = []
    for any_case in (True, False):
        group = sorted(
            ((label, key) for label, key in labels if (len(label) > 5) == any_case),
            key=lambda x: len(x[0]),
            reverse=True,
        )
        if not group:
            continue
        # the word bounds outside the alternation, not in each label: the same matches (the
        # bound after still backtracks into the next label), ten times faster
        body = "|".join(_label_regex(label) for label, _key in group)
        lookup = {_token(label, any_case): key for label, key in reversed(group)}
        pattern = f"{_BEFORE}(?:{body}){_AFTER}"
        out.append((re.compile(pattern, re.IGNORECASE if any_case else 0), lookup))
    return out


def _token(text: str, any_case: bool) -> str:
    """How a match is looked up: spaces (and spaces around "/") collapsed, case folded if any."""
    folded = re.sub(r"\s*/\s*", "/", re.sub(r"\s+", " ", text.strip()))
    return folded.casefold() if any_case else folded


def extract_organisations(ctx: Context) -> None:
    """Every registry organisation the view names, with a span per mention (URLs excluded)."""
    for pattern, lookup in _alternations(_labels(ctx)):
        any_case = bool(pattern.flags & re.IGNORECASE)
        for m in ctx.vfind(pattern):
            key = lookup.get(_token(m.group(0), any_case))
            if key is None:
                continue
            before = ctx.view.text[max(0, m.start() - 1) : m.start()]
            if before in ("/", ".") or ctx.view.text[m.end() : m.end() + 2] in (".n", ".N"):
                continue  # part of a URL or a domain name ("COA.nl")
            if not ctx.claim("organisations", m.start(), m.end()):
                continue
            record = replace(ctx.reference.organisations[key], spans=[])
            record.alt_labels = list(record.alt_labels)
            ctx.collector.add(record, ctx.span(m.start(), m.end()))
