"""Score an extraction against hand-made annotations (the gold standard).

Why this exists: the extractor is written by someone else, and the only honest way to know whether
it reads the five seed documents the way a careful parliamentary researcher does is to compare its
records with an independent reading. The annotations in ``tests/annotations/`` were made from the
source texts alone, without looking at the extractor or the curated reference data.

Annotation file format
======================
One JSON file per source, named after the source's stem (``000_c0a24f6b65b225cd.json``)::

    {
      "source": "000_c0a24f6b65b225cd.txt",
      "document": "kst-36800-XX-A",          # the key of the source's own (main) document
      "notes": ["free text: doubts, traps, readings"],
      "documents":   [{"key", "kind", "date", "chamber", "dossier", "paper"}],
      "persons":     [{"key", "party"}],
      "parties":     [{"key"}],
      "commitments": [{"key", "requesters", "parties", "titles"}],
      "reports":     [{"target", "document", "count"}],
      "motions":     [{"key", "submitters"}],
      "laws":        [{"key"}],
      "citations":   [{"citing", "cited"}],   # cited: "document:KEY", "dossier:KEY", "law:KEY"
      "questions":   [{"key", "party"}]
    }

Every entry may also carry:

- ``"evidence": [{"line": n, "text": "exact words"}]`` -- where a human can check the reading
  (1-based line in the raw source file). Not used for scoring.
- ``"optional": true`` -- a defensible reading that is not required: extracting it is not a false
  positive, missing it is not a false negative (e.g. the paper twin of a motion, a report in an
  internal nota that only lists the topics of its letter).
- ``"alt_keys"`` (any kind) / ``"alt_cited"`` (citations): other keys that denote the same thing
  (a BWB id besides a slug).
- ``"key_pattern"`` / ``"cited_pattern"``: a regular expression (``re.search``) instead of a fixed
  key, only sensible on optional entries ("any law whose key mentions 'opvangrichtlijn'").

Identity fields (``key``; ``target`` + ``document`` for reports; ``citing`` + ``cited`` for
citations) must match; the other fields are attributes. An attribute value in an annotation is
either a plain value (lists compare as sorted lists), ``"*"`` (anything: the text does not decide
it) or ``{"any_of": [v1, v2]}`` (each of these readings is right; used where the text leaves a
value unstated and curated reference data may legitimately supply it, e.g. a minister's party).
An identity field may also be ``"*"``.

Matching
========
Exact key match, per source, per kind. Two deliberate exceptions:

- Commitments named only by title have slug keys that two careful people will not spell alike. An
  extracted commitment whose key matches no annotated key and is not a T-number is matched to the
  annotated commitment with the most similar title (token Dice coefficient; requesters, if both
  sides name some, must overlap). The same works when the source gives no T-number but the
  annotator knows it from another source (002's unnumbered T03853).
- Reports are compared per (target, document) with the number of distinct passages as attribute;
  report targets are renamed through the commitment matches above.

Questions that another question ``restates`` (the committee letter's unnumbered copies of the
questions the reply numbers, in 004) are the same question printed earlier: they are left out of
the count rather than counted twice. Unlinked copies are false positives.

An extracted item whose identity matches a required entry but whose attributes do not is a false
positive *and* leaves the entry a false negative: a wrong party on the right person is an error.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kamergraph.records import (
    Commitment,
    Document,
    Extraction,
    Law,
    Motion,
    Party,
    Person,
    Question,
    Report,
)

KINDS: tuple[str, ...] = (
    "documents",
    "persons",
    "parties",
    "commitments",
    "reports",
    "motions",
    "laws",
    "citations",
    "questions",
)

#: Fields that identify an item; everything else in an entry (bar bookkeeping) is an attribute.
IDENTITY: dict[str, tuple[str, ...]] = {
    "reports": ("target", "document"),
    "citations": ("citing", "cited"),
}
ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "documents": ("kind", "date", "date_kind", "chamber", "dossier", "paper", "session_year"),
    "persons": ("party",),
    "parties": (),
    "commitments": ("requesters", "parties"),
    "reports": ("count",),
    "motions": ("submitters", "status", "date"),
    "laws": (),
    "citations": (),
    "questions": ("party",),
}
T_NUMBER = re.compile(r"^T\d{5}$")
ANY = "*"

Item = dict[str, Any]


def identity_fields(kind: str) -> tuple[str, ...]:
    """The fields that name an item of this kind (``key`` unless the kind is a relation)."""
    return IDENTITY.get(kind, ("key",))


# --------------------------------------------------------------------------- annotations


@dataclass
class Annotation:
    """The gold standard for one source file."""

    source: str
    document: str
    entries: dict[str, list[Item]]
    notes: list[str] = field(default_factory=list)

    def required(self, kind: str) -> list[Item]:
        return [e for e in self.entries.get(kind, []) if not e.get("optional")]

    def optional(self, kind: str) -> list[Item]:
        return [e for e in self.entries.get(kind, []) if e.get("optional")]


def load_annotation(path: Path) -> Annotation:
    """Read one annotation file (format in the module docstring)."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    entries = {kind: list(raw.get(kind, [])) for kind in KINDS}
    return Annotation(
        source=raw["source"],
        document=raw.get("document", ""),
        entries=entries,
        notes=list(raw.get("notes", [])),
    )


def load_annotations(directory: Path) -> dict[str, Annotation]:
    """All annotation files of a directory, keyed by source file name (``000_....txt``)."""
    result: dict[str, Annotation] = {}
    for path in sorted(directory.glob("*.json")):
        annotation = load_annotation(path)
        result[annotation.source] = annotation
    return result


# --------------------------------------------------------------------------- extraction -> items


def items_from_extraction(extraction: Extraction) -> dict[str, list[Item]]:
    """Reduce an extraction to the same comparable items the annotations list.

    Duplicates collapse (two Person records for one senator with one party are one item), because
    the graph is a set: what counts is what a researcher's query would return.
    """
    out: dict[str, list[Item]] = {kind: [] for kind in KINDS}
    docs = extraction.of_type(Document)
    for d in docs:
        out["documents"].append(
            {
                "key": d.ref.key,
                "kind": d.kind,
                "date": d.date.isoformat() if d.date else None,
                "chamber": d.chamber,
                "dossier": d.dossier,
                "paper": d.paper_number,
                "date_kind": d.date_kind,
                "session_year": d.session_year,
                "is_source": d.is_source,
            }
        )
        for ref in d.cites:
            out["citations"].append({"citing": d.ref.key, "cited": f"{ref.kind}:{ref.key}"})
    for p in extraction.of_type(Person):
        out["persons"].append({"key": p.ref.key, "party": p.party.key if p.party else None})
    for party in extraction.of_type(Party):
        out["parties"].append({"key": party.ref.key})
    for c in extraction.of_type(Commitment):
        out["commitments"].append(
            {
                "key": c.ref.key,
                "requesters": sorted({r.key for r in c.requested_by}),
                "parties": sorted({r.key for r in c.requested_by_party}),
                "title": c.title,
            }
        )
    counts: Counter[tuple[str, str]] = Counter(
        (r.reports_on.key, r.in_document.key) for r in extraction.of_type(Report)
    )
    for (target, document), n in sorted(counts.items()):
        out["reports"].append({"target": target, "document": document, "count": n})
    for m in extraction.of_type(Motion):
        out["motions"].append(
            {
                "key": m.ref.key,
                "submitters": sorted({s.key for s in m.submitters}),
                "status": sorted(m.status),
                "date": m.date.isoformat() if m.date else None,
            }
        )
    for law in extraction.of_type(Law):
        out["laws"].append({"key": law.ref.key})
    questions = extraction.of_type(Question)
    restated = {q.restates.key for q in questions if q.restates is not None}
    for q in questions:
        if q.ref.key in restated:
            continue  # an earlier printing of a counted question (committee letter), linked to it
        out["questions"].append({"key": q.ref.key, "party": q.asked_by.key if q.asked_by else None})
    return {kind: _dedupe(items) for kind, items in out.items()}


def _freeze(value: Any) -> Any:
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _freeze(v)) for k, v in value.items()))
    return value


def _dedupe(items: Iterable[Item]) -> list[Item]:
    seen: set[Any] = set()
    result = []
    for item in items:
        frozen = _freeze(item)
        if frozen not in seen:
            seen.add(frozen)
            result.append(item)
    return result


# --------------------------------------------------------------------------- matching primitives


def _norm_list(value: Any) -> Any:
    return sorted(value) if isinstance(value, list) else value


def attribute_matches(gold: Any, predicted: Any) -> bool:
    """Does an extracted attribute value satisfy the annotated one (``*``, ``any_of`` or exact)?"""
    if gold == ANY:
        return True
    if isinstance(gold, dict) and "any_of" in gold:
        return any(attribute_matches(option, predicted) for option in gold["any_of"])
    return _norm_list(gold) == _norm_list(predicted)


_INITIAL_PART = re.compile(r"^[a-z]{1,2}$")


def family_slug(person_key: str) -> str:
    """The family-name part of a person key: "backer-j-p" -> "backer", "van-der-goot-a-sj" ->
    "van-der-goot" (trailing parts of one or two letters are initials)."""
    parts = person_key.split("-")
    while len(parts) > 1 and _INITIAL_PART.match(parts[-1]):
        parts.pop()
    return "-".join(parts)


def person_keys_match(gold: str, predicted: str) -> bool:
    """Same key, or the same family name where one side has no initials (the text or the
    registry gave none): "backer" names the same senator as "backer-j-p"."""
    if gold == predicted:
        return True
    if family_slug(gold) != family_slug(predicted):
        return False
    return family_slug(gold) in (gold, predicted)


def identity_matches(kind: str, gold: Item, predicted: Item) -> bool:
    """Do the identity fields of an extracted item name the annotated thing?"""
    for name in identity_fields(kind):
        value = predicted.get(name)
        pattern = gold.get(f"{name}_pattern")
        if pattern is not None:
            if value is None or not re.search(pattern, str(value)):
                return False
            continue
        wanted = gold.get(name)
        alternatives = gold.get("alt_keys" if name == "key" else f"alt_{name}", [])
        if wanted == ANY:
            continue
        if kind == "persons" and name == "key" and isinstance(value, str):
            if any(person_keys_match(k, value) for k in [wanted, *alternatives]):
                continue
            return False
        if value != wanted and value not in alternatives:
            return False
    return True


def _same_people(gold: Any, predicted: Any) -> bool:
    """Lists of person keys that match pairwise (see person_keys_match)."""
    if gold == ANY:
        return True
    if isinstance(gold, dict) and "any_of" in gold:
        return any(_same_people(option, predicted) for option in gold["any_of"])
    if not isinstance(gold, list) or not isinstance(predicted, list) or len(gold) != len(predicted):
        return attribute_matches(gold, predicted)
    left = list(predicted)
    for g in gold:
        hit = next((p for p in left if person_keys_match(g, p)), None)
        if hit is None:
            return False
        left.remove(hit)
    return True


_PERSON_LISTS = {("motions", "submitters"), ("commitments", "requesters")}


def attributes_match(kind: str, gold: Item, predicted: Item) -> bool:
    return all(
        _same_people(gold[name], predicted.get(name))
        if (kind, name) in _PERSON_LISTS
        else attribute_matches(gold[name], predicted.get(name))
        for name in ATTRIBUTES[kind]
        if name in gold
    )


_STOPWORDS = """de het een en van in op over naar aan om te dat die dit voor met zijn is wordt
worden kan zal niet uw ook bij als of er door tot uit welke wie zich zoals mede hun haar deze"""
STOPWORDS = frozenset(_STOPWORDS.split())


def title_tokens(text: str) -> set[str]:
    """Content words of a title, cut to 7 letters so that inflections still meet."""
    words = re.findall(r"[a-zà-ÿ0-9]+", text.lower())
    return {w[:7] for w in words if len(w) > 2 and w not in STOPWORDS}


def title_similarity(a: str, b: str) -> float:
    """Dice coefficient of content words: 1.0 for the same title, 0.0 for nothing in common."""
    ta, tb = title_tokens(a), title_tokens(b)
    if not ta or not tb:
        return 0.0
    return 2 * len(ta & tb) / (len(ta) + len(tb))


#: Below this similarity an unnumbered commitment is not the annotated one.
TITLE_THRESHOLD = 0.35


def _requesters_compatible(gold: Item, predicted: Item) -> bool:
    wanted = gold.get("requesters")
    got = set(predicted.get("requesters") or [])
    if not isinstance(wanted, list) or not wanted or not got:
        return True
    return bool(set(wanted) & got)


def align_commitments(gold: Sequence[Item], predicted: list[Item]) -> dict[str, str]:
    """Rename extracted unnumbered commitments to the annotated key they fuzzily match.

    Returns the renaming (extracted key -> annotated key) so that reports can follow it. Keys that
    already match an annotation, and T-numbers (which are never fuzzy), are left alone.
    """
    renaming: dict[str, str] = {}
    exact = {
        p["key"] for p in predicted if any(identity_matches("commitments", g, p) for g in gold)
    }
    taken = {
        g.get("key") for g in gold if any(identity_matches("commitments", g, p) for p in predicted)
    }
    candidates = [p for p in predicted if p["key"] not in exact and not T_NUMBER.match(p["key"])]
    scored: list[tuple[float, int, int]] = []
    for pi, p in enumerate(candidates):
        for gi, g in enumerate(gold):
            if g.get("key") in taken or "key" not in g:
                continue
            titles = list(g.get("titles", []))
            best = max((title_similarity(p.get("title") or "", t) for t in titles), default=0.0)
            best = max(
                best, title_similarity(p["key"].replace("-", " "), g["key"].replace("-", " "))
            )
            if best >= TITLE_THRESHOLD and _requesters_compatible(g, p):
                scored.append((best, pi, gi))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for _score, pi, gi in sorted(scored, reverse=True):
        if pi in used_p or gi in used_g:
            continue
        used_p.add(pi)
        used_g.add(gi)
        old = candidates[pi]["key"]
        renaming[old] = gold[gi]["key"]
        candidates[pi]["key"] = gold[gi]["key"]
    return renaming


# --------------------------------------------------------------------------- scores


@dataclass
class KindScore:
    """True/false positives and false negatives of one kind, with the items behind them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    false_negatives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        """Share of extracted items that are right; 1.0 when nothing was extracted."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        """Share of annotated items that were found; 1.0 when nothing was annotated."""
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: KindScore, prefix: str = "") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        self.false_positives += [prefix + x for x in other.false_positives]
        self.false_negatives += [prefix + x for x in other.false_negatives]


def describe(kind: str, item: Mapping[str, Any]) -> str:
    """A one-line rendering of an item for error lists."""
    ident = " ".join(str(item.get(n, item.get(f"{n}_pattern", "?"))) for n in identity_fields(kind))
    attrs = ", ".join(
        f"{n}={_short(item[n])}" for n in ATTRIBUTES[kind] if n in item and item[n] != ANY
    )
    return f"{ident} ({attrs})" if attrs else ident


def _short(value: Any) -> str:
    if isinstance(value, dict) and "any_of" in value:
        return "|".join(_short(v) for v in value["any_of"])
    if isinstance(value, list):
        return "[" + ",".join(map(str, value)) + "]"
    return str(value)


def score_kind(kind: str, gold: Sequence[Item], predicted: Sequence[Item]) -> KindScore:
    """Compare one kind of one source (after commitment alignment)."""
    score = KindScore()
    required = [g for g in gold if not g.get("optional")]
    optional = [g for g in gold if g.get("optional")]
    used: set[int] = set()
    for p in predicted:
        hit = next(
            (
                i
                for i, g in enumerate(required)
                if i not in used and identity_matches(kind, g, p) and attributes_match(kind, g, p)
            ),
            None,
        )
        if hit is not None:
            used.add(hit)
            score.tp += 1
            continue
        if any(identity_matches(kind, g, p) for g in optional):
            continue
        score.fp += 1
        near = next((g for g in required if identity_matches(kind, g, p)), None)
        why = f"  [annotated: {describe(kind, near)}]" if near else ""
        score.false_positives.append(describe(kind, p) + why)
    for i, g in enumerate(required):
        if i not in used:
            score.fn += 1
            score.false_negatives.append(describe(kind, g))
    return score


@dataclass
class SourceScore:
    """The scores of one source, per kind."""

    source: str
    kinds: dict[str, KindScore]


def score_extraction(annotation: Annotation, extraction: Extraction) -> SourceScore:
    """Score one source's extraction against its annotation."""
    return score_items(annotation, items_from_extraction(extraction))


def score_items(annotation: Annotation, predicted: dict[str, list[Item]]) -> SourceScore:
    """Score already reduced items (lets the scorer be tested without the extractor)."""
    predicted = {kind: [dict(i) for i in predicted.get(kind, [])] for kind in KINDS}
    _align_source_document(annotation.document, predicted)
    renaming = align_commitments(annotation.entries["commitments"], predicted["commitments"])
    for report in predicted["reports"]:
        report["target"] = renaming.get(report["target"], report["target"])
    predicted["reports"] = _merge_reports(predicted["reports"])
    kinds = {kind: score_kind(kind, annotation.entries[kind], predicted[kind]) for kind in KINDS}
    return SourceScore(annotation.source, kinds)


def _align_source_document(gold_key: str, predicted: dict[str, list[Item]]) -> None:
    """Score the facts *in* a source under the annotated key of the source document.

    A source's own key is scored once, under documents; without this, a paper whose key comes
    from the manifest (the text gives none) would lose every citation, report and question it
    holds a second time when read from the text alone.
    """
    own = [d["key"] for d in predicted["documents"] if d.get("is_source")]
    if not gold_key or len(own) != 1 or own[0] == gold_key:
        return
    key = own[0]
    for c in predicted["citations"]:
        c["citing"] = gold_key if c["citing"] == key else c["citing"]
    for r in predicted["reports"]:
        r["document"] = gold_key if r["document"] == key else r["document"]
    for q in predicted["questions"]:
        if q["key"].startswith(key + "/"):
            q["key"] = gold_key + q["key"][len(key) :]


def _merge_reports(reports: list[Item]) -> list[Item]:
    merged: Counter[tuple[str, str]] = Counter()
    for r in reports:
        merged[(r["target"], r["document"])] += int(r.get("count", 1))
    return [{"target": t, "document": d, "count": n} for (t, d), n in sorted(merged.items())]


def total(scores: Iterable[SourceScore]) -> dict[str, KindScore]:
    """Sum the per-source scores per kind (micro-average)."""
    result = {kind: KindScore() for kind in KINDS}
    for s in scores:
        for kind, ks in s.kinds.items():
            result[kind].add(ks, prefix=f"{s.source[:3]}: ")
    return result


def render_table(scores: Sequence[SourceScore], details: bool = True, limit: int = 12) -> str:
    """A plain-text table per kind (totals and per source), then the errors behind the numbers."""
    sums = total(scores)
    sources = [s.source[:3] for s in scores]
    header = f"{'kind':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'rec':>6}   " + " ".join(
        f"{src:>11}" for src in sources
    )
    lines = [header, "-" * len(header)]
    for kind in KINDS:
        k = sums[kind]
        per_source = " ".join(
            f"{s.kinds[kind].tp:>3}/{s.kinds[kind].fp:>3}/{s.kinds[kind].fn:>3}" for s in scores
        )
        lines.append(
            f"{kind:<12} {k.tp:>4} {k.fp:>4} {k.fn:>4} {k.precision:>6.2f} {k.recall:>6.2f}   "
            + per_source
        )
    lines.append("(per source: TP/FP/FN)")
    if details:
        for kind in KINDS:
            k = sums[kind]
            for label, errors in (("FP", k.false_positives), ("FN", k.false_negatives)):
                if not errors:
                    continue
                lines.append(f"\n{kind} {label} ({len(errors)}):")
                lines += [f"  {e}" for e in errors[:limit]]
                if len(errors) > limit:
                    lines.append(f"  ... and {len(errors) - limit} more")
    return "\n".join(lines)


def render_totals(scores: Sequence[SourceScore], kinds: Sequence[str], title: str) -> str:
    """Totals per kind only (for corpora too wide for a column per source)."""
    sums = total(scores)
    lines = [title, f"{'kind':<12} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'rec':>6}"]
    for kind in kinds:
        k = sums[kind]
        lines.append(
            f"{kind:<12} {k.tp:>4} {k.fp:>4} {k.fn:>4} {k.precision:>6.2f} {k.recall:>6.2f}"
        )
    return "\n".join(lines)


def annotation_counts(annotations: Mapping[str, Annotation]) -> str:
    """How many required (and optional) items each annotation holds, per kind: for the report."""
    names = sorted(annotations)
    header = f"{'kind':<12} " + " ".join(f"{Path(n).stem[:6]:>8}" for n in names) + f" {'total':>7}"
    lines = [header]
    for kind in KINDS:
        req = [len(annotations[n].required(kind)) for n in names]
        opt = [len(annotations[n].optional(kind)) for n in names]
        cells = " ".join(f"{r:>4}+{o:<3}" for r, o in zip(req, opt, strict=True))
        lines.append(f"{kind:<12} {cells} {sum(req):>7}")
    lines.append("(required+optional)")
    return "\n".join(lines)
