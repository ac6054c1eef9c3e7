"""A paper's own identity from its header: kind, dossier, number, chamber, year and date.

Everything decisive is a row in `extract/rules/` (headings, page titles, number forms, date
cues); this module only walks the header with those tables. Official metadata that came with the
file fills and overrides what the text says; the address the file was retrieved from fills the
gaps that remain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from kamergraph.extract.formats import OfficialMetadata
from kamergraph.extract.rules import KindRule, date_rules, kind_rules, number_rules
from kamergraph.identifiers import DATE_RE, date_from_match, normalise_dossier, parse_session_year
from kamergraph.records import Span

#: How far into a paper its header reaches (kamerstuk headers, page furniture included).
HEADER_CHARS = 2400
_NUMBER_PREFIX = re.compile(r"(?:Nr\.\s*(?P<nr>\d+)|(?P<letter>[A-Z]{1,3}))[ \t]+")
_NUMBER_LINE = re.compile(r"^[ \t]*Nr\.\s*(?P<nr>\d+)[ \t]*$")
_LINE = re.compile(r"^[^\n]*$", re.MULTILINE)
#: The number forms that also read an origin address (official ids and site addresses).
_ORIGIN_FORMS = frozenset(
    (
        "official-id",
        "handelingen-id",
        "aanhangsel-id",
        "kamervragen-id",
        "openkamer-url",
        "origin-host",
        "tk-zaak-url",
    )
)
_GAP_TO_DATE = re.compile(r"[ \t:,]*(?:\n[ \t]*)?")


@dataclass
class Identity:
    """What a paper's header says about the paper itself; `spans` holds where, per field."""

    kind: str | None = None
    official_name: str | None = None
    dossier: str | None = None
    dossiers: list[str] = field(default_factory=list)
    dossier_title: str | None = None
    paper_number: str | None = None
    chamber: str | None = None
    session_year: str | None = None
    identifier: str | None = None  # a publication id that is not a kamerstuk: h-…, ah-…, kv-…
    sitting: str | None = None  # Handelingen "nr. 14, item 9" -> "14-9"
    aanhangsel: str | None = None  # an Aanhangsel page's number
    date: date | None = None
    date_kind: str | None = None
    spans: dict[str, Span] = field(default_factory=dict)
    found_by: dict[str, str] = field(default_factory=dict)  # field -> rule form or "metadata"

    def set(self, name: str, value: object, how: str, span: Span | None = None) -> None:
        """Fill a field once: the first rule (in table order) that supplies it wins."""
        if value is None or getattr(self, name) is not None:
            return
        setattr(self, name, value)
        self.found_by[name] = how
        if span is not None:
            self.spans[name] = span

    @property
    def missing(self) -> list[str]:
        """The parts of a paper's identity the header did not give (for the extraction report)."""
        wanted = {"kind": self.kind, "date": self.date}
        if self.identifier is None:
            wanted["dossier"] = self.dossier
            wanted["paper number"] = self.paper_number
        return [name for name, value in wanted.items() if value is None]


def _is_heading(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 4 and sum(c.isupper() for c in letters) >= 0.85 * len(letters)


def _match_heading(line: str) -> tuple[KindRule, re.Match[str] | None, int] | None:
    """The heading rule an all-caps line satisfies, with its paper-number prefix if any."""
    stripped = line.lstrip()
    indent = len(line) - len(stripped)
    prefix = _NUMBER_PREFIX.match(stripped)
    for rule in kind_rules():
        if rule.where != "heading":
            continue
        if rule.cue.match(stripped):
            return rule, None, indent
        if prefix and rule.cue.match(stripped, prefix.end()):
            return rule, prefix, indent
    return None


def _read_heading(text: str, start: int, end: int, identity: Identity) -> None:
    """Kind and paper number from the heading ("V MOTIE VAN HET LID ...", "Nr. 8" + "VERSLAG")."""
    pending_nr: tuple[str, Span] | None = None
    for m in _LINE.finditer(text, start, end):
        line = m.group(0)
        number_line = _NUMBER_LINE.match(line)
        if number_line:
            s = m.start() + number_line.start("nr")
            pending_nr = (number_line.group("nr"), Span(s, s + len(number_line.group("nr"))))
            continue
        if not _is_heading(line):
            continue
        found = _match_heading(line)
        if found is None:
            continue
        rule, prefix, indent = found
        identity.set("kind", rule.kind, "heading", Span(m.start() + indent, m.end()))
        identity.set("official_name", rule.official_name, "heading")
        identity.set("chamber", rule.chamber, "heading")
        if prefix is not None:
            group = "nr" if prefix.group("nr") else "letter"
            s = m.start() + indent + prefix.start(group)
            identity.set(
                "paper_number",
                prefix.group(group),
                "heading",
                Span(s, s + len(prefix.group(group))),
            )
        elif pending_nr is not None:
            identity.set("paper_number", pending_nr[0], "heading", pending_nr[1])
        return


def _read_cues(text: str, start: int, end: int, identity: Identity) -> None:
    """Kind from a page title or a body cue when no paper heading gave it."""
    first_lines = text[start : min(end, start + 400)]
    for where, region, offset in (("page", first_lines, start), ("body", text[start:end], start)):
        for rule in kind_rules():
            if rule.where != where:
                continue
            m = rule.cue.search(region)
            if m:
                span = Span(offset + m.start(), offset + m.end()) if m.end() > m.start() else None
                identity.set("kind", rule.kind, where, span)
                identity.set("official_name", rule.official_name, where)
                identity.set("chamber", rule.chamber, where)
                return


def _chamber(word: str) -> str:
    return "EK" if word.lower() in ("eerste", "ek", "eerstekamer") else "TK"


def _session_year(raw: str) -> str | None:
    if re.fullmatch(r"\d{8}", raw):
        raw = f"{raw[:4]}-{raw[4:]}"
    return parse_session_year(raw.replace("/", "-")).value


def _apply_number_match(identity: Identity, form: str, m: re.Match[str], base: int) -> None:
    groups = m.groupdict()

    def span(name: str) -> Span | None:
        return Span(base + m.start(name), base + m.end(name)) if base >= 0 else None

    if groups.get("dossier"):
        dossier = normalise_dossier(groups["dossier"].replace(".", " "))
        identity.set("dossier", dossier, form, span("dossier"))
        second = normalise_dossier(groups["dossier2"]) if groups.get("dossier2") else None
        for number in (dossier, second):
            if number and number not in identity.dossiers:
                identity.dossiers.append(number)
        if groups.get("title") and dossier == identity.dossier:
            identity.set("dossier_title", groups["title"].strip(), form, span("title"))
    if groups.get("paper"):
        identity.set("paper_number", groups["paper"], form, span("paper"))
    if groups.get("chamber"):
        identity.set("chamber", _chamber(groups["chamber"]), form)
    if groups.get("year"):
        identity.set("session_year", _session_year(groups["year"]), form, span("year"))
    if groups.get("id"):
        identity.set("identifier", groups["id"], form, span("id"))
    if groups.get("zaak"):
        identity.set("identifier", f"kv-tk-{groups['zaak']}", form)
    if groups.get("roman"):
        identity.set("chamber", "EK" if groups["roman"] == "I" else "TK", form)
    if groups.get("sitting"):
        identity.set("sitting", f"{groups['sitting']}-{groups['item']}", form, span("sitting"))
    if groups.get("aanhangsel"):
        identity.set("aanhangsel", groups["aanhangsel"], form, span("aanhangsel"))


def _compose_identifier(identity: Identity) -> None:
    """A Handelingen item or an Aanhangsel page cited by year and number gets its publication
    id (h-ek-20232024-8-1, ah-tk-20262027-1388) once the header gave chamber and year."""
    year = (identity.session_year or "").replace("-", "")
    if identity.identifier or not identity.chamber or len(year) != 8:
        return
    prefix = {"sitting": "h", "aanhangsel": "ah"}
    for name, kind in prefix.items():
        number = getattr(identity, name)
        if number:
            key = f"{kind}-{identity.chamber.lower()}-{year}-{number}"
            identity.set("identifier", key, identity.found_by[name], identity.spans.get(name))
            return


def _read_numbers(text: str, start: int, end: int, identity: Identity) -> None:
    """Dossier, paper number, chamber, year and publication id, by the forms in numbers.csv."""
    for rule in number_rules():
        m = rule.pattern.search(text, start, end)
        if m:
            _apply_number_match(identity, rule.form, m, 0)
            if rule.form == "dossier-line" and identity.found_by.get("dossier_title") == rule.form:
                _continue_title(text, m.end(), end, identity)


def _continue_title(text: str, pos: int, end: int, identity: Identity) -> None:
    """A dossier title wrapped over lines (PDF, hard-wrapped pages) runs on to the blank line."""
    lines: list[str] = []
    for m in _LINE.finditer(text, pos + 1, end):
        line = m.group(0).strip()
        if not line or _is_heading(line) or _NUMBER_LINE.match(line) or len(lines) == 3:
            break
        lines.append(line)
    if lines and identity.dossier_title:
        identity.dossier_title = " ".join([identity.dossier_title, *lines])
        span = identity.spans.get("dossier_title")
        if span is not None:
            identity.spans["dossier_title"] = Span(
                span.start, text.find(lines[-1], span.end) + len(lines[-1])
            )


def _read_date(text: str, start: int, end: int, identity: Identity) -> None:
    """The paper's own date: a date cue (dates.csv) directly followed by a full date."""
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for rule in date_rules():
        for cue in rule.cue.finditer(text, start, end):
            gap = _GAP_TO_DATE.match(text, cue.end())
            m = DATE_RE.match(text, gap.end() if gap else cue.end())
            if m and m.group("year"):
                candidates.append((rule.precedence, cue.start(), rule.date_kind, m))
                break
    for _precedence, _pos, kind, m in sorted(candidates, key=lambda c: c[:2]):
        found = date_from_match(m)
        if found.value is not None:
            identity.set("date", found.value, "date cue", Span(m.start(), m.end("year")))
            identity.set("date_kind", kind, "date cue")
            return


def _apply_metadata(identity: Identity, metadata: OfficialMetadata) -> None:
    """Official metadata overrides the text, field by field."""
    dossier = normalise_dossier(metadata.dossier) if metadata.dossier else None
    values: dict[str, object] = {
        "dossier": normalise_dossier(metadata.dossier) if metadata.dossier else None,
        "paper_number": metadata.paper_number,
        "session_year": _session_year(metadata.session_year) if metadata.session_year else None,
        "chamber": metadata.chamber,
        "date": date.fromisoformat(metadata.date) if metadata.date else None,
        "date_kind": metadata.date_kind,
        "identifier": metadata.identifier
        if metadata.identifier and not metadata.identifier.startswith("kst-")
        else None,
    }
    for name, value in values.items():
        if value is not None:
            setattr(identity, name, value)
            identity.found_by[name] = "metadata"
            identity.spans.pop(name, None)
    if dossier and dossier not in identity.dossiers:
        identity.dossiers.insert(0, dossier)
    kind = metadata.kind
    if kind:
        for rule in kind_rules():
            if rule.kind == kind or rule.official_name.lower() == kind.lower():
                identity.kind, identity.official_name = rule.kind, rule.official_name
                identity.found_by["kind"] = "metadata"
                break


def _read_origin(origin: str, identity: Identity) -> None:
    """The address a file was retrieved from fills what the text left open (never overrides)."""
    for rule in number_rules():
        if rule.form in _ORIGIN_FORMS:
            m = rule.pattern.search(origin)
            if m:
                _apply_number_match(identity, "origin", m, -1)


def read_identity(
    text: str, start: int = 0, end: int | None = None, metadata: OfficialMetadata | None = None
) -> Identity:
    """The identity of the paper whose text runs from `start`, read from its header."""
    end = len(text) if end is None else end
    head_end = min(end, start + HEADER_CHARS)
    identity = Identity()
    _read_heading(text, start, head_end, identity)
    _read_numbers(text, start, head_end, identity)
    _read_cues(text, start, head_end, identity)
    _read_date(text, start, head_end, identity)
    if metadata is not None:
        _apply_metadata(identity, metadata)
        origin = metadata.extra.get("origin")
        if origin:
            _read_origin(origin, identity)
    _compose_identifier(identity)
    if identity.chamber is None and identity.paper_number:
        # The EK numbers its papers with letters, the TK with digits.
        identity.set("chamber", "EK" if identity.paper_number.isalpha() else "TK", "paper number")
    return identity
