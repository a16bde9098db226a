"""A remote store: any SPARQL 1.1 endpoint (query + update), with presets for known servers.

Queries run over the union of all graphs. Oxigraph server gets the
``union-default-graph`` request parameter (so it works whether or not the server
was started with ``--union-default-graph``); Virtuoso's default graph already is
the union, minus its own system graphs, which are excluded. A generic endpoint
must be configured so that its default graph is the union.

Where the server offers the Graph Store Protocol (the presets know where),
each graph is replaced by one ``PUT`` of N-Triples, ``jobs`` requests at a time
(:mod:`loader.store.graph_store`): servers read such a body with their bulk parser,
Virtuoso tens of times faster than an update. Elsewhere each graph is replaced
by update operations (``DROP SILENT GRAPH <g> ; INSERT DATA { GRAPH <g> { ... } }``)
whose triples are written by :func:`loader.store.base.nt_term`, several graphs per
request within a size cap. Either way a request holds whole graphs.

Only newsgraph's graphs (:func:`loader.store.base.ours`) are listed and counted; the
listing groups by graph (``resources/sparql/graph-list.rq``), which Virtuoso
answers from its index at any size.
"""

from __future__ import annotations

import logging
import re
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import IO, Any, TypeVar

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.errors import EndpointError, UsageError
from loader.core.formats import OX_FORMATS, DumpFormat
from loader.core.terms import Term, Triple, nt_term
from loader.store.base import (
    AskResult,
    GraphPayload,
    GraphResult,
    QueryResult,
    SelectResult,
    dataset_copy,
    ours,
)
from loader.store.embedded import to_ox
from loader.store.graph_store import GraphStoreClient
from loader.store.own_sparql import own_sparql
from loader.store.sparql_http import SparqlClient, public_url
from loader.store.sparql_text import (
    insert_ops,
    names_a_graph,
    operations,
    paged,
    query_form,
    split_insert_data,
)
from loader.store.upsert import upsert_subjects_update, without_subjects

log = logging.getLogger("newsgraph.remote")

SERVERS = ("oxigraph", "virtuoso", "fuseki", "generic")

# Graphs a fresh Virtuoso keeps for itself; never reported, dumped or queried.
_VIRTUOSO_SYSTEM = re.compile(
    r"^(http://www\.openlinksw\.com/|http://www\.w3\.org/ns/ldp#$|https?://[^/]+/(DAV/|sparql)$)"
)
# One request carries at most this much N-Triples text (Oxigraph batches).
_BATCH_BYTES = 2_000_000
_BATCH_GRAPHS = 200
# Virtuoso compiles each operation to SQL: past ~1000 triples it refuses one,
# and past ~10k triples a request times out.
_VIRTUOSO_OP_TRIPLES = 500
_VIRTUOSO_REQUEST_TRIPLES = 2500

T = TypeVar("T")


def _grouped(
    items: Iterable[T], size: Callable[[T], int], cap: int, max_items: int | None = None
) -> Iterator[list[T]]:
    """Consecutive items in groups of total size at most ``cap`` (a bigger item goes alone)."""
    group: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if group and (total + n > cap or (max_items is not None and len(group) >= max_items)):
            yield group
            group, total = [], 0
        group.append(item)
        total += n
    if group:
        yield group


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The URLs of one remote store."""

    server: str
    query: str
    update: str
    graph_store: str | None


def resolve_endpoints(
    endpoint: str,
    *,
    server: str | None = None,
    update_endpoint: str | None = None,
    graph_store: str | None = None,
) -> Endpoints:
    """Fill in the update and graph-store URLs from a server preset; explicit URLs win."""
    parts = urllib.parse.urlsplit(endpoint)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(
            f"--endpoint must be an http(s) URL, not {endpoint!r}",
            hint="for example --endpoint http://127.0.0.1:7878 --server oxigraph",
        )
    kind = server or "generic"
    if kind not in SERVERS:
        raise UsageError(f"unknown server kind {kind!r}", hint=f"use one of {', '.join(SERVERS)}")
    path = parts.path.rstrip("/")
    base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, "", "", ""))
    query, update, gsp = endpoint, update_endpoint, graph_store
    if kind == "oxigraph" and path in ("", "/query"):
        query, update, gsp = base + "/query", update or base + "/update", gsp or base + "/store"
    elif kind == "virtuoso" and path in ("", "/sparql", "/sparql-auth"):
        query = base + "/sparql"
        update = update or base + "/sparql-auth"
        gsp = gsp or base + "/sparql-graph-crud-auth"
    elif kind == "fuseki":
        dataset = re.sub(r"/(query|sparql|update|data)$", "", path)
        if dataset.count("/") == 1:  # /DATASET
            query = base + dataset + "/query"
            update = update or base + dataset + "/update"
            gsp = gsp or base + dataset + "/data"
    return Endpoints(server=kind, query=query, update=update or query, graph_store=gsp)


class RemoteStore:
    """A dataset behind SPARQL 1.1 query and update endpoints."""

    def __init__(
        self,
        endpoints: Endpoints,
        *,
        user: str | None = None,
        password: str | None = None,
        timeout: int = 300,
        jobs: int | None = None,
    ) -> None:
        self.endpoints = endpoints
        # Several PUTs at once keep a server busy while the next body is sent.
        self.jobs = jobs or (4 if endpoints.server == "virtuoso" else 2)
        self._graph_store = (
            GraphStoreClient(endpoints.graph_store, user=user, password=password, timeout=timeout)
            if endpoints.graph_store
            else None
        )
        self._pool: ThreadPoolExecutor | None = None
        params = {"union-default-graph": ""} if endpoints.server == "oxigraph" else {}
        self._client = SparqlClient(
            query_url=endpoints.query,
            update_url=endpoints.update,
            user=user,
            password=password,
            auth="DIGEST" if endpoints.server == "virtuoso" else "BASIC",
            query_params=params,
            timeout=timeout,
        )
        self._system_graphs: list[str] | None = None

    @property
    def description(self) -> str:
        return f"SPARQL endpoint at {public_url(self.endpoints.query)}"

    @property
    def is_virtuoso(self) -> bool:
        return self.endpoints.server == "virtuoso"

    # --- writing ----------------------------------------------------------------

    def replace_graphs(self, payloads: Sequence[GraphPayload]) -> None:
        """Replace each graph atomically; on failure the error says which graphs were written."""
        done: list[URIRef] = []
        try:
            if self._graph_store is not None:
                self._put_graphs(payloads, done)
            else:
                for batch in self._batches(payloads):
                    ops = [op for p in batch for op in self._replace_ops(p)]
                    self._client.update(" ;\n".join(ops))
                    done.extend(p.graph for p in batch)
        except EndpointError as exc:
            if done:
                exc.problem += f" ({len(done)} of {len(payloads)} graphs were written first)"
                exc.args = (exc.message,)
            exc.written = len(done)  # the load says how much of it is in the store
            raise

    def _put_graphs(self, payloads: Sequence[GraphPayload], done: list[URIRef]) -> None:
        """One Graph Store PUT per graph, ``jobs`` at a time; every request ends before a raise."""
        gsp = self._graph_store
        assert gsp is not None
        empty = [p.graph for p in payloads if not len(p)]
        if empty:
            self.drop_graphs(empty)
            done.extend(empty)
        full = [p for p in payloads if len(p)]
        if self.jobs == 1 or len(full) == 1:
            for p in full:
                gsp.put(str(p.graph), p.ntriples())
                done.append(p.graph)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="newsgraph-put")
        futures = {self._pool.submit(gsp.put, str(p.graph), p.ntriples()): p for p in full}
        failure: EndpointError | None = None
        for future in as_completed(futures):
            if future.cancelled():
                continue
            error = future.exception()
            if error is None:
                done.append(futures[future].graph)
            elif failure is None:
                if not isinstance(error, EndpointError):
                    raise error
                failure = error
                for other in futures:
                    other.cancel()
        if failure is not None:
            raise failure

    def _batches(self, payloads: Sequence[GraphPayload]) -> Iterator[list[GraphPayload]]:
        """Requests of several graphs where a request is one transaction, else one each."""
        if self.endpoints.server not in ("oxigraph", "virtuoso"):
            yield from ([p] for p in payloads)
            return
        # Virtuoso times a request out past ~10k triples (and rolls it back).
        if self.is_virtuoso:
            yield from _grouped(payloads, len, _VIRTUOSO_REQUEST_TRIPLES, _BATCH_GRAPHS)
        else:
            yield from _grouped(payloads, lambda p: len(p.ntriples()), _BATCH_BYTES, _BATCH_GRAPHS)

    def update(self, sparql: str) -> None:
        """Run a SPARQL update built by newsgraph (terms serialized with nt_term)."""
        if sparql.strip():
            self._update(sparql)

    def upsert_subjects(self, payload: GraphPayload) -> None:
        """Replace what the graph says about the payload's subjects (the gazetteer upsert).

        With a Graph Store the graph is read, edited here and written back by
        one PUT: one request, so it is never half done, and fast on Virtuoso,
        where the same change as SPARQL updates takes minutes or times out.
        """
        if self._graph_store is None:
            self.update(upsert_subjects_update(payload))
            return
        kept = without_subjects(self._graph_triples(payload.graph), payload)
        self.replace_graphs([GraphPayload(payload.graph, [*kept, *payload.triples])])

    def _update(self, text: str) -> None:
        if not self.is_virtuoso:
            self._client.update(text)
            return
        # A large update (a big gazetteer) goes in several requests: Virtuoso
        # times a request out past ~10k triples. Its operations are idempotent,
        # so a rerun repairs an interrupted one.
        ops = operations(split_insert_data(text, max_triples=_VIRTUOSO_OP_TRIPLES))
        for group in _grouped(ops, lambda op: op.count("\n") + 1, _VIRTUOSO_REQUEST_TRIPLES):
            self._client.update(" ;\n".join(group))

    def _replace_ops(self, payload: GraphPayload) -> list[str]:
        g = nt_term(payload.graph)
        limit = _VIRTUOSO_OP_TRIPLES if self.is_virtuoso else None
        return [f"DROP SILENT GRAPH {g}", *insert_ops(g, payload.ntriples(), max_triples=limit)]

    def drop_graphs(self, graphs: Sequence[URIRef]) -> None:
        for start in range(0, len(graphs), _BATCH_GRAPHS):
            chunk = graphs[start : start + _BATCH_GRAPHS]
            self._client.update(" ;\n".join(f"DROP SILENT GRAPH {nt_term(g)}" for g in chunk))

    # --- reading ----------------------------------------------------------------

    def graph_names(self) -> list[URIRef]:
        """newsgraph's graphs (the ontology, the gazetteer, the articles), sorted."""
        return sorted(URIRef(g) for g in self._all_graphs() if ours(g))

    def _all_graphs(self) -> list[str]:
        """Every named graph on the server, the server's own ones included."""
        rows = self._select(own_sparql("graph-list.rq"))[1]
        return [str(row[0]) for row in rows if row[0] is not None]

    def query(self, sparql: str) -> QueryResult:
        form = query_form(sparql)
        text = self._prepare(sparql)
        if form == "SELECT":
            variables, rows = self._select(text)
            return SelectResult(variables=variables, rows=rows)
        if form == "ASK":
            return AskResult(self._client.ask(text))
        triples, cap = self._client.construct(text, form=form)
        if cap is not None:
            log.warning(
                "the %s returned at most %d triples (its result limit); the answer may be "
                "incomplete — raise ResultSetMaxRows on the server",
                self.description,
                cap,
            )
        return GraphResult(triples)

    def _prepare(self, text: str) -> str:
        """Server pragmas in front of the query text (Virtuoso: hide its system graphs)."""
        # Virtuoso (7.2) answers ``GRAPH <iri>`` patterns with nothing as soon as
        # any graph is excluded, so such queries run without the exclusion (they
        # name their graph anyway). Named-graph listings filter by name instead.
        if not self.is_virtuoso or names_a_graph(text):
            return text
        pragmas = "".join(
            f"define input:default-graph-exclude {nt_term(URIRef(g))}\n"
            for g in self._virtuoso_system_graphs()
        )
        return pragmas + text

    def _virtuoso_system_graphs(self) -> list[str]:
        if self._system_graphs is None:
            self._system_graphs = sorted(g for g in self._all_graphs() if _VIRTUOSO_SYSTEM.match(g))
        return self._system_graphs

    def _select(self, text: str) -> tuple[list[str], list[list[Term | None]]]:
        """All rows of a SELECT, paging past a server's result cap (Virtuoso ResultSetMaxRows)."""
        variables, rows, cap = self._client.select(text)
        if cap is None:
            return variables, rows
        rows = []
        offset = 0
        while True:
            _, page, _ = self._client.select(
                paged(text, variables=variables, offset=offset, limit=cap)
            )
            rows.extend(page)
            if len(page) < cap:
                break
            offset += cap
        return variables, rows

    def _select_all(self, sparql: str) -> list[list[Term | None]]:
        return self._select(self._prepare(sparql))[1]

    def dataset(self) -> AbstractContextManager[Any]:
        return dataset_copy(self)

    def dump(
        self, out: IO[bytes], *, fmt: DumpFormat, graphs: Sequence[URIRef] | None = None
    ) -> None:
        """Write the graphs (all by default) in a standard RDF format, read graph by graph."""
        names = list(graphs) if graphs is not None else self.graph_names()
        if fmt in ("nquads", "trig"):
            quads = (
                ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))
                for g in names
                for s, p, o in self._graph_triples(g)
            )
            ox.serialize(quads, out, OX_FORMATS[fmt])
            return
        seen: set[Triple] = set()

        def triples() -> Iterator[ox.Triple]:
            for g in names:
                for t in self._graph_triples(g):
                    if t not in seen:
                        seen.add(t)
                        yield ox.Triple(to_ox(t[0]), to_ox(t[1]), to_ox(t[2]))

        ox.serialize(triples(), out, OX_FORMATS[fmt])

    def _graph_triples(self, graph: URIRef) -> list[Triple]:
        query = own_sparql("graph-triples.rq", graph=graph)
        return [(s, p, o) for s, p, o in self._select_all(query)]  # type: ignore[misc]

    def quad_count(self) -> int:
        """Quads in newsgraph's graphs (a server's system graphs left out)."""
        rows = self._select_all(own_sparql("graph-sizes.rq"))
        return sum(int(str(n)) for g, n in rows if n is not None and ours(str(g)))

    def close(self) -> None:
        """Stop the threads of parallel writes (every request opens its own connection)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
