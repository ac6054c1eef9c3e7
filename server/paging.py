"""Long lists in pages of rows: which page a request asks for, and the links to the others.

A list page (the open commitments) may hold tens of thousands of rows on the whole record;
rendering them all costs seconds and makes a page nobody can read. Its query still runs whole
(its rows are ordered and counted, and the answer cache keeps them per generation), so a page
is a slice of the same answer and every page agrees on the total. `?page=` counts from 1 and
`?per=` sets the rows per page (up to `MAX_PER_PAGE`); a page past the end shows the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, TypeVar
from urllib.parse import urlencode

from flask import request
from werkzeug.exceptions import BadRequest

PER_PAGE = 100
MAX_PER_PAGE = 1000
# Rows of a long list shown where the list is one part of a page (the overview's tables, a
# party's commitments and votes): the rest are a link away, and counts still cover them all.
SHOWN_ROWS = 300
T = TypeVar("T")


@dataclass(frozen=True)
class Paging:
    """One page of a list of `total` rows."""

    number: int  # 1-based
    per: int
    total: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per))

    @property
    def start(self) -> int:
        """Index of the page's first row."""
        return (self.number - 1) * self.per

    @property
    def end(self) -> int:
        """Index just after the page's last row."""
        return min(self.start + self.per, self.total)

    def of(self, rows: list[T]) -> list[T]:
        """This page's rows."""
        return rows[self.start : self.end]

    def href(self, number: int) -> str:
        """This list at another page, its other parameters kept."""
        args = {**request.args.to_dict(), "page": str(number)}
        return request.path + "?" + urlencode(args)

    def links(self) -> dict[str, str]:
        """first, previous, next and last, where they lead elsewhere."""
        links = {}
        if self.number > 1:
            links["first"], links["previous"] = self.href(1), self.href(self.number - 1)
        if self.number < self.pages:
            links["next"], links["last"] = self.href(self.number + 1), self.href(self.pages)
        return links

    def describe(self) -> dict[str, Any]:
        """What a JSON answer says of its page."""
        return {
            "page": self.number,
            "per": self.per,
            "total": self.total,
            "pages": self.pages,
            "first_row": self.start + 1 if self.total else 0,
            "last_row": self.end,
            "links": self.links(),
        }


def _positive(name: str, default: int) -> int:
    raw = request.args.get(name, "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise BadRequest(f"?{name}= must be a whole number from 1 up, not {raw!r}")
    return int(raw)


def paging(total: int) -> Paging:
    """The page this request asks for, of a list of `total` rows (400 for a malformed
    `page` or `per`; past the end: the last page)."""
    per = min(_positive("per", PER_PAGE), MAX_PER_PAGE)
    asked = Paging(number=_positive("page", 1), per=per, total=total)
    return replace(asked, number=min(asked.number, asked.pages))
