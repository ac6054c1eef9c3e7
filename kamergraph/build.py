"""Records -> RDF: the only writer of triples.

`describe(record)` gives the triples that state a record's facts; `describe_mentions` gives the
`kg:Mention` annotations tying each record to its words. Where triples end up (which named
graph) is `pipeline.py`'s business, so the same description serves a per-document build.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date

from rdflib import Literal, URIRef

from kamergraph import records as r
from kamergraph.identifier_forms import IdentifierForm, document_forms, dossier_forms, motion_forms
from kamergraph.iris import identifier_iri, mention_iri, mint, promise_iri
from kamergraph.rdf_terms import (
    ADMS,
    CITO,
    DCTERMS,
    ELI,
    FOAF,
    KG,
    OA,
    ORG,
    PROV,
    RDF,
    RDFS,
    SCHEMA,
    SKOS,
    TIME,
    Triple,
    date_literal,
    many,
    optional,
    string_literal,
)

_ROLE = {
    "senator": KG.senator,
    "minister": KG.minister,
    "state-secretary": KG.stateSecretary,
    "prime-minister": KG.primeMinister,
    "clerk": KG.clerk,
    "tk-member": KG.tkMember,
    "committee-chair": KG.committeeChair,
}
_STATUS = {
    "adopted": KG.adopted,
    "amended": KG.amended,
    "rejected": KG.rejected,
    "withdrawn": KG.withdrawn,
}
_CHAMBER = {"EK": KG.EersteKamer, "TK": KG.TweedeKamer}


def identifier_triples(thing: r.Ref, forms: Iterable[IdentifierForm]) -> Iterator[Triple]:
    """Each way a thing is cited as an `adms:Identifier` with its notation and scheme."""
    s = mint(thing)
    for form in forms:
        node = identifier_iri(thing, form)
        yield s, ADMS.identifier, node
        yield node, RDF.type, ADMS.Identifier
        yield node, SKOS.notation, string_literal(form.notation)
        yield node, DCTERMS.conformsTo, KG[form.scheme]
        yield node, RDFS.label, string_literal(form.notation)


def _pages(s: URIRef, pages: Iterable[str]) -> Iterator[Triple]:
    """The Senate pages the footnotes link for a thing (see `links.py`)."""
    for page in pages:
        yield s, RDFS.seeAlso, URIRef(page)


def dossier_triples(key: str | None) -> Iterator[Triple]:
    """A dossier named only by its key still gets a type and identifier."""
    if key:
        ref = r.Ref("dossier", key)
        d = mint(ref)
        yield d, RDF.type, KG.Dossier
        yield d, DCTERMS.identifier, string_literal(key)
        yield d, RDFS.label, string_literal(key.replace("-", " "))
        yield from identifier_triples(ref, dossier_forms(key))


def _dossier_link(s: URIRef, key: str | None) -> Iterator[Triple]:
    """Link a thing to its dossier, and describe the dossier so the link is never dangling."""
    if key:
        yield s, KG.dossier, mint(r.Ref("dossier", key))
        yield from dossier_triples(key)


def _document(doc: r.Document) -> Iterator[Triple]:
    s = mint(doc.ref)
    kind = doc.kind if doc.kind != "Document" or doc.is_source else "ParliamentaryPaper"
    yield s, RDF.type, KG[kind]
    yield s, RDF.type, KG.Document
    yield from optional(s, DCTERMS.title, doc.title)
    yield from optional(s, RDFS.label, doc.title or doc.identifier or doc.ref.key)
    yield from optional(s, DCTERMS.date, doc.date)
    if doc.date is not None and doc.date_inferred:
        yield s, KG.dateInferred, Literal(True)
        yield from optional(s, KG.dateInferenceReason, doc.date_reason)
    yield from many(s, DCTERMS.creator, doc.creators)
    yield from _dossier_link(s, doc.dossier)
    yield from optional(s, KG.paperNumber, doc.paper_number)
    if doc.chamber:
        yield s, KG.chamber, _CHAMBER[doc.chamber]
    yield from optional(s, KG.sessionYear, doc.session_year)
    yield from optional(s, KG.dateKind, doc.date_kind)
    yield from optional(s, KG.officialName, doc.official_name)
    # Every document answers to an identifier: the official id, else the key its IRI is minted
    # from (a query joining on dcterms:identifier must not miss the letters without a kst id).
    yield from optional(s, DCTERMS.identifier, doc.identifier or doc.ref.key)
    yield from optional(s, KG.reference, doc.reference)
    yield from many(s, CITO.cites, doc.cites)
    forms = document_forms(
        doc.dossier, doc.paper_number, doc.chamber, doc.session_year, doc.identifier
    )
    if doc.reference:
        forms.append(IdentifierForm("ministryReference", doc.reference))
    yield from identifier_triples(doc.ref, forms)
    yield from optional(s, KG.partOf, doc.part_of)
    yield from optional(s, KG.motion, doc.motion)


def source_triples(doc: r.Document, text: str, source_iri: URIRef) -> Iterator[Triple]:
    """What only a source document has: its text and the file it was derived from."""
    s = mint(doc.ref)
    yield s, KG.text, string_literal(text)
    yield s, PROV.wasDerivedFrom, source_iri


def _labelled(s: URIRef, cls: URIRef, pref: str, name: str | None, alts: list[str]):
    yield s, RDF.type, cls
    yield s, SKOS.prefLabel, string_literal(pref)
    yield s, RDFS.label, string_literal(pref)
    yield from optional(s, FOAF.name, name)
    yield from many(s, SKOS.altLabel, alts)


def _party(party: r.Party) -> Iterator[Triple]:
    yield from _labelled(mint(party.ref), KG.Party, party.pref_label, party.name, party.alt_labels)


def _organisation(o: r.Organisation) -> Iterator[Triple]:
    yield from _labelled(mint(o.ref), KG.Organisation, o.pref_label, o.name, o.alt_labels)


def _person(p: r.Person) -> Iterator[Triple]:
    s = mint(p.ref)
    yield s, RDF.type, KG.Person
    yield s, FOAF.name, string_literal(p.name)
    yield s, RDFS.label, string_literal(p.name)
    yield from optional(s, FOAF.familyName, p.family_name)
    for role in p.roles:
        yield s, KG.role, _ROLE[role]
    if p.party is not None:
        party = mint(p.party)
        membership = URIRef(f"{s}/membership/{p.party.key}")
        yield s, KG.party, party
        yield membership, RDF.type, ORG.Membership
        yield membership, ORG.member, s
        yield membership, ORG.organization, party
        yield membership, RDFS.label, string_literal(f"Fractielidmaatschap van {p.name}")
    yield from _pages(s, p.pages)


_SEAT = {"ek": ("Eerste Kamer", KG.EersteKamer), "tk": ("Tweede Kamer", KG.TweedeKamer)}


def _membership(m: r.Membership) -> Iterator[Triple]:
    """A curated seat: `org:memberDuring` an OWL-Time interval with its known bounds."""
    s = mint(m.ref)
    body, chamber = _SEAT.get(m.body, ("kabinet", None))
    yield s, RDF.type, ORG.Membership
    yield s, ORG.member, mint(m.person)
    yield s, ORG.organization, mint(m.party)
    yield s, RDFS.label, string_literal(f"{body} ({m.party_label}), {_bounds(m)}")
    if chamber is not None:
        yield s, KG.chamber, chamber
    period = URIRef(f"{s}/period")
    yield s, ORG.memberDuring, period
    yield period, RDF.type, TIME.Interval
    yield from _bounded(period, URIRef(f"{period}/start"), m.start, URIRef(f"{period}/end"), m.end)


def _bounds(m: r.Membership) -> str:
    start = m.start.isoformat() if m.start else "?"
    return f"{start} – {m.end.isoformat() if m.end else ''}".rstrip()


def _motion(m: r.Motion) -> Iterator[Triple]:
    s = mint(m.ref)
    yield s, RDF.type, KG.Motion
    yield s, DCTERMS.identifier, string_literal(m.identifier)
    yield (
        s,
        RDFS.label,
        string_literal(f"Motie {m.identifier}" + (f": {m.title}" if m.title else "")),
    )
    yield from optional(s, DCTERMS.title, m.title)
    yield from _dossier_link(s, m.dossier)
    yield from many(s, KG.submitter, m.submitters)
    yield from optional(s, DCTERMS.date, m.date)
    yield from many(s, KG.consideration, m.considerations)
    yield from optional(s, KG.request, m.request)
    yield from many(s, KG.votedForBy, m.voted_for)
    yield from many(s, KG.votedAgainstBy, m.voted_against)
    for status in m.status:
        yield s, KG.status, _STATUS[status]
    yield from identifier_triples(m.ref, motion_forms(m.identifier))
    yield from _pages(s, m.pages)


def _commitment(c: r.Commitment) -> Iterator[Triple]:
    s = mint(c.ref)
    yield s, RDF.type, KG.Commitment
    yield from optional(s, DCTERMS.identifier, c.identifier)
    yield s, DCTERMS.title, string_literal(c.title)
    yield s, RDFS.label, string_literal(f"{c.identifier} {c.title}" if c.identifier else c.title)
    yield from many(s, KG.requestedBy, c.requested_by)
    yield from many(s, KG.requestedByParty, c.requested_by_party)
    yield from _dossier_link(s, c.dossier)
    yield from optional(s, KG.madeOn, c.made_on)
    if c.made_on is not None and c.made_on_inferred:
        yield s, KG.dateInferred, Literal(True)
    yield from optional(s, KG.debate, c.debate)
    yield from optional(s, KG.madeBy, c.made_by)
    yield from _pages(s, c.pages)
    if c.registered_status:
        yield s, KG.registeredStatus, KG[c.registered_status]
    yield from optional(s, KG.registeredDeadline, c.registered_deadline)
    if c.identifier:
        yield from identifier_triples(c.ref, [IdentifierForm("tNumber", c.identifier)])


def _law(law: r.Law) -> Iterator[Triple]:
    s = mint(law.ref)
    yield s, RDF.type, KG.Law
    yield s, DCTERMS.title, string_literal(law.title)
    yield s, RDFS.label, string_literal(law.title)
    yield from many(s, SKOS.altLabel, law.alt_labels)
    yield from _dossier_link(s, law.dossier)
    yield from optional(s, ELI.id_local, law.bwb_id)
    if law.bwb_id:
        yield from identifier_triples(law.ref, [IdentifierForm("bwbId", law.bwb_id)])
    yield from many(s, KG.article, law.articles)


def _dossier(d: r.Dossier) -> Iterator[Triple]:
    yield from dossier_triples(d.identifier or d.ref.key)
    yield from optional(mint(d.ref), DCTERMS.title, d.title)


def _question(q: r.Question) -> Iterator[Triple]:
    s = mint(q.ref)
    yield s, RDF.type, KG.Question
    yield s, SCHEMA.text, string_literal(q.text)
    yield s, SCHEMA.isPartOf, mint(q.document)
    yield s, KG.position, Literal(q.position)
    yield s, RDFS.label, string_literal(f"Vraag {q.position}")
    yield from optional(s, KG.askedBy, q.asked_by)
    yield from optional(s, SCHEMA.acceptedAnswer, q.answer)
    yield from optional(s, KG.restates, q.restates)


def _answer(a: r.Answer) -> Iterator[Triple]:
    s = mint(a.ref)
    yield s, RDF.type, KG.Answer
    yield s, SCHEMA.text, string_literal(a.text)
    yield s, SCHEMA.isPartOf, mint(a.document)
    yield s, KG.position, Literal(a.position)
    yield s, RDFS.label, string_literal(f"Antwoord {a.position}")
    yield from many(s, KG.sameTextAs, a.same_text_as)


def _report(rep: r.Report) -> Iterator[Triple]:
    s = mint(rep.ref)
    yield s, RDF.type, KG.Report
    yield s, KG.reportsOn, mint(rep.reports_on)
    yield s, KG.inDocument, mint(rep.in_document)
    yield from optional(s, DCTERMS.date, rep.date)
    yield s, KG.statusText, string_literal(rep.status_text)
    if rep.status:
        yield s, KG.reportedStatus, KG[rep.status]
    yield from optional(s, KG.statusEvidence, rep.status_evidence)
    yield from _promise(rep)
    when = f" ({rep.date.isoformat()})" if rep.date else ""
    yield (
        s,
        RDFS.label,
        string_literal(f"Bericht over {rep.reports_on.key} in {rep.in_document.key}{when}"),
    )


def _promise(rep: r.Report) -> Iterator[Triple]:
    """A promised time as an OWL-Time interval, with its last day and its words."""
    if rep.promised is None:
        return
    s, interval = mint(rep.ref), promise_iri(rep.ref)
    yield s, KG.promisedDate, date_literal(rep.promised[1])
    yield s, KG.promisedText, string_literal(rep.promised_text)
    if rep.promised_year_inferred:
        yield s, KG.promisedYearInferred, Literal(True)
    yield s, KG.promisedInterval, interval
    yield interval, RDF.type, TIME.ProperInterval
    yield interval, RDFS.label, string_literal(rep.promised_text)
    begin, end = promise_iri(rep.ref, "begin"), promise_iri(rep.ref, "end")
    yield from _bounded(interval, begin, rep.promised[0], end, rep.promised[1])


def _bounded(
    interval: URIRef, begin: URIRef, first: date | None, end: URIRef, last: date | None
) -> Iterator[Triple]:
    """An OWL-Time interval's known first and last days, each an instant with its date."""
    for link, instant, day in ((TIME.hasBeginning, begin, first), (TIME.hasEnd, end, last)):
        if day is not None:
            yield interval, link, instant
            yield instant, RDF.type, TIME.Instant
            yield instant, TIME.inXSDDate, date_literal(day)


def _observation(o: r.Observation) -> Iterator[Triple]:
    s = mint(o.ref)
    yield s, RDF.type, KG.Observation
    yield s, KG.inDocument, mint(o.in_document)
    yield s, DCTERMS.description, string_literal(o.subject)
    yield s, RDFS.label, string_literal(o.subject)
    yield s, SCHEMA.value, Literal(o.value)
    yield s, SCHEMA.unitText, string_literal(o.unit)
    yield from optional(s, SCHEMA.observationDate, o.date)
    if o.date is not None and o.date_inferred:
        yield s, KG.dateInferred, Literal(True)


_DESCRIBERS: dict[type, Callable[..., Iterator[Triple]]] = {
    r.Document: _document,
    r.Dossier: _dossier,
    r.Party: _party,
    r.Organisation: _organisation,
    r.Person: _person,
    r.Membership: _membership,
    r.Motion: _motion,
    r.Commitment: _commitment,
    r.Law: _law,
    r.Question: _question,
    r.Answer: _answer,
    r.Report: _report,
    r.Observation: _observation,
}


def describe(record: r.Record) -> Iterator[Triple]:
    """The triples stating one record's facts."""
    return _DESCRIBERS[type(record)](record)


def describe_mentions(record: r.Record, document: r.Ref, text: str) -> Iterator[Triple]:
    """One `kg:Mention` per span: the record's words at their offsets, quoted exactly."""
    body = mint(record.ref)
    source = mint(document)
    for span in record.spans:
        m = mention_iri(document, record.ref, span)
        target, position, quote = URIRef(f"{m}#target"), URIRef(f"{m}#pos"), URIRef(f"{m}#quote")
        exact = text[span.start : span.end]
        yield m, RDF.type, KG.Mention
        quoted = " ".join(exact.split())
        yield (
            m,
            RDFS.label,
            string_literal(f"“{quoted}” in {document.key} ({span.start}–{span.end})"),
        )
        yield m, OA.hasBody, body
        yield m, OA.hasTarget, target
        yield target, OA.hasSource, source
        yield target, OA.hasSelector, position
        yield target, OA.hasSelector, quote
        yield position, RDF.type, OA.TextPositionSelector
        yield position, OA.start, Literal(span.start)
        yield position, OA.end, Literal(span.end)
        yield quote, RDF.type, OA.TextQuoteSelector
        yield quote, OA.exact, string_literal(exact)


__all__ = ["Triple", "describe", "describe_mentions", "source_triples"]
