"""The merge rules of docs/queries.md, in one place: claims of many sources -> one fact.

(A package's measures, legal acts, target groups and validity: ``packages``.)

Every canned query that merges sources reads the result from the consensus
graph, so the rules live here only. Each merged fact is a set of direct
triples on the fact's own IRI; the nodes hanging off it (date interval,
participations, conflicts) have IRIs built from the fact's IRI, never blank
nodes, so recomputing the same claims writes the same quads.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import quote

from loader.consensus.claims import Claim
from loader.consensus.kinds import add_reports
from loader.consensus.packages import package_parts
from loader.core.terms import NtLiteral, nt_iri, nt_literal
from loader.core.vocab import MEETING_CLASSES, NG, RDF, RDFS, XSD

Add = Callable[[str, object, object], None]

FIRST_DAY = "0001-01-01"
LAST_DAY = "9999-12-31"

# Most specific first (the kind any source gives that ranks first wins).
KIND_ORDER = [
    NG.Summit,
    NG.CouncilMeeting,
    NG.NegotiationRound,
    NG.Talks,
    NG.Visit,
    NG.JointAppearance,
    NG.PressConferenceEvent,
    NG.VideoCall,
    NG.PhoneCall,
]
# Same publication day: the later stage wins (rank grows with the stage).
EVENT_STAGES = [NG.Proposed, NG.Planned, NG.Held, NG.Postponed, NG.Cancelled]
PACKAGE_STAGES = [
    NG.Planned,
    NG.Drafting,
    NG.Proposed,
    NG.Adopted,
    NG.InForce,
    NG.Extended,
    NG.Failed,
    NG.Lifted,
    NG.Expired,
]
PACKAGE_KIND_ORDER = [NG.NewPackage, NG.Renewal, NG.Extension, NG.Listing, NG.Delisting]
PRECISION_RANK = {
    str(NG.DayPrecision): 1,
    str(NG.MonthPrecision): 2,
    str(NG.SeasonPrecision): 3,
    str(NG.YearPrecision): 4,
}


@dataclass(frozen=True, slots=True)
class MergedDate:
    earliest: str | None
    latest: str | None
    precision: str  # an ng: precision IRI, or ng:ConflictPrecision


def merge_dates(dates: Sequence[tuple[str | None, str | None, str]]) -> MergedDate | None:
    """The narrowest interval consistent with every source; the span of all when they clash.

    An open side never narrows and never conflicts; precision is day when one
    day is left, interval when a source gave a free interval, else the finest
    calendar unit any source gave (months and years nest).
    """
    if not dates:
        return None
    starts = [e for e, _, _ in dates if e is not None]
    ends = [x for _, x, _ in dates if x is not None]
    max_e, min_e = max(starts, default=FIRST_DAY), min(starts, default=LAST_DAY)
    min_l, max_l = min(ends, default=LAST_DAY), max(ends, default=FIRST_DAY)
    consistent = max_e <= min_l
    earliest = (max_e if consistent else min_e) if starts else None
    latest = (min_l if consistent else max_l) if ends else None
    best = min(PRECISION_RANK.get(p, 5) for _, _, p in dates)
    if not consistent:
        precision = str(NG.ConflictPrecision)
    elif max_e == min_l:
        precision = str(NG.DayPrecision)
    elif any(p == str(NG.IntervalPrecision) for _, _, p in dates):
        precision = str(NG.IntervalPrecision)
    else:
        precision = {2: str(NG.MonthPrecision), 3: str(NG.SeasonPrecision)}.get(
            best, str(NG.YearPrecision)
        )
    return MergedDate(earliest, latest, precision)


def current_status(claims: Sequence[Claim], stages: Sequence[str]) -> str:
    """The status of the most recently published source; same day, the later stage."""
    order = {str(s): i for i, s in enumerate(stages)}

    def key(item: tuple[str | None, str]) -> tuple[str, int, str]:
        published, status = item
        return (published or "0000-00-00", order.get(status, -1), status)

    return max(((c.published, s) for c in claims for s in c.statuses), key=key)[1]


def merged_kind(claims: Sequence[Claim]) -> str:
    """The most specific meeting kind any source gives."""
    given = {k for c in claims for k in c.classes}
    return next((str(k) for k in KIND_ORDER if str(k) in given), str(NG.Meeting))


def package_kind(claims: Sequence[Claim]) -> str:
    """A new package unless a source says otherwise (then the last kind in the order)."""
    given = {k for c in claims for k in c.kinds} or {str(NG.NewPackage)}
    return [str(k) for k in PACKAGE_KIND_ORDER if str(k) in given][-1]


def _generated(text: str) -> bool:
    """Whether a label is the loader's own "Kind: names" (not one the annotator wrote)."""
    kind, sep, _ = text.partition(": ")
    return bool(sep) and kind.lower().replace(" ", "-") in MEETING_CLASSES


def label(claims: Sequence[Claim], kind: str | None = None) -> str:
    """The annotator's label when a source gives one, else one built from every participant.

    A generated label ("Talks: A, B") names one source's participants; the
    merged one names all of them, with the merged kind. Among annotators' labels:
    the one most sources give, then the latest source's.
    """
    own = Counter(lab for c in claims for lab in c.labels if not _generated(lab))
    if own or kind is None:
        counts = own or Counter(lab for c in claims for lab in c.labels)
        latest: dict[str, tuple[str, str]] = {}
        for c in claims:  # the latest source giving each label, whatever the claims' order
            for lab in c.labels:
                latest[lab] = max(latest.get(lab, ("", "")), (c.published or "", c.graph))
        return max(counts, key=lambda lab: (counts[lab], latest[lab], lab))
    names = {n for c in claims for lab in c.labels for n in lab.partition(": ")[2].split(", ")}
    word = _KIND_WORDS.get(kind, "Meeting")
    return f"{word}: {', '.join(sorted(names))}"


_KIND_WORDS = {str(c): k.replace("-", " ").capitalize() for k, c in MEETING_CLASSES.items()}


@dataclass(slots=True)
class Merged:
    """One fact merged over its sources, as N-Triples lines."""

    node: str
    lines: list[str]

    def ntriples(self) -> str:
        return "".join(sorted(set(self.lines)))


def _line(s: str, p: object, o: object) -> str:
    """One triple as an N-Triples line: IRIs given as strings, literals as ``nt_literal``."""
    term = o if isinstance(o, NtLiteral) else nt_iri(str(o))
    return f"{nt_iri(s)} {nt_iri(str(p))} {term} .\n"


def merge(node: str, claims: Sequence[Claim]) -> Merged | None:
    """The consensus triples of one meeting or package (None when no source is left)."""
    if not claims:
        return None
    out: list[str] = []

    def add(s: str, p: object, o: object) -> None:
        out.append(_line(s, p, o))

    package = any(c.package for c in claims)
    kind = None if package else merged_kind(claims)
    if package:
        # The label names the kind ("... sanctions listing"): from a source giving the merged kind.
        merged = package_kind(claims)
        named = [c for c in claims if (c.kinds or {str(NG.NewPackage)}) & {merged}]
        add(node, RDFS.label, nt_literal(label(named or claims)))
    else:
        add(node, RDFS.label, nt_literal(label(claims, kind)))
    add(node, NG.sourceCount, nt_literal(str(len({c.graph for c in claims})), str(XSD.integer)))
    _reported(node, claims, add)
    if package:
        add(node, RDF.type, NG.SanctionsPackage)
        status = current_status(claims, [str(s) for s in PACKAGE_STAGES])
        for p, values in (
            (NG.issuedBy, {i for c in claims for i in c.issuers}),
            (NG.hasTarget, {t for c in claims for t in c.targets}),
        ):
            for v in sorted(values):
                add(node, p, v)
        numbers = sorted({n for c in claims for n in c.numbers}, key=int)
        if numbers:
            add(node, NG.packageNumber, nt_literal(numbers[-1], str(XSD.integer)))
        add(node, NG.hasSanctionsKind, package_kind(claims))
        package_parts(node, claims, add)
        adopted = [d for c in claims if str(NG.Adopted) in c.statuses for d in c.dates]
        date = merge_dates(adopted or [d for c in claims for d in c.dates])
    else:
        add(node, RDF.type, kind)
        status = current_status(claims, [str(s) for s in EVENT_STAGES])
        for actor in sorted({a for c in claims for a in c.participants}):
            add(node, NG.hasParticipant, actor)
        _participations(node, claims, add)
        date = merge_dates([d for c in claims for d in c.dates])
    add(node, NG.hasStatus, status)
    places = sorted({p for c in claims for p in c.places})
    for place in places:
        add(node, NG.hasPlace, place)
    if date is not None:
        _date(node, date, add)
    disputed = []
    if _contradicted(claims):
        disputed.append("status")
    if date is not None and date.precision == str(NG.ConflictPrecision):
        disputed.append("date")
    if len(places) > 1:
        disputed.append("place")
    for aspect in disputed:
        c = f"{node}/conflict/{aspect}"
        add(node, NG.hasConflict, c)
        add(c, RDF.type, NG.Conflict)
        add(c, NG.conflictAspect, nt_literal(aspect))
        add(c, RDFS.label, nt_literal(f"sources disagree on the {aspect}"))
    add_reports(node, claims, add)  # each source's claim on a disputed aspect, with its kind
    return Merged(node, out)


def _contradicted(claims: Sequence[Claim]) -> bool:
    """Sources published the same day give different statuses (a later one is a change)."""
    by_day: dict[str, set[str]] = {}
    for c in claims:
        by_day.setdefault(c.published or "", set()).update(c.statuses)
    return any(len(statuses) > 1 for statuses in by_day.values())


def _reported(node: str, claims: Sequence[Claim], add: Add) -> None:
    """The first and last publication days of the sources: where a date window places a
    fact no source dates (never its own date: ``ng:hasDate`` stays empty)."""
    days = sorted({c.published[:10] for c in claims if c.published})
    if days:
        add(node, NG.firstReported, nt_literal(days[0], str(XSD.date)))
        add(node, NG.lastReported, nt_literal(days[-1], str(XSD.date)))


def _date(node: str, date: MergedDate, add: Add) -> None:
    d = f"{node}/date"
    add(node, NG.hasDate, d)
    add(d, RDF.type, NG.DateInterval)
    if date.earliest is not None:
        add(d, NG.earliest, nt_literal(date.earliest, str(XSD.date)))
    if date.latest is not None:
        add(d, NG.latest, nt_literal(date.latest, str(XSD.date)))
    add(d, NG.hasPrecision, date.precision)
    add(d, RDFS.label, nt_literal(f"{date.earliest or '..'} to {date.latest or '..'}"))


def _participations(node: str, claims: Sequence[Claim], add: Add) -> None:
    """Every role and side any source gives a participant, on one node per participant."""
    given = {p for c in claims for p in c.participations}
    for actor in sorted({a for a, _, _ in given}):
        part = f"{node}/participation/{quote(actor.rsplit('/', 1)[-1], safe='-._~')}"
        add(node, NG.hasParticipation, part)
        add(part, RDF.type, NG.Participation)
        add(part, NG.participant, actor)
        for _, role, side in sorted(x for x in given if x[0] == actor):
            if role:
                add(part, NG.participantRole, role)
            if side:
                add(part, NG.onSide, side)


__all__ = ["Merged", "MergedDate", "current_status", "merge", "merge_dates"]
