"""Source documents: where each document in a source starts, and its metadata.

A source may hold more than one document (a letter and the internal nota that sent it; a
committee letter and the minister's reply inside a consultation report). Each becomes its own
Document with a key from its official id, else its date and reference, else the manifest.
"""

from __future__ import annotations

import re
from datetime import date
from typing import cast, get_args

from kamergraph.extract.context import Context, Segment
from kamergraph.extract.paper.identity import Identity, read_identity
from kamergraph.extract.paper.layout import lines_with_offsets
from kamergraph.extract.paper.normalise import clean
from kamergraph.extract.recognise.titles import fallback_title, heading_title, page_title
from kamergraph.identifiers import (
    DATE_RE,
    NUMERIC_DATE_RE,
    date_from_match,
    normalise_dossier,
    numeric_date,
    parse_session_year,
    slugify,
)
from kamergraph.records import Chamber, Document, DocumentKind, Dossier, Ref, Span

_SPLIT_RE = re.compile(
    r"^[ \t]*(?:(?P<nr>[A-Z]{1,3})[ \t]+)?(?P<title>BRIEF VAN (?:DE|HET)\b.*"
    r"|NOTA NAAR AANLEIDING VAN HET VERSLAG.*|MEMORIE VAN ANTWOORD.*"
    r"|VERSLAG VAN EEN SCHRIFTELIJK OVERLEG.*)$"
    r"|^[ \t]*(?P<note>nota)[ \t]*$",
    re.MULTILINE,
)
_HEADER_RE = re.compile(
    r"^[ \t]*(?P<dossier>\d{2} \d{3}(?: [IVXLC]{1,6})?)[ \t]{2,}(?P<title>\S.*)$"
)
_SENTENCE_RE = re.compile(r"\b[A-Z][^.!?]{60,}\.")
_DATE_CUE_RE = re.compile(r"(?:Den Haag,|Datum|Ontvangen)\s+(?=\d)")
_REFERENCE_RE = re.compile(r"(?:Onze referentie|Ons kenmerk)\s+(?P<ref>[\w.\-/]+)")
# The kenmerk of the letter a reply answers ("Deze vragen werden ingezonden ... met kenmerk N",
# "uw brief van ... met kenmerk N"); a kenmerk of some other letter it merely cites is not it.
_KENMERK_RE = re.compile(
    r"\b(?:[Dd]eze|[Uu]w)\s+(?:vragen|brief)\b[^.]{0,80}?\bkenmerk\s+(?P<ref>\d[\w.\-/]*\w)"
)
_BETREFT_RE = re.compile(r"^[ \t]*Betreft[ \t]+(?P<title>\S.*?)[ \t]*$", re.MULTILINE)
_YEAR_RE = re.compile(r"\bVergaderjaar\s+(?P<year>\d{4}\s*[-/]\s*\d{2,4})")
_ADDRESSEE_RE = re.compile(r"Aan de (?:Voorzitter van de )?(?P<ch>Eerste|Tweede) Kamer")
_MANIFEST_KINDS: dict[str, DocumentKind] = {kind: kind for kind in get_args(DocumentKind)}
#: Identity rules that name the paper outright (its heading, page title or official metadata).
_DECISIVE = frozenset(("heading", "page", "metadata"))
_KINDS: dict[str, DocumentKind] = {
    "BRIEF": "Letter",
    "NOTA NAAR": "MemorandumOfReply",
    "MEMORIE VAN ANTWOORD": "Memorandum",
    "VERSLAG": "ConsultationReport",
}


def _split_points(ctx: Context) -> list[tuple[int, re.Match[str] | None]]:
    """Source offsets where a new document starts, with the heading that announced it.

    Text before the first heading is its own document (a report's preamble) only if it holds a
    sentence; a bare dossier header belongs to the document below it.
    """
    points: list[tuple[int, re.Match[str] | None]] = [
        (m.start(), m) for m in _SPLIT_RE.finditer(ctx.text)
    ]
    if points and not _SENTENCE_RE.search(_preamble_text(ctx, points[0][0])):
        points[0] = (0, points[0][1])
    if not points or points[0][0] != 0:
        points.insert(0, (0, None))
    return points


def _preamble_text(ctx: Context, end: int) -> str:
    """The text before the first heading without the header's dossier line and title: a long
    dossier title ("Wijziging van de Rijkswet op het Nederlanderschap ...") is no sentence."""
    header = read_identity(ctx.text, 0, end)
    span = header.spans.get("dossier_title")
    if span is None:
        return ctx.view_text(0, end)
    return ctx.view_text(0, span.start) + " " + ctx.view_text(span.end, end)


def _title_case(raw: str, ctx: Context) -> str:
    """Sentence case for an all-caps heading, borrowing the casing the text itself uses.

    "BRIEF VAN DE MINISTER VOOR ASIEL EN MIGRATIE" -> "Brief van de Minister voor Asiel en
    Migratie" because the signature writes "De Minister voor Asiel en Migratie".
    """
    words = clean(raw).replace(" / ", "/").split(" ")
    out = [w.lower() for w in words]
    for k in range(len(words) - 1, 1, -1):
        tail = r"\s*".join(re.escape(w) for w in words[-k:])
        for m in re.finditer(tail, ctx.view.text, re.IGNORECASE):
            found = m.group(0)
            if found.isupper():
                continue
            out[-k:] = found.split(" ") if found.count(" ") == k - 1 else out[-k:]
            break
        else:
            continue
        break
    out = [w.lower() if w.lower() in ("de", "het", "een", "van", "voor", "en") else w for w in out]
    out[0] = out[0][:1].upper() + out[0][1:]
    return " ".join(out)


def _first_date(ctx: Context, start: int, end: int) -> tuple[date | None, Span | None]:
    """The document's own date: after "Den Haag,", "Datum" or "Ontvangen"."""
    vs, ve = ctx.view.to_view(start), ctx.view.to_view(end)
    for cue in ctx.vfind(_DATE_CUE_RE, vs, ve):
        m = DATE_RE.match(ctx.view.text, cue.end())
        if m:
            found = date_from_match(m)
            last = m.end("year") if m.group("year") else m.end("month")
            return found.value, ctx.span(m.start(), last)
        numeric = NUMERIC_DATE_RE.match(ctx.view.text, cue.end())
        if numeric:
            return numeric_date(numeric), ctx.span(numeric.start(), numeric.end())
    return None, None


def _header(ctx: Context, document: Document, start: int, end: int) -> Span | None:
    """Dossier and dossier title from a kamerstuk header ("36 800 XX  Vaststelling ...")."""
    for lstart, _lend, line in lines_with_offsets(ctx.text[start:end])[:20]:
        m = _HEADER_RE.match(line)
        if not m:
            continue
        dossier = normalise_dossier(m.group("dossier"))
        title_end = ctx.text.find("\n\n \n", start + lstart)
        title_end = end if title_end < 0 else title_end
        split = _SPLIT_RE.search(ctx.text, start + lstart, end)
        if split:
            title_end = min(title_end, split.start())
        title = clean(ctx.text[start + lstart + m.start("title") : title_end])
        document.dossier = dossier
        if dossier:
            span = Span(start + lstart + m.start("dossier"), start + lstart + m.end("dossier"))
            ctx.collector.add(
                Dossier(Ref("dossier", dossier), identifier=dossier, title=title or None), span
            )
            return span
    return None


def _chamber(ctx: Context, start: int, end: int) -> Chamber | None:
    """EK/TK from the addressee or the header; else from which Kamer the text names most."""
    segment = ctx.text[start:end]
    m = _ADDRESSEE_RE.search(segment) or re.search(
        r"^\s*(?P<ch>Eerste|Tweede) Kamer der Staten-Generaal", segment
    )
    if m:
        return "EK" if m.group("ch") == "Eerste" else "TK"
    if re.search(r"vaste commissie .{0,60}van de Eerste Kamer", clean(segment)):
        return "EK"
    first, second = segment.count("Eerste Kamer"), segment.count("Tweede Kamer")
    if "uw Kamer" in segment and first != second:
        return "EK" if first > second else "TK"
    return None


def _kind(
    ctx: Context, match: re.Match[str] | None, start: int, end: int, first: bool
) -> DocumentKind:
    """Document kind from the announcing heading, the text, or (first document) the manifest."""
    if match is not None and match.group("note"):
        return "Note"
    if match is not None:
        for prefix, kind in _KINDS.items():
            if match.group("title").startswith(prefix):
                return kind
    text = ctx.view_text(start, end)
    if re.search(
        r"\bverslag uit van het gevoerde schriftelijk overleg|brengt .{0,40}verslag uit", text
    ):
        return "ConsultationReport"
    if first and ctx.manifest and ctx.manifest.kind:
        return _MANIFEST_KINDS.get(ctx.manifest.kind, "Document")
    if re.search(r"\bBetreft\b|\buw Kamer\b", text):
        return "Letter"
    return "Document"


def _note_title(ctx: Context, match: re.Match[str], end: int) -> tuple[str | None, Span | None]:
    """A nota's title: the first non-empty line after the word "nota"."""
    for lstart, _lend, line in lines_with_offsets(ctx.text[match.end() : end])[1:6]:
        if line.strip():
            s = match.end() + lstart + len(line) - len(line.lstrip())
            return clean(line), Span(s, match.end() + lstart + len(line.rstrip()))
    return None, None


def _heading_title(ctx: Context, match: re.Match[str]) -> tuple[str, Span]:
    """An all-caps paper heading, joined with its wrapped second line, in sentence case."""
    raw_end = match.end("title")
    line_end = ctx.text.find("\n", raw_end + 1)
    nxt = ctx.text[raw_end + 1 : len(ctx.text) if line_end < 0 else line_end]
    if match.group("title").rstrip().endswith("-") and nxt.strip().isupper():
        raw_end = raw_end + 1 + len(nxt.rstrip())  # heading wrapped over two lines
    raw = ctx.text[match.start("title") : raw_end].rstrip()
    return _title_case(raw, ctx), Span(match.start("title"), match.start("title") + len(raw))


def _title(
    ctx: Context, match: re.Match[str] | None, start: int, end: int
) -> tuple[str | None, Span | None]:
    """Title from the line after "nota", "Betreft", or the all-caps paper heading."""
    if match is not None and match.group("note"):
        return _note_title(ctx, match, end)
    m = _BETREFT_RE.search(ctx.text, start, end)
    if m:
        return clean(m.group("title")), Span(m.start("title"), m.end("title"))
    if match is not None:
        return _heading_title(ctx, match)
    return None, None


def _reference(ctx: Context, start: int, end: int) -> str | None:
    """The ministry's own reference ("Onze referentie 7243752")."""
    m = _REFERENCE_RE.search(ctx.view_text(start, end))
    return m.group("ref") if m else None


def _key(document: Document, first: bool, ctx: Context) -> str:
    """The document key: official id, else date + reference, else manifest, else a slug."""
    if document.dossier and document.paper_number:
        return f"kst-{document.dossier}-{document.paper_number}"
    if document.date and document.reference and document.kind in ("Letter", "Note"):
        prefix = "note" if document.kind == "Note" else "letter"
        return f"{prefix}-{document.date.isoformat()}-{document.reference.replace('.', '-')}"
    if first and ctx.manifest and ctx.manifest.key:
        return ctx.manifest.key
    if document.identifier:
        return document.identifier
    when = document.date.isoformat() if document.date else "undated"
    title = slugify(document.title or ctx.path.stem, max_words=6)
    return f"{slugify(document.kind)}-{when}-{title}"


def _apply_identity(ctx: Context, document: Document, identity: Identity) -> None:
    """What the header tables read wins over the older cues; they fill what those left open."""
    if identity.kind and (identity.found_by["kind"] in _DECISIVE or document.kind == "Document"):
        document.kind = cast(DocumentKind, identity.kind)
    document.official_name = identity.official_name
    if identity.dossier and (
        identity.found_by["dossier"] != "dossier-line" or not document.dossier
    ):
        document.dossier = identity.dossier
    if identity.dossier and identity.dossier == document.dossier:
        span = identity.spans.get("dossier")
        dossier = Dossier(Ref("dossier", identity.dossier), identifier=identity.dossier)
        dossier.title = identity.dossier_title
        ctx.collector.add(dossier, *([span] if span else []))
    document.paper_number = identity.paper_number or document.paper_number
    document.chamber = cast(Chamber | None, identity.chamber) or document.chamber
    document.session_year = identity.session_year or document.session_year
    document.date = identity.date or document.date
    if document.date is not None and document.date == identity.date:
        document.date_kind = identity.date_kind
    if identity.identifier and not (document.dossier and document.paper_number):
        document.identifier = identity.identifier


def _new_title(
    ctx: Context, document: Document, identity: Identity, start: int, end: int
) -> tuple[str, Span | None]:
    """A title the older cues did not find: the heading, the page title, else name and date."""
    if "kind" in identity.spans and identity.found_by["kind"] == "heading":
        span = identity.spans["kind"]
        return heading_title(ctx.text, span), span
    official = identity.found_by.get("dossier") in ("header-table", "header-bare")
    found = None if official else page_title(ctx.text[start:end])  # a kamerstuk's page: boilerplate
    if found is not None:
        title, span = found
        return title, Span(start + span.start, start + span.end)
    return fallback_title(document.official_name, document.kind, document.date), None


def _metadata(
    ctx: Context, match: re.Match[str] | None, start: int, end: int, first: bool
) -> Document:
    """Everything the text says about one document in [start, end)."""
    document = Document(Ref("document", ""), is_source=True)
    _header(ctx, document, start, end)
    document.kind = _kind(ctx, match, start, end, first)
    if match is not None and match.group("nr") and document.dossier:
        document.paper_number = match.group("nr")
    document.title, title_span = _title(ctx, match, start, end)
    if document.title is None and first and ctx.manifest and ctx.manifest.title:
        document.title = ctx.manifest.title
    document.date, _date_span = _first_date(ctx, start, end)
    year = _YEAR_RE.search(ctx.view_text(start, end))
    if year:
        document.session_year = parse_session_year(year.group("year")).value
    document.reference = _reference(ctx, start, end)
    document.chamber = _chamber(ctx, start, end)
    identity = read_identity(ctx.text, start, end, ctx.metadata if first else None)
    _apply_identity(ctx, document, identity)
    if first:
        ctx.identity = identity
    if document.title is None:
        document.title, title_span = _new_title(ctx, document, identity, start, end)
    document.spans = [title_span] if title_span else []
    return document


def _borrow_kenmerk(ctx: Context) -> None:
    """Letters without "Onze referentie" take the kenmerk a reply quotes ("kenmerk 175416.01U")."""
    kenmerken = [
        (seg, m.group("ref"))
        for seg in ctx.segments
        for m in _KENMERK_RE.finditer(ctx.view_text(seg.start, seg.end))
    ]
    for i, seg in enumerate(ctx.segments):
        doc = seg.document
        if doc.reference or doc.kind != "Letter":
            continue
        own = [k for s, k in kenmerken if s is seg]
        later = [k for s, k in kenmerken if ctx.segments.index(s) > i]
        if own or later:
            doc.reference = (own or later)[0]


_SELF_REFERENCE = re.compile(r"\b(?:[Dd]eze|[Bb]ijgaande?)\s+(?:brief|nota|verslag)\b")


def _self_span(ctx: Context, seg: Segment) -> Span | None:
    """Words by which a document without a title names itself ("deze brief", "bijgaand verslag")."""
    vstart, vend = ctx.view.to_view(seg.start), ctx.view.to_view(seg.end)
    m = _SELF_REFERENCE.search(ctx.view.text, vstart, vend)
    return ctx.span(m.start(), m.end()) if m else None


def extract_documents(ctx: Context) -> None:
    """Find the documents in the source, fill their metadata and add them to the records."""
    points = _split_points(ctx)
    for i, (start, match) in enumerate(points):
        end = points[i + 1][0] if i + 1 < len(points) else len(ctx.text)
        document = _metadata(ctx, match, start, end, first=(i == 0))
        ctx.segments.append(Segment(document, start, end))
    _borrow_kenmerk(ctx)
    from kamergraph.extract.recognise.persons import signatures

    for i, seg in enumerate(ctx.segments):
        seg.document.ref = Ref("document", _key(seg.document, i == 0, ctx))
        if not seg.document.spans:
            seg.document.spans = [s for s in (_self_span(ctx, seg),) if s]
        seg.document = ctx.collector.add(seg.document)
    main = ctx.segments[0].document
    for i, seg in enumerate(ctx.segments):
        doc = seg.document
        if doc.ref.key.startswith("kst-") or doc.identifier != doc.ref.key:
            doc.identifier = doc.ref.key if doc.ref.key.startswith("kst-") else None
        doc.creators = []
        for ref, _span in signatures(ctx, seg.start, seg.end):
            if ref not in doc.creators:
                doc.creators.append(ref)
        if i > 0 and main.kind == "ConsultationReport":
            doc.part_of = main.ref
            doc.chamber = doc.chamber or main.chamber
        if doc.kind == "Note" and i > 0:
            doc.cites.append(ctx.segments[i - 1].document.ref)
