"""Named research queries: `queries/<verb>_<subject>.rq` files with a comment header.

Header lines at the top of each file:
    # title: Commitments with requester and party
    # description: One line or more on what the query answers.
    # param: party IRI of a kg:Party (optional)
Parameters are SPARQL variables the caller may bind (never formatted into the text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from kamergraph.settings import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
_HEADER = re.compile(r"^#\s*(title|description|param)\s*:\s*(.*)$")


@dataclass(frozen=True)
class QueryParam:
    name: str  # the variable name without '?'
    kind: str  # "IRI" or "literal"
    help: str


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    text: str
    params: tuple[QueryParam, ...] = field(default_factory=tuple)


def _parse_param(value: str) -> QueryParam:
    name, _, rest = value.strip().partition(" ")
    kind, _, help_text = rest.strip().partition(" ")
    return QueryParam(name.lstrip("?$"), kind or "literal", help_text.strip())


def parse_query_file(path: Path) -> NamedQuery:
    """Read one `.rq` file; a missing title or description is an error, not a blank."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    for line in text.splitlines():
        match = _HEADER.match(line.strip())
        if match:
            fields[match.group(1)].append(match.group(2).strip())
        elif line.strip() and not line.lstrip().startswith("#"):
            break
    if not fields["title"] or not fields["description"]:
        raise ValueError(f"{path}: a named query needs '# title:' and '# description:' lines")
    return NamedQuery(
        name=path.stem,
        title=fields["title"][0],
        description=" ".join(fields["description"]),
        text=text,
        params=tuple(_parse_param(p) for p in fields["param"]),
    )


def load_queries(folder: Path = QUERIES_DIR) -> list[NamedQuery]:
    """All named queries in a folder, sorted by name."""
    return [parse_query_file(p) for p in sorted(Path(folder).glob("*.rq"))]
