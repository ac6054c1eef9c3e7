"""Motion papers: the motion with its submitters, clauses, request, date, outcome and votes.

Written texts in the official layouts (not copies of real papers), so each rule is seen alone.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from kamergraph.extract import extract_source
from kamergraph.records import Document, Motion
from kamergraph.reference import Reference

EK_MOTION = """Eerste Kamer der Staten-Generaal2024-202536999-VI nr. X

36 999 VI Vaststelling van de begrotingsstaten van het Ministerie van Justitie (VI)

X MOTIE VAN HET LID DE BOER C.S.

Voorgesteld 4 maart 2025

De Kamer,

gehoord de beraadslaging,

constaterende, dat de wachttijden oplopen;

overwegende, dat dit de opvang belast;

verzoekt de regering de wachttijden te halveren,

en gaat over tot de orde van de dag.

De Boer

Van der Linden

Aksoy
"""

TK_MOTION_PAGE = """Motie : Motie van het lid Jansen over opvang
36 998 Asielbeleid
Nr. 12
MOTIE VAN HET LID JANSEN
Voorgesteld 2 februari 2024
De Kamer,
gehoord de beraadslaging,
verzoekt het kabinet de opvang te spreiden,
en gaat over tot de orde van de dag.
Jansen
Stemmingsuitslagen
Verworpen met handopsteken
Fracties | Zetels | Voor/Tegen |
---|---|---|
VVD | 24 | Tegen |
PVV | 37 | Voor |
Volt | 2 | Tegen |
"""


def _motion(tmp_path: Path, text: str) -> tuple[Document, Motion]:
    path = tmp_path / "motie.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_source(path, Reference())
    (motion,) = extraction.of_type(Motion)
    paper = next(d for d in extraction.of_type(Document) if d.is_source)
    return paper, motion


def test_an_ek_motion_paper_holds_its_motion(tmp_path: Path) -> None:
    paper, motion = _motion(tmp_path, EK_MOTION)
    assert paper.ref.key == "kst-36999-VI-X" and paper.kind == "MotionPaper"
    assert paper.motion == motion.ref and motion.ref.key == "36999-VI-X"
    assert (paper.date, paper.date_kind, paper.chamber) == (date(2025, 3, 4), "voorgesteld", "EK")
    assert [s.key for s in motion.submitters] == ["de-boer", "van-der-linden", "aksoy"]
    assert motion.considerations == [
        "constaterende, dat de wachttijden oplopen",
        "overwegende, dat dit de opvang belast",
    ]
    assert motion.request == "verzoekt de regering de wachttijden te halveren"
    assert motion.status == [] and motion.date == date(2025, 3, 4)


def test_a_tk_motion_page_gives_outcome_and_votes_by_party(tmp_path: Path) -> None:
    paper, motion = _motion(tmp_path, TK_MOTION_PAGE)
    assert paper.ref.key == "kst-36998-12" and paper.chamber == "TK"
    assert [s.key for s in motion.submitters] == ["jansen"]
    assert motion.status == ["rejected"]
    assert [p.key for p in motion.voted_for] == ["pvv"]
    assert [p.key for p in motion.voted_against] == ["vvd", "volt"]


def test_an_amendment_paper_names_its_submitters_as_its_authors(tmp_path: Path) -> None:
    path = tmp_path / "amendement.txt"
    path.write_text(
        "36 997 Regels inzake opvang\nNr. 9\nAMENDEMENT VAN DE LEDEN DE VRIES EN VAN DAM\n"
        "Ontvangen 5 oktober 2023\nDe ondergetekenden stellen het volgende amendement voor:\n",
        encoding="utf-8",
    )
    extraction = extract_source(path, Reference())
    paper = next(d for d in extraction.of_type(Document) if d.is_source)
    assert (paper.ref.key, paper.kind) == ("kst-36997-9", "AmendmentPaper")
    assert [c.key for c in paper.creators] == ["de-vries", "van-dam"]
    assert not extraction.of_type(Motion)


VOTES = """Tweede Kamer der Staten-Generaal

Handelingen II 2026/27, nr. 40, item 12

Stemmingen

In stemming komt de motie-De Vries (36 900, nr. 7).

De voorzitter:
Ik constateer dat de leden van de fracties van de VVD, het CDA en Volt voor deze motie hebben
gestemd en de leden van de overige fracties ertegen, zodat zij is aangenomen.

In stemming komt de gewijzigde motie-Bakker c.s. (36 900, nr. 9).

De motie is verworpen.
"""


def test_proceedings_give_each_motion_put_to_the_vote_its_outcome_and_votes(
    tmp_path: Path,
) -> None:
    path = tmp_path / "stemmingen.txt"
    path.write_text(VOTES, encoding="utf-8")
    extraction = extract_source(path, Reference(), {})
    (doc,) = [d for d in extraction.of_type(Document) if d.is_source]
    assert (doc.kind, doc.identifier) == ("Proceedings", "h-tk-20262027-40-12")
    motions = {m.ref.key: m for m in extraction.of_type(Motion)}
    assert set(motions) == {"36900-7", "36900-9"}
    adopted, rejected = motions["36900-7"], motions["36900-9"]
    assert adopted.status == ["adopted"] and rejected.status == ["rejected"]
    assert [p.key for p in adopted.voted_for] == ["vvd", "cda", "volt"]
    assert adopted.voted_against == []  # "de overige fracties" names no party
    assert [s.key for s in adopted.submitters] == ["de-vries"]
