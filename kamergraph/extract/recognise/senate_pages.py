"""The Senate's own pages: the register page of one commitment and the page of a senator.

A register page ("Toezegging <title> (<dossier>) (T03912)" with its Kerngegevens: Nummer,
Status, Toegezegd op, Deadline, Kamerleden, Fracties, Bewindspersoon) is the Kamer's own record
of the commitment, not a report on it: it gives the commitment who asked, for which party, when
it was made and by whom. The fields print as "Label" over "value" or as "Label: value"; the
labels are the register's own. A senator's page opens with the senator's name and party
("Mr. drs. B.O. Dittrich (D66)") and names the senator's "Fractie".
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.persons import LISTED_PARTY, PersonFinder
from kamergraph.identifiers import normalise_dossier, parse_dutch_date
from kamergraph.records import Commitment, Document, Ref, Span

#: The register's labels, as the page prints them.
_LABELS = (
    "Nummer",
    "Status",
    "Toegezegd op",
    "Deadline",
    "Ministerie",
    "Kamerleden",
    "Kamerlid",
    "Fracties",
    "Fractie",
    "Commissie",
    "Bewindspersoon",
    "Bewindspersonen",
)
_FIELD = re.compile(
    rf"^[ \t]*(?P<label>{'|'.join(_LABELS)})[ \t]*(?::[ \t]*|\n[ \t]*)(?P<value>\S[^\n]*)$",
    re.MULTILINE,
)
_TITLE = re.compile(
    r"^[ \t]*Toezegging (?P<title>[^\n]+?)(?: \((?P<dossier>\d{2}[ .]?\d{3}(?: [IVXLC]+)?)\))?"
    r" \((?P<number>T\d{5})\)[ \t]*$",
    re.MULTILINE,
)
#: The register's status values, as the page prints them (kg:registerStatuses).
_REGISTER_STATUS = {
    "openstaand": "registerOpen",
    "deels voldaan": "registerPartlyFulfilled",
    "voldaan": "registerFulfilled",
}
#: "Dittrich (D66)", "Van der Burg, E. (staatssecretaris Justitie en Veiligheid)".
_NAMED = re.compile(
    r"(?P<name>[^,()\n]+?(?:, (?:[A-Z][a-z]?\.)+)?)[ \t]*(?:\((?P<note>[^()\n]+)\))?(?:,|$)"
)


def is_register_page(doc: Document) -> bool:
    return doc.kind == "WebPage" and doc.official_name == "toezegging"


def extract_register_page(ctx: Context) -> None:
    """The commitment of an eerstekamer.nl register page, from its heading and Kerngegevens."""
    if not ctx.segments or not is_register_page(ctx.segments[0].document):
        return
    fields = {m.group("label"): m for m in _FIELD.finditer(ctx.text)}
    heading = _TITLE.search(ctx.text)
    number = fields.get("Nummer")
    key = heading.group("number") if heading else number.group("value").strip() if number else None
    if key is None or not re.fullmatch(r"T\d{5}", key):
        return
    finder = PersonFinder.of(ctx)
    commitment = Commitment(Ref("commitment", key), identifier=key)
    if heading:
        commitment.title = heading.group("title").strip()
        commitment.dossier = normalise_dossier((heading.group("dossier") or "").replace(".", " "))
    for label in ("Kamerleden", "Kamerlid"):
        if label in fields:
            commitment.requested_by = _members(ctx, finder, fields[label])
    for label in ("Fracties", "Fractie"):
        if label in fields:
            commitment.requested_by_party = _parties(finder, fields[label])
    for label in ("Bewindspersoon", "Bewindspersonen"):
        if label in fields:
            made_by = _members(ctx, finder, fields[label], official=True)
            commitment.made_by = made_by[0] if made_by else None
    if "Status" in fields:
        status = fields["Status"].group("value").strip().lower()
        commitment.registered_status = _REGISTER_STATUS.get(status)
    if "Deadline" in fields:
        deadline = parse_dutch_date(fields["Deadline"].group("value"))
        commitment.registered_deadline = deadline.value if deadline else None
    if "Toegezegd op" in fields:
        made_on = parse_dutch_date(fields["Toegezegd op"].group("value"))
        commitment.made_on = made_on.value if made_on else None
    spans = [Span(*heading.span("number"))] if heading else []
    ctx.collector.add(commitment, *spans)


def _members(
    ctx: Context, finder: PersonFinder, field: re.Match[str], official: bool = False
) -> list[Ref]:
    """The people a field lists, each with the party in brackets after a member's name."""
    refs: list[Ref] = []
    base = field.start("value")
    for item in _NAMED.finditer(field.group("value")):
        raw = item.group("name").strip()
        if not raw:
            continue
        if official and "," in raw:  # "Van der Burg, E." -> "E. Van der Burg"
            family, initials = (part.strip() for part in raw.split(",", 1))
            raw = f"{initials} {family}"
        party = None
        note = item.group("note")
        if note and not official and re.fullmatch(LISTED_PARTY, note):
            note_start = base + item.start("note")
            party = finder.party_ref(note, Span(note_start, note_start + len(note)))
        start = base + item.start("name")
        span = Span(start, start + len(item.group("name").strip()))
        ref = finder.person(raw, span, party=party, family_only=not official)
        if ref not in refs:
            refs.append(ref)
    return refs


def _parties(finder: PersonFinder, field: re.Match[str]) -> list[Ref]:
    base = field.start("value")
    refs: list[Ref] = []
    for label in re.finditer(r"[^,\s][^,]*", field.group("value")):
        text = label.group(0).strip()
        start = base + label.start()
        ref = finder.party_ref(text, Span(start, start + len(text)))
        if ref not in refs:
            refs.append(ref)
    return refs


#: The name line a senator's page opens with: titles, initials, family name, "(PARTY)".
_MEMBER_HEADING = re.compile(
    r"\A\s*(?:(?:[Mm]r|[Dd]rs|[Dd]r|[Ii]r|[Pp]rof|ing)\.\s*)*"
    r"(?P<name>(?:[A-Z][a-z]?\.)+\s*[^\n()]{2,60}?)\s*\((?P<party>[^()\n]{1,30})\)[ \t]*$",
    re.MULTILINE,
)


def extract_member_page(ctx: Context) -> None:
    """The senator a member page is about, with the party its heading prints."""
    if not ctx.segments:
        return
    doc = ctx.segments[0].document
    if not (doc.kind == "WebPage" and doc.official_name == "ledenpagina"):
        return
    m = _MEMBER_HEADING.search(ctx.text)
    if m is None or not re.fullmatch(LISTED_PARTY, m.group("party")):
        return
    finder = PersonFinder.of(ctx)
    party = finder.party_ref(m.group("party"), Span(*m.span("party")))
    finder.person(m.group("name"), Span(*m.span("name")), party=party, role="senator")
