"""Meetings as triples: participants with roles and sides, series, dated status changes.

A participant that plays a part (host, mediator, ...) or belongs to a delegation gets a
participation node, so who-met-whom can pair people across delegations only; every
participant stays a plain ``ng:hasParticipant`` of the meeting as well.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from loader.core.errors import ConstraintError
from loader.core.vocab import (
    EVENT_STATUSES,
    MEETING_CLASSES,
    NG,
    PARTICIPANT_ROLES,
    RDF,
    RDFS,
    actor_iri,
    article_local_iri,
    event_iri,
)
from loader.ingest.model import Meeting, Participant
from loader.ingest.yamlsrc import PathKey

if TYPE_CHECKING:
    from rdflib import URIRef

    from loader.rdf.mapper import ArticleMapper

# A body that meets on its own: a council meeting, or a summit of an organisation.
ONE_BODY_KINDS = frozenset({"council-meeting", "summit"})
BODY_TYPES = frozenset({"international-organization", "government-body"})


def map_meeting(mapper: ArticleMapper, m: Meeting, path: PathKey) -> None:
    """Add one meeting of the article, checked against the gazetteer."""
    people = m.people()
    actors = [p.actor for p in people]
    for i, p in enumerate(people):
        mapper.actor(p.actor, _item_path(m, path, i, "actor"))
        if p.side is not None:
            mapper.actor(p.side, (*path, "participants", i, "side"), what="side")
    _check_count(mapper, m, actors, path)
    if m.event:
        node = event_iri(m.event)
    else:
        node = article_local_iri("meeting", mapper.aid, m.kind, *sorted(actors), str(m.date))
    mapper.add(node, RDF.type, MEETING_CLASSES[m.kind])
    names = ", ".join(mapper.gaz.actors[a].name for a in sorted(set(actors)))
    mapper.lit(node, RDFS.label, m.label or f"{m.kind.replace('-', ' ').capitalize()}: {names}")
    if m.event:
        mapper.lit(node, NG.eventKey, m.event)
    for a in actors:
        mapper.add(node, NG.hasParticipant, actor_iri(a))
    for p in people:
        if p.role is not None or p.side is not None:
            _participation(mapper, node, p)
    mapper.add(node, NG.hasStatus, EVENT_STATUSES[m.current_status()])
    if m.part_of:
        _series(mapper, node, m, path)
    if m.place:
        mapper.add(node, NG.hasPlace, mapper.place(m.place, (*path, "place")))
    status = m.current_status()
    mapper.date(node, m.date, (*path, "date"), kind="meeting", status=status, event=m.event)
    mapper.evidence(node, m.evidence, (*path, "evidence"))
    for i, change in enumerate(m.status_changes):
        c = article_local_iri("status-change", mapper.aid, str(node), str(i), change.status)
        mapper.add(node, NG.hasStatusChange, c)
        mapper.add(c, RDF.type, NG.StatusChange)
        mapper.add(c, NG.hasStatus, EVENT_STATUSES[change.status])
        cpath = (*path, "status_changes", i)
        # A change is reported once it happened: its bare phrases look back.
        resolved = mapper.date(c, change.date, (*cpath, "date"), kind="status-change")
        when = f" ({resolved.label})" if resolved is not None else ""
        mapper.lit(c, RDFS.label, f"{change.status}{when}")
        if change.evidence is not None:
            mapper.evidence(c, change.evidence, (*cpath, "evidence"))
        else:
            mapper.evidence(c, m.evidence, (*path, "evidence"))


def _item_path(m: Meeting, path: PathKey, i: int, key: str) -> PathKey:
    item = m.participants[i]
    return (*path, "participants", i) if isinstance(item, str) else (*path, "participants", i, key)


def _check_count(mapper: ArticleMapper, m: Meeting, actors: list[str], path: PathKey) -> None:
    distinct = set(actors)
    if len(distinct) >= 2:
        return
    if len(distinct) == 1 and m.kind in ONE_BODY_KINDS:
        (only,) = distinct
        if mapper.gaz.actors[only].type in BODY_TYPES:
            return
        kind = mapper.gaz.actors[only].type
        problem = f"a {m.kind} with one participant needs a body that meets, not a {kind}"
    else:
        problem = f"a meeting needs at least two different participants, got {len(distinct)}"
    raise ConstraintError(
        problem,
        hint="list every actor who took part in `participants`; only a council-meeting or a "
        "summit of an organisation or government body may have one participant",
        location=mapper.source.location((*path, "participants")),
        field=".".join(map(str, (*path, "participants"))),
    )


def _participation(mapper: ArticleMapper, node: URIRef, p: Participant) -> None:
    part = article_local_iri("participation", mapper.aid, str(node), p.actor)
    mapper.add(node, NG.hasParticipation, part)
    mapper.add(part, RDF.type, NG.Participation)
    name = mapper.gaz.actors[p.actor].name
    role = f" as {p.role}" if p.role else ""
    side = f" for {mapper.gaz.actors[p.side].name}" if p.side else ""
    mapper.lit(part, RDFS.label, f"{name}{role}{side}")
    mapper.add(part, NG.participant, actor_iri(p.actor))
    if p.role is not None:
        mapper.add(part, NG.participantRole, PARTICIPANT_ROLES[p.role])
    if p.side is not None:
        mapper.add(part, NG.onSide, actor_iri(p.side))


def _series(mapper: ArticleMapper, node: URIRef, m: Meeting, path: PathKey) -> None:
    assert m.part_of is not None
    if m.part_of == m.event:
        raise ConstraintError(
            f"event {m.event!r} cannot be part of itself",
            hint="`part_of` names the key of the series, such as istanbul-talks-2025",
            location=mapper.source.location((*path, "part_of")),
            field=".".join(map(str, (*path, "part_of"))),
        )
    series = event_iri(m.part_of)
    mapper.add(node, NG.partOf, series)
    mapper.add(series, RDF.type, NG.Event)
    mapper.lit(series, RDFS.label, f"Series: {m.part_of}")
    mapper.lit(series, NG.eventKey, m.part_of)
