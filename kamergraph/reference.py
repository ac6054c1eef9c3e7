"""Curated registries of parties, persons, organisations, laws and known commitments.

The texts name people by family name only, spell them several ways ("Faber- Van de Klashorst",
"Faber–van de Klashorst") and make typos ("Jansen" for senator Janssen). The registry in
data/reference/*.csv decides each entity's key, so one person has one key everywhere; every row
names its source. The extractor asks it to resolve names it finds in a text.

Periods: persons.csv `memberships` lists a person's seats (`ek:cda:2019-06-11/2023-06-13|...`,
body "ek", "tk" or "kabinet"); parties.csv has `chambers`, `period` and `predecessors` (the parties
a fractie split from or merged out of); organisations.csv has `period`. A bound is a year, a month
or a day; an empty bound is open. `Reference.party_of(person, day)` answers "which party on this
date", `Reference.members_on(day)` "who sat in the EK then"; Person.party stays the latest party.
"""

from __future__ import annotations

import calendar
import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from kamergraph.identifiers import slugify
from kamergraph.records import Law, Organisation, Party, Person, Record, Ref
from kamergraph.records import Membership as MembershipRecord

_WORD_RE = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    (
        "de",
        "het",
        "een",
        "en",
        "van",
        "over",
        "om",
        "te",
        "in",
        "op",
        "voor",
        "aan",
        "naar",
        "met",
        "door",
        "dat",
        "die",
        "is",
        "bij",
        "of",
        "uw",
        "zal",
        "worden",
    )
)


@lru_cache(maxsize=1 << 16)  # a paper asks for every registry name's token per lookup
def name_token(text: str) -> str:
    """Spelling-insensitive form of a name: lower case, no spaces, hyphens or dashes."""
    return "".join(_WORD_RE.findall(slugify(text).replace("-", " ")))


@lru_cache(maxsize=1 << 12)  # each paper's finders join the same registry names
def name_pattern(name: str) -> str:
    """A regex matching a name however the text hyphenates, spaces or capitalises its particles.

    "Faber-Van de Klashorst" matches "Faber- Van de Klashorst" and "Faber–van de Klashorst".
    """
    parts = []
    for word in re.split(r"(\s*[-–]\s*|\s+)", name.strip()):
        if not word:
            continue
        if word.strip() in ("-", "–"):
            parts.append(r"\s*[-–─]\s*")
        elif word.isspace():
            parts.append(r"\s+")
        else:
            parts.append(f"[{word[0].upper()}{word[0].lower()}]{re.escape(word[1:])}")
    return "".join(parts)


_DAY_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")


def _day(text: str, *, end: bool) -> date | None:
    """A period bound: "2019", "2019-06" or "2019-06-11"; a year or month bound reaches its last
    day when it ends a period and its first day when it starts one. Empty means open."""
    text = text.strip()
    if not text:
        return None
    m = _DAY_RE.match(text)
    if not m:
        raise ValueError(f"not a date: {text!r}")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if day:
        return date(year, int(month), int(day))
    if month:
        last = calendar.monthrange(year, int(month))[1]
        return date(year, int(month), last if end else 1)
    return date(year, 12, 31) if end else date(year, 1, 1)


@dataclass(frozen=True)
class Period:
    """A closed interval of days; an open end (None) reaches into the past or the future."""

    start: date | None = None
    end: date | None = None

    @classmethod
    def parse(cls, text: str) -> Period:
        """ "2019-06-11/2023-06-13", "2023-06-13/" (still running), "2019/2023", "" (unknown).

        Raises ValueError for a malformed bound or an end before the start."""
        if not text.strip():
            return cls()
        start, sep, end = text.partition("/")
        if not sep:
            raise ValueError(f"a period is START/END: {text!r}")
        period = cls(_day(start, end=False), _day(end, end=True))
        if period.start and period.end and period.end < period.start:
            raise ValueError(f"period ends before it starts: {text!r}")
        return period

    def contains(self, day: date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class Membership:
    """A person's seat in a body for a party during a period.

    `body` is "ek" (Eerste Kamer), "tk" (Tweede Kamer) or "kabinet" (a minister or state
    secretary); `party` is a party key or None (a non-party minister). Written in persons.csv as
    `body:party:START/END`, several separated by "|".
    """

    person: str
    body: str
    party: str | None
    period: Period


BODIES = ("ek", "tk", "kabinet")


def parse_membership(person: str, cell: str) -> Membership:
    """One `body:party:START/END` entry of a persons.csv `memberships` cell."""
    parts = cell.split(":")
    if len(parts) != 3:
        raise ValueError(f"{person}: a membership is body:party:START/END, not {cell!r}")
    body, party, period = parts
    if body not in BODIES:
        raise ValueError(f"{person}: unknown body {body!r} in {cell!r}")
    return Membership(person, body, party.strip() or None, Period.parse(period))


@dataclass
class Reference:
    """The loaded registries with name-resolution helpers for the extractor."""

    parties: dict[str, Party] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)
    commitment_titles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    person_variants: dict[str, list[str]] = field(default_factory=dict)
    memberships: dict[str, list[Membership]] = field(default_factory=dict)  # by person key
    party_periods: dict[str, Period] = field(default_factory=dict)
    party_chambers: dict[str, list[str]] = field(default_factory=dict)  # "EK", "TK"
    party_predecessors: dict[str, list[str]] = field(default_factory=dict)  # split from, merged
    organisation_periods: dict[str, Period] = field(default_factory=dict)
    law_celex: dict[str, str] = field(default_factory=dict)  # EU CELEX number by law key

    def records(self) -> list[Record]:
        """The registry as records (spans empty), for the reference graph."""
        out: list[Record] = []
        for group in (self.parties, self.persons, self.organisations, self.laws):
            out.extend(group.values())
        out.extend(self.seats())
        return out

    def seats(self) -> list[MembershipRecord]:
        """Every party seat with its period, as records (a minister without a party has none)."""
        out: list[MembershipRecord] = []
        for person, memberships in sorted(self.memberships.items()):
            for m in memberships:
                if m.party is None:
                    continue
                start = m.period.start.isoformat() if m.period.start else "unknown"
                key = f"{person}/membership/{m.body}-{m.party}-{start}"
                out.append(
                    MembershipRecord(
                        Ref("membership", key),
                        person=Ref("person", person),
                        party=Ref("party", m.party),
                        party_label=self.parties[m.party].pref_label,
                        body=m.body,
                        start=m.period.start,
                        end=m.period.end,
                    )
                )
        return out

    def party(self, label: str) -> Ref | None:
        """Resolve a party abbreviation or variant ("Christen Unie", "CU") to its ref."""
        cached = self.__dict__.get("_party_tokens")
        if cached is not None and cached[0] == len(self.parties):
            tokens: dict[str, Ref] = cached[1]
        else:  # built once per registry: a paper asks for hundreds of labels
            tokens = {}
            for party in self.parties.values():
                for variant in (party.pref_label, *party.alt_labels, party.name or ""):
                    if variant:
                        tokens.setdefault(name_token(variant), party.ref)
            self.__dict__["_party_tokens"] = (len(self.parties), tokens)
        return tokens.get(name_token(label))

    def person(self, name: str) -> Person | None:
        """Resolve a family name as printed (with or without initials/titles) to a person.

        Printed initials must agree with the registry's; a spelling variant (a typo such as
        "Jansen") only resolves when no initials contradict or go unconfirmed.
        """
        initials_m = re.match(
            r"^(?:(?:drs|dr|mr|ir|prof)\.\s*)*((?:[A-Z][a-z]?\.\s*)*)", name.strip()
        )
        initials = name_token(initials_m.group(1)) if initials_m else ""
        bare = name.strip()[initials_m.end() :] if initials_m else name.strip()
        token = name_token(bare)
        if not token:
            return None
        for key, person in self.persons.items():
            known = name_token(person.initials or "")
            if initials and known and initials != known:
                continue
            if name_token(person.family_name) == token:
                return person
            variants = self.person_variants.get(key, [])
            if any(name_token(v) == token for v in variants) and (not initials or known):
                return person
        for person in self.persons.values():  # a first name before the family name
            if token.endswith(name_token(person.family_name)) and " " in bare:
                first = bare.split()[0]
                if person.initials and first[:1].upper() == person.initials[:1]:
                    return person
                if not person.initials and person.name.split()[:1] == [first]:
                    return person  # the registry row gives the first name, not initials
        return None

    def party_of(self, person: str, on: date, body: str | None = None) -> Ref | None:
        """The party a person sat for on a day (in `body`: "ek", "tk", "kabinet"), from the
        registry's memberships; None when no membership covers that day.

        Person.party stays the person's latest party; this answers for the paper's own date
        (Van der Burg sat for the VVD in the EK in 2021 and was a VVD state secretary in 2023).
        """
        for m in self.memberships.get(person, []):
            if m.party and (body is None or m.body == body) and m.period.contains(on):
                return Ref("party", m.party)
        return None

    def members_on(self, on: date, body: str = "ek") -> list[Person]:
        """The registry's persons with a membership of `body` covering a day."""
        keys = [
            key
            for key, ms in self.memberships.items()
            if any(m.body == body and m.period.contains(on) for m in ms)
        ]
        return [self.persons[k] for k in keys if k in self.persons]

    def person_names(self) -> list[str]:
        """Every family name and variant, longest first, for building text patterns."""
        names = {p.family_name for p in self.persons.values()}
        for variants in self.person_variants.values():
            names.update(variants)
        return sorted(names, key=len, reverse=True)

    def commitment_by_title(self, text: str, threshold: float = 0.75) -> str | None:
        """The known T-number whose EK title words a passage covers best (>= threshold)."""
        words = set(content_words(text))
        best, best_score = None, 0.0
        for key, (title, _dossier) in self.commitment_titles.items():
            title_words = content_words(title)
            if len(title_words) < 3:
                continue
            score = sum(w in words for w in title_words) / len(title_words)
            if score > best_score:
                best, best_score = key, score
        return best if best_score >= threshold else None


def content_words(text: str) -> list[str]:
    """Words of a title that carry meaning (no articles or prepositions)."""
    return [w for w in _WORD_RE.findall(slugify(text).replace("-", " ")) if w not in _STOPWORDS]


def _split(cell: str | None) -> list[str]:
    """A "|"-separated cell as a list."""
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def _rows(path: Path) -> list[dict[str, str]]:
    """Rows of a registry CSV (an absent file is an empty registry)."""
    if not path.exists():
        return []
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_reference(folder: Path) -> Reference:
    """Read parties, persons, organisations, laws and commitments CSVs from `folder`."""
    ref = Reference()
    for row in _rows(folder / "parties.csv"):
        party = Party(
            Ref("party", row["key"]), pref_label=row["pref_label"], name=row["name"] or None
        )
        party.alt_labels = _split(row["alt_labels"])
        ref.parties[row["key"]] = party
        ref.party_periods[row["key"]] = Period.parse(row.get("period") or "")
        ref.party_chambers[row["key"]] = _split(row.get("chambers"))
        ref.party_predecessors[row["key"]] = _split(row.get("predecessors"))
    for row in _rows(folder / "persons.csv"):
        ref.memberships[row["key"]] = [
            parse_membership(row["key"], cell) for cell in _split(row.get("memberships"))
        ]
        ref.persons[row["key"]] = Person(
            Ref("person", row["key"]),
            name=row["name"],
            family_name=row["family_name"],
            initials=row["initials"] or None,
            party=Ref("party", row["party"]) if row["party"] else None,
            roles=_split(row["roles"]),
        )
        ref.person_variants[row["key"]] = _split(row["variants"])
    for row in _rows(folder / "organisations.csv"):
        org = Organisation(
            Ref("organisation", row["key"]), pref_label=row["pref_label"], name=row["name"] or None
        )
        org.alt_labels = _split(row["alt_labels"])
        ref.organisations[row["key"]] = org
        ref.organisation_periods[row["key"]] = Period.parse(row.get("period") or "")
    for row in _rows(folder / "laws.csv"):
        ref.laws[row["key"]] = Law(
            Ref("law", row["key"]),
            title=row["title"],
            alt_labels=_split(row["alt_labels"]),
            dossier=row["dossier"] or None,
            bwb_id=row["bwb_id"] or None,
        )
        if row.get("celex"):
            ref.law_celex[row["key"]] = row["celex"]
    for row in _rows(folder / "commitments.csv"):
        ref.commitment_titles[row["key"]] = (row["title"], row["dossier"] or None)
    return ref
