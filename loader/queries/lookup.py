"""Entries of the gazetteer and events found by a name, an id or a key (for parameters).

A parameter names an actor, a place, an event or a package the way a user
writes it; these lookups find the candidates in the store, an exact id by an
index lookup and a name or alias by a scan of the gazetteer's names.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from loader.core.terms import nt_term
from loader.core.vocab import ACTOR_CLASSES, GAZETTEER_GRAPH, NG, RDFS, SKOS
from loader.store.base import SelectResult, Store

TYPE_NAMES = {cls: name for name, cls in ACTOR_CLASSES.items()} | {NG.Place: "place"}


def gazetteer_names(
    store: Store, *, places: bool, only: str | None = None
) -> list[tuple[URIRef, str, int, str]]:
    """(IRI, id/name/alias, rank, type) for every actor (and place): rank 0 id, 1 name, 2 alias.

    With ``only``, just the entries whose id, name or alias is that text
    (case-insensitive), found by the store without listing every name.
    """
    id_props = [NG.actorId, NG.placeId] if places else [NG.actorId]
    values = " ".join(nt_term(p) for p in id_props)
    match = f"FILTER(LCASE(STR(?key)) = {nt_term(Literal(only.lower()))}) " if only else ""
    sparql = (
        f"SELECT DISTINCT ?x ?key ?rank ?cls WHERE {{ GRAPH {nt_term(GAZETTEER_GRAPH)} {{ "
        f"VALUES ?idp {{ {values} }} "
        f"{{ ?x ?idp ?key BIND(0 AS ?rank) }} "
        f"UNION {{ ?x ?idp ?id ; {nt_term(RDFS.label)} ?key BIND(1 AS ?rank) }} "
        f"UNION {{ ?x ?idp ?id ; {nt_term(SKOS.altLabel)} ?key BIND(2 AS ?rank) }} {match}"
        f"OPTIONAL {{ ?x a ?cls }} }} }}"
    )
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    names: list[tuple[URIRef, str, int, str]] = []
    for x, key, rank, cls in result.rows:
        if isinstance(x, URIRef) and key is not None and rank is not None:
            kind = TYPE_NAMES.get(cls) if isinstance(cls, URIRef) else None
            if kind is not None or cls is None:
                names.append((x, str(key), int(str(rank)), kind or "entry"))
    return names


def entries_by_id(store: Store, key: str, *, places: bool) -> list[URIRef]:
    """The gazetteer entries whose id is exactly ``key``: an index lookup, not a scan."""
    id_props = [NG.actorId, NG.placeId] if places else [NG.actorId]
    values = " ".join(nt_term(p) for p in id_props)
    result = store.query(
        f"SELECT DISTINCT ?x ?cls WHERE {{ GRAPH {nt_term(GAZETTEER_GRAPH)} {{ "
        f"VALUES ?idp {{ {values} }} ?x ?idp {nt_term(Literal(key))} . "
        "OPTIONAL { ?x a ?cls } } }"
    )
    assert isinstance(result, SelectResult)
    known = set(TYPE_NAMES)
    found = {x for x, cls in result.rows if isinstance(x, URIRef) and (cls is None or cls in known)}
    return sorted(found)


def events_by_key(store: Store, key: str) -> dict[URIRef, tuple[str, str]]:
    """The events and packages whose key is ``key``, with their type, for :func:`_ambiguous`."""
    result = store.query(
        f"SELECT DISTINCT ?x ?p WHERE {{ ?x ?p {nt_term(Literal(key))} . "
        f"VALUES ?p {{ {nt_term(NG.eventKey)} {nt_term(NG.packageKey)} }} }}"
    )
    assert isinstance(result, SelectResult)
    found: dict[URIRef, tuple[str, str]] = {}
    for x, p in result.rows:
        if isinstance(x, URIRef):
            found[x] = ("event" if p == NG.eventKey else "sanctions package", "its key")
    return found


__all__ = ["TYPE_NAMES", "entries_by_id", "events_by_key", "gazetteer_names"]
