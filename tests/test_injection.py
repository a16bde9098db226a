"""Query parameters cannot change a query: hostile values give no rows or a clean error."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from loader.core.errors import UsageError
from loader.pipeline import corpus
from loader.queries.results import rows_as_dicts
from loader.queries.run import run_query, run_sparql
from loader.store.embedded import EmbeddedStore

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "queries"

HOSTILE = [
    'Lavrov" } DROP ALL ; SELECT * WHERE { "',
    "Lavrov' } } DROP ALL #",
    "} DROP ALL",
    "Lavrov\n} ; DROP ALL ; #",
    "# comment\nLavrov",
    "> <https://w3id.org/newsgraph/id/actor/sergei-lavrov",
    "<https://w3id.org/newsgraph/id/actor/sergei-lavrov>",
    "https://w3id.org/newsgraph/id/actor/sergei-lavrov> } DROP ALL { <x",
    "event/alaska> } ; DROP ALL ; SELECT * { <a",
    '"""\\u0022 } DROP ALL',
    '\\" ) } DROP ALL',
    "UNDEF",
    "?actor",
    '2025-08-15" } DROP ALL {',
]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("inj") / "store")
    corpus.load([FIXTURE], s, workers=1)
    yield s
    s.close()


def dump(store: EmbeddedStore) -> bytes:
    out = io.BytesIO()
    store.dump(out, fmt="nquads")
    return out.getvalue()


CASES = [
    ("who-met-whom", "actor"),
    ("who-met-whom", "from"),
    ("who-met-whom", "status"),
    ("statements-about", "about"),
    ("sources-of", "fact"),
    ("status-history", "event"),
    ("actors", "type"),
]


@pytest.mark.parametrize(("query", "param"), CASES)
def test_hostile_canned_parameters(store: EmbeddedStore, query: str, param: str) -> None:
    before = dump(store)
    for value in HOSTILE:
        try:
            result = rows_as_dicts(run_query(store, query, {param: value}))
        except UsageError as exc:
            assert exc.exit_code == 2
            assert f"parameter {param}=" in exc.message
        else:
            assert result == [], (query, param, value)
    assert dump(store) == before


def test_hostile_user_query_parameters(store: EmbeddedStore) -> None:
    before = dump(store)
    sparql = "SELECT ?s WHERE { ?s ?p ?x }"
    for value in HOSTILE:
        assert rows_as_dicts(run_sparql(store, sparql, {"x": value})) == []
        for typed in ("x:actor", "x:iri", "x:date", "x:integer", "x:status"):
            try:
                run_sparql(store, sparql, {typed: value})
            except UsageError as exc:
                assert exc.exit_code == 2
    assert dump(store) == before


def test_a_literal_with_quotes_round_trips(store: EmbeddedStore) -> None:
    """The value reaches the query intact: it is bound, not cut at a quote or brace."""
    value = 'a "quoted" } value\nwith # and > and \\ backslash'
    result = rows_as_dicts(run_sparql(store, "SELECT ?x WHERE { }", {"x": value}))
    assert result == [{"x": value}]


def test_parameter_names_are_checked(store: EmbeddedStore) -> None:
    with pytest.raises(UsageError, match="not a SPARQL variable name"):
        run_sparql(store, "SELECT ?x WHERE { }", {"x) { } DROP ALL ; SELECT (?y": "1"})
