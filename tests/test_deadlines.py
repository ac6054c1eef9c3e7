"""Promised times: the table row by row, other wordings, and what the seeds promise.

Why: "overdue" is only as good as the promised date it is measured against; each one must say
which words it came from and whether its year was printed.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from kamergraph.extract.recognise.deadlines import find_promise
from kamergraph.extract.rules import deadline_rules
from kamergraph.store import GraphStore

_QUOTED = re.compile(r'"([^"]+)"')
LETTER = date(2025, 12, 10)


@pytest.mark.parametrize("rule", deadline_rules(), ids=lambda r: r.form)
def test_each_deadline_rule_reads_its_example(rule) -> None:  # type: ignore[no-untyped-def]
    m = _QUOTED.search(rule.source)
    assert m, rule.source
    promise = find_promise(m.group(1), LETTER)
    assert promise is not None and rule.pattern.search(promise.words), m.group(1)


@pytest.mark.parametrize(
    ("text", "begin", "end", "inferred"),
    [
        ("Ik zal uw Kamer voor de zomer van 2026 informeren.", LETTER, date(2026, 6, 30), False),
        ("Uw Kamer ontvangt medio 2026 de evaluatie.", date(2026, 6, 1), date(2026, 7, 31), False),
        (
            "Ik verwacht het rapport in het najaar te ontvangen.",
            date(2026, 9, 1),
            date(2026, 11, 30),
            True,
        ),
        (
            "Het plan volgt in het tweede kwartaal van 2026.",
            date(2026, 4, 1),
            date(2026, 6, 30),
            False,
        ),
        ("Ik stuur u de cijfers in februari.", date(2026, 2, 1), date(2026, 2, 28), True),
        ("Voor het einde van het jaar kom ik hierop terug.", LETTER, date(2025, 12, 31), True),
    ],
)
def test_promised_times_become_intervals(text: str, begin: date, end: date, inferred: bool) -> None:
    promise = find_promise(text, LETTER)
    assert promise is not None
    assert (promise.begin, promise.end, promise.year_inferred) == (begin, end, inferred)
    assert promise.words in text


@pytest.mark.parametrize(
    "text",
    [
        "In december werd uw Kamer voor het laatst over deze toezegging geïnformeerd.",
        "Tijdens de begrotingsbehandeling op 18 maart jl. heeft mijn voorganger toegezegd.",
        "Zo werd eind 2023 een nieuwe governance structuur geïntroduceerd.",
    ],
)
def test_past_times_are_no_promises(text: str) -> None:
    assert find_promise(text, LETTER) is None


def test_the_seeds_promises_with_their_words(built_store: GraphStore) -> None:
    query = """PREFIX kg: <https://w3id.org/kamergraph/def#>
    PREFIX time: <http://www.w3.org/2006/time#>
    SELECT ?report ?end ?words ?inferred ?last WHERE {
      ?report kg:promisedDate ?end ; kg:promisedText ?words ;
              kg:promisedInterval/time:hasEnd/time:inXSDDate ?last .
      OPTIONAL { ?report kg:promisedYearInferred ?inferred } }"""
    rows = {
        str(r["words"].value): (r["end"].value, r["inferred"] is not None, r["last"].value)
        for r in built_store.query(query).raw  # type: ignore[union-attr]
    }
    # 003 (7 Feb 2025): "streef ik ernaar om de Tweede Kamer hier in maart nader over te informeren"
    assert rows["in maart"] == ("2025-03-31", True, "2025-03-31")
    # 000 on T03852: "In het eerste kwartaal van 2026 hoop ik hier duidelijkheid over te hebben"
    assert rows["In het eerste kwartaal van 2026"] == ("2026-03-31", False, "2026-03-31")
    assert "In december" not in rows
