"""The merge rules for what sanctions packages add to meetings' (docs/queries.md).

A package's sources each describe its measures, target groups, legal act,
expected date and validity in nodes of their own article. The consensus
graph holds one merged node per distinct measure, group and act, named under
the package's IRI (``<package>/measure/...``, ``<package>/legal-act/...``,
``<package>/expected``, ``<package>/in-force-from``, ``<package>/in-force-until``),
so the canned queries read them without merging and a recomputation writes
the same quads:

- measures, target groups, legal acts, ``renews``, ``inRegime`` and
  "subsidiaries of": the union of what the sources give (a measure is the same
  when its type, count and object are; its own targets and passages are the
  union of the sources that give it);
- expected date: the interval of the most recently published source that gives
  one (the same day, the later interval): a later report moves the expectation;
- in force from: the interval with the earliest first day any source gives;
- in force until: the interval of the most recently published source that
  gives a last day (the same day, the later day): renewals push it on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from urllib.parse import quote

from rdflib import URIRef

from loader.consensus.claims import Claim, Pairs
from loader.core.terms import nt_literal
from loader.core.vocab import NG, RDF, RDFS, XSD, digest

Add = Callable[[str, object, object], None]
Interval = tuple[str | None, str | None, str]  # earliest, latest, precision IRI

_NEVER = "0000-00-00"  # a source without a publication date sorts first
_OPEN = ".........."  # an open side sorts before every day, as in the former queries


def package_parts(node: str, claims: Sequence[Claim], add: Add) -> None:
    """Add the merged measures, groups, legal acts, links and validity of one package."""
    for prop in (NG.renews, NG.inRegime, NG.targetsSubsidiariesOf):
        for target in sorted({o for _, o, _ in _linked(claims, prop)}):
            add(node, prop, target)
    _measures(node, claims, add)
    _groups(node, claims, add)
    _legal_acts(node, claims, add)
    _dates(node, claims, add)


def _linked(claims: Iterable[Claim], prop: URIRef) -> list[tuple[Claim, str, Pairs]]:
    return [(c, o, pairs) for c in claims for o, pairs in c.links.get(str(prop), ())]


def _values(pairs: Pairs) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for p, v in pairs:
        out[p].add(v)
    return out


def _merged_nodes(
    claims: Sequence[Claim], prop: URIRef, key: Callable[[dict[str, set[str]]], str | None]
) -> dict[str, dict[str, set[str]]]:
    """The linked nodes of every source, grouped by ``key``, their values united."""
    merged: dict[str, dict[str, set[str]]] = {}
    for _, _, pairs in _linked(claims, prop):
        values = _values(pairs)
        k = key(values)
        if k is None:
            continue
        into = merged.setdefault(k, defaultdict(set))
        for p, vs in values.items():
            into[p].update(vs)
    return merged


def _label_of(values: dict[str, set[str]]) -> str | None:
    labels = sorted(values.get(str(RDFS.label), ()))
    return labels[0] if labels else None


def _measures(node: str, claims: Sequence[Claim], add: Add) -> None:
    # The label is "type: count object" (rdf/sanctions.py): one measure per label.
    for lab, values in sorted(_merged_nodes(claims, NG.hasMeasure, _label_of).items()):
        kind = quote(lab.partition(":")[0], safe="-._~")
        m = f"{node}/measure/{kind}-{digest(lab, length=8)}"
        add(node, NG.hasMeasure, m)
        add(m, RDF.type, NG.Measure)
        add(m, RDFS.label, nt_literal(lab))
        _copy(m, values, add, iris=(NG.hasMeasureType, NG.measureTarget, NG.hasEvidence))
        _copy(m, values, add, texts=(NG.measureObject,))
        _copy(m, values, add, counts=(NG.measureCount,))


def _group_key(values: dict[str, set[str]]) -> str | None:
    lab = _label_of(values)
    return None if lab is None else digest(lab, *sorted(values.get(str(NG.groupOf), ())))


def _groups(node: str, claims: Sequence[Claim], add: Add) -> None:
    for key, values in sorted(_merged_nodes(claims, NG.hasTargetGroup, _group_key).items()):
        g = f"{node}/target-group/{key}"
        add(node, NG.hasTargetGroup, g)
        add(g, RDF.type, NG.TargetGroup)
        _copy(g, values, add, texts=(RDFS.label,), iris=(NG.groupOf,))
        _copy(g, values, add, counts=(NG.memberCount,))


def _legal_acts(node: str, claims: Sequence[Claim], add: Add) -> None:
    # The article's act node is one per identifier already (rdf/sanctions.legal_act_iri).
    acts: dict[str, dict[str, set[str]]] = {}
    for _, act, pairs in _linked(claims, NG.hasLegalBasis):
        into = acts.setdefault(act, defaultdict(set))
        for p, vs in _values(pairs).items():
            into[p].update(vs)
    for act, values in sorted(acts.items()):
        a = f"{node}/legal-act/{act.rsplit('/', 1)[-1]}"
        add(node, NG.hasLegalBasis, a)
        add(a, RDF.type, NG.LegalAct)
        _copy(a, values, add, texts=(RDFS.label, NG.legalIdentifier))
        for url in sorted(values.get(str(NG.legalActUrl), ())):
            add(a, NG.legalActUrl, nt_literal(url, str(XSD.anyURI)))


def _copy(
    s: str,
    values: dict[str, set[str]],
    add: Add,
    *,
    iris: Iterable[URIRef] = (),
    texts: Iterable[URIRef] = (),
    counts: Iterable[URIRef] = (),
) -> None:
    for p in iris:
        for v in sorted(values.get(str(p), ())):
            add(s, p, v)
    for p in texts:
        for v in sorted(values.get(str(p), ())):
            add(s, p, nt_literal(v))
    for p in counts:
        # xsd:integer, as Oxigraph's SPARQL updates store an xsd:positiveInteger.
        for v in sorted(values.get(str(p), ()), key=int):
            add(s, p, nt_literal(v, str(XSD.integer)))


def _intervals(claims: Sequence[Claim], prop: URIRef) -> list[tuple[str, Interval]]:
    """(publication date, interval) of every source's date under ``prop``."""
    out = []
    for c, _, pairs in _linked(claims, prop):
        values = _values(pairs)
        earliest = min(values.get(str(NG.earliest), ()), default=None)
        latest = max(values.get(str(NG.latest), ()), default=None)
        precision = min(values.get(str(NG.hasPrecision), ()), default=str(NG.IntervalPrecision))
        if earliest is not None or latest is not None:
            out.append((c.published or _NEVER, (earliest, latest, precision)))
    return out


def _dates(node: str, claims: Sequence[Claim], add: Add) -> None:
    expected = _intervals(claims, NG.expectedDate)
    if expected:
        _, chosen = max(expected, key=lambda x: (x[0], x[1][0] or _OPEN, x[1][1] or _OPEN, x[1]))
        _interval(node, NG.expectedDate, "expected", chosen, add)
    starts = [i for _, i in _intervals(claims, NG.inForceFrom) if i[0] is not None]
    if starts:
        first = min(starts, key=lambda i: (i[0] or "", i[1] or "9999-12-31", i[2]))
        _interval(node, NG.inForceFrom, "in-force-from", first, add)
    ends = [(pub, i) for pub, i in _intervals(claims, NG.inForceUntil) if i[1] is not None]
    if ends:
        _, last = max(ends, key=lambda x: (x[0], x[1][1] or "", x[1][0] or "", x[1][2]))
        _interval(node, NG.inForceUntil, "in-force-until", last, add)


def _interval(node: str, prop: URIRef, name: str, interval: Interval, add: Add) -> None:
    earliest, latest, precision = interval
    d = f"{node}/{name}"
    add(node, prop, d)
    add(d, RDF.type, NG.DateInterval)
    if earliest is not None:
        add(d, NG.earliest, nt_literal(earliest, str(XSD.date)))
    if latest is not None:
        add(d, NG.latest, nt_literal(latest, str(XSD.date)))
    add(d, NG.hasPrecision, precision)
    add(d, RDFS.label, nt_literal(f"{earliest or '..'} to {latest or '..'}"))


__all__ = ["package_parts"]
