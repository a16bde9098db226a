"""Change over time or contradiction: the claims behind ``conflicting-reports``.

For every fact whose sources disagree on an aspect, each source's claim on
that aspect is compared with every other source's claim, and called a
contradiction when no change over time explains the disagreement (the rule
of docs/queries.md). Comparing every pair is cheap here and costly in SPARQL,
so the result is written once, at load time, into the consensus graph: one
node per source and claim, named from the fact's IRI and a digest of the
article and the claim, so a recomputation writes the same quads.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from loader.consensus.claims import Claim
from loader.core.terms import nt_literal
from loader.core.vocab import NG, RDF, RDFS

Add = Callable[[str, object, object], None]

FIRST_DAY = "0001-01-01"
LAST_DAY = "9999-12-31"
POSTPONED = str(NG.Postponed)


def _closure(steps: dict[str, str]) -> dict[str, frozenset[str]]:
    return {k: frozenset(v.split()) for k, v in steps.items()}


# The statuses each status may still reach later on (closed under succession).
EVENT_REACH = _closure(
    {
        "proposed": "planned postponed held cancelled",
        "planned": "postponed held cancelled",
        "postponed": "planned held cancelled",
    }
)
PACKAGE_REACH = _closure(
    {
        "planned": "drafting proposed adopted inforce extended failed lifted expired",
        "drafting": "proposed adopted inforce extended failed lifted expired",
        "proposed": "adopted inforce extended failed lifted expired",
        "failed": "proposed adopted inforce extended lifted expired",
        "adopted": "inforce extended lifted expired",
        "inforce": "extended lifted expired",
        "extended": "inforce lifted expired",
    }
)


@dataclass(frozen=True, slots=True, order=True)
class Report:
    """One source's claim on a disputed aspect, and whether it is a change or a contradiction.

    ``claim`` is a status name, a date ("YYYY-MM-DD" or "earliest/latest" with
    ".." for an open side) or a place IRI (labelled when queried).
    """

    aspect: str
    graph: str
    claim: str
    kind: str


def status_name(status: str) -> str:
    """``ng:InForce`` → ``inforce``: the name the query prints."""
    return status.partition("#")[2].lower()


class _Rule:
    """The facts of one meeting or package that every comparison needs."""

    def __init__(self, claims: Sequence[Claim]) -> None:
        self.claims = claims
        package = any(c.package for c in claims)
        self.reach = PACKAGE_REACH if package else EVENT_REACH
        # Publication dates of the sources that report a postponement.
        self.postponed = sorted(
            c.published
            for c in claims
            if c.published is not None
            and (POSTPONED in c.statuses or any(s == POSTPONED for s, _, _ in c.changes))
        )

    def later(self, first: str | None, then: str | None) -> bool:
        """Whether ``then`` is a stage ``first`` may still reach (unknown on either side: yes)."""
        if first is None or then is None:
            return True  # the query's test fails with an error there, which explains the pair
        return status_name(then) in self.reach.get(status_name(first), frozenset())

    def postponement(self, after: str, until: str) -> bool:
        """Whether a source published in (after, until] reports a postponement."""
        return any(after < day <= until for day in self.postponed)

    def moved(self, a: Claim, cs: str | None, o: Claim, os: str | None) -> bool:
        """A date or place moved between ``a`` and ``o`` for a reason (either order)."""
        pa, po = a.published, o.published
        if pa is None or po is None:
            return False
        if pa < po:
            return self.later(cs, os) or self.postponement(pa, po)
        if po < pa:
            return self.later(os, cs) or self.postponement(po, pa)
        return False


def _distinct(claims: Sequence[Claim], *fields: str) -> list[Claim]:
    """One claim for each distinct publication day and values of ``fields``.

    A source's claim is compared with every other source's; the comparison
    reads only these, so sources that say the same on the same day need one
    comparison, not one each (a fact reported by hundreds of articles).
    """
    seen: dict[tuple[object, ...], Claim] = {}
    for c in claims:
        key = (c.published, *(frozenset(getattr(c, f)) for f in fields))
        seen.setdefault(key, c)
    return list(seen.values())


def reports(claims: Sequence[Claim]) -> list[Report]:
    """The claims of a fact's sources on every aspect they disagree on, each with its kind."""
    rule = _Rule(claims)
    found = {*_status(rule), *_dates(rule), *_places(rule)}
    return sorted(found)


def _status(rule: _Rule) -> Iterator[Report]:
    claims = rule.claims
    if len({s for c in claims for s in c.statuses}) < 2:
        return
    others = _distinct(claims, "statuses", "changes")
    verdicts: dict[tuple[object, ...], bool] = {}
    for a in claims:
        for cs in a.statuses:
            key = (a.published, frozenset(a.changes), cs)
            if key not in verdicts:
                verdicts[key] = any(
                    os != cs and not _status_explained(rule, a, cs, o, os)
                    for o in others
                    for os in o.statuses
                )
            yield Report("status", a.graph, status_name(cs), _kind(verdicts[key]))


def _status_explained(rule: _Rule, a: Claim, cs: str, o: Claim, os: str) -> bool:
    """Whether a change explains that ``a`` says ``cs`` and ``o`` says ``os``."""
    pa, po = a.published, o.published
    if pa is None or po is None:
        return False
    if (pa < po or (pa == po and _dated_before(a, cs, o, os))) and rule.later(cs, os):
        return True
    if (po < pa or (pa == po and _dated_before(o, os, a, cs))) and rule.later(os, cs):
        return True
    # A source that tells both stages: published no earlier, it lists the other's status.
    told = {s for s, _, _ in o.changes}
    if pa <= po and cs in told:
        return True
    return po <= pa and os in {s for s, _, _ in a.changes}


def _dated_before(a: Claim, cs: str, o: Claim, os: str) -> bool:
    """Whether ``a`` dates its change to ``cs`` before ``o`` dates its change to ``os``."""
    ends = [x for s, _, x in a.changes if s == cs and x is not None]
    starts = [e for s, e, _ in o.changes if s == os and e is not None]
    return any(x < e for x in ends for e in starts)


def _dates(rule: _Rule) -> Iterator[Report]:
    claims = rule.claims
    spans = [s for c in claims for s in c.spans]
    if not spans:
        return
    # An open side never conflicts: it stands for the earliest or latest day there is.
    if max(e or FIRST_DAY for e, _ in spans) <= min(x or LAST_DAY for _, x in spans):
        return
    others = _distinct(claims, "spans", "statuses")
    verdicts: dict[tuple[object, ...], bool] = {}
    for a in claims:
        for ce, cl in a.spans:
            text = ce if ce is not None and ce == cl else f"{ce or '..'}/{cl or '..'}"
            for cs in _statuses(a):
                key = (a.published, ce, cl, cs)
                if key not in verdicts:
                    verdicts[key] = any(
                        _apart(ce, cl, oe, ol)
                        and not _date_explained(rule, a, (ce, cl, cs), o, (oe, ol, os))
                        for o in others
                        for oe, ol in o.spans
                        for os in _statuses(o)
                    )
                yield Report("date", a.graph, text, _kind(verdicts[key]))


def _apart(ce: str | None, cl: str | None, oe: str | None, ol: str | None) -> bool:
    """Whether two intervals do not overlap (an open side overlaps everything)."""
    return (ce is not None and ol is not None and ce > ol) or (
        oe is not None and cl is not None and oe > cl
    )


Side = tuple[str | None, str | None, str | None]  # earliest, latest, status


def _date_explained(rule: _Rule, a: Claim, mine: Side, o: Claim, other: Side) -> bool:
    """The later-published source's interval lies after, with a later stage or a postponement."""
    (ce, cl, cs), (oe, ol, os) = mine, other
    pa, po = a.published, o.published
    if pa is None or po is None:
        return False
    if pa < po and oe is not None and cl is not None and oe > cl:
        return rule.later(cs, os) or rule.postponement(pa, po)
    if po < pa and ce is not None and ol is not None and ce > ol:
        return rule.later(os, cs) or rule.postponement(po, pa)
    return False


def _places(rule: _Rule) -> Iterator[Report]:
    claims = rule.claims
    if len({p for c in claims for p in c.places}) < 2:
        return
    others = _distinct(claims, "places", "statuses")
    verdicts: dict[tuple[object, ...], bool] = {}
    for a in claims:
        for cp in a.places:
            for cs in _statuses(a):
                key = (a.published, cp, cs)
                if key not in verdicts:
                    verdicts[key] = any(
                        opl != cp and not rule.moved(a, cs, o, os)
                        for o in others
                        for opl in o.places
                        for os in _statuses(o)
                    )
                yield Report("place", a.graph, cp, _kind(verdicts[key]))


def _statuses(c: Claim) -> list[str | None]:
    return [*sorted(c.statuses)] or [None]


def _kind(contradicted: bool) -> str:
    return "contradiction" if contradicted else "change"


# The report nodes' predicates and literals, looked up once (rdflib namespaces are slow).
_HAS_REPORT, _REPORT, _ASPECT = str(NG.hasReportedClaim), str(RDF.type), str(NG.claimAspect)
_IN, _PLACE, _TEXT = str(NG.reportedIn), str(NG.claimPlace), str(NG.claimText)
_KIND, _LABEL, _REPORTED_CLAIM = str(NG.claimKind), str(RDFS.label), str(NG.ReportedClaim)


def add_reports(node: str, claims: Sequence[Claim], add: Add) -> None:
    """The consensus triples of the fact's reports: one node per source and claim."""
    by_claim: dict[tuple[str, str, str], set[str]] = {}
    for report in reports(claims):
        key = (report.aspect, report.graph, report.claim)
        by_claim.setdefault(key, set()).add(report.kind)
    for (aspect, graph, claim), kinds in sorted(by_claim.items()):
        digest = hashlib.sha256(f"{graph}\n{claim}".encode()).hexdigest()[:16]
        r = f"{node}/report/{aspect}/{digest}"
        add(node, _HAS_REPORT, r)
        add(r, _REPORT, _REPORTED_CLAIM)
        add(r, _ASPECT, nt_literal(aspect))
        add(r, _IN, graph)
        if aspect == "place":
            add(r, _PLACE, claim)
        else:
            add(r, _TEXT, nt_literal(claim))
        for kind in sorted(kinds):
            add(r, _KIND, nt_literal(kind))
        add(r, _LABEL, nt_literal(f"{aspect} as one source reports it"))


__all__ = ["EVENT_REACH", "PACKAGE_REACH", "Report", "add_reports", "reports", "status_name"]
