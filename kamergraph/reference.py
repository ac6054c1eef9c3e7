"""Curated registries of parties, persons, organisations, laws and known commitments.

The texts name people by family name only, spell them several ways ("Faber- Van de Klashorst",
"Faber–van de Klashorst") and make typos ("Jansen" for senator Janssen). The registry in
data/reference/*.csv decides each entity's key, so one person has one key everywhere; every row
names its source. The extractor asks it to resolve names it finds in a text.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from kamergraph.identifiers import slugify
from kamergraph.records import Law, Organisation, Party, Person, Record, Ref

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


def name_token(text: str) -> str:
    """Spelling-insensitive form of a name: lower case, no spaces, hyphens or dashes."""
    return "".join(_WORD_RE.findall(slugify(text).replace("-", " ")))


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


@dataclass
class Reference:
    """The loaded registries with name-resolution helpers for the extractor."""

    parties: dict[str, Party] = field(default_factory=dict)
    persons: dict[str, Person] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    laws: dict[str, Law] = field(default_factory=dict)
    commitment_titles: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    person_variants: dict[str, list[str]] = field(default_factory=dict)

    def records(self) -> list[Record]:
        """The registry as records (spans empty), for the reference graph."""
        out: list[Record] = []
        for group in (self.parties, self.persons, self.organisations, self.laws):
            out.extend(group.values())
        return out

    def party(self, label: str) -> Ref | None:
        """Resolve a party abbreviation or variant ("Christen Unie", "CU") to its ref."""
        token = name_token(label)
        for party in self.parties.values():
            labels = [party.pref_label, *(party.alt_labels)]
            if party.name:
                labels.append(party.name)
            if any(name_token(x) == token for x in labels):
                return party.ref
        return None

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
        return None

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
    for row in _rows(folder / "persons.csv"):
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
    for row in _rows(folder / "laws.csv"):
        ref.laws[row["key"]] = Law(
            Ref("law", row["key"]),
            title=row["title"],
            alt_labels=_split(row["alt_labels"]),
            dossier=row["dossier"] or None,
            bwb_id=row["bwb_id"] or None,
        )
    for row in _rows(folder / "commitments.csv"):
        ref.commitment_titles[row["key"]] = (row["title"], row["dossier"] or None)
    return ref
