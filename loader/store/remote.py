"""A remote store: any SPARQL 1.1 endpoint (query + update), with presets for known servers.

What differs between servers (endpoint paths, request caps, quirks) is in their
:class:`loader.store.profiles.ServerProfile`. Queries run over the union of all
graphs (Oxigraph server gets ``union-default-graph``; Virtuoso's default graph
already is the union; a generic endpoint must be configured so).

Writes hold whole graphs: through the Graph Store Protocol where the server
offers it (:mod:`loader.store.graph_store`; a ``POST`` of N-Quads for new graphs
where the server takes that, else ``PUT`` of N-Triples, ``jobs`` at a time),
else update operations (``DROP SILENT GRAPH`` + ``INSERT DATA``) within the
profile's caps. Only newsgraph's graphs (:func:`loader.store.base.ours`) are
listed and counted (``resources/sparql/graph-list.rq`` groups by graph, which
Virtuoso answers from its index). An export reads the dataset in one streamed
request where the server offers that, else graph by graph.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from contextlib import AbstractContextManager
from functools import partial
from typing import IO, Any, TypeVar

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.errors import EndpointError
from loader.core.formats import OX_FORMATS, DumpFormat
from loader.core.terms import Term, Triple, nt_term, to_ox
from loader.store.base import (
    AskResult,
    GraphPayload,
    GraphResult,
    QueryResult,
    SelectResult,
    SubjectRewrite,
    dataset_copy,
    ours,
)
from loader.store.graph_store import GraphStoreClient
from loader.store.local_order import select_ordered
from loader.store.own_sparql import own_sparql
from loader.store.profiles import Endpoints, resolve_endpoints
from loader.store.retry import public_url
from loader.store.rewrite_read import with_stored
from loader.store.sparql_http import SparqlClient
from loader.store.sparql_text import (
    grouped,
    insert_ops,
    names_a_graph,
    operations,
    paged,
    query_form,
    split_insert_data,
)
from loader.store.upsert import upsert_subjects_update, without_subjects

log = logging.getLogger("newsgraph.remote")

K = TypeVar("K")
_SUBJECTS_PER_REQUEST = 50  # consensus facts rewritten per update request
_DROPS_PER_REQUEST = 200
_EXPORT_ROWS = 5000  # triples an export request reads (below Virtuoso's row cap)


class RemoteStore:
    """A dataset behind SPARQL 1.1 query and update endpoints."""

    # A load writes each batch in a thread while it checks the next (loader.pipeline.write_ahead).
    writes_ahead = True

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
        self.profile = endpoints.profile
        # Several PUTs at once keep a server busy while the next body is sent.
        self.jobs = jobs or self.profile.jobs
        self._graph_store = (
            GraphStoreClient(endpoints.graph_store, user=user, password=password, timeout=timeout)
            if endpoints.graph_store
            else None
        )
        self._pool: ThreadPoolExecutor | None = None
        self._client = SparqlClient(
            query_url=endpoints.query,
            update_url=endpoints.update,
            user=user,
            password=password,
            auth=self.profile.auth,
            query_params=dict(self.profile.query_params),
            timeout=timeout,
        )
        self._system_graphs: list[str] | None = None

    @property
    def description(self) -> str:
        return f"SPARQL endpoint at {public_url(self.endpoints.query)}"

    # --- writing ----------------------------------------------------------------

    def replace_graphs(
        self, payloads: Sequence[GraphPayload], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        """Replace each graph atomically; on failure the error says which graphs were written.

        ``rewrite`` goes first, one update per subject (see :meth:`_rewrite`).
        """
        self._rewrite(rewrite)
        done: list[URIRef] = []
        try:
            if self._graph_store is not None and self.profile.nquads_post:
                self._post_graphs(payloads, done)
            elif self._graph_store is not None:
                self._put_graphs(payloads, done)
            else:
                self._update_graphs(payloads, done)
        except EndpointError as exc:
            if done:
                exc.problem += f" ({len(done)} of {len(payloads)} graphs were written first)"
                exc.args = (exc.message,)
            exc.written = len(done)  # the load says how much of it is in the store
            raise

    def _update_graphs(self, payloads: Sequence[GraphPayload], done: list[URIRef]) -> None:
        """Each graph dropped and inserted by update operations, several per request."""
        for batch in self._batches(payloads):
            ops = [op for p in batch for op in self._replace_ops(p)]
            self._client.update(" ;\n".join(ops))
            done.extend(p.graph for p in batch)

    def _post_graphs(self, payloads: Sequence[GraphPayload], done: list[URIRef]) -> None:
        """New graphs as N-Quads, several per POST (one transaction); others by update.

        A POST adds to what a graph holds, so only graphs the store lacks go
        that way; a graph already there is replaced by an update that drops and
        inserts it in one transaction, so it is never missing nor half new.
        """
        gsp = self._graph_store
        assert gsp is not None
        present = set(self._present([p.graph for p in payloads]))
        self._update_graphs([p for p in payloads if p.graph in present], done)
        fresh = [p for p in payloads if p.graph not in present]
        done.extend(p.graph for p in fresh if not len(p))  # absent and empty: nothing to do
        fresh = [p for p in fresh if len(p)]
        cap = self.profile.nquads_bytes
        # Blank node labels are scoped by request: a graph with any goes alone.
        size = lambda p: cap if "_:" in p.ntriples() else len(p.ntriples())  # noqa: E731
        for group in grouped(fresh, size, cap):
            gsp.post_nquads("".join(p.nquads() for p in group))
            done.extend(p.graph for p in group)

    def _present(self, graphs: Sequence[URIRef]) -> list[URIRef]:
        """Which of the graphs the store holds (one request for a batch)."""
        if not graphs:
            return []
        rows = self._select(own_sparql("graphs-present.rq", graphs=graphs))[1]
        return [URIRef(str(row[0])) for row in rows if row[0] is not None]

    def _put_graphs(self, payloads: Sequence[GraphPayload], done: list[URIRef]) -> None:
        """One Graph Store PUT per graph, ``jobs`` at a time; every request ends before a raise."""
        gsp = self._graph_store
        assert gsp is not None
        empty = [p.graph for p in payloads if not len(p)]
        if empty:
            self.drop_graphs(empty)
            done.extend(empty)
        full = [p for p in payloads if len(p)]
        calls = [(p.graph, partial(gsp.put, str(p.graph), p.ntriples())) for p in full]
        self._each(calls, done)

    def _each(self, calls: Sequence[tuple[K, Callable[[], object]]], done: list[K]) -> None:
        """Run the calls ``jobs`` at a time, each key to ``done`` once its call returned;
        every request ends before the first failure is raised."""
        if self.jobs == 1 or len(calls) == 1:
            for key, call in calls:
                call()
                done.append(key)
            return
        if self._pool is None:
            self._pool = ThreadPoolExecutor(self.jobs, thread_name_prefix="newsgraph-put")
        futures = {self._pool.submit(call): key for key, call in calls}
        failure: EndpointError | None = None
        for future in as_completed(futures):
            if future.cancelled():
                continue
            error = future.exception()
            if error is None:
                done.append(futures[future])
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
        profile = self.profile
        if not profile.request_is_transaction:
            yield from ([p] for p in payloads)
        elif profile.request_triples is not None:
            yield from grouped(payloads, len, profile.request_triples, profile.request_graphs)
        else:
            size = lambda p: len(p.ntriples())  # noqa: E731
            yield from grouped(payloads, size, profile.request_bytes, profile.request_graphs)

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
        limit, cap = self.profile.operation_triples, self.profile.request_triples
        if limit is None or cap is None:
            self._client.update(text)
            return
        # A large update (a big gazetteer) goes in several requests where the
        # server refuses a large one (Virtuoso). Its operations are idempotent,
        # so a rerun repairs an interrupted one.
        ops = operations(split_insert_data(text, max_triples=limit))
        for group in grouped(ops, lambda op: op.count("\n") + 1, cap):
            self._client.update(" ;\n".join(group))

    def _replace_ops(self, payload: GraphPayload) -> list[str]:
        g = nt_term(payload.graph)
        limit = self.profile.operation_triples
        return [f"DROP SILENT GRAPH {g}", *insert_ops(g, payload.ntriples(), max_triples=limit)]

    def _rewrite(self, rewrite: SubjectRewrite | None) -> None:
        # No transaction for graphs and derived triples: the derived go first, each subject
        # whole (only what changes: see rewrite_read), so a rerun after a stop redoes it all.
        if rewrite is not None:
            rewrite = with_stored(rewrite, self._select_all)
        cap = self.profile.request_triples
        updates = rewrite.updates(max_triples=self.profile.operation_triples) if rewrite else []
        size: Callable[[tuple[str, int]], int] = (lambda u: u[1]) if cap else (lambda u: len(u[0]))
        caps = (cap or self.profile.request_bytes, _SUBJECTS_PER_REQUEST)
        groups = [" ;\n".join(text for text, _ in g) for g in grouped(updates, size, *caps)]
        self._each([(i, partial(self._client.update, text)) for i, text in enumerate(groups)], [])

    def drop_graphs(
        self, graphs: Sequence[URIRef], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        self._rewrite(rewrite)
        for start in range(0, len(graphs), _DROPS_PER_REQUEST):
            chunk = graphs[start : start + _DROPS_PER_REQUEST]
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
            variables, rows = select_ordered(self._select, text)
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
        profile = self.profile
        if not profile.exclude_pragma or (
            profile.exclusion_hides_named_graphs and names_a_graph(text)
        ):
            return text
        pragma = profile.exclude_pragma
        return "".join(pragma.format(nt_term(URIRef(g))) for g in self._system()) + text

    def _system(self) -> list[str]:
        if self._system_graphs is None:
            graphs = self._all_graphs()
            self._system_graphs = sorted(g for g in graphs if self.profile.is_system_graph(g))
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
        """Write the graphs (all by default) in a standard RDF format, read by :meth:`_quads`."""
        names = list(graphs) if graphs is not None else self.graph_names()
        if fmt in ("nquads", "trig"):
            ox.serialize(self._quads(names), out, OX_FORMATS[fmt])
            return
        seen: set[ox.Triple] = set()

        def triples() -> Iterator[ox.Triple]:
            for q in self._quads(names):
                t = q.triple
                if t not in seen:
                    seen.add(t)
                    yield t

        ox.serialize(triples(), out, OX_FORMATS[fmt])

    def _quads(self, names: Sequence[URIRef]) -> Iterator[ox.Quad]:
        """The quads of the named graphs, the server's blank nodes and literals normalised."""
        wanted = {str(g) for g in names}
        if self._graph_store is not None and self.profile.dataset_get:
            # Oxigraph server: its labels and literals already are the embedded store's.
            with self._graph_store.open_dataset() as resp:
                for q in ox.parse(resp, format=ox.RdfFormat.N_QUADS):
                    g = q.graph_name
                    if isinstance(g, ox.NamedNode) and g.value in wanted:
                        yield q
            return
        # Several graphs a request (one each took minutes at 10k articles), under the row cap.
        sizes = self._graph_sizes()
        for group in grouped(names, lambda g: sizes.get(str(g), 0), _EXPORT_ROWS, 200):
            for g, s, p, o in self._select_all(own_sparql("graphs-triples.rq", graphs=group)):
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(g))  # type: ignore[arg-type]

    def _graph_sizes(self) -> dict[str, int]:
        rows = self._select_all(own_sparql("graph-sizes.rq"))
        return {str(g): int(str(n)) for g, n in rows if g is not None and n is not None}

    def _graph_triples(self, graph: URIRef) -> list[Triple]:
        query = own_sparql("graph-triples.rq", graph=graph)
        return [(s, p, o) for s, p, o in self._select_all(query)]  # type: ignore[misc]

    def quad_count(self) -> int:
        """Quads in newsgraph's graphs (a server's system graphs left out)."""
        return sum(n for g, n in self._graph_sizes().items() if ours(g))

    def close(self) -> None:
        """Stop the threads of parallel writes (every request opens its own connection)."""
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None


__all__ = ["Endpoints", "RemoteStore", "resolve_endpoints"]
