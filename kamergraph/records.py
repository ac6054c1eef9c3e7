"""Records passed from extraction to the RDF build.

These dataclasses are the contract between `extract/` (which knows text, not RDF) and `build.py`
(which knows RDF, not text). Entities point at each other with `Ref`s: a kind plus the official key
that `iris.py` turns into an IRI. Every record carries the `Span`s where the text names it, offsets
into the source's normalised text (`Extraction.text`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Literal, TypeVar

Day = date  # for fields next to a field named `date`

EntityKind = Literal[
    "document",
    "dossier",
    "person",
    "party",
    "organisation",
    "motion",
    "commitment",
    "law",
    "question",
    "answer",
    "report",
    "observation",
    "membership",
]

DocumentKind = Literal[
    "Letter",
    "Memorandum",
    "MemorandumOfReply",
    "CommitteeReport",
    "ConsultationReport",
    "MotionPaper",
    "AmendmentPaper",
    "WrittenQuestions",
    "Proceedings",
    "Advice",
    "WebPage",
    "Note",
    "ParliamentaryPaper",
    "Document",
]

Chamber = Literal["EK", "TK"]


@dataclass(frozen=True, order=True)
class Ref:
    """A pointer to an entity by kind and stable key (e.g. `Ref("commitment", "T03853")`).

    Keys of things inside a document (questions, answers, reports, observations) are paths below
    the document key: `kst-36600-XX-E/question/3`.
    """

    kind: EntityKind
    key: str


@dataclass(frozen=True, order=True)
class Span:
    """Half-open character range [start, end) into `Extraction.text`."""

    start: int
    end: int


@dataclass
class Record:
    """Common part of every extracted thing: its identity and where the text names it."""

    ref: Ref
    spans: list[Span] = field(default_factory=list, kw_only=True)


@dataclass
class Document(Record):
    """A parliamentary paper: a source we hold the text of, or a paper a source cites."""

    kind: DocumentKind = "Document"
    title: str | None = None
    date: date | None = None
    date_inferred: bool = False
    date_reason: str | None = None  # why an inferred date is what it is (chronology.py)
    date_kind: str | None = None  # what the date is: "vastgesteld", "ontvangen", "voorgesteld", ...
    official_name: str | None = None  # the kind as the paper names it: "memorie van antwoord"
    creators: list[Ref] = field(default_factory=list)
    dossier: str | None = None  # dossier key, "36600-XX"
    paper_number: str | None = None  # ondernummer: "E", "5"
    chamber: Chamber | None = None
    session_year: str | None = None  # vergaderjaar as written normalised: "2024-2025"
    identifier: str | None = None  # official id as printed, normalised: "kst-36600-XX-E"
    reference: str | None = None  # the ministry's own reference ("Onze referentie")
    cites: list[Ref] = field(default_factory=list)
    motion: Ref | None = None  # the motion a motion paper holds
    part_of: Ref | None = None  # a letter inside a consultation report, a nota with its letter
    is_source: bool = False  # True for documents whose text this extraction holds


@dataclass
class Dossier(Record):
    identifier: str = ""  # "36600-XX"
    title: str | None = None


@dataclass
class Party(Record):
    pref_label: str = ""  # as the Kamer writes it: "OPNL", "GroenLinks-PvdA"
    name: str | None = None
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Organisation(Record):
    pref_label: str = ""
    name: str | None = None
    alt_labels: list[str] = field(default_factory=list)


@dataclass
class Person(Record):
    name: str = ""
    family_name: str = ""
    initials: str | None = None
    party: Ref | None = None
    roles: list[str] = field(default_factory=list)  # local names of kg role concepts: "senator"
    pages: list[str] = field(default_factory=list)  # Senate pages the footnotes link (links.py)


@dataclass
class Membership(Record):
    """A seat held for a party during a period (a curated registry row, not read from a paper).

    Key: `{person key}/membership/{body}-{party}-{start}`; `body` is "ek", "tk" or "kabinet".
    """

    person: Ref = field(default_factory=lambda: Ref("person", ""))
    party: Ref = field(default_factory=lambda: Ref("party", ""))
    party_label: str = ""  # "VVD": the party's preferred label, for the seat's own label
    body: str = ""
    start: date | None = None
    end: date | None = None


@dataclass
class Motion(Record):
    identifier: str = ""  # "36333-I"
    dossier: str | None = None
    title: str | None = None
    submitters: list[Ref] = field(default_factory=list)
    status: list[str] = field(default_factory=list)  # "adopted", "amended"
    date: date | None = None  # proposed (voorgesteld / ingediend)
    considerations: list[str] = field(default_factory=list)  # "overwegende dat ...", in order
    request: str | None = None  # the dictum: "verzoekt de regering ..."
    voted_for: list[Ref] = field(default_factory=list)  # parties, where the vote is printed
    voted_against: list[Ref] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)  # Senate pages the footnotes link (links.py)


@dataclass
class Commitment(Record):
    identifier: str | None = None  # T-number; None for commitments named only by title
    title: str = ""
    requested_by: list[Ref] = field(default_factory=list)
    requested_by_party: list[Ref] = field(default_factory=list)
    dossier: str | None = None
    made_on: date | None = None
    made_by: Ref | None = None
    made_on_inferred: bool = False  # the year of made_on was not printed ("18 maart jl.")
    debate: str | None = None  # the debate it was made in, as the text names it
    pages: list[str] = field(default_factory=list)  # Senate pages the footnotes link (links.py)
    registered_status: str | None = None  # the Senate register's status: "registerOpen", ...
    registered_deadline: date | None = None  # the register's deadline for it


@dataclass
class Law(Record):
    title: str = ""
    alt_labels: list[str] = field(default_factory=list)
    dossier: str | None = None
    bwb_id: str | None = None
    articles: list[str] = field(default_factory=list)  # articles cited: "3b", "22a"


@dataclass
class Question(Record):
    document: Ref = field(default=Ref("document", ""))
    position: int = 0
    text: str = ""
    asked_by: Ref | None = None  # the party whose members asked
    answer: Ref | None = None
    restates: Ref | None = None  # the same question as printed earlier (committee letter)


@dataclass
class Answer(Record):
    document: Ref = field(default=Ref("document", ""))
    position: int = 0
    text: str = ""
    same_text_as: list[Ref] = field(default_factory=list)  # answers with verbatim the same text


@dataclass
class Report(Record):
    """A passage in which a document reports on a commitment or motion."""

    reports_on: Ref = field(default=Ref("commitment", ""))
    in_document: Ref = field(default=Ref("document", ""))
    date: date | None = None
    status_text: str = ""
    status: str | None = None  # local name of a kg:ReportedStatus: "fulfilled", "deferred"
    status_evidence: str = ""  # the words the status was read from, as printed
    promised: tuple[Day, Day] | None = None  # the interval a promised time means (deadlines.py)
    promised_text: str = ""  # its words: "voor de zomer van 2026"
    promised_year_inferred: bool = False  # the year was not printed


@dataclass
class Observation(Record):
    """A figure a letter reports: a count with its subject, unit and reference date."""

    in_document: Ref = field(default=Ref("document", ""))
    subject: str = ""
    value: float = 0
    unit: str = ""
    date: date | None = None
    date_inferred: bool = False


R = TypeVar("R", bound=Record)


@dataclass
class Extraction:
    """Everything one source file yields."""

    source: Path
    text: str  # the normalised text that every Span indexes
    records: list[Record] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what could not be read (kind, date, ...)
    unmatched_links: list[str] = field(default_factory=list)  # link-list addresses left out

    def of_type(self, kind: type[R]) -> list[R]:
        """The records of one type, in extraction order."""
        return [r for r in self.records if isinstance(r, kind)]
