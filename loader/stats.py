"""Counts per class and per article graph, straight from the store."""

from __future__ import annotations

from typing import Any

from rdflib import Literal

from loader.own_sparql import own_sparql
from loader.store import SelectResult, Store, ours
from loader.vocab import NG


def _pairs(store: Store, sparql: str) -> list[tuple[str, int]]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    out: list[tuple[str, int]] = []
    for key, count in result.rows:
        if key is not None and isinstance(count, Literal):
            out.append((str(key), int(count)))
    return out


def store_stats(store: Store) -> dict[str, Any]:
    """Individuals per ng: class, triples per graph, and totals."""
    classes = {k.removeprefix(str(NG)): n for k, n in _pairs(store, own_sparql("class-counts.rq"))}
    # Only newsgraph's graphs: a server such as Virtuoso keeps graphs of its own.
    graphs = dict(sorted((g, n) for g, n in _pairs(store, own_sparql("graph-sizes.rq")) if ours(g)))
    return {
        "classes": classes,
        "graphs": graphs,
        "articles": sum(1 for g in graphs if "/id/article/" in g),
        "triples": sum(graphs.values()),
    }
