"""The gazetteer: actors and places with stable ids, looked up by id, name or alias."""

from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import pickle
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Literal, URIRef

from loader.core.errors import ConstraintError, DuplicateIdError, NewsgraphError, UnknownIdError
from loader.core.terms import Triple
from loader.core.version import __version__
from loader.core.vocab import (
    ACTOR_CLASSES,
    GAZETTEER_GRAPH,
    NG,
    RDF,
    RDFS,
    SKOS,
    WIKIDATA,
    actor_iri,
    place_iri,
    role_iri,
)
from loader.ingest.model import Actor, Gazetteer, Place, parse_model
from loader.ingest.yamlsrc import (
    MAX_ANNOTATION_BYTES,
    PathKey,
    SourceDoc,
    decode_utf8,
    parse_yaml,
    read_bytes,
)
from loader.store.base import GraphPayload

GAZETTEER_NAME = "gazetteer.yaml"
CACHE_ENTRIES = 16


@dataclass
class GazetteerIndex:
    """Actors and places by id, plus a case-insensitive index of names and aliases."""

    path: Path | None = None
    digest: str = ""
    actors: dict[str, Actor] = field(default_factory=dict)
    places: dict[str, Place] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)  # actor id -> line of its entry

    def require_actor(self, actor_id: str, *, what: str = "actor") -> Actor:
        actor = self.actors.get(actor_id)
        if actor is None:
            raise UnknownIdError(
                f"unknown {what} id {actor_id!r}",
                hint=self._suggest(actor_id, self.actors, "actors"),
            )
        return actor

    def require_place(self, place_id: str) -> Place:
        place = self.places.get(place_id)
        if place is None:
            raise UnknownIdError(
                f"unknown place id {place_id!r}",
                hint=self._suggest(place_id, self.places, "places"),
            )
        return place

    def has(self, some_id: str) -> bool:
        return some_id in self.actors or some_id in self.places

    def resolve_name(self, text: str) -> str | None:
        """The id of the actor whose id, name or alias is ``text`` (case-insensitive)."""
        if text in self.actors:
            return text
        return self.names.get(text.casefold())

    def closest(self, text: str, n: int = 5) -> list[str]:
        """Names and ids most like ``text``, for "did you mean" messages."""
        pool = list(self.actors) + [a.name for a in self.actors.values()]
        return difflib.get_close_matches(text, pool, n=n, cutoff=0.5)

    def _suggest(self, wanted: str, pool: Iterable[str], kind: str) -> str:
        by_name = self.names.get(wanted.casefold().replace("-", " "))
        if by_name:
            return f"did you mean {by_name!r}?"
        close = difflib.get_close_matches(wanted, list(pool), n=3, cutoff=0.6)
        where = f" in {self.path}" if self.path else ""
        if close:
            return "did you mean " + " or ".join(repr(c) for c in close) + "?"
        return f"add it to the {kind} of the gazetteer{where}"


def load_gazetteer(path: Path) -> GazetteerIndex:
    """Parse and check a gazetteer file (unique ids, known references).

    A checked gazetteer is cached (keyed by the digest of its bytes) in the
    user's cache directory: reloading one article of a corpus with thousands
    of actors then does not parse them all again.
    """
    raw = read_bytes(path, limit=MAX_ANNOTATION_BYTES, what="gazetteer")
    digest = hashlib.sha256(raw + __version__.encode()).hexdigest()
    # The cache key covers the gazetteer's shape too: a cache written before a field
    # was added would give actors without it.
    key = hashlib.sha256(digest.encode() + _shape_key()).hexdigest()
    cache = cache_dir() / f"gazetteer-{key}.pickle"
    try:
        with cache.open("rb") as f:
            index: GazetteerIndex = pickle.load(f)  # noqa: S301 - written by us, keyed by content
        index.path = path
        return index
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    index = _parse_gazetteer(path, raw)
    index.digest = digest
    _write_cache(cache, index)
    return index


@functools.cache
def _shape_key() -> bytes:
    fields = ",".join(GazetteerIndex.__dataclass_fields__)
    return json.dumps(Gazetteer.model_json_schema(), sort_keys=True).encode() + fields.encode()


def cache_dir() -> Path:
    """The user cache directory of newsgraph (checked gazetteers and articles)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "newsgraph"


def _write_cache(cache: Path, index: GazetteerIndex) -> None:
    """Write atomically; a cache that cannot be written is simply not used."""
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=cache.parent, delete=False, suffix=".tmp") as f:
            pickle.dump(index, f, protocol=pickle.HIGHEST_PROTOCOL)
        Path(f.name).replace(cache)
        # Keep the cache small: only the most recently written gazetteers.
        entries = sorted(cache.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_ENTRIES]:
            old.unlink(missing_ok=True)
    except OSError:
        pass


def _parse_gazetteer(path: Path, raw: bytes) -> GazetteerIndex:
    doc = parse_yaml(decode_utf8(raw, path, what="gazetteer"), path)
    gaz = parse_model(Gazetteer, doc)
    index = GazetteerIndex(path=path)
    for i, actor in enumerate(gaz.actors):
        _check_unique(actor.id, index, doc, ("actors", i))
        index.lines[actor.id] = doc.location(("actors", i)).line or 1
        index.actors[actor.id] = actor
    for i, place in enumerate(gaz.places):
        _check_unique(place.id, index, doc, ("places", i))
        index.places[place.id] = place
    for actor in gaz.actors:
        for label in (actor.name, *actor.aliases):
            index.names.setdefault(label.casefold(), actor.id)
    for i, actor in enumerate(gaz.actors):
        for j, role in enumerate(actor.roles):
            if role.of is not None:
                _check_ref(index, role.of, doc, ("actors", i, "roles", j, "of"))
    for i, actor in enumerate(gaz.actors):
        if actor.part_of is not None:
            _check_ref(index, actor.part_of, doc, ("actors", i, "part_of"))
        for j, org in enumerate(actor.member_of):
            _check_ref(index, org, doc, ("actors", i, "member_of", j))
    for i, actor in enumerate(gaz.actors):
        _check_no_cycle(index, actor.id, doc, ("actors", i, "part_of"))
    for i, place in enumerate(gaz.places):
        if place.country is not None:
            _check_ref(index, place.country, doc, ("places", i, "country"))
    return index


def _check_no_cycle(index: GazetteerIndex, start: str, doc: SourceDoc, path: PathKey) -> None:
    """`part_of` chains end: the Treasury is part of the United States, not of itself."""
    seen = [start]
    current = index.actors[start].part_of
    while current is not None:
        if current in seen:
            raise ConstraintError(
                "part_of goes round in a circle: " + " > ".join([*seen, current]),
                hint="a body is part of a larger one, never of itself or of its own parts",
                location=doc.location(path),
                field=".".join(map(str, path)),
            )
        seen.append(current)
        current = index.actors[current].part_of


def _check_unique(
    some_id: str, index: GazetteerIndex, doc: SourceDoc, path: tuple[str | int, ...]
) -> None:
    if index.has(some_id):
        raise DuplicateIdError(
            f"id {some_id!r} is defined twice",
            hint="give each actor and place its own id",
            location=doc.location((*path, "id")),
            field=".".join(map(str, (*path, "id"))),
        )


def _check_ref(
    index: GazetteerIndex, actor_id: str, doc: SourceDoc, path: tuple[str | int, ...]
) -> None:
    try:
        index.require_actor(actor_id)
    except NewsgraphError as exc:
        raise exc.at(doc.location(path), ".".join(map(str, path))) from None


def find_gazetteer(start: Path) -> Path | None:
    """The nearest ``gazetteer.yaml`` in ``start`` or one of its parents."""
    for folder in (start, *start.parents):
        candidate = folder / GAZETTEER_NAME
        if candidate.is_file():
            return candidate
    return None


def gazetteer_payload(index: GazetteerIndex) -> GraphPayload:
    """The triples of the gazetteer graph."""
    triples: list[Triple] = []
    add = triples.append
    for actor in index.actors.values():
        s = actor_iri(actor.id)
        add((s, RDF.type, ACTOR_CLASSES[actor.type]))
        add((s, RDFS.label, Literal(actor.name)))
        add((s, NG.actorId, Literal(actor.id)))
        triples.extend((s, SKOS.altLabel, Literal(a)) for a in actor.aliases)
        if actor.wikidata:
            add((s, NG.wikidata, WIKIDATA[actor.wikidata]))
        for n, role in enumerate(actor.roles, start=1):
            r = role_iri(actor.id, n)
            add((s, NG.holdsRole, r))
            add((r, RDF.type, NG.Role))
            of = index.actors[role.of].name if role.of else None
            add((r, RDFS.label, Literal(f"{role.title} of {of}" if of else role.title)))
            add((r, NG.roleTitle, Literal(role.title)))
            if role.of:
                add((r, NG.roleIn, actor_iri(role.of)))
            triples.extend(_role_dates(r, role.start, role.end))
        if actor.part_of:
            add((s, NG.subOrganizationOf, actor_iri(actor.part_of)))
        triples.extend((s, NG.memberOf, actor_iri(org)) for org in actor.member_of)
    for place in index.places.values():
        p = place_iri(place.id)
        add((p, RDF.type, NG.Place))
        add((p, RDFS.label, Literal(place.name)))
        add((p, NG.placeId, Literal(place.id)))
        triples.extend((p, SKOS.altLabel, Literal(a)) for a in place.aliases)
        if place.wikidata:
            add((p, NG.wikidata, WIKIDATA[place.wikidata]))
        if place.country:
            add((p, NG.locatedIn, actor_iri(place.country)))
    return GraphPayload(GAZETTEER_GRAPH, triples)


def _role_dates(role: URIRef, start: object, end: object) -> list[Triple]:
    from loader.dates.resolve import resolve_date  # local: dates pulls in the phrase rules

    out: list[Triple] = []
    first = None if start is None else resolve_date(start, published=None).earliest
    last = None if end is None else resolve_date(end, published=None).latest
    if first is not None:  # an open side ("by 2020") says nothing about the start
        out.append((role, NG.roleStart, Literal(first)))
    if last is not None:
        out.append((role, NG.roleEnd, Literal(last)))
    return out


__all__ = [
    "GAZETTEER_NAME",
    "GazetteerIndex",
    "find_gazetteer",
    "gazetteer_payload",
    "load_gazetteer",
]
