"""Votes on motions as the Handelingen print them: what was put to the vote and what came of it.

"In stemming komt de motie-Koffeman c.s. (36 800 VI, letter H)." is followed by the chair's
finding: "Ik constateer dat de leden van de fracties van GroenLinks-PvdA, D66 en de SP voor deze
motie hebben gestemd en de leden van de overige fracties ertegen, zodat zij is verworpen." The
motion gets its outcome and the parties named for (or against) it; "de overige fracties" names
no party, so that side stays empty rather than guessed.
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.persons import LISTED_PARTY, PersonFinder
from kamergraph.identifiers import parse_kamerstuk
from kamergraph.records import Motion, Ref, Span

_PUT_TO_VOTE = re.compile(
    r"\bIn stemming komt de (?:gewijzigde )?motie\b[^()\n]{0,200}?"
    r"\((?P<citation>[^()\n]{4,60})\)"
)
_OUTCOME = re.compile(
    r"\b(?:zodat (?:zij|deze) is|[Dd]e motie is) (?P<outcome>aangenomen|verworpen)"
)
_SIDE = re.compile(
    r"\bde leden van de fracties? van (?P<list>(?:(?!\n[ \t]*\n)[^;.]){2,400}?)\s+"
    r"(?P<side>voor|tegen)\s+deze\s+motie\s+hebben\s+gestemd"
)
_STATUS = {"aangenomen": "adopted", "verworpen": "rejected"}


def extract_votes(ctx: Context) -> None:
    """Outcome and vote by party of every motion put to the vote in the source."""
    finder = PersonFinder.of(ctx)
    starts = list(_PUT_TO_VOTE.finditer(ctx.text))
    for i, m in enumerate(starts):
        citation = parse_kamerstuk(m.group("citation"))
        if citation is None or citation.key is None:
            continue
        end = starts[i + 1].start() if i + 1 < len(starts) else min(len(ctx.text), m.end() + 2000)
        key = f"{citation.dossier}-{citation.number}"
        motion = Motion(Ref("motion", key), identifier=key, dossier=citation.dossier)
        outcome = _OUTCOME.search(ctx.text, m.end(), end)
        if outcome:
            motion.status = [_STATUS[outcome.group("outcome")]]
        for side in _SIDE.finditer(ctx.text, m.end(), end):
            parties = _parties(ctx, finder, side.start("list"), side.end("list"))
            target = motion.voted_for if side.group("side") == "voor" else motion.voted_against
            target.extend(p for p in parties if p not in target)
        ctx.collector.add(motion, Span(m.start(), m.end()))


def _parties(ctx: Context, finder: PersonFinder, start: int, end: int) -> list[Ref]:
    """The party labels of "GroenLinks-PvdA, D66, de SP en Volt", articles dropped."""
    shape = re.compile(finder.party if finder.labels_known else LISTED_PARTY)
    refs: list[Ref] = []
    for item in re.finditer(r"(?:(?!\s+en\s)[^,])+", ctx.text[start:end]):
        words = re.match(r"\s*(?:(?:en|de|het)\s+)*", item.group(0))
        label_start = start + item.start() + (words.end() if words else 0)
        label = ctx.text[label_start : start + item.end()].strip()
        if not shape.fullmatch(label):
            continue
        ref = finder.party_ref(label, Span(label_start, label_start + len(label)))
        if ref not in refs:
            refs.append(ref)
    return refs
