"""Organisations a text names: agencies, ministries, inspectorates, the committee.

Names and abbreviations come from the registry ("COA", "Centraal Orgaan opvang asielzoekers",
"DT&V", "PRT's"). Short abbreviations match case-sensitively ("IND" is not "ind"); full names
match in any case ("ministerie van Justitie en Veiligheid", "VASTE COMMISSIE VOOR ...").
"""

from __future__ import annotations

import re
from dataclasses import replace

from kamergraph.extract.context import Context
from kamergraph.records import Ref


def _pattern(label: str) -> re.Pattern[str]:
    """A label as a regex: flexible spaces, "/" with or without spaces, whole words only."""
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
    flags = re.IGNORECASE if len(label) > 5 else 0
    return re.compile(rf"(?<![\w&-]){''.join(parts)}(?![\w&])", flags)


def _labels(ctx: Context) -> list[tuple[str, Ref]]:
    """Every (label, organisation) pair, longest label first so "PRT's" beats "PRT"."""
    labels = []
    for org in ctx.reference.organisations.values():
        for label in {org.pref_label, org.name or "", *org.alt_labels}:
            if label:
                labels.append((label, org.ref))
    return sorted(labels, key=lambda x: len(x[0]), reverse=True)


def extract_organisations(ctx: Context) -> None:
    """Every registry organisation the view names, with a span per mention (URLs excluded)."""
    for label, ref in _labels(ctx):
        if not ctx.may_contain(label):
            continue
        for m in ctx.vfind(_pattern(label)):
            before = ctx.view.text[max(0, m.start() - 1) : m.start()]
            if before in ("/", ".") or ctx.view.text[m.end() : m.end() + 2] in (".n", ".N"):
                continue  # part of a URL or a domain name ("COA.nl")
            if not ctx.claim("organisations", m.start(), m.end()):
                continue
            record = replace(ctx.reference.organisations[ref.key], spans=[])
            record.alt_labels = list(record.alt_labels)
            ctx.collector.add(record, ctx.span(m.start(), m.end()))
