"""The status a report gives its commitment or motion, read from the passage's own words.

A table of cue phrases (`rules/statuses.csv`) rather than a model: every decision can be traced
to the words that made it, and those words are kept as the evidence. The heaviest cue wins (the
table's weights rank an explicit "voldaan" above a stated plan above a bare promise to report);
a passage with no cue is "progress reported" when it says something, "mentioned" when it only
names the commitment (a list of topics, a heading).
"""

from __future__ import annotations

from dataclasses import dataclass

from kamergraph.extract.rules import status_rules

# Fewer words than this and no cue: the passage only names what it is about.
_MENTION_WORDS = 50
# A letter says how far a commitment is right after naming it; words further on belong, as
# often as not, to the next subject a passage boundary missed (a reply's next question).
_READ_WORDS = 250


@dataclass(frozen=True)
class StatusReading:
    """A status and the exact words it was read from (empty when no cue decided it)."""

    status: str
    evidence: str


def classify_status(text: str) -> StatusReading:
    """The reported status of a passage (see the module docstring)."""
    text = " ".join(text.split()[:_READ_WORDS])
    best: tuple[int, int, str, str] | None = None
    for rule in status_rules():
        m = rule.cue.search(text)
        if m and (best is None or (rule.weight, -m.start()) > (best[0], best[1])):
            best = (rule.weight, -m.start(), rule.status, m.group(0))
    if best is not None:
        return StatusReading(best[2], best[3])
    if len(text.split()) < _MENTION_WORDS:
        return StatusReading("mentioned", "")
    return StatusReading("progressReported", "")
