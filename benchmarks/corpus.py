"""A synthetic corpus of parliamentary papers *as text*, in the layouts the extractor reads.

Scale tests need thousands of papers and the record has five seeds, so this writes letters,
memoranda with Q&A by party, consultation reports and motions the way the Kamer prints them
(dossier header, "Den Haag, <date>", `het lid X (P)`, T-numbers, kamerstuk footnotes,
"Voorgesteld"). Paper `i` depends only on (seed, i), so the 1k corpus is the start of the 10k
one and a rerun writes the same bytes. `expected(i)` says what extraction must find in it.

    .venv/bin/python benchmarks/corpus.py OUT_DIR --papers 1000 [--seed 18]
"""

from __future__ import annotations

import argparse
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from kamergraph.identifiers import MONTHS as MONTH_NUMBERS

KINDS = ("letter", "memorandum", "report", "motion")
MONTHS = list(MONTH_NUMBERS)  # januari ... december, in order
PARTIES = ("VVD", "GroenLinks-PvdA", "CDA", "D66", "SP", "PvdD", "ChristenUnie", "SGP", "Volt")
FAMILY = (
    "Jansen",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "Mulder",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "Dekker",
    "Brouwer",
    "Dijkstra",
    "Kok",
    "Jacobs",
    "Vermeulen",
    "Schouten",
    "Willems",
    "Hoekstra",
    "Koster",
    "Prins",
    "Kuipers",
    "Veenstra",
)
TOPICS = (
    "de opvang van alleenstaande minderjarige vreemdelingen",
    "de wachttijden bij de IND",
    "de spreiding van asielzoekers over gemeenten",
    "de huisvesting van vergunninghouders",
    "de kosten van noodopvang",
    "de nareis van gezinsleden",
    "de dagbesteding in opvanglocaties",
    "de medische zorg voor asielzoekers",
)
TITLES = (
    "Vaststelling van de begrotingsstaten van het Ministerie van Asiel en Migratie",
    "Wijziging van de Vreemdelingenwet 2000",
    "Regels over de gemeentelijke taak opvangvoorzieningen",
)
MINISTER = ("De Minister van Asiel en Migratie,", "B. van den Brink")
PAPERS_PER_DOSSIER = 20
VREEMDELINGENWET = "BWBR0011823"


@dataclass
class Expected:
    """What extraction of one generated paper must yield (the records the test checks)."""

    name: str
    kind: str
    document: str  # the document key: "kst-31000-B"
    dossier: str
    date: date
    commitments: list[str] = field(default_factory=list)  # T-numbers
    motions: list[str] = field(default_factory=list)  # motion keys
    cites: list[str] = field(default_factory=list)  # document keys of cited kamerstukken
    parties: list[str] = field(default_factory=list)  # Q&A party headings


def _letter(n: int) -> str:
    """Ondernummers of EK papers: A..Z, then AA, AB..."""
    return chr(65 + n) if n < 26 else "A" + chr(65 + n - 26)


def _spaced(dossier: int) -> str:
    text = str(dossier)
    return f"{text[:2]} {text[2:]}"


def _dutch(day: date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _session(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def _short_session(day: date) -> str:
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}/{str(start + 1)[2:]}"


class _Paper:
    """The shared pieces of one paper: identity, date, random choices from (seed, i)."""

    def __init__(self, seed: int, index: int) -> None:
        self.index = index
        self.rng = random.Random(seed * 1_000_003 + index)
        self.dossier = 31000 + index // PAPERS_PER_DOSSIER
        self.number = index % PAPERS_PER_DOSSIER
        self.day = date(2019, 1, 7) + timedelta(days=index // 3 % 2400)
        self.title = f"{self.rng.choice(TITLES)} ({self.dossier})"
        self.kind = KINDS[self.rng.randrange(len(KINDS))] if self.number else "letter"

    def member(self) -> tuple[str, str]:
        return self.rng.choice(FAMILY), self.rng.choice(PARTIES)

    def cited(self) -> list[int]:
        """Earlier papers of the same dossier this one cites in its footnotes."""
        return sorted(self.rng.sample(range(self.number), min(self.number, 2)))

    def key(self, number: int | None = None) -> str:
        return f"kst-{self.dossier}-{_letter(self.number if number is None else number)}"

    def header(self, heading: str) -> list[str]:
        return [
            " Eerste Kamer der Staten-Generaal ",
            "",
            f"Vergaderjaar {_session(self.day)} ",
            "",
            f"{_spaced(self.dossier)}  {self.title} ",
            "",
            f"{_letter(self.number)}  {heading} ",
            "",
        ]

    def footnote(self, number: int) -> str:
        return (
            f"Kamerstukken I {_short_session(self.day)}, {_spaced(self.dossier)}, {_letter(number)}"
        )

    def passage(self) -> str:
        topic = self.rng.choice(TOPICS)
        figure = self.rng.randrange(100, 9000)
        return (
            f"Het kabinet heeft de afgelopen maanden gewerkt aan {topic}. Op peildatum "
            f"{_dutch(self.day)} ging het om {figure} personen. De uitvoering wordt in overleg "
            "met het COA en de gemeenten voortgezet."
        )


def _letter_text(paper: _Paper, out: Expected) -> list[str]:
    lines = paper.header("BRIEF VAN DE MINISTER VAN ASIEL EN MIGRATIE")
    lines += [" Aan de Voorzitter van de Eerste Kamer der Staten-Generaal ", ""]
    lines += [f" Den Haag, {_dutch(paper.day)} ", ""]
    cited = paper.cited()
    marks = "".join(f"{k + 1}" for k in range(len(cited[:1])))
    lines += [f"Met deze brief informeer ik uw Kamer over een aantal toezeggingen{marks}.", ""]
    for k in range(paper.rng.randrange(1, 4)):
        number = f"T{10000 + paper.index * 3 + k:05d}"
        family, party = paper.member()
        topic = paper.rng.choice(TOPICS)
        lines += [
            f"Toezegging, naar aanleiding van een vraag van het lid {family} ({party}), om de "
            f"Kamer te informeren over {topic} ({number}).",
            paper.passage(),
            "",
        ]
        out.commitments.append(number)
    lines += [*MINISTER[:1], "", MINISTER[1], "", ""]
    for k, number in enumerate(cited[:1]):
        lines.append(f"{k + 1} {paper.footnote(number)} ")
        out.cites.append(paper.key(number))
    return lines


def _memorandum_text(paper: _Paper, out: Expected) -> list[str]:
    lines = paper.header("MEMORIE VAN ANTWOORD")
    lines += [f"  Ontvangen {_dutch(paper.day)} ", ""]
    lines += [
        "Met belangstelling heb ik kennisgenomen van het voorlopig verslag van de vaste "
        "commissie voor Immigratie en Asiel/JBZ-Raad. Hieronder beantwoord ik de vragen.",
        "",
    ]
    for party in paper.rng.sample(PARTIES, paper.rng.randrange(1, 4)):
        lines += [f"{party} ", ""]
        for _ in range(paper.rng.randrange(1, 3)):
            topic = paper.rng.choice(TOPICS)
            lines += ["Vraag: ", f"Hoe staat het met {topic}? ", ""]
            lines += ["Antwoord: ", paper.passage(), ""]
        out.parties.append(party)
    lines += [*MINISTER[:1], "", MINISTER[1], ""]
    return lines


def _report_text(paper: _Paper, out: Expected) -> list[str]:
    lines = paper.header("VOORLOPIG VERSLAG VAN DE VASTE COMMISSIE VOOR IMMIGRATIE EN ASIEL")
    lines += [f"  Vastgesteld {_dutch(paper.day)} ", ""]
    lines += ["De leden van de fracties hebben de volgende vragen en opmerkingen.", ""]
    for _ in range(paper.rng.randrange(2, 5)):
        family, party = paper.member()
        topic = paper.rng.choice(TOPICS)
        lines += [
            f"De leden van de {party}-fractie vragen de regering naar {topic}. Het lid "
            f"{family} ({party}) wil weten wanneer de Kamer hierover wordt geïnformeerd.",
            "",
        ]
    lines += ["De voorzitter van de commissie,", "Jansen", ""]
    return lines


def _motion_text(paper: _Paper, out: Expected) -> list[str]:
    family, _party = paper.member()
    lines = paper.header(f"MOTIE VAN HET LID {family.upper()} C.S.")
    lines += [f"Voorgesteld {_dutch(paper.day)} ", "", "De Kamer,", "", "gehoord de beraadslaging,"]
    lines += ["", f"constaterende dat {paper.rng.choice(TOPICS)} aandacht vraagt;", ""]
    lines += [
        f"verzoekt de regering, de Kamer uiterlijk in {paper.day.year + 1} te informeren over "
        f"{paper.rng.choice(TOPICS)},",
        "",
        "en gaat over tot de orde van de dag.",
        "",
        family,
        "",
    ]
    out.motions.append(f"{paper.dossier}-{_letter(paper.number)}")
    return lines


WRITERS = {
    "letter": _letter_text,
    "memorandum": _memorandum_text,
    "report": _report_text,
    "motion": _motion_text,
}


def paper(seed: int, index: int) -> tuple[str, Expected]:
    """The text of paper `index` and what extraction must find in it."""
    shared = _Paper(seed, index)
    name = f"{index:06d}_{shared.kind}.txt"
    out = Expected(name, shared.kind, shared.key(), str(shared.dossier), shared.day)
    lines = WRITERS[shared.kind](shared, out)
    if "Vreemdelingenwet 2000" in shared.title:  # the dossier title names the law
        out.cites.append(VREEMDELINGENWET)
    return "\n".join(lines) + "\n", out


def write_corpus(folder: Path, papers: int, seed: int = 18) -> list[Expected]:
    """Write papers 0..papers-1 into `folder` (with an empty manifest); returns expectations."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "manifest.csv").write_text("file,key,kind,title,note\n", encoding="utf-8")
    expected = []
    for index in range(papers):
        text, out = paper(seed, index)
        (folder / out.name).write_text(text, encoding="utf-8")
        expected.append(out)
    return expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--papers", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=18)
    args = parser.parse_args()
    write_corpus(args.out, args.papers, args.seed)
    print(f"{args.papers} papers in {args.out}")


if __name__ == "__main__":
    main()
