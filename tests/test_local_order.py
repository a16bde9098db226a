"""Rows a server cannot sort (Virtuoso's SR319 on long values) are sorted by the client.

A sanctions package that names 250 targets gives a targets list of several KB;
Virtuoso sorts in a temporary table whose rows must fit in about 4 KB, so an
``ORDER BY`` over such rows fails there. The store then asks again without the
``ORDER BY`` and sorts the rows itself, in SPARQL's order.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from loader.core.terms import Term, Triple
from loader.store.base import GraphPayload, SelectResult, Store
from loader.store.embedded import EmbeddedStore
from loader.store.local_order import sort_rows, split_order
from tests.servers import Server

P = URIRef("urn:newsgraph-test:p")
QUERY = f"""
SELECT ?s (COUNT(?o) AS ?n) (GROUP_CONCAT(?o; separator="; ") AS ?all)
WHERE {{ GRAPH ?g {{ ?s <{P}> ?o }} }}
GROUP BY ?s
ORDER BY DESC(?n) ?s
"""


def test_the_order_clause_is_split_off_only_when_it_can_be_rebuilt() -> None:
    text, keys = split_order("SELECT * WHERE { ?a ?b ?c } ORDER BY ?a DESC(?b) ASC(?c)") or ("", [])
    assert text.strip() == "SELECT * WHERE { ?a ?b ?c }"
    assert keys == [("a", False), ("b", True), ("c", False)]
    # A page of the sorted rows, an expression as a key, an ORDER BY inside: not here.
    assert split_order("SELECT * WHERE { ?a ?b ?c } ORDER BY ?a LIMIT 5") is None
    assert split_order("SELECT * WHERE { ?a ?b ?c } ORDER BY STR(?a)") is None
    assert split_order("SELECT * WHERE { { SELECT ?a WHERE { ?a ?b ?c } ORDER BY ?a } }") is None
    assert split_order("SELECT * WHERE { ?a ?b ?c }") is None


def test_rows_sort_as_sparql_orders_terms() -> None:
    """Unbound first, then blank nodes, IRIs, literals; numbers and dates by value."""
    rows: list[list[Term | None]] = [
        [Literal("10", datatype=XSD.integer)],
        [Literal("b")],
        [URIRef("urn:x")],
        [None],
        [Literal("9", datatype=XSD.integer)],
        [BNode("n1")],
        [Literal("2.5", datatype=XSD.decimal)],
        [Literal("a")],
    ]
    got = [row[0] for row in sort_rows(["v"], rows, [("v", False)])]
    assert got == [
        None,
        BNode("n1"),
        URIRef("urn:x"),
        Literal("2.5", datatype=XSD.decimal),
        Literal("9", datatype=XSD.integer),
        Literal("10", datatype=XSD.integer),
        Literal("a"),
        Literal("b"),
    ]
    # NaN has no place among numbers; it sorts by its text instead of failing the sort.
    odd = [[Literal("NaN", datatype=XSD.double)], [Literal("1", datatype=XSD.double)]]
    assert [row[0] for row in sort_rows(["v"], odd, [("v", False)])] == [odd[1][0], odd[0][0]]
    dates = [[Literal(d, datatype=XSD.date)] for d in ("2025-10-02", "2024-12-31", "2025-01-15")]
    latest_first = sort_rows(["d"], dates, [("d", True)])
    assert [str(row[0]) for row in latest_first] == ["2025-10-02", "2025-01-15", "2024-12-31"]


def _graphs() -> list[GraphPayload]:
    """Ten subjects with a few values each, and one with 300 values of 20 characters."""
    graphs = []
    for i in range(10):
        count = 300 if i == 3 else i + 1
        s = URIRef(f"https://w3id.org/newsgraph/id/actor/s{i}")
        triples: list[Triple] = [
            (s, P, Literal(f"value {i:03d}-{k:03d} padded")) for k in range(count)
        ]
        graphs.append(GraphPayload(URIRef(f"https://w3id.org/newsgraph/id/article/lo{i}"), triples))
    return graphs


def _rows(store: Store) -> list[tuple[str, int, list[str]]]:
    result = store.query(QUERY)
    assert isinstance(result, SelectResult)
    return [(str(s), int(str(n)), sorted(str(a).split("; "))) for s, n, a in result.rows]


def test_long_rows_come_back_in_order_from_every_store(
    remote_server: Server, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    embedded = EmbeddedStore(tmp_path / "store")
    try:
        embedded.replace_graphs(_graphs())
        want = _rows(embedded)
    finally:
        embedded.close()
    assert want[0][1] == 300 and len(" ; ".join(want[0][2])) > 5000
    store = remote_server.store()
    store.replace_graphs(_graphs())
    with caplog.at_level(logging.INFO, logger="newsgraph.remote"):
        assert _rows(store) == want
    sorted_here = any("sorting them here" in r.getMessage() for r in caplog.records)
    # Virtuoso cannot sort these rows; the Oxigraph server can.
    assert sorted_here == (remote_server.kind == "virtuoso")
