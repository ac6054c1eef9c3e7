"""Commitments (toezeggingen) and motions: their records, built from resolved passages.

A commitment's title comes from the EK's own title in a footnote ("Toezegging Periodiek
overzicht ... (36.333) (T03853)"), else the registry, else the heading's subject clause. Its
requesters are the members named after "naar aanleiding van (een vraag|vragen) van"; the debate
and date it was made come from "tijdens de begrotingsbehandeling op 18 maart jl." and the like.
"""

from __future__ import annotations

import re
from datetime import date

from kamergraph.extract.context import Context
from kamergraph.extract.paper.layout import Footnote
from kamergraph.extract.recognise.anchors import _EK_TITLE, clause_title
from kamergraph.identifiers import DATE_RE, date_from_match, find_t_numbers, normalise_dossier
from kamergraph.records import Commitment, Dossier, Motion, Person, Ref

#: T-number -> (the EK's title, dossier), from footnotes in the EK citation style.
Titles = dict[str, tuple[str, str | None]]

_REQUEST_CUE = re.compile(
    r"\b(?:[Nn]aar aanleiding van|na|aan)\s+(?:een |de |het )?(?:vraag|vragen|verzoek)\s+van\b"
    r"|\b[Tt]oezegging,?\s+aan\b|\btoegezegd,?\s+aan\b|\bheb ik\b(?=\s+(?:het lid|de leden))"
)
_SUBMIT_CUE = re.compile(
    r"\b[Mm]otie(?:-|\s+van\s+(?:het\s+lid|de\s+(?:leden|Tweede Kamerleden|Kamerleden))\b"
    r"|\s+ingediend\s+door\s+(?:het lid|de leden)\b)"
)
_WINDOW_END = re.compile(r",?\s+(?:om|over|dat|heeft|heb|tijdens|waarin)\b|\.\s")
_PLENARY_RE = re.compile(
    r"(?P<debate>(?:het |een )?[Pp]lenair debat(?: inzake)?\s.{3,140}?)"
    rf"\s+(?:op|van)\s+(?P<date>{DATE_RE.pattern})"
)
# "het debat over de begroting op 3 april jl.": a named debate needs its date to count.
_DEBATE_OVER_RE = re.compile(
    rf"(?P<debate>(?:het|een) debat over [^.]{{3,80}}?)\s+(?:op|van)\s+(?P<date>{DATE_RE.pattern})"
)
_DEBATE_RE = re.compile(
    r"(?P<debate>de begrotingsbehandeling|een debat met uw [Kk]amer"
    r"|de (?:behandeling van de )?algemene politieke beschouwingen)"
    rf"(?:\s+(?:met uw Kamer\s+)?(?:op|van)\s+(?P<date>{DATE_RE.pattern}))?"
)


# "... (Volt) c.s. over X", "motie-Van Meenen (D66) c.s. over X", "... Van den Brink over X,"
_MOTION_SUBJECT = re.compile(
    r"(?:\)|c\.s\.|\b[A-Z][\wà-ÿ]+)\s+over\s+(?P<s>[^.,;]+?)(?:\s*\([^()]*\d[^()]*\))?\s*(?:[.,;]|$)"
)
_REQUESTED = re.compile(r"\bverzocht\s+(?:wordt\s+)?om\s+(?P<s>[^.;]+)")


def _requested(text: str) -> str | None:
    """What a motion asks for when no subject follows its name ("wordt verzocht om ...")."""
    m = _REQUESTED.search(text)
    return m.group("s").strip() if m else None


def ek_titles(ctx: Context) -> Titles:
    """T-number -> (EK title, dossier) from footnotes in the EK's citation style."""
    titles: Titles = {}
    for note in ctx.layout.footnotes:
        text = ctx.footnote_text(note)
        m = _EK_TITLE.match(text)
        if not m or not text.lstrip("[").startswith("Toezegging"):
            continue
        numbers = [t.number for _s, _e, t in find_t_numbers(text)]
        if not numbers:  # the mark may be glued to the T-number: "T0372612"
            for mark_start, _end, mark_number in ctx.layout.marks:
                before = ctx.text[max(0, mark_start - 6) : mark_start]
                if mark_number == note.number and re.fullmatch(r"T\d{5}", before):
                    numbers.append(before)
        dossier = normalise_dossier(m.group("dossier"))
        for t_number in numbers:
            titles.setdefault(t_number, (m.group("title"), dossier))
        if dossier:
            _dossier_mention(ctx, note, m.group("dossier"), dossier)
    return titles


def _dossier_mention(ctx: Context, note: Footnote, printed: str, dossier: str) -> None:
    """The "(36.333)" of an EK footnote names the commitment's dossier."""
    vstart, vend = ctx.view.to_view(note.start), ctx.view.to_view(note.end)
    at = ctx.view.text.find(f"({printed})", vstart, vend)
    if at >= 0:
        span = ctx.span(at + 1, at + 1 + len(printed))
        ctx.collector.add(Dossier(Ref("dossier", dossier), identifier=dossier), span)


def persons_within(ctx: Context, start: int, end: int) -> list[Person]:
    """Person records with a span inside the source range [start, end)."""
    return [
        r
        for r in ctx.collector.peek()
        if isinstance(r, Person) and any(start <= s.start < end for s in r.spans)
    ]


def _window_people(ctx: Context, cue: re.Pattern[str], vstart: int, vend: int) -> list[Person]:
    """People named right after a cue ("naar aanleiding van een vraag van het lid ...")."""
    people: list[Person] = []
    for m in cue.finditer(ctx.view.text, vstart, vend):
        stop = _WINDOW_END.search(ctx.view.text, m.end(), min(vend, m.end() + 200))
        wend = stop.start() if stop else min(vend, m.end() + 200)
        if wend <= m.end():
            continue
        span = ctx.span(m.end(), wend)
        people.extend(p for p in persons_within(ctx, span.start, span.end) if p not in people)
    return people


def _made(ctx: Context, vstart: int, vend: int) -> tuple[str | None, date | None, bool]:
    """The debate a commitment was made in and its date, where the passage says so."""
    m = next(
        (
            hit
            for pattern in (_PLENARY_RE, _DEBATE_OVER_RE, _DEBATE_RE)
            if (hit := pattern.search(ctx.view.text, vstart, vend))
        ),
        None,
    )
    if not m:
        return None, None, False
    debate = m.group("debate")
    if not m.group("date"):
        return debate, None, False
    d = DATE_RE.match(ctx.view.text, m.start("date"))
    if d is None:
        return debate, None, False
    found = date_from_match(d, ctx.doc_date(ctx.view.offsets[vstart]))
    return debate, found.value, found.inferred and found.value is not None


def known_title(ctx: Context, titles: Titles, number: str) -> tuple[str | None, str | None]:
    """A T-number's title and dossier: this source's footnotes first, else the register."""
    if number in titles:
        return titles[number]
    return ctx.reference.commitment_titles.get(number, (None, None))


def commitment_record(
    ctx: Context, ref: Ref, head: tuple[int, int], body: tuple[int, int], titles: Titles
) -> Commitment:
    """A commitment as one passage describes it."""
    text = ctx.view.text[head[0] : head[1]]
    title, dossier = known_title(ctx, titles, ref.key)
    requesters = _window_people(ctx, _REQUEST_CUE, head[0], head[1])
    debate, made_on, inferred = _made(ctx, head[0], body[1])
    record = Commitment(
        ref,
        identifier=ref.key if re.fullmatch(r"T\d{5}", ref.key) else None,
        title=title or clause_title(text),
        requested_by=[p.ref for p in requesters],
        requested_by_party=list(dict.fromkeys(p.party for p in requesters if p.party)),
        dossier=dossier,
        made_on=made_on,
        made_on_inferred=inferred,
        debate=debate,
    )
    return record


def motion_record(ctx: Context, ref: Ref, head: tuple[int, int], adopted: bool) -> Motion:
    """A motion as one passage describes it: subject, submitters, status."""
    text = ctx.view.text[head[0] : head[1]]
    submitters = _window_people(ctx, _SUBMIT_CUE, head[0], head[1])
    status = []
    if adopted or re.search(r"\baangenomen\b", text):
        status.append("adopted")
    if re.search(r"\b[Gg]ewijzigd", text):
        status.append("amended")
    subject = _MOTION_SUBJECT.search(text)
    parts = ref.key.split("-")
    dossier = "-".join(parts[:-1]) if len(parts) > 1 and parts[0].isdigit() else None
    return Motion(
        ref,
        identifier=ref.key if dossier else "",
        dossier=dossier,
        title=subject.group("s").strip() if subject else _requested(text),
        submitters=[p.ref for p in submitters],
        status=status,
    )


def t_number_mentions(ctx: Context, titles: Titles) -> None:
    """Every printed T-number (text, footnotes, "Uw referentie") names its commitment."""
    for vstart, vend, tn in find_t_numbers(ctx.view.text):
        title, dossier = known_title(ctx, titles, tn.number)
        record = Commitment(
            Ref("commitment", tn.number), identifier=tn.number, title=title or "", dossier=dossier
        )
        ctx.collector.add(record, ctx.span(vstart, vend))
