"""Running canned and user queries: bind the parameters, then ask the store."""

from __future__ import annotations

from collections.abc import Mapping

from loader.queries.binding import bind_query, bind_user_query
from loader.queries.canned import get_query
from loader.store.base import QueryResult, Store


def run_query(store: Store, name: str, params: Mapping[str, str]) -> QueryResult:
    """Run a canned query with parameters as the user typed them (``{"actor": "Lavrov"}``)."""
    query = get_query(name)
    return store.query(bind_query(store, query, params))


def run_sparql(store: Store, sparql: str, params: Mapping[str, str] | None = None) -> QueryResult:
    """Run a user's query; ``params`` bind ``?KEY`` (typed by a header if the text has one)."""
    return store.query(bind_user_query(store, sparql, params or {}))
