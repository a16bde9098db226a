"""Counts per class and per article graph, straight from the store."""

from __future__ import annotations

from typing import Any

from rdflib import Literal

from loader.store import SelectResult, Store
from loader.vocab import NG

_CLASSES = f"""
SELECT ?class (COUNT(DISTINCT ?x) AS ?n) WHERE {{
  ?x a ?class .
  FILTER(STRSTARTS(STR(?class), "{NG}"))
  FILTER NOT EXISTS {{ GRAPH <https://w3id.org/newsgraph/ontology> {{ ?x a ?class }} }}
}} GROUP BY ?class ORDER BY ?class
"""

_GRAPHS = """
SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g
"""


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
    classes = {k.removeprefix(str(NG)): n for k, n in _pairs(store, _CLASSES)}
    graphs = dict(_pairs(store, _GRAPHS))
    return {
        "classes": classes,
        "graphs": graphs,
        "articles": sum(1 for g in graphs if "/id/article/" in g),
        "triples": sum(graphs.values()),
    }
