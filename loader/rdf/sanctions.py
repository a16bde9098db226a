"""Sanctions packages as triples: lifecycle, kind, validity, measures, legal basis, targets.

Each source asserts its own claims about a keyed package in its own graph, as with
meetings: status and dated status changes, the date it happened kept apart from the
date it is expected, the validity interval, measures and the legal act. Measures,
status changes and unnamed target groups are nodes of the article; a legal act with
an identifier is one node shared by every article that names it.
"""

from __future__ import annotations

import re
from functools import partial
from typing import TYPE_CHECKING

from rdflib import URIRef

from loader.core.errors import ConstraintError
from loader.core.vocab import (
    ID,
    MEASURE_TYPES,
    NG,
    PACKAGE_KINDS,
    PACKAGE_STATUSES,
    RDF,
    RDFS,
    XSD,
    article_local_iri,
    digest,
    sanctions_iri,
)
from loader.dates.resolve import Direction
from loader.ingest.model import (
    DateValue,
    LegalAct,
    Measure,
    NamedTarget,
    Sanctions,
    TargetGroup,
)
from loader.ingest.yamlsrc import PathKey

if TYPE_CHECKING:
    from loader.rdf.mapper import ArticleMapper


def package_key(s: Sanctions, article_id: str) -> str:
    """The package's key: given, issuer-number, or a digest of this article's claim."""
    if s.package:
        return s.package
    if s.number is not None:
        return f"{s.issuer}-{s.number}"
    return f"{article_id}-{digest(s.issuer, *s.target_key(), str(s.date), str(s.evidence))}"


def map_sanctions(mapper: ArticleMapper, s: Sanctions, path: PathKey) -> None:
    """Add one sanctions package of the article, checked against the gazetteer."""
    issuer = mapper.actor(s.issuer, (*path, "issuer"), what="issuer")
    key = package_key(s, mapper.aid)
    node = sanctions_iri(key)
    mapper.add(node, RDF.type, NG.SanctionsPackage)
    mapper.lit(node, RDFS.label, _label(mapper, s))
    mapper.lit(node, NG.packageKey, key)
    mapper.add(node, NG.issuedBy, issuer)
    if s.number is not None:
        mapper.typed(node, NG.packageNumber, str(s.number), XSD.positiveInteger)
    if s.kind != "package":  # a new package is the default; queries read no kind as one
        mapper.add(node, NG.hasSanctionsKind, PACKAGE_KINDS[s.kind])
    for field, prop, other in (("renews", NG.renews, s.renews), ("regime", NG.inRegime, s.regime)):
        if other == key:
            mapper.at((*path, field), partial(_self_reference, field, key))
        if other is not None:
            # The key is written too, so `sources-of`/`status-history` find the node.
            mapper.add(node, prop, sanctions_iri(other))
            mapper.add(sanctions_iri(other), RDF.type, NG.SanctionsRegime)
            mapper.lit(sanctions_iri(other), RDFS.label, other)  # Protégé shows a name
            mapper.lit(sanctions_iri(other), NG.packageKey, other)
    _targets(mapper, node, s, path)
    mapper.add(node, NG.hasStatus, PACKAGE_STATUSES[s.current_status()])
    if s.date is None and s.status is None and s.status_changes:
        # No status or date of its own: the package stands where its last change took it.
        last = len(s.status_changes) - 1
        mapper.date(
            node,
            s.status_changes[last].date,
            (*path, "status_changes", last, "date"),
            kind="sanctions",
            status=s.status_changes[last].status,
        )
    else:
        mapper.date(node, s.date, (*path, "date"), kind="sanctions", status=s.status)
    # What is announced lies ahead; when measures start may lie on either side.
    expected, start, until = Direction.FUTURE, Direction.EITHER, Direction.FUTURE
    _dated(mapper, node, NG.expectedDate, s.expected, (*path, "expected"), "expected", expected)
    _dated(mapper, node, NG.inForceFrom, s.in_force_from, (*path, "in_force_from"), "from", start)
    _dated(
        mapper, node, NG.inForceUntil, s.in_force_until, (*path, "in_force_until"), "until", until
    )
    mapper.evidence(node, s.evidence, (*path, "evidence"))
    for i, change in enumerate(s.status_changes):
        c = article_local_iri("status-change", mapper.aid, str(node), str(i), change.status)
        cpath = (*path, "status_changes", i)
        mapper.add(node, NG.hasStatusChange, c)
        mapper.add(c, RDF.type, NG.StatusChange)
        mapper.add(c, NG.hasStatus, PACKAGE_STATUSES[change.status])
        resolved = mapper.date(
            c, change.date, (*cpath, "date"), kind="sanctions", status=change.status
        )
        when = f" ({resolved.label})" if resolved is not None else ""
        mapper.lit(c, RDFS.label, f"{change.status}{when}")
        if change.evidence is not None:
            mapper.evidence(c, change.evidence, (*cpath, "evidence"))
        else:
            mapper.evidence(c, s.evidence, (*path, "evidence"))
    for i, measure in enumerate(s.measures):
        _measure(mapper, node, measure, (*path, "measures", i), i)
    if s.legal_act is not None:
        _legal_act(mapper, node, s.legal_act)


def _self_reference(field: str, key: str) -> None:
    raise ConstraintError(
        f"package {key!r} cannot name itself in `{field}`",
        hint="`renews` and `regime` name another key: the standing regime "
        "(e.g. eu-russia-economic) or the package this one prolongs",
    )


def _label(mapper: ArticleMapper, s: Sanctions) -> str:
    issuer = mapper.gaz.actors[s.issuer].name
    number = f" {s.number}" if s.number is not None else ""
    if s.kind == "package":
        return f"{issuer} sanctions package{number}"
    renews = f" of {s.renews}" if s.renews else ""
    return f"{issuer} sanctions {s.kind}{number}{renews}"


def _targets(mapper: ArticleMapper, node: URIRef, s: Sanctions, path: PathKey) -> None:
    for i, t in enumerate(s.target_items()):
        tpath: PathKey = (*path, "targets", i)
        if isinstance(t, NamedTarget):
            where = tpath if isinstance(s.targets[i], str) else (*tpath, "actor")
            actor = mapper.actor(t.actor, where, what="target")
            mapper.add(node, NG.hasTarget, actor)
            if t.subsidiaries:
                mapper.add(node, NG.targetsSubsidiariesOf, actor)
        else:
            _group(mapper, node, t, tpath, i)


def _group(mapper: ArticleMapper, node: URIRef, g: TargetGroup, path: PathKey, i: int) -> None:
    group = article_local_iri("target-group", mapper.aid, str(node), str(i), g.description)
    mapper.add(node, NG.hasTargetGroup, group)
    mapper.add(group, RDF.type, NG.TargetGroup)
    count = f"{g.count} " if g.count is not None else ""
    mapper.lit(group, RDFS.label, f"{count}{g.description}")
    if g.count is not None:
        mapper.typed(group, NG.memberCount, str(g.count), XSD.positiveInteger)
    if g.of is not None:
        mapper.add(group, NG.groupOf, mapper.actor(g.of, (*path, "of"), what="target"))


def _measure(mapper: ArticleMapper, node: URIRef, m: Measure, path: PathKey, i: int) -> None:
    meas = article_local_iri("measure", mapper.aid, str(node), str(i), m.type)
    mapper.add(node, NG.hasMeasure, meas)
    mapper.add(meas, RDF.type, NG.Measure)
    mapper.add(meas, NG.hasMeasureType, MEASURE_TYPES[m.type])
    # The label is what queries list: "import-ban: LNG", "vessel-listing: 117 vessels".
    what = " ".join(str(x) for x in (m.count, m.object) if x is not None)
    mapper.lit(meas, RDFS.label, f"{m.type}: {what}" if what else m.type)
    if m.object is not None:
        mapper.lit(meas, NG.measureObject, m.object)
    if m.count is not None:
        mapper.typed(meas, NG.measureCount, str(m.count), XSD.positiveInteger)
    for k, t in enumerate(m.targets):
        mapper.add(meas, NG.measureTarget, mapper.actor(t, (*path, "targets", k), what="target"))
    mapper.evidence(meas, m.evidence, (*path, "evidence"))


def legal_act_iri(act: LegalAct) -> URIRef:
    """One node per identifier across articles ("E.O. 14024" and "EO 14024" differ)."""
    text = act.identifier if act.identifier is not None else act.label or ""
    norm = re.sub(r"\s+", " ", text).strip().casefold()
    return ID[f"legal-act/{digest(norm)}"]


def _legal_act(mapper: ArticleMapper, node: URIRef, act: LegalAct) -> None:
    iri = legal_act_iri(act)
    mapper.add(node, NG.hasLegalBasis, iri)
    mapper.add(iri, RDF.type, NG.LegalAct)
    mapper.lit(iri, RDFS.label, act.label or act.identifier or "")
    if act.identifier is not None:
        mapper.lit(iri, NG.legalIdentifier, act.identifier)
    if act.url is not None:
        mapper.typed(iri, NG.legalActUrl, act.url, XSD.anyURI)


def _dated(
    mapper: ArticleMapper,
    fact: URIRef,
    prop: URIRef,
    value: DateValue | None,
    path: PathKey,
    role: str,
    direction: Direction,
) -> None:
    """A date under another property than ng:hasDate (expected, in force from/until)."""
    mapper.date(fact, value, path, kind="validity", prop=prop, role=role, direction=direction)


__all__ = ["legal_act_iri", "map_sanctions", "package_key"]
