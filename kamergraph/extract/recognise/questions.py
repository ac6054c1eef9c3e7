"""Questions and answers: memoranda ("Vraag:" / "Antwoord:") and consultation reports.

Questions are grouped under the asking party: a heading line that is just a party ("D66"), or
"Vragen en opmerkingen van de leden van de fractie van GroenLinks-PvdA". In a consultation
report the committee's letter prints the questions unnumbered and the minister's reply repeats
them numbered; the letter's words become a second span of the reply's question, so nothing is
counted twice.
Answers whose text is verbatim the same are linked with `same_text_as`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kamergraph.extract.context import Context, Segment
from kamergraph.extract.paper.layout import SIGNATURE_LINE, lines_with_offsets
from kamergraph.extract.paper.normalise import clean
from kamergraph.extract.recognise.persons import party_heading
from kamergraph.records import Answer, Question, Ref, Span

_MARKER = r"^[ \t]*(?:\*\*)?{word}(?:[ \t]+\d{{1,3}})?(?:\*\*)?(?P<colon>[ \t]*:)?(?:\*\*)?[ \t]*"
_VRAAG = re.compile(_MARKER.format(word="Vraag"))
_ANTWOORD = re.compile(_MARKER.format(word="Antwoord"))
_FRACTION = re.compile(
    r"\bfractie van (?:de )?(?P<a>[\w+]+(?:-[A-Z]\w+)?)|\b(?P<b>[\w+]+(?:-[A-Z]\w+)?)-fractie"
)
#: Kamervragen of one member: "Vragen van het lid Van Baarle (DENK) aan de Minister ...".
_ASKER = re.compile(r"\bVragen van het lid [^()\n]{2,60}?\((?P<p>[^()\n]{1,40})\)")
_NUMBERED = re.compile(r"^[ \t]*(?P<n>\d{1,2})\.[ \t]+(?=\S)")
_SECTION = re.compile(
    r"^[ \t]*Vragen(?: en opmerkingen)? van de leden van de "
    r"(?:fractie van (?:de )?(?P<party>.+?)|(?P<party2>\S+?)-fractie)[ \t]*$"
)
_END = SIGNATURE_LINE


@dataclass
class Block:
    """A question or answer: source range and the party it belongs to."""

    kind: str  # "question" / "answer"
    start: int
    end: int
    party: Ref | None


def _party_heading(ctx: Context, line: str, pos: int) -> Ref | None:
    """A line that is only a party name ("D66", "GroenLinks-PvdA") or a fraction section."""
    m = _SECTION.match(line)
    label = (m.group("party") or m.group("party2")) if m else line.strip()
    if not label or len(label) > 30 or (not m and " " in label.strip()):
        return None
    start = pos + line.index(label)
    return party_heading(ctx, label, Span(start, start + len(label)))


def _marker(pattern: re.Pattern[str], line: str) -> int | None:
    """End of a "Vraag:" / "**Antwoord 2**" marker: a colon, or nothing else on the line."""
    m = pattern.match(line)
    if m is None or not (m.group("colon") or not line[m.end() :].strip()):
        return None
    return m.end()


def _intro_party(ctx: Context, seg: Segment, first: int) -> Ref | None:
    """The one party an introduction names ("De leden van de Volt-fractie hebben ...", or the
    one member who asks: "Vragen van het lid Van Baarle (DENK)")."""
    start = ctx.view.to_view(seg.start)
    labels = [
        (m.group("a") or m.group("b"), m.span("a" if m.group("a") else "b"))
        for m in _FRACTION.finditer(ctx.view.text, start, first)
    ]
    labels += [(m.group("p"), m.span("p")) for m in _ASKER.finditer(ctx.view.text, start, first)]
    parties = {party_heading(ctx, label, ctx.span(*where)) for label, where in labels} - {None}
    return parties.pop() if len(parties) == 1 else None


def _blocks(ctx: Context, seg: Segment) -> list[Block]:
    """Question and answer blocks of one document, in order."""
    lines = lines_with_offsets(ctx.text[seg.start : seg.end])
    has_vraag = any(_marker(_VRAAG, line) is not None for _s, _e, line in lines)
    numbered = not has_vraag and any(_marker(_ANTWOORD, x) is not None for _s, _e, x in lines)
    qa_paper = has_vraag or numbered  # only there does a heading line group by party
    blocks: list[Block] = []
    party: Ref | None = None
    last_number = 0
    for lstart, _lend, line in lines:
        pos = seg.start + lstart
        if ctx.layout.is_furniture(pos):
            continue
        heading = _party_heading(ctx, line, pos) if qa_paper else None
        if heading is not None or _END.match(line):
            _close(blocks, pos)
            party = heading or party
            continue
        number = _NUMBERED.match(line) if numbered else None
        question = _marker(_VRAAG, line)
        if number and int(number.group("n")) == last_number + 1:
            question, last_number = number.end(), int(number.group("n"))
        answer = _marker(_ANTWOORD, line)
        if question is not None or (answer is not None and blocks):
            if not blocks and party is None:
                party = _intro_party(ctx, seg, ctx.view.to_view(pos))
            _close(blocks, pos)
            kind, offset = ("question", question) if question is not None else ("answer", answer)
            blocks.append(Block(kind, pos + (offset or 0), seg.end, party))
    _close(blocks, seg.end)
    return [b for b in blocks if b.end > b.start]


def _close(blocks: list[Block], pos: int) -> None:
    """End the open block at `pos` (a new marker or heading starts)."""
    if blocks and blocks[-1].end > pos:
        blocks[-1].end = pos


def _text_and_span(ctx: Context, start: int, end: int) -> tuple[str, Span]:
    """Block text without furniture lines, and its trimmed source span."""
    kept, pos = [], start
    for line in ctx.text[start:end].split("\n"):
        if line.strip() and not ctx.layout.is_furniture(pos):
            kept.append((pos, line))
        pos += len(line) + 1
    if not kept:
        return "", Span(start, start)
    text = clean("\n".join(line for _p, line in kept))
    first_pos, first = kept[0]
    last_pos, last = kept[-1]
    s = first_pos + len(first) - len(first.lstrip())
    return text, Span(s, last_pos + len(last.rstrip()))


def extract_questions(ctx: Context) -> None:
    """Questions with their answers and asking parties, for every document of the source."""
    for i, seg in enumerate(ctx.segments):
        questions = _document_questions(ctx, seg)
        if questions and i > 0:
            _restate(ctx, ctx.segments[i - 1], questions)


def _document_questions(ctx: Context, seg: Segment) -> list[Question]:
    """Questions and answers of one document, numbered by position; answers share a number."""
    doc = seg.document.ref
    questions: list[Question] = []
    answers: list[Answer] = []
    current: Question | None = None
    for block in _blocks(ctx, seg):
        text, span = _text_and_span(ctx, block.start, block.end)
        if not text:
            continue
        if block.kind == "question":
            n = len(questions) + 1
            current = Question(
                Ref("question", f"{doc.key}/question/{n}"),
                document=doc,
                position=n,
                text=text,
                asked_by=block.party,
                spans=[span],
            )
            questions.append(current)
        elif current is not None and current.answer is None:
            n = current.position
            answer = Answer(
                Ref("answer", f"{doc.key}/answer/{n}"),
                document=doc,
                position=n,
                text=text,
                spans=[span],
            )
            current.answer = answer.ref
            answers.append(answer)
    _link_same_text(answers)
    for record in (*questions, *answers):
        ctx.collector.add(record)
    return questions


def _link_same_text(answers: list[Answer]) -> None:
    """Answers with verbatim the same text point at each other."""
    groups: dict[str, list[Answer]] = {}
    for answer in answers:
        groups.setdefault(answer.text.strip(), []).append(answer)
    for group in groups.values():
        for answer in group:
            answer.same_text_as = [a.ref for a in group if a is not answer]


_LETTER_CUT = re.compile(
    r"^[ \t]*(?:Vragen en opmerkingen van"
    r"|De leden van de vaste commissie .{0,80}zien uw beantwoording)",
    re.MULTILINE,
)


def _find_start(ctx: Context, question: Question, vpos: int, vend: int) -> int | None:
    """Where a reply's question starts in the letter it answers (first words, in order)."""
    words = re.sub(r"^\d{1,2}\.\s+", "", question.text).split()
    for size in (8, 5):
        if len(words) < size:
            continue
        pattern = r"\s*".join(re.escape(w) for w in words[:size])
        m = re.compile(pattern).search(ctx.view.text, vpos, vend)
        if m:
            return m.start()
    return None


def _restate(ctx: Context, letter: Segment, replies: list[Question]) -> None:
    """Find each reply's question in the letter that first asked it: one question, two places.

    The letter prints the question unnumbered, the reply numbered; counting both would double
    every question, so the letter's words become a second span of the reply's question.
    """
    vpos, vend = ctx.view.to_view(letter.start), ctx.view.to_view(letter.end)
    starts: list[tuple[int, Question]] = []
    for reply in replies:
        found = _find_start(ctx, reply, vpos, vend)
        if found is not None:
            starts.append((found, reply))
            vpos = found + 1
    cuts = sorted(
        ctx.view.to_view(m.start())
        for m in _LETTER_CUT.finditer(ctx.text, letter.start, letter.end)
    )
    for k, (vstart, reply) in enumerate(starts, start=1):
        limit = starts[k][0] if k < len(starts) else vend
        limit = min([limit, *(c for c in cuts if c > vstart)])
        source = ctx.span(vstart, limit)
        text, span = _text_and_span(ctx, source.start, source.end)
        stored = ctx.collector.get(reply.ref)
        if text and isinstance(stored, Question):
            stored.spans.append(span)
