"""The one error the extraction stage raises for input it cannot treat as a document."""

from __future__ import annotations

from pathlib import Path


class SourceError(ValueError):
    """A source file that is not a readable parliamentary text: empty, binary, not UTF-8, ...

    str() reads like a compiler message: "data/sources/x.txt:1: not UTF-8 text".
    """

    def __init__(self, path: Path, line: int, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}")
        self.path = path
        self.line = line
        self.message = message
