"""Counts per class and per article graph, straight from the store."""

from __future__ import annotations

from typing import Any

from rdflib import Literal

from loader.core.vocab import NG
from loader.store.base import SelectResult, Store, ours
from loader.store.own_sparql import own_sparql

FACT_KINDS = {"Meeting": "meetings", "SanctionsPackage": "sanctions packages",
              "Statement": "statements"}  # fmt: skip


def fact_counts(store: Store) -> dict[str, dict[str, int]]:
    """Meetings, sanctions packages and statements: distinct facts and article mentions."""
    result = store.query(own_sparql("fact-counts.rq"))
    assert isinstance(result, SelectResult)
    out = {name: {"distinct": 0, "mentions": 0} for name in FACT_KINDS}
    for kind, distinct, mentions in result.rows:
        name = str(kind).removeprefix(str(NG))
        if name in out and isinstance(distinct, Literal) and isinstance(mentions, Literal):
            out[name] = {"distinct": int(distinct), "mentions": int(mentions)}
    return out


def describe_facts(facts: dict[str, dict[str, int]]) -> str:
    """One labelled line: "17 distinct meetings (31 mentions), ..."."""
    return ", ".join(
        f"{facts[k]['distinct']} distinct {label} ({facts[k]['mentions']} mentions)"
        for k, label in FACT_KINDS.items()
    )


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
        "facts": fact_counts(store),
        "classes": classes,
        "graphs": graphs,
        "articles": sum(1 for g in graphs if "/id/article/" in g),
        "triples": sum(graphs.values()),
    }
