"""The extractor against the independent gold standard, and the scorer's own tests.

Why: precision and recall per kind over the five seed documents are the project's measure of
extraction quality. A kind below 0.90 fails the build, and the printed table (``pytest -s``, also
written to ``var/scores.txt``) says which items were missed or invented.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from kamergraph.records import (
    Commitment,
    Document,
    Extraction,
    Law,
    Motion,
    Party,
    Person,
    Question,
    Ref,
    Report,
)
from kamergraph.settings import PROJECT_ROOT
from tests.conftest import SCORE_TABLE, SEED_TEXT_ONLY_TABLE
from tests.scoring import (
    KINDS,
    Annotation,
    SourceScore,
    annotation_counts,
    attribute_matches,
    items_from_extraction,
    load_annotations,
    render_table,
    render_totals,
    score_extraction,
    score_items,
    title_similarity,
    total,
)

ANNOTATIONS = PROJECT_ROOT / "tests" / "annotations"
SOURCES = PROJECT_ROOT / "data" / "sources"
REFERENCE = PROJECT_ROOT / "data" / "reference"
THRESHOLD = 0.90


# --------------------------------------------------------------------------- the annotations


@pytest.fixture(scope="module")
def annotations() -> dict[str, Annotation]:
    return load_annotations(ANNOTATIONS)


def test_five_annotation_files_were_collected(annotations: dict[str, Annotation]) -> None:
    sources = sorted(p.name for p in SOURCES.glob("*.txt"))
    assert len(annotations) == 5
    assert sorted(annotations) == sources


def test_annotation_evidence_is_in_the_source(annotations: dict[str, Annotation]) -> None:
    """Every quoted line must say what the annotation claims, so a human can re-check it."""
    problems = []
    for name, ann in annotations.items():
        lines = (SOURCES / name).read_text(encoding="utf-8").split("\n")
        for kind in KINDS:
            for entry in ann.entries[kind]:
                for ev in entry.get("evidence", []):
                    line = lines[ev["line"] - 1] if 0 < ev["line"] <= len(lines) else ""
                    if ev["text"] not in line:
                        problems.append(f"{name} {kind} line {ev['line']}: {ev['text']!r}")
    assert not problems, "\n".join(problems)


def test_annotation_keys_follow_the_conventions(annotations: dict[str, Annotation]) -> None:
    """Keys in the gold standard use the project's key conventions (vocabulary.md)."""
    patterns = {
        "documents": r"^(kst-\d{5}(-[A-Z]+)?-[A-Z0-9]+|letter-.+|note-.+|verslag-.+)$",
        "motions": r"^\d{5}(-[A-Z]+)?-[A-Z0-9]+$",
        "questions": r"^.+/question/\d+$",
        "persons": r"^[a-z]+(-[a-z]+)*$",
        "parties": r"^[a-z0-9]+(-[a-z0-9]+)*$",
        "commitments": r"^(T\d{5}|[a-z0-9]+(-[a-z0-9]+)+)$",
    }
    bad = [
        f"{name} {kind}: {e['key']}"
        for name, ann in annotations.items()
        for kind, pattern in patterns.items()
        for e in ann.entries[kind]
        if "key" in e and not re.match(pattern, e["key"])
    ]
    assert not bad, bad


def test_annotation_patterns_compile(annotations: dict[str, Annotation]) -> None:
    for ann in annotations.values():
        for kind in KINDS:
            for entry in ann.entries[kind]:
                for name, value in entry.items():
                    if name.endswith("_pattern"):
                        re.compile(value)
                        assert entry.get("optional"), (ann.source, kind, value)


def test_questions_are_numbered_without_gaps(annotations: dict[str, Annotation]) -> None:
    for ann in annotations.values():
        by_doc: dict[str, list[int]] = {}
        for q in ann.required("questions"):
            doc, _, n = q["key"].rpartition("/question/")
            by_doc.setdefault(doc, []).append(int(n))
        for doc, numbers in by_doc.items():
            assert sorted(numbers) == list(range(1, len(numbers) + 1)), doc


# --------------------------------------------------------------------------- the extractor


@pytest.fixture(scope="module")
def scores() -> list[SourceScore]:
    """Extract the five sources the way the build does and score each against its annotation."""
    from kamergraph.extract import extract_source, load_manifest
    from kamergraph.reference import load_reference

    reference = load_reference(PROJECT_ROOT / "data" / "reference")
    manifest = load_manifest(PROJECT_ROOT / "data" / "sources")
    annotations = load_annotations(ANNOTATIONS)
    result = []
    for name, annotation in sorted(annotations.items()):
        extraction = extract_source(
            PROJECT_ROOT / "data" / "sources" / name, reference=reference, manifest=manifest
        )
        result.append(score_extraction(annotation, extraction))
    return result


@pytest.fixture(scope="module")
def score_table(
    scores: list[SourceScore],
    tmp_path_factory: pytest.TempPathFactory,
    request: pytest.FixtureRequest,
) -> str:
    table = render_table(scores)
    print("\n" + table)
    request.config.stash[SCORE_TABLE] = table  # conftest prints it in the terminal summary
    full = render_table(scores, limit=10_000)  # the files list every error, the terminal a few
    (tmp_path_factory.mktemp("scores") / "scores.txt").write_text(full + "\n", encoding="utf-8")
    var = PROJECT_ROOT / "var"
    var.mkdir(exist_ok=True)
    (var / "scores.txt").write_text(full + "\n", encoding="utf-8")
    return table


#: Kinds the seeds' text alone (no registry, no manifest) does not yet carry past THRESHOLD:
#: strict xfails, so a kind that climbs past the bar is noticed. Why they stay below: the
#: manifest gives two seeds their document keys (and with them every question's key), and the
#: registry resolves family names to one person and names laws by their aliases.
TEXT_ONLY_BELOW = frozenset(("laws", "citations"))


@pytest.fixture(scope="module")
def text_only_scores(request: pytest.FixtureRequest) -> list[SourceScore]:
    """The seeds read with an empty registry and no manifest: what the text alone yields."""
    from kamergraph.extract import extract_source
    from kamergraph.reference import Reference

    result = [
        score_extraction(annotation, extract_source(SOURCES / name, Reference(), {}))
        for name, annotation in sorted(load_annotations(ANNOTATIONS).items())
    ]
    request.config.stash[SEED_TEXT_ONLY_TABLE] = render_totals(
        result, KINDS, "seeds, text only (no registry, no manifest)"
    )
    return result


@pytest.mark.parametrize("kind", KINDS)
def test_text_only_precision_and_recall_per_kind(
    kind: str, text_only_scores: list[SourceScore], request: pytest.FixtureRequest
) -> None:
    if kind in TEXT_ONLY_BELOW:
        request.applymarker(pytest.mark.xfail(strict=True, reason="text alone below the bar"))
    k = total(text_only_scores)[kind]
    assert k.precision >= THRESHOLD and k.recall >= THRESHOLD, (kind, k.precision, k.recall)


@pytest.mark.parametrize("kind", KINDS)
def test_precision_and_recall_per_kind(
    kind: str, scores: list[SourceScore], score_table: str
) -> None:
    k = total(scores)[kind]
    errors = "\n".join(
        ["false positives:", *k.false_positives[:20], "false negatives:", *k.false_negatives[:20]]
    )
    assert k.precision >= THRESHOLD, f"{kind}: precision {k.precision:.2f}\n{errors}"
    assert k.recall >= THRESHOLD, f"{kind}: recall {k.recall:.2f}\n{errors}"


# --------------------------------------------------------------------------- the scorer itself


def _annotation(**entries: list[dict]) -> Annotation:
    full = {kind: list(entries.get(kind, [])) for kind in KINDS}
    return Annotation(source="999_test.txt", document="letter-x", entries=full)


def _gold_from_file(name: str) -> Annotation:
    return load_annotations(ANNOTATIONS)[name]


def _perfect_items(ann: Annotation) -> dict[str, list[dict]]:
    """Items that realise the first acceptable reading of every required entry."""

    def pick(value: object) -> object:
        if isinstance(value, dict) and "any_of" in value:
            return pick(value["any_of"][0])
        return None if value == "*" else value

    items: dict[str, list[dict]] = {}
    for kind in KINDS:
        for e in ann.required(kind):
            item = {k: pick(v) for k, v in e.items() if k not in {"evidence", "titles", "alt_keys"}}
            if kind == "commitments":
                item["title"] = e.get("titles", [""])[0]
            items.setdefault(kind, []).append(item)
    return items


@pytest.mark.parametrize("name", sorted(p.name for p in SOURCES.glob("*.txt")))
def test_scorer_gives_a_perfect_reading_full_marks(name: str) -> None:
    ann = _gold_from_file(name)
    result = score_items(ann, _perfect_items(ann))
    for kind, k in result.kinds.items():
        assert (k.fp, k.fn) == (0, 0), (kind, k.false_positives, k.false_negatives)
        assert k.precision == k.recall == 1.0


def test_a_missing_item_lowers_recall_only() -> None:
    ann = _gold_from_file("000_c0a24f6b65b225cd.txt")
    items = _perfect_items(ann)
    items["persons"] = [p for p in items["persons"] if p["key"] != "bovens"]
    k = score_items(ann, items).kinds["persons"]
    assert (k.fp, k.fn) == (0, 1)
    assert k.precision == 1.0 and k.recall < 1.0
    assert k.false_negatives == ["bovens (party=cda)"]


def test_an_invented_item_lowers_precision_only() -> None:
    ann = _gold_from_file("000_c0a24f6b65b225cd.txt")
    items = _perfect_items(ann)
    items["laws"].append({"key": "omgevingswet"})
    k = score_items(ann, items).kinds["laws"]
    assert (k.fp, k.fn) == (1, 0) and k.tp == len(ann.required("laws"))


def test_a_wrong_attribute_is_both_a_false_positive_and_a_false_negative() -> None:
    ann = _annotation(persons=[{"key": "janssen", "party": "sp"}])
    k = score_items(ann, {"persons": [{"key": "janssen", "party": "pvv"}]}).kinds["persons"]
    assert (k.tp, k.fp, k.fn) == (0, 1, 1)
    assert "annotated: janssen (party=sp)" in k.false_positives[0]


def test_optional_entries_neither_reward_nor_punish() -> None:
    ann = _annotation(
        laws=[{"key": "spreidingswet"}, {"optional": True, "key_pattern": "opvangrichtlijn"}]
    )
    with_opt = score_items(ann, {"laws": [{"key": "spreidingswet"}, {"key": "eu-opvangrichtlijn"}]})
    without = score_items(ann, {"laws": [{"key": "spreidingswet"}]})
    assert (with_opt.kinds["laws"].fp, with_opt.kinds["laws"].fn) == (0, 0)
    assert (without.kinds["laws"].fp, without.kinds["laws"].fn) == (0, 0)


def test_attribute_wildcards_and_alternatives() -> None:
    assert attribute_matches("*", "anything")
    assert attribute_matches({"any_of": [None, "pvv"]}, None)
    assert attribute_matches({"any_of": [None, "pvv"]}, "pvv")
    assert not attribute_matches({"any_of": [None, "pvv"]}, "bbb")
    assert attribute_matches(["b", "a"], ["a", "b"])
    assert attribute_matches({"any_of": [[], ["dittrich"]]}, [])


def test_alt_keys_name_the_same_thing() -> None:
    ann = _annotation(laws=[{"key": "huisvestingswet-2014", "alt_keys": ["BWBR0035303"]}])
    k = score_items(ann, {"laws": [{"key": "BWBR0035303"}]}).kinds["laws"]
    assert (k.tp, k.fp, k.fn) == (1, 0, 0)


def test_unnumbered_commitments_match_by_title_and_carry_their_reports() -> None:
    ann = _annotation(
        commitments=[
            {
                "key": "T03853",
                "requesters": ["van-der-goot-a-sj"],
                "parties": ["opnl"],
                "titles": ["Periodiek overzicht ontwikkeling kleinschalige opvang"],
            },
            {
                "key": "T03848",
                "requesters": ["van-der-goot-a-sj"],
                "parties": ["opnl"],
                "titles": ["Geld Nieuw-Weerdinge naar de provincie"],
            },
        ],
        reports=[{"target": "T03853", "document": "letter-x", "count": 1}],
    )
    predicted = {
        "commitments": [
            {
                "key": "nodossier-periodiek-overzicht-kleinschalige-opvang",
                "title": "een periodiek overzicht van de ontwikkeling van kleinschalige opvang",
                "requesters": ["van-der-goot-a-sj"],
                "parties": ["opnl"],
            },
            {
                "key": "T03848",
                "title": "",
                "requesters": ["van-der-goot-a-sj"],
                "parties": ["opnl"],
            },
        ],
        "reports": [
            {
                "target": "nodossier-periodiek-overzicht-kleinschalige-opvang",
                "document": "letter-x",
                "count": 1,
            }
        ],
    }
    result = score_items(ann, predicted)
    assert (result.kinds["commitments"].tp, result.kinds["commitments"].fp) == (2, 0)
    assert (result.kinds["reports"].tp, result.kinds["reports"].fn) == (1, 0)


def test_unrelated_unnumbered_commitment_is_not_matched() -> None:
    ann = _annotation(
        commitments=[
            {
                "key": "T03848",
                "requesters": [],
                "parties": [],
                "titles": ["Geld Nieuw-Weerdinge naar de provincie"],
            }
        ]
    )
    predicted = {
        "commitments": [
            {
                "key": "nodossier-binnengrenscontroles",
                "requesters": [],
                "parties": [],
                "title": "resultaten van de binnengrenscontroles",
            }
        ]
    }
    k = score_items(ann, predicted).kinds["commitments"]
    assert (k.tp, k.fp, k.fn) == (0, 1, 1)


def test_a_T_number_is_never_matched_fuzzily() -> None:
    ann = _annotation(
        commitments=[
            {
                "key": "T03853",
                "requesters": [],
                "parties": [],
                "titles": ["Periodiek overzicht kleinschalige opvang"],
            }
        ]
    )
    predicted = {
        "commitments": [
            {
                "key": "T03858",
                "requesters": [],
                "parties": [],
                "title": "Periodiek overzicht kleinschalige opvang",
            }
        ]
    }
    k = score_items(ann, predicted).kinds["commitments"]
    assert (k.tp, k.fp, k.fn) == (0, 1, 1)


def test_report_counts_are_distinct_passages() -> None:
    ann = _annotation(reports=[{"target": "T03853", "document": "letter-x", "count": 1}])
    twice = {"reports": [{"target": "T03853", "document": "letter-x", "count": 2}]}
    k = score_items(ann, twice).kinds["reports"]
    assert (k.tp, k.fp, k.fn) == (0, 1, 1)


def test_title_similarity_is_symmetric_and_bounded() -> None:
    a, b = "Geld Nieuw-Weerdinge naar de provincie", "het geld voor Nieuw-Weerdinge"
    assert title_similarity(a, b) == title_similarity(b, a)
    assert 0.0 < title_similarity(a, b) <= 1.0
    assert title_similarity(a, a) == 1.0
    assert title_similarity(a, "") == 0.0


def test_items_from_extraction_reduces_records() -> None:
    doc = Document(
        Ref("document", "letter-2025-03-14-1234567"),
        kind="Letter",
        date=date(2025, 3, 14),
        chamber="EK",
        cites=[Ref("law", "spreidingswet"), Ref("document", "kst-36600-XX-B")],
    )
    extraction = Extraction(
        source=Path("x.txt"),
        text="",
        records=[
            doc,
            Person(Ref("person", "janssen"), name="Janssen", party=Ref("party", "sp")),
            Person(Ref("person", "janssen"), name="Janssen", party=Ref("party", "sp")),
            Party(Ref("party", "sp"), pref_label="SP"),
            Commitment(
                Ref("commitment", "T03987"),
                identifier="T03987",
                title="persbericht",
                requested_by=[Ref("person", "janssen")],
                requested_by_party=[Ref("party", "sp")],
            ),
            Report(
                reports_on=Ref("commitment", "T03987"),
                in_document=doc.ref,
                ref=Ref("report", "letter-2025-03-14-1234567/report/1"),
            ),
            Report(
                reports_on=Ref("commitment", "T03987"),
                in_document=doc.ref,
                ref=Ref("report", "letter-2025-03-14-1234567/report/2"),
            ),
            Motion(
                Ref("motion", "36333-I"),
                identifier="36333-I",
                submitters=[Ref("person", "perin-gopie")],
            ),
            Law(Ref("law", "spreidingswet"), title="Spreidingswet"),
            Question(
                Ref("question", "letter-2025-03-14-1234567/question/1"),
                document=doc.ref,
                position=1,
                asked_by=Ref("party", "sp"),
            ),
        ],
    )
    items = items_from_extraction(extraction)
    assert items["documents"] == [
        {
            "key": "letter-2025-03-14-1234567",
            "kind": "Letter",
            "date": "2025-03-14",
            "chamber": "EK",
            "dossier": None,
            "paper": None,
            "date_kind": None,
            "session_year": None,
            "is_source": False,
        }
    ]
    assert items["motions"] == [
        {"key": "36333-I", "submitters": ["perin-gopie"], "status": [], "date": None}
    ]
    assert items["persons"] == [{"key": "janssen", "party": "sp"}]
    assert items["reports"] == [
        {"target": "T03987", "document": "letter-2025-03-14-1234567", "count": 2}
    ]
    assert {c["cited"] for c in items["citations"]} == {
        "law:spreidingswet",
        "document:kst-36600-XX-B",
    }
    assert items["questions"] == [{"key": "letter-2025-03-14-1234567/question/1", "party": "sp"}]


def test_restated_copies_of_questions_are_not_counted_twice() -> None:
    reply, committee = "letter-2025-01-07-x", "letter-2024-10-23-x"
    copy = Question(Ref("question", f"{committee}/question/1"), asked_by=Ref("party", "d66"))
    linked = Question(
        Ref("question", f"{reply}/question/1"),
        asked_by=Ref("party", "d66"),
        restates=copy.ref,
    )
    unlinked = Question(Ref("question", f"{committee}/question/2"), asked_by=Ref("party", "d66"))
    items = items_from_extraction(
        Extraction(source=Path("x.txt"), text="", records=[copy, linked, unlinked])
    )
    assert [q["key"] for q in items["questions"]] == [
        f"{reply}/question/1",
        f"{committee}/question/2",
    ]


def test_render_table_shows_every_kind_and_the_errors() -> None:
    ann = _annotation(persons=[{"key": "janssen", "party": "sp"}])
    result = score_items(ann, {"persons": [{"key": "jansen", "party": "sp"}]})
    table = render_table([result])
    for kind in KINDS:
        assert kind in table
    assert "persons FP (1)" in table and "jansen" in table
    assert "persons FN (1)" in table


def test_annotation_counts_table(annotations: dict[str, Annotation]) -> None:
    text = annotation_counts(annotations)
    assert "questions" in text and "(required+optional)" in text
    assert json.dumps(sorted(annotations))  # the five names serialise


def test_facts_in_a_source_are_scored_under_its_annotated_key() -> None:
    """A misread source key costs one document, not every citation and question it holds."""
    from tests.scoring import Annotation, score_items

    gold = Annotation(
        source="x.txt",
        document="letter-undated-moties",
        entries={
            **{kind: [] for kind in KINDS},
            "documents": [{"key": "letter-undated-moties", "kind": "Letter"}],
            "citations": [{"citing": "letter-undated-moties", "cited": "law:spreidingswet"}],
            "questions": [{"key": "letter-undated-moties/question/1", "party": None}],
        },
    )
    predicted = {
        "documents": [{"key": "letter-undated-brief", "kind": "Letter", "is_source": True}],
        "citations": [{"citing": "letter-undated-brief", "cited": "law:spreidingswet"}],
        "questions": [{"key": "letter-undated-brief/question/1", "party": None}],
    }
    score = score_items(gold, predicted)
    assert (score.kinds["documents"].tp, score.kinds["documents"].fp) == (0, 1)
    assert score.kinds["citations"].tp == 1 and score.kinds["questions"].tp == 1
