"""Merging the gazetteers of several corpora into the one gazetteer graph, safely.

Two corpora may describe the same actor id. Names and aliases are merged (the
union; the name that sorts first becomes the label, the others aliases), so
the result is the same whichever corpus is loaded first. A different type or
Wikidata QID is a contradiction: an error naming both places, unless the
gazetteer being loaded is told to win (``load --gazetteer-wins``).

The same gazetteer file loaded again after an edit is not another corpus: its
actors replace what that file wrote before (the catalog records which file
defined each actor), so renaming an actor leaves one name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from rdflib import Literal

from loader.core.errors import ConstraintError, Location
from loader.core.vocab import ACTOR_CLASSES, WIKIDATA, actor_iri
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import Actor
from loader.store.base import AskResult, SelectResult, Store
from loader.store.catalog import gazetteer_sources, source_of
from loader.store.own_sparql import own_sparql

_TYPES = {str(iri): name for name, iri in ACTOR_CLASSES.items()}


@dataclass(frozen=True, slots=True)
class _Seen:
    actor: Actor
    where: str  # "FILE:LINE", or where the store's copy came from
    source: str | None = None  # the gazetteer file that defined it, when known


def merge_gazetteers(
    gazetteers: Sequence[GazetteerIndex], *, store: Store | None = None, wins: bool = False
) -> list[GazetteerIndex]:
    """The gazetteers as they should be written, each merged with what came before it.

    ``store``: also merge with the actors its gazetteer graph holds already.
    Raises ConstraintError at the first contradiction, before anything is written.
    """
    known: dict[str, _Seen] = {}
    if store is not None and not _all_defined_by(store, gazetteers):
        known = _stored_actors(store)
    merged_all: list[GazetteerIndex] = []
    for gaz in gazetteers:
        actors = dict(gaz.actors)
        source = source_of(gaz.path) if gaz.path is not None else None
        for actor_id, actor in gaz.actors.items():
            here = Location(gaz.path, gaz.lines.get(actor_id, 1), 1)
            seen = known.get(actor_id)
            if seen is not None and (source is None or seen.source != source):
                actor = _merge(seen, actor, here=here, wins=wins)
                actors[actor_id] = actor
            known[actor_id] = _Seen(actor, f"{gaz.path}:{here.line}", source)
        merged_all.append(replace(gaz, actors=actors))
    return merged_all


def _merge(seen: _Seen, new: Actor, *, here: Location, wins: bool) -> Actor:
    for what, old_value, new_value in (
        ("type", seen.actor.type, new.type),
        ("Wikidata QID", seen.actor.wikidata, new.wikidata),
    ):
        if old_value is not None and new_value is not None and old_value != new_value and not wins:
            raise ConstraintError(
                f"actor {new.id!r} has {what} {new_value} here but {old_value} at {seen.where}",
                hint="make the two gazetteers agree, or load with --gazetteer-wins to let "
                "the gazetteer being loaded win",
                location=here,
                field="actors." + ("type" if what == "type" else "wikidata"),
            )
    names = {seen.actor.name, new.name, *seen.actor.aliases, *new.aliases}
    name = min((seen.actor.name, new.name), key=lambda n: (n.casefold(), n))
    return new.model_copy(
        update={
            "name": name,
            "aliases": sorted(names - {name}, key=lambda n: (n.casefold(), n)),
            "wikidata": new.wikidata or seen.actor.wikidata,
            "roles": new.roles or seen.actor.roles,
            "part_of": new.part_of or seen.actor.part_of,
            "member_of": new.member_of or seen.actor.member_of,
        }
    )


def _all_defined_by(store: Store, gazetteers: Sequence[GazetteerIndex]) -> bool:
    """Whether every stored actor comes from the one gazetteer file being loaded.

    An actor is merged with the store's copy only when another file defined it
    (an edit of the same file replaces it): reloading the corpus a store was
    built from then needs no read of every stored actor.
    """
    if len(gazetteers) != 1 or gazetteers[0].path is None:
        return False
    source = Literal(source_of(gazetteers[0].path))
    other = store.query(own_sparql("gazetteer-other-source.rq", source=source))
    return isinstance(other, AskResult) and not other.value


def _stored_actors(store: Store) -> dict[str, _Seen]:
    """The actors of the store's gazetteer graph, as the annotation format writes them."""
    result = store.query(own_sparql("gazetteer-actors.rq"))
    assert isinstance(result, SelectResult)
    found: dict[str, _Stored] = {}
    for actor_id, cls, label, alias, qid in result.rows:
        if actor_id is None or str(cls) not in _TYPES:
            continue
        entry = found.setdefault(str(actor_id), _Stored(_TYPES[str(cls)], str(label)))
        if alias is not None:
            entry.aliases.add(str(alias))
        if qid is not None:
            entry.wikidata = str(qid).removeprefix(str(WIKIDATA))
    defined = gazetteer_sources(store)
    return {
        actor_id: _Seen(
            Actor(
                id=actor_id,
                type=e.type,  # type: ignore[arg-type]  # a value of ActorType, read back
                name=e.name,
                aliases=sorted(e.aliases),
                wikidata=e.wikidata,
            ),
            defined.get(str(actor_iri(actor_id)), "the store's gazetteer (loaded earlier)"),
            defined.get(str(actor_iri(actor_id))),
        )
        for actor_id, e in found.items()
    }


@dataclass(slots=True)
class _Stored:
    type: str
    name: str
    aliases: set[str] = field(default_factory=set)
    wikidata: str | None = None
