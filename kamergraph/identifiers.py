"""Parse and normalise the official identifiers parliamentary texts use.

Kamerstuk citations, dossier numbers, T-numbers (toezeggingen), motion ids, Dutch dates and
session years come in many printed forms, often with a footnote number glued on ("T0372612",
"14 juni 20242"). Every function here takes printed text and returns one normal form, so the
same paper or commitment gets the same key wherever it is cited. Nothing here knows RDF.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

MONTHS: dict[str, int] = {
    name: n
    for n, name in enumerate(
        (
            "januari",
            "februari",
            "maart",
            "april",
            "mei",
            "juni",
            "juli",
            "augustus",
            "september",
            "oktober",
            "november",
            "december",
        ),
        start=1,
    )
}
_MONTH_ALT = "|".join(MONTHS)


def slugify(text: str, max_words: int | None = None) -> str:
    """Lower-case ASCII words joined by hyphens: the stable key form of a name or title."""
    # dashes separate words ("Faber–van de Klashorst"); the ASCII fold alone would drop them
    dashed = re.sub(r"[\u2010-\u2015\u2212]", "-", text)
    ascii_text = unicodedata.normalize("NFKD", dashed).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    if max_words is not None:
        words = words[:max_words]
    return "-".join(words)


def person_key(family_name: str, initials: str | None = None) -> str:
    """Key of a person: slug of family name plus initials ("van-der-goot-a-sj")."""
    key = slugify(family_name)
    if initials:
        key += "-" + slugify(initials.replace(".", " "))
    return key


# ---------------------------------------------------------------- session years


@dataclass(frozen=True)
class SessionYear:
    """A vergaderjaar: `value` is "2024-2025", or None with `problem` when it cannot be."""

    raw: str
    value: str | None
    problem: str | None = None


def parse_session_year(raw: str) -> SessionYear:
    """Normalise "2024/25" or "2024-2025" to "2024-2025"; flag impossible years, never guess."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-/–]\s*(\d{2}|\d{4})\s*", raw)
    if not m:
        return SessionYear(raw, None, "not a session year")
    first = int(m.group(1))
    second_raw = m.group(2)
    second = int(second_raw) if len(second_raw) == 4 else first // 100 * 100 + int(second_raw)
    if len(second_raw) == 2 and second < first:  # "1999/00" crosses a century
        second += 100
    if second != first + 1:
        return SessionYear(raw, None, f"impossible session year {raw.strip()!r}")
    return SessionYear(raw, f"{first}-{second}")


# ---------------------------------------------------------------- dossiers, motions, T-numbers

_DOSSIER_RE = re.compile(r"(\d{2})[ .]?(\d{3})(?:\s*[ -]\s*([IVXLC]{1,6}))?")


def normalise_dossier(raw: str) -> str | None:
    """ "36 600 XX", "36.600 XX", "36600-XX" -> "36600-XX"; "19 637" -> "19637"."""
    m = _DOSSIER_RE.fullmatch(raw.strip())
    if not m:
        return None
    number = m.group(1) + m.group(2)
    return f"{number}-{m.group(3)}" if m.group(3) else number


T_NUMBER_RE = re.compile(r"(?<![A-Za-z0-9])T(\d{5})(\d{0,2})(?!\d)")


@dataclass(frozen=True)
class TNumber:
    """A toezegging number: exactly T + 5 digits; extra glued digits are a footnote mark."""

    number: str
    footnote: int | None = None


def parse_t_number(raw: str) -> TNumber | None:
    """ "T03853" -> T03853; "T0372612" -> T03726 with footnote 12."""
    m = T_NUMBER_RE.fullmatch(raw.strip())
    if not m:
        return None
    return TNumber("T" + m.group(1), int(m.group(2)) if m.group(2) else None)


def find_t_numbers(text: str) -> list[tuple[int, int, TNumber]]:
    """Every T-number in `text` with the offsets of just "T" + 5 digits."""
    found = []
    for m in T_NUMBER_RE.finditer(text):
        tn = TNumber("T" + m.group(1), int(m.group(2)) if m.group(2) else None)
        found.append((m.start(), m.start() + 6, tn))
    return found


_MOTION_RE = re.compile(
    r"(?P<dossier>\d{2}[ .]?\d{3}(?:[\s-]+[IVXLC]{1,6})?)"
    r"\s*[,-]\s*(?:nr\.?\s*)?(?P<nr>[A-Z]{1,3}|\d+)"
)


def parse_motion_id(raw: str) -> str | None:
    """ "36.333, I" -> "36333-I"; "36.600 XX, M" -> "36600-XX-M"; "19 637, nr. 3328" -> ..."""
    m = _MOTION_RE.fullmatch(raw.strip())
    if not m:
        return None
    dossier = normalise_dossier(m.group("dossier"))
    return f"{dossier}-{m.group('nr')}" if dossier else None


# ---------------------------------------------------------------- kamerstuk citations


@dataclass(frozen=True)
class KamerstukCitation:
    """One printed citation of a parliamentary paper (or, without a number, of a dossier)."""

    raw: str
    dossier: str
    number: str | None = None
    chamber: str | None = None  # "EK" / "TK"
    session_year: str | None = None
    session_year_problem: str | None = None
    annex: bool = False
    page: str | None = None
    dossier_printed: str = ""  # the dossier as printed ("36 600 XX"), to locate it in the text

    @property
    def key(self) -> str | None:
        """Document key "kst-{dossier}-{number}", or None for a bare dossier citation."""
        return f"kst-{self.dossier}-{self.number}" if self.number else None


_CHAMBER = (
    r"(?P<prefix>Kamerstukken\s+(?P<roman>II|I)\b|Kamerstukken|Kamerstuk|EK|TK"
    r"|Eerste\s+Kamer|Tweede\s+Kamer)"
)
_YEAR = r"(?:vergaderjaar\s+)?(?P<year>\d{4}\s*[-/]\s*\d{2,4})"
_DOSSIER = (
    r"(?<![\w.,])(?P<dossier>\d{2}[ .]?\d{3}(?!\d|\.\d)(?:(?:\s|-)(?P<suffix>[IVXLC]{1,6})\b)?)"
)
# "…, nr. 14", "…, E", "-XX-E", and the EK's own "(36 800 VI, letter H)" in its Handelingen
_NUMBER = (
    r"(?:\s*,\s*(?:nr\.?\s*|letter\s+(?=[A-Z]{1,3}\b))?|-|\s+nr\.?\s*)"
    r"(?P<number>[A-Z]{1,3}\b|\d(?:[\d.]*\d)?(?!\d))"
)
_TAIL = r"(?P<annex>,?\s*bijlage)?(?:,?\s*p\.\s*(?P<page>\d+(?:\s*-\s*\d+)?))?"
KAMERSTUK_RE = re.compile(
    rf"(?:{_CHAMBER}\s*[,:]?\s*)?(?:{_YEAR}\s*,?\s*)?(?:nr\.?\s*)?{_DOSSIER}(?:{_NUMBER})?{_TAIL}"
)


def _chamber_of(m: re.Match[str]) -> str | None:
    """EK/TK from the prefix; without one, letters mean EK papers and digits TK papers."""
    prefix = m.group("prefix") or ""
    if m.group("roman"):
        return "EK" if m.group("roman") == "I" else "TK"
    if prefix.startswith(("EK", "Eerste")):
        return "EK"
    if prefix.startswith(("TK", "Tweede")):
        return "TK"
    number = m.group("number")
    if number:  # the EK numbers its papers with letters, the TK with digits
        return "EK" if number.isalpha() else "TK"
    return None


def citation_from_match(m: re.Match[str]) -> KamerstukCitation | None:
    """Build a citation from a KAMERSTUK_RE match; None when it is just a bare number."""
    if not (m.group("prefix") or m.group("year") or m.group("suffix") or m.group("number")):
        return None
    dossier = normalise_dossier(m.group("dossier"))
    if dossier is None:
        return None
    number = m.group("number")
    if number and not number.isalpha():
        number = number.replace(".", "")
    year = parse_session_year(m.group("year")) if m.group("year") else None
    return KamerstukCitation(
        raw=m.group(0),
        dossier=dossier,
        number=number,
        chamber=_chamber_of(m),
        session_year=year.value if year else None,
        session_year_problem=year.problem if year else None,
        annex=bool(m.group("annex")),
        page=re.sub(r"\s+", "", m.group("page")) if m.group("page") else None,
        dossier_printed=m.group("dossier"),
    )


def parse_kamerstuk(raw: str) -> KamerstukCitation | None:
    """Parse one printed citation ("Kamerstukken I 2024/25, 36600, nr. O") or return None."""
    m = KAMERSTUK_RE.search(raw.strip())
    return citation_from_match(m) if m else None


def find_kamerstuk_citations(text: str) -> list[tuple[int, int, KamerstukCitation]]:
    """Every citation in `text` with its offsets; bare numbers (amounts) are skipped."""
    found = []
    for m in KAMERSTUK_RE.finditer(text):
        cit = citation_from_match(m)
        if cit is not None:
            end = m.end()
            while end > m.start() and text[end - 1] in " ,":
                end -= 1
            found.append((m.start(), end, cit))
    return found


# ---------------------------------------------------------------- dates


@dataclass(frozen=True)
class DutchDate:
    """A date as printed; `inferred` when the year was not printed but taken from context."""

    value: date | None
    inferred: bool = False
    footnote: int | None = None


DATE_RE = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH_ALT})\b"
    r"(?:\s+(?P<year>(?:19|20)\d{2})(?P<fn>\d{1,2})?(?!\d)|(?P<jl>\s+jl\.?))?",
    re.IGNORECASE,
)


def _infer_year(day: int, month: int, reference: date | None) -> date | None:
    """The latest date with this day and month not after the reference date ("jl.")."""
    if reference is None:
        return None
    for year in (reference.year, reference.year - 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= reference:
            return candidate
    return None


NUMERIC_DATE_RE = re.compile(
    r"(?<![\d-])(?P<day>\d{1,2})-(?P<month>\d{1,2})-(?P<year>(?:19|20)\d{2})\b"
)


def numeric_date(m: re.Match[str]) -> date | None:
    """A NUMERIC_DATE_RE match ("3-7-2026", "27-1-2025") as a date (None if impossible)."""
    try:
        return date(int(m.group("year")), int(m.group("month")), int(m.group("day")))
    except ValueError:
        return None


def date_from_match(m: re.Match[str], reference: date | None = None) -> DutchDate:
    """Turn a DATE_RE match into a date; a missing year is inferred from `reference`."""
    day, month = int(m.group("day")), MONTHS[m.group("month").lower()]
    footnote = int(m.group("fn")) if m.group("fn") else None
    if m.group("year"):
        try:
            return DutchDate(date(int(m.group("year")), month, day), False, footnote)
        except ValueError:
            return DutchDate(None, False, footnote)
    return DutchDate(_infer_year(day, month, reference), True, None)


def parse_dutch_date(raw: str, reference: date | None = None) -> DutchDate | None:
    """ "10 december 2025" -> 2025-12-10; "14 juni 20242" -> 2024-06-14 (footnote 2)."""
    m = DATE_RE.search(raw)
    return date_from_match(m, reference) if m else None


def find_dutch_dates(text: str, reference: date | None = None) -> list[tuple[int, int, DutchDate]]:
    """Every Dutch date in `text`; the span excludes a glued footnote number and "jl."."""
    found = []
    for m in DATE_RE.finditer(text):
        end = m.end("year") if m.group("year") else m.end("month")
        if m.group("jl"):
            end = m.end()
        found.append((m.start(), end, date_from_match(m, reference)))
    return found
