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
    r"(?:MOTIE|AMENDEMENT) VAN (?:HET LID|DE LEDEN) "
    r"(?P<names>[A-ZÀ-Ý' .-]+?(?: EN [A-ZÀ-Ý' .-]+?)*)"
    r"(?: C\.S\.)?[ \t]*$",
    re.MULTILINE,
)
_CLOSING = re.compile(r"en gaat over tot de orde van de dag\.?[ \t]*\n")
_SIGNATURE = re.compile(r"^[ \t]*(?P<name>[A-Z][^\s,:|]*(?:[ \t]+[^\s,:|]+){0,3})[ \t]*$")
_SIGNATURE_END = re.compile(r"^[ \t]*(?:Indieners?|Stemmingsuitslagen|Naar boven)\b")
_PAGE_SUBMITTER = re.compile(
    r"^(?:[Ii]ndiener\(s\):?|mede ondertekend door)?[ \t]*(?P<name>(?:[A-Z]\.)+[ \t]*[^\n(]+?)"
    r"[ \t]*\((?P<party>[^)\n]+)\)[ \t]*$",
    re.MULTILINE,
)
_OUTCOMES = (
    (re.compile(r"\b(?:behandelstatus\s+)?aangenomen\b|\bAangenomen\b"), "adopted"),
    (re.compile(r"\b[Vv]erworpen\b"), "rejected"),
    (re.compile(r"\b[Ii]ngetrokken\b"), "withdrawn"),
)
# "constaterende dat ...;" / "overwegende, dat ...;" up to the clause's semicolon.
_CONSIDERATION = re.compile(
    r"^[ \t]*(?P<clause>(?:constaterende|overwegende|van mening|spreekt uit|gelet op|"
    r"voorts overwegende|tevens constaterende)\b[^;]{5,2000}?);",
    re.MULTILINE | re.IGNORECASE,
)
_REQUEST = re.compile(
    r"^[ \t]*(?P<request>(?:verzoekt|roept|draagt)\b[^;]{5,2000}?),?\s*\n?[ \t]*"
    r"en gaat over tot de orde van de dag",
    re.MULTILINE,
)
# "VVD, PVV en FVD stemden tegen"; a vote table row "VVD | 34 | Tegen |".
_VOTE_SENTENCE = re.compile(
    r"(?P<parties>[A-Z][\w+-]*(?:(?:, | en )[A-Z][\w+-]*)*) stemden (?P<side>voor|tegen)\b"
)
_VOTE_ROW = re.compile(
    r"^[ \t|]*(?P<party>[A-Z][\w+-]*(?: [A-Z][\w+-]*){0,3})[ \t]*\|[ \t]*\d+[ \t]*\|"
    r"[ \t]*(?P<side>Voor|Tegen)\b",
    re.MULTILINE,
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


def _clause(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _votes(ctx: Context, finder: PersonFinder) -> tuple[list[Ref], list[Ref]]:
    """Parties for and against, from a vote sentence or a vote table, as printed."""
    sides: dict[str, list[Ref]] = {"voor": [], "tegen": []}
    found = [
        (m.group("party"), m.group("side").lower(), m.span("party"))
        for m in _VOTE_ROW.finditer(ctx.text)
    ]
    for m in _VOTE_SENTENCE.finditer(ctx.text):
        for p in re.finditer(r"[A-Z][\w+-]*", m.group("parties")):
            start = m.start("parties") + p.start()
            found.append((p.group(0), m.group("side"), (start, start + len(p.group(0)))))
    for label, side, (s, e) in found:
        ref = finder.party_ref(label, Span(s, e))
        if ref not in sides[side]:
            sides[side].append(ref)
    return sides["voor"], sides["tegen"]


def _status(ctx: Context) -> list[str]:
    """The outcome printed on the page, if any (the paper itself prints none)."""
    return [status for pattern, status in _OUTCOMES if pattern.search(ctx.text)][:1]


def _cited_motion_re(finder: PersonFinder) -> re.Pattern[str]:
    """ "de motie van het lid Piri over ... (Kamerstuk 36 410-VI, nr. 81)", "de motie-Koffeman
    (PvdD) c.s. over ... (36 800 VI, letter H)": a motion cited by number in the sentence that
    names its submitters."""
    names = rf"{finder.name}(?:\s*\({finder.party}\))?"
    return re.compile(
        rf"\b(?:[Gg]ewijzigde )?[Mm]otie(?: van (?:het lid|de leden) |-)(?P<names>{names}"
        rf"(?:\s*(?:,|\ben\b)\s*{names})*)(?: c\.s\.)?(?:[^()?.]|\([^()]{{0,40}}\)){{0,300}}?"
        r"\((?P<citation>Kamerstuk(?:ken)?\s[^()]{4,60}?|\d{2}[ .]?\d{3}\b[^()]{0,40}?)\)"
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
    """The motion a motion paper holds, linked from the paper (kg:motion); an amendment's
    submitters, the authors (dcterms:creator) of its paper."""
    if not ctx.segments:
        return
    doc = ctx.segments[0].document
    if doc.kind == "AmendmentPaper":
        for ref in _submitters(ctx, PersonFinder.of(ctx), doc):
            if ref not in doc.creators:
                doc.creators.append(ref)
        return
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
    motion.considerations = [_clause(m.group("clause")) for m in _CONSIDERATION.finditer(ctx.text)]
    request = _REQUEST.search(ctx.text)
    motion.request = _clause(request.group("request")) if request else None
    motion.voted_for, motion.voted_against = _votes(ctx, finder)
    span = ctx.identity.spans.get("kind") if ctx.identity else None
    ctx.collector.add(motion, *([span] if span else []))
    doc.motion = motion.ref
