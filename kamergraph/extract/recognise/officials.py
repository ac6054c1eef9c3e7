"""People named by their post: "Staatssecretaris Van der Burg", "Antwoord van Minister Van Weel",
speaker lines of the Handelingen ("Mevrouw Van der Plas (BBB):"), and the chair and clerk who
sign a report ("De griffier van de commissie, De Man"; "Brood, griffier").
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.persons import PersonFinder
from kamergraph.records import Span

_POSTS = {
    "minister": "minister",
    "minister-president": "prime-minister",
    "staatssecretaris": "state-secretary",
    "griffier": "clerk",
    "adjunct-griffier": "clerk",
}
_POST = r"(?P<post>[Mm]inister(?:-[Pp]resident)?|[Ss]taatssecretaris)"
_SPEAKER_TITLE = r"(?:De heer|Mevrouw|Minister(?:-president)?|Staatssecretaris)"


def _patterns(name: str, party: str) -> list[re.Pattern[str]]:
    """The phrasings, each with a `name` group and optional `post` and `party` groups."""
    return [
        # "Staatssecretaris Van der Burg (JenV)", "van Minister Faber-van de Klashorst"
        re.compile(rf"(?<![\w-]){_POST}\s+(?P<name>{name})(?![\w-])(?=\s*[(:,;])"),
        # "Mevrouw Van der Plas (BBB):", "De heer Van Hattem i (PVV):", "Staatssecretaris X:"
        re.compile(
            rf"^[ \t]*(?P<title>{_SPEAKER_TITLE})\s+(?P<name>{name})(?:\s+i)?"
            rf"(?:\s*\((?P<party>{party})\))?:[ \t]*$",
            re.MULTILINE,
        ),
        # "De griffier van de vaste commissie ..., De Man"; "De voorzitter van de commissie, X"
        re.compile(
            r"^[ \t]*(?:De |de )?(?P<post>(?:[Aa]djunct-)?[Gg]riffier|[Vv]oorzitter)"
            rf"(?: van [^,\n]{{3,120}})?,\s*(?P<name>{name})[ \t]*$",
            re.MULTILINE,
        ),
        # "Brood, griffier"
        re.compile(
            rf"^[ \t]*(?P<name>{name}),\s*(?P<post>(?:adjunct-)?griffier)[ \t]*$", re.MULTILINE
        ),
    ]


def _role(m: re.Match[str]) -> str | None:
    groups = m.groupdict()
    post = (groups.get("post") or groups.get("title") or "").lower()
    return _POSTS.get(post)


def extract_officials(ctx: Context) -> None:
    """Persons named with their post or as a speaker, with the role the post implies."""
    finder = PersonFinder.of(ctx)
    for pattern in _patterns(finder.name, finder.party):
        for m in pattern.finditer(ctx.text):
            party = None
            if m.groupdict().get("party"):
                party = finder.party_ref(m.group("party"), Span(*m.span("party")))
            finder.person(
                m.group("name"),
                Span(*m.span("name")),
                party=party,
                role=_role(m),
            )
