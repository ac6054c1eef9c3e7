"""A commitment's or motion's current status: what the government's latest report says.

Derived, not extracted: it needs every source's reports, so it is computed over the whole data
graph after placement and kept in its own graph (`graph/derived`), which `build` and `add` both
recompute. The current status is the reported status of the latest dated report that says more
than the commitment's name (`kg:mentioned` never sets it), with the date it holds as of and
the report it comes from: the government's account, as of that letter (decision 013).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, XSD

from kamergraph.build import Triple
from kamergraph.iris import KG

_Report = tuple[str, str, URIRef, URIRef]  # date, report IRI, subject, status


def _reports(triples: Iterable[Triple]) -> Iterator[_Report]:
    """(date, report, subject, status) of every dated report with a reported status."""
    on: dict[URIRef, URIRef] = {}
    status: dict[URIRef, URIRef] = {}
    when: dict[URIRef, str] = {}
    # set tests hash in C (== is rdflib's, in Python; a namespace makes a new term per lookup)
    reports_on, reported_status, dated = {KG.reportsOn}, {KG.reportedStatus}, {DCTERMS.date}
    for s, p, o in triples:
        if p in reports_on and isinstance(o, URIRef):
            on[s] = o
        elif p in reported_status and isinstance(o, URIRef):
            status[s] = o
        elif p in dated:
            when[s] = str(o)
    for report, subject in on.items():
        if report in status and report in when and status[report] != KG.mentioned:
            yield when[report], str(report), subject, status[report]


def derived_status(triples: Iterable[Triple]) -> set[Triple]:
    """kg:status, kg:statusAsOf and kg:statusReport of every subject with a telling report."""
    latest: dict[URIRef, _Report] = {}
    for report in _reports(triples):
        subject = report[2]
        if subject not in latest or report[:2] > latest[subject][:2]:
            latest[subject] = report
    derived: set[Triple] = set()
    for subject, (when, iri, _, status) in latest.items():
        derived.add((subject, KG.status, status))
        derived.add((subject, KG.statusAsOf, Literal(when, datatype=XSD.date)))
        derived.add((subject, KG.statusReport, URIRef(iri)))
    return derived
