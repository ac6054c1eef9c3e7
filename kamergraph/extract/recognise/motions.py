"""Motion papers: the motion itself, its submitters, request, date and outcome.

A motion paper ("V MOTIE VAN HET LID VELDHOEN C.S.", "Nr. 2625 MOTIE VAN DE LEDEN VOORDEWIND EN
GROOTHUIZEN", an eerstekamer.nl motion page with its Kerngegevens) is the motion's own text: the
considerations ("overwegende ..."), the request ("verzoekt de regering ..."), the signatures
under "en gaat over tot de orde van de dag", and on a web page the outcome ("aangenomen",
"Verworpen met handopsteken") and the parties that voted against.
"""

from __future__ import annotations

import re

from kamergraph.extract.context import Context
from kamergraph.extract.recognise.persons import PersonFinder
from kamergraph.identifiers import parse_kamerstuk
from kamergraph.records import Document, Motion, Ref, Span

_HEADING_NAMES = re.compile(
    r"MOTIE VAN (?:HET LID|DE LEDEN) (?P<names>[A-ZÀ-Ý' .-]+?(?: EN [A-ZÀ-Ý' .-]+?)*)"
    r"(?: C\.S\.)?[ \t]*$",
    re.MULTILINE,
)
_CLOSING = re.compile(r"en gaat over tot de orde van de dag\.?[ \t]*\n")
_SIGNATURE = re.compile(r"^[ \t]*(?P<name>[A-Z][^\s,:|]*(?:[ \t]+[^\s,:|]+){0,3})[ \t]*$")
_SIGNATURE_END = re.compile(r"^[ \t]*(?:Indieners?|Stemmingsuitslagen|Naar boven)\b")
_PAGE_SUBMITTER = re.compile(
    r"^(?:indiener\(s\)|mede ondertekend door)?[ \t]*(?P<name>(?:[A-Z]\.)+[ \t]*[^\n(]+?)"
    r"[ \t]*\((?P<party>[^)\n]+)\)[ \t]*$",
    re.MULTILINE,
)
_OUTCOMES = (
    (re.compile(r"\b(?:behandelstatus\s+)?aangenomen\b|\bAangenomen\b"), "adopted"),
    (re.compile(r"\b[Vv]erworpen\b"), "rejected"),
    (re.compile(r"\b[Ii]ngetrokken\b"), "withdrawn"),
)
_PARTICLES = frozenset(("van", "de", "der", "den", "het", "ter", "ten", "in", "'t"))


def _name_case(upper: str) -> str:
    """ "VAN DER PLAS" -> "Van der Plas": particles lower case except at the start."""
    words = upper.strip().split()
    out = []
    for i, word in enumerate(words):
        lower = word.lower()
        if i and lower in _PARTICLES:
            out.append(lower)
        else:
            out.append("-".join(part[:1].upper() + part[1:] for part in lower.split("-")))
    return " ".join(out)


def _signatures(ctx: Context, start: int) -> list[tuple[str, Span]]:
    """The names printed one a line under the closing formula, up to a page section."""
    names = []
    for m in re.finditer(r"^[^\n]*$", ctx.text[start:], re.MULTILINE):
        line = m.group(0)
        if not line.strip():
            continue
        if _SIGNATURE_END.match(line):
            break
        sig = _SIGNATURE.match(line)
        if sig is None:
            break
        s = start + m.start() + sig.start("name")
        names.append((sig.group("name"), Span(s, s + len(sig.group("name")))))
    return names


def _submitters(ctx: Context, finder: PersonFinder, doc: Document) -> list[Ref]:
    refs: list[Ref] = []

    def add(ref: Ref) -> None:
        if ref not in refs:
            refs.append(ref)

    for m in _PAGE_SUBMITTER.finditer(ctx.text):
        party = finder.party_ref(m.group("party").strip(), Span(*m.span("party")))
        add(finder.person(m.group("name"), Span(*m.span("name")), party=party))
    closing = _CLOSING.search(ctx.text)
    if closing:
        for name, span in _signatures(ctx, closing.end()):
            add(finder.person(name, span, family_only=True))
    if not refs:
        heading = _HEADING_NAMES.search(ctx.text)
        if heading:
            for raw in re.split(r" EN ", heading.group("names")):
                s = heading.start("names") + heading.group("names").index(raw)
                add(finder.person(_name_case(raw), Span(s, s + len(raw)), family_only=True))
    return refs


def _status(ctx: Context) -> list[str]:
    """The outcome printed on the page, if any (the paper itself prints none)."""
    return [status for pattern, status in _OUTCOMES if pattern.search(ctx.text)][:1]


def _cited_motion_re(finder: PersonFinder) -> re.Pattern[str]:
    """ "de motie van het lid Piri over ... (Kamerstuk 36 410-VI, nr. 81)": a motion cited by number
    in the sentence that names its submitters."""
    names = rf"{finder.name}(?:\s*\({finder.party}\))?"
    return re.compile(
        rf"\b(?:[Gg]ewijzigde )?[Mm]otie van (?:het lid|de leden) (?P<names>{names}"
        rf"(?:\s*(?:,|\ben\b)\s*{names})*)(?: c\.s\.)?(?:[^()?.]|\([^()]{{0,40}}\)){{0,300}}?"
        r"\((?P<citation>Kamerstuk(?:ken)?\s[^()]{4,60}?)\)"
    )


def extract_cited_motions(ctx: Context) -> None:
    """Motions a paper cites by number, with the submitters the same sentence names."""
    finder = PersonFinder.of(ctx)
    name_re = re.compile(finder.name)
    for m in _cited_motion_re(finder).finditer(ctx.text):
        citation = parse_kamerstuk(m.group("citation"))
        if citation is None or citation.key is None:
            continue
        key = f"{citation.dossier}-{citation.number}"
        submitters = []
        for name in name_re.finditer(ctx.text, m.start("names"), m.end("names")):
            ref = finder.person(name.group(0), Span(*name.span()))
            if ref not in submitters:
                submitters.append(ref)
        motion = Motion(Ref("motion", key), identifier=key, dossier=citation.dossier)
        motion.submitters = submitters
        ctx.collector.add(motion, Span(m.start(), m.end()))


def extract_motion_paper(ctx: Context) -> None:
    """The motion a motion paper holds, linked from the paper (kg:motion)."""
    if not ctx.segments:
        return
    doc = ctx.segments[0].document
    if doc.kind != "MotionPaper" or not (doc.dossier and doc.paper_number):
        return
    key = f"{doc.dossier}-{doc.paper_number}"
    finder = PersonFinder.of(ctx)
    motion = Motion(
        Ref("motion", key),
        identifier=key,
        dossier=doc.dossier,
        title=doc.title,
        submitters=_submitters(ctx, finder, doc),
        status=_status(ctx),
        date=doc.date,
    )
    span = ctx.identity.spans.get("kind") if ctx.identity else None
    ctx.collector.add(motion, *([span] if span else []))
    doc.motion = motion.ref
