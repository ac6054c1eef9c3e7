"""Persons and parties: members named with their group, signatories, committee lists.

"het lid Van der Goot (OPNL)", "de leden Van Toorenburg (CDA), Visseren-Hamakers (PvdD) en
Van Rooijen (50PLUS)", "het lid Huizinga-Heringa, J.C. van de Christen Unie", a minister's
signature under a letter. The registry resolves spelling variants to one key; a name it does not
know still becomes a person (keyed by its slug) so unseen letters yield their members too.
"""

from __future__ import annotations

import re
from dataclasses import replace

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import SIGNATURE_LINE
from kamergraph.identifiers import person_key, slugify
from kamergraph.records import Party, Person, Ref, Span
from kamergraph.reference import name_pattern, name_token

_PARTICLE = r"(?:[Vv]an|[Dd]e|[Dd]en|[Dd]er|[Tt]er|[Tt]en|[Hh]et|[Ii]n|'t)"
_FIRST_PARTICLE = r"(?:Van|De|Den|Der|Ter|Ten|Het|In|'t)"
_WORD = r"[A-Z][a-zà-ÿ'’]+(?:[ ][A-Z][a-zà-ÿ]+)?"
#: "Michiel van Nispen": a first name, lower-case particles, the family name (page fields).
_FIRST_NAME_PARTICLES = r"[A-Z][a-zà-ÿ]+\s+(?:(?:van|de|den|der|ter|ten|het|'t)\s+)+(?=[A-Z])"
UNKNOWN_NAME = (
    r"(?!(?:Minister|Staatssecretaris|Voorzitter|Griffier|Kamerlid|Eerste Kamer|Tweede Kamer)\b)"
    rf"(?:{_FIRST_PARTICLE}\s+(?:{_PARTICLE}\s+)*|{_FIRST_NAME_PARTICLES})?{_WORD}"
    rf"(?:\s*[-–]\s*(?:{_PARTICLE}\s+)*[A-Z][a-zà-ÿ]+)*(?![\w-])"
)
#: What a party label looks like when no registry knows the labels: "VVD", "D66", "50PLUS",
#: "GroenLinks-PvdA", "ChristenUnie", "JA21". Read only in party contexts (see PARTY_CONTEXT).
PARTY_SHAPE = (
    r"(?:[A-Z0-9][a-z]?[A-Z0-9][A-Za-z0-9+]*|[A-Z][a-z]+[A-Z][A-Za-z]*)(?:-[A-Z][A-Za-z]+)?"
)
#: In a vote table's "Fracties" column every cell is a party, whatever it looks like ("Volt").
TABLE_PARTY = r"[A-Z][\w+-]*(?: [A-Z][\w+-]*){0,3}"
_INITIALS_RE = re.compile(r"^(?P<ini>(?:[A-Z][a-z]?\.\s*)+)")
_SIGNATURE_CUE = SIGNATURE_LINE
_SIGNATURE_NAME = re.compile(
    r"^[ \t]*(?P<name>(?:(?:[A-Z][a-z]?\.)+\s*)?[A-Z][^\n,]{1,60}?)[ \t]*$"
)
_CHAIR_RE = re.compile(
    r"^[ \t]*(?P<name>(?:[A-Z][a-z]?\.)+\s*[^\n]{2,40}?)[ \t]*\n"
    r"(?:[ \t]*\n)*[ \t]*(?:Voorzitter|Griffier) van",
    re.MULTILINE,
)
_ROLE_OF_POST = {
    "Minister": "minister",
    "Minister-President": "prime-minister",
    "Staatssecretaris": "state-secretary",
    "griffier": "clerk",
}


class PersonFinder:
    """Regexes over the registry's names plus a generic name shape for unknown people."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        known = "|".join(name_pattern(n) for n in ctx.reference.person_names())
        self.name = rf"(?:{known}|{UNKNOWN_NAME})" if known else UNKNOWN_NAME
        labels: list[str] = []
        for party in ctx.reference.parties.values():
            labels += [party.pref_label, *party.alt_labels]
        labels.sort(key=len, reverse=True)
        self.labels_known = bool(labels)
        self.party = "|".join(re.escape(x) for x in labels) or PARTY_SHAPE
        self.initials = _initials_in_text(ctx)

    @classmethod
    def of(cls, ctx: Context) -> PersonFinder:
        """The finder of this source (built once: it scans the text for initials)."""
        finder = ctx.memo.get("person-finder")
        if not isinstance(finder, PersonFinder):
            finder = ctx.memo["person-finder"] = cls(ctx)
        return finder

    def party_ref(self, label: str, span: Span | None = None) -> Ref:
        """Resolve (and record) a party label; unknown labels become a new party."""
        ref = self.ctx.reference.party(label)
        if ref is None:
            ref = Ref("party", slugify(label))
            record = Party(ref, pref_label=label)
        else:
            record = self.ctx.reference.parties[ref.key]
        self.ctx.collector.add(record, *([span] if span else []))
        return ref

    def person(
        self,
        raw: str,
        span: Span | None,
        *,
        party: Ref | None = None,
        role: str | None = None,
        family_only: bool = False,
    ) -> Ref:
        """Resolve (and record) a person named `raw`; registry first, else a new person."""
        known = self.ctx.reference.person(raw)
        if known is not None:
            record = replace(known, spans=[], roles=list(known.roles))
            record.party = self._party_then(known, span) or known.party
        else:
            record = _unknown_person(raw, self.initials, family_only)
        if party is not None:
            record.party = party  # printed beside the name: the party at the paper's date
        if role and not record.roles:
            record.roles.append(role)
        self.ctx.collector.add(record, *([span] if span else []))
        return record.ref

    def _party_then(self, known: Person, span: Span | None) -> Ref | None:
        """The registry's party for this person on the date of the paper naming them (a member
        who changed party is read with the party of that day, not the latest one)."""
        day = self.ctx.doc_date(span.start) if span is not None and self.ctx.segments else None
        return self.ctx.reference.party_of(known.ref.key, day) if day else None


def party_heading(ctx: Context, label: str, span: Span) -> Ref | None:
    """A party that a layout names on its own (a Q&A paper's heading line "SGP", "50PLUS").

    The registry decides when it has parties; without one, the heading's place makes the
    label a party when it has a party's shape (never a plain capitalised word like "Antwoord").
    """
    if ctx.reference.parties:
        return ctx.reference.party(label)
    if re.fullmatch(PARTY_SHAPE, label) and re.search(r"[A-Za-z]", label):
        return PersonFinder.of(ctx).party_ref(label, span)
    return None


def _initials_in_text(ctx: Context) -> dict[str, str]:
    """Initials the text gives anywhere ("N.J.J. Nicolaï"), by spelling-insensitive family name."""
    found: dict[str, str] = {}
    name = rf"(?:{_PARTICLE}\s+)*{_WORD}(?:\s*[-–]\s*(?:{_PARTICLE}\s+)*[A-Z][a-zà-ÿ]+)*(?![\w-])"
    pattern = re.compile(rf"(?<![\w.])(?P<ini>(?:[A-Z][a-z]?\.){{1,5}})\s*(?P<name>{name})")
    for m in ctx.vfind(pattern):
        found.setdefault(name_token(m.group("name")), m.group("ini"))
    return found


def _unknown_person(
    raw: str, known_initials: dict[str, str] | None = None, family_only: bool = False
) -> Person:
    """A person the registry lacks: initials (or a first name's initial) plus family name.

    `family_only`: the text prints family names only (an attendance list), so "Marquart Scholtz"
    is one double name, not a first name and a family name.
    """
    text = re.sub(r"\s+", " ", raw.strip())
    m = _INITIALS_RE.match(text)
    initials = m.group("ini").replace(" ", "") if m else None
    family = text[m.end() :] if m else text
    words = family.split(" ")
    if not m and not family_only and len(words) > 1 and not re.fullmatch(_PARTICLE, words[0]):
        initials, family = words[0][0] + ".", " ".join(words[1:])
    family = family[:1].upper() + family[1:]
    initials = initials or (known_initials or {}).get(name_token(family))
    return Person(
        Ref("person", person_key(family, initials)),
        name=text,
        family_name=family,
        initials=initials,
    )


def signatures(ctx: Context, start: int, end: int) -> list[tuple[Ref, Span]]:
    """Signatories in a range: the paper's signature blocks ("De Minister van ...," over a
    name, perhaps after blank lines), the clerk, a chair."""
    finder = PersonFinder.of(ctx)
    found: list[tuple[Ref, Span]] = []
    for block in ctx.paper.blocks_of("signature", start, end):
        cue = _SIGNATURE_CUE.match(ctx.text, ctx.text.rfind("\n", 0, block.start) + 1)
        if cue is None:
            continue
        name = _signature_name(ctx, cue.end(), end)
        if name is not None:
            role = _ROLE_OF_POST[cue.group("post")]
            found.append((finder.person(name[0], name[1], role=role), name[1]))
    for m in _CHAIR_RE.finditer(ctx.text, start, end):
        span = Span(m.start("name"), m.end("name"))
        found.append((finder.person(m.group("name"), span, role="senator"), span))
    return found


def _signature_name(ctx: Context, after: int, end: int) -> tuple[str, Span] | None:
    """The first name line within nine lines after a signature cue."""
    pos = ctx.text.find("\n", after, end) + 1
    for _ in range(9):
        if pos <= 0 or pos >= end:
            return None
        line_end = ctx.text.find("\n", pos, end)
        line_end = end if line_end < 0 else line_end
        line = ctx.text[pos:line_end]
        m = _SIGNATURE_NAME.match(line)
        if line.strip() and m:
            return m.group("name"), Span(pos + m.start("name"), pos + m.end("name"))
        pos = line_end + 1
    return None


_CUE = (
    r"(?P<cue>\b(?:[Hh]et|[Dd]e|uw)\s+(?:[Ll]id|[Ll]eden|Tweede Kamerleden|Kamerleden)"
    r"|\b[Ll]id|\b[Mm]otie-|Samenstelling:|\bformateur|\bleider|\b[Ss]enator"
    r"|\bIndiener(?:s|\(s\))?:|\b[Dd]e heer|\b[Mm]evrouw)\s*(?:(?:Dhr|Mevr|drs|dr|mr)\.\s*)?"
)
#: Cues after which the Kamer prints family names only ("het lid Marquart Scholtz"): a second
#: capitalised word is part of the name, not a first name. Page fields ("Indiener(s): Roelof
#: Bisschop") and forms of address ("de heer") may carry first names.
_FAMILY_ONLY_CUE = re.compile(r"(?i)\b(?:lid|leden|kamerleden|samenstelling|motie-)")
#: A post printed after a member's party in a committee list: "Van Hattem (PVV) (voorzitter)".
_POST_NOTE = r"(?:\s*\((?:vice-?|onder)?voorzitter\))?"
#: Inside a member list, "(X)" after a name is the member's party, whatever X looks like
#: ("Perin-Gopie (Volt)"): the phrasing makes it a party, not its capitals.
LISTED_PARTY = r"(?!(?:vice-?|onder)?voorzitter\))[A-Z0-9][\w+]*(?:[- ][A-Z][\w]*){0,3}"


def _member_list_re(finder: PersonFinder) -> re.Pattern[str]:
    """A cue followed by one or more names, each optionally with "(PARTY)", joined by , / en."""
    item = rf"{finder.name}(?:\s*\((?:{_listed_party(finder)})\))?{_POST_NOTE}"
    return re.compile(rf"{_CUE}(?P<list>{item}(?:\s*(?:,|\ben\b)\s*{item})*)")


def _listed_party(finder: PersonFinder) -> str:
    """Party labels in a member list: the registry's when it has any, else any label shape."""
    return finder.party if finder.labels_known else LISTED_PARTY


def _role_for(ctx: Context, cue: str, source_pos: int) -> str | None:
    """The role a cue implies: "Tweede Kamerleden" sit in the TK, "het lid" of an EK text is a
    senator."""
    if "Tweede" in cue:
        return "tk-member"
    if (
        cue.strip().lower().startswith(("het lid", "de leden", "uw lid", "lid"))
        or "Samenstelling" in cue
    ):
        chamber = ctx.segment_at(source_pos).document.chamber
        return "senator" if chamber == "EK" else None
    return None


def extract_members(ctx: Context) -> None:
    """Members named after a cue ("het lid", "de leden", "motie-") with their parties."""
    finder = PersonFinder.of(ctx)
    item_re = re.compile(
        rf"(?P<name>{finder.name})(?:\s*\((?P<party>{_listed_party(finder)})\))?{_POST_NOTE}"
    )
    for m in ctx.vfind(_member_list_re(finder)):
        if _post_at_line_end(ctx, m):
            continue
        role = _role_for(ctx, m.group("cue"), ctx.view.offsets[m.start()])
        family_only = bool(_FAMILY_ONLY_CUE.search(m.group("cue")))
        for item in item_re.finditer(ctx.view.text, m.start("list"), m.end("list")):
            party = None
            if item.group("party"):
                party = finder.party_ref(item.group("party"), ctx.span(*item.span("party")))
            name_span = ctx.span(*item.span("name"))
            finder.person(
                item.group("name"), name_span, party=party, role=role, family_only=family_only
            )
    # "het lid Huizinga-Heringa, J.C. van de Christen Unie"
    initials_re = re.compile(
        rf"\b[Ll]id (?P<name>{finder.name}), (?P<ini>(?:[A-Z]\.)+) van de "
        rf"(?P<party>{_listed_party(finder)})\b"
    )
    for m in ctx.vfind(initials_re):
        party = finder.party_ref(m.group("party"), ctx.span(*m.span("party")))
        role = _role_for(ctx, "lid", ctx.view.offsets[m.start()])
        finder.person(
            f"{m.group('ini')} {m.group('name')}", ctx.span(*m.span("name")), party=party, role=role
        )
    extract_named_pairs(ctx, finder)
    extract_party_mentions(ctx, finder)


def _post_at_line_end(ctx: Context, m: re.Match[str]) -> bool:
    """A bare "lid" closing a line is a post ("Commissie I&A/JBZ, lid"), not "lid <name>"."""
    if m.group("cue").strip().lower() != "lid":
        return False
    between = ctx.text[ctx.view.offsets[m.end("cue") - 1] + 1 : ctx.view.offsets[m.start("list")]]
    return "\n" in between


def extract_named_pairs(ctx: Context, finder: PersonFinder) -> None:
    """Registry names followed by "(PARTY)" anywhere (footnotes, lists without a cue)."""
    known = "|".join(name_pattern(n) for n in ctx.reference.person_names())
    if not known:
        return
    pair_re = re.compile(rf"(?<![\w-])(?P<name>{known})\s*\((?P<party>{finder.party})\)")
    for m in ctx.vfind(pair_re):
        party = finder.party_ref(m.group("party"), ctx.span(*m.span("party")))
        finder.person(m.group("name"), ctx.span(*m.span("name")), party=party)


def extract_party_mentions(ctx: Context, finder: PersonFinder) -> None:
    """Every party label written as a word ("D66", "de ChristenUnie-fractie", "CU").

    Without a registry only the phrasings that make a word a party count ("de X-fractie", "de
    fractie van X", "de leden van de fracties van X, Y en Z", "X en Y stemden tegen"): a
    capitalised word alone is never a party.
    """
    if finder.labels_known:
        label = rf"(?<![\w-])(?P<party>{finder.party})(?![\w+]|-(?!fractie|leider)\w)"
        for m in ctx.vfind(re.compile(label)):
            finder.party_ref(m.group("party"), ctx.span(*m.span("party")))
        return
    for context in _party_contexts(finder.party):
        for m in context.finditer(ctx.text):  # the source: table rows keep their line breaks
            shape = TABLE_PARTY if "|" in m.group(0) else finder.party
            for party in re.finditer(shape, m.group("list")):
                start = m.start("list") + party.start()
                finder.party_ref(party.group(0), Span(start, start + len(party.group(0))))


def _party_contexts(shape: str) -> list[re.Pattern[str]]:
    """Phrasings in which a word is a party, each with the party label(s) in group `list`."""
    listed = rf"(?:{shape})(?:\s*(?:,|\ben\b)\s*(?:de\s+)?(?:{shape}))*"
    return [
        re.compile(rf"(?<![\w-])(?P<list>{shape})-(?:fractie|leider|senator|Kamerlid)"),
        re.compile(rf"\b[Ff]ractie(?:s)? van (?:de |het )?(?P<list>{listed})(?![\w-])"),
        re.compile(rf"(?<![\w-])(?P<list>{listed})\s+stemden\s+(?:voor|tegen)\b"),
        re.compile(rf"\bstemden (?:voor|tegen):?\s+(?P<list>{listed})(?![\w-])"),
        re.compile(
            rf"^[ \t|]*(?P<list>{TABLE_PARTY})[ \t]*\|[ \t]*\d+[ \t]*\|[ \t]*(?:Voor|Tegen)\b", re.M
        ),
    ]
