"""What newsgraph knows about each kind of SPARQL server: endpoint paths, limits and quirks.

Every server speaks SPARQL 1.1, but each differs in where its endpoints live,
how much one request may carry, whether it offers the Graph Store Protocol and
what it does with N-Quads, and in a few misreadings that queries must work
around. Those facts sit here, one :class:`ServerProfile` per ``--server`` kind,
so that the remote store (:mod:`loader.store.remote`) asks the profile instead of
testing for a server's name. A server not listed is ``generic``: plain SPARQL
1.1, one graph per request, no assumptions.
"""

from __future__ import annotations

import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Literal

from loader.core.errors import UsageError


@dataclass(frozen=True, slots=True)
class ServerProfile:
    """The endpoint layout, limits and quirks of one kind of server."""

    kind: str
    # --- where the endpoints are ------------------------------------------------------
    # URL paths that name the server itself (the group ``root`` is the base of the
    # paths below); a URL elsewhere is used as given.
    recognised: re.Pattern[str] | None = None
    query_path: str = ""
    update_path: str = ""
    graph_store_path: str | None = None
    # --- how to talk to it --------------------------------------------------------------
    auth: Literal["BASIC", "DIGEST"] = "BASIC"
    # Request parameters that make the default graph the union of all graphs.
    query_params: dict[str, str] = field(default_factory=dict)
    # Graphs the server keeps for itself: never listed, counted, dumped or queried,
    # and the pragma put in front of a query to leave one out of the default graph.
    system_graphs: re.Pattern[str] | None = None
    exclude_pragma: str = ""
    # Excluding a graph from the default graph empties ``GRAPH <iri>`` patterns
    # (Virtuoso 7.2): such queries then run without the exclusion.
    exclusion_hides_named_graphs: bool = False
    # --- how to write ----------------------------------------------------------------------
    # One update request is one transaction: several graphs may share one.
    request_is_transaction: bool = False
    # Caps on one update request: N-Triples text, triples, graphs.
    request_bytes: int = 2_000_000
    request_triples: int | None = None
    request_graphs: int = 200
    # Cap on the triples of one INSERT DATA operation (past it the server refuses it).
    operation_triples: int | None = None
    # A POST of N-Quads to the graph store (no ``graph`` parameter) adds them in
    # one transaction: new graphs go several to a request, in the server's bulk
    # parser. Size cap of such a request.
    nquads_post: bool = False
    nquads_bytes: int = 8_000_000
    # A GET of the graph store without a ``graph`` parameter answers the whole
    # dataset as N-Quads: an export reads it in one streamed request instead of
    # one query per graph.
    dataset_get: bool = False
    # Parallel write requests by default (``load --jobs``).
    jobs: int = 2

    def endpoints(
        self, endpoint: str, *, update: str | None, graph_store: str | None
    ) -> tuple[str, str, str | None]:
        """The query, update and graph-store URLs for ``endpoint``; explicit URLs win."""
        parts = urllib.parse.urlsplit(endpoint)
        m = self.recognised.fullmatch(parts.path.rstrip("/")) if self.recognised else None
        if m is None:
            return endpoint, update or endpoint, graph_store
        base = urllib.parse.urlunsplit((parts.scheme, parts.netloc, m.group("root"), "", ""))
        gsp = base + self.graph_store_path if self.graph_store_path is not None else None
        return base + self.query_path, update or base + self.update_path, graph_store or gsp

    def is_system_graph(self, iri: str) -> bool:
        return self.system_graphs is not None and self.system_graphs.match(iri) is not None


PROFILES: dict[str, ServerProfile] = {
    # Oxigraph server (0.4, 0.5): /query, /update, /store. Its updates and loads are
    # transactions; a POST of N-Quads to /store is parsed by its bulk parser.
    "oxigraph": ServerProfile(
        kind="oxigraph",
        recognised=re.compile(r"(?P<root>)(?:/query)?"),
        query_path="/query",
        update_path="/update",
        graph_store_path="/store",
        query_params={"union-default-graph": ""},
        request_is_transaction=True,
        request_bytes=2_000_000,
        nquads_post=True,
        dataset_get=True,
        jobs=2,
    ),
    # Virtuoso 7: updates need /sparql-auth with digest authentication. It
    # compiles each operation to SQL: past ~1000 triples it refuses one, and
    # past ~10k triples a request times out (and is rolled back). Its default
    # graph already is the union, with its own system graphs in it.
    "virtuoso": ServerProfile(
        kind="virtuoso",
        recognised=re.compile(r"(?P<root>)(?:/sparql|/sparql-auth)?"),
        query_path="/sparql",
        update_path="/sparql-auth",
        graph_store_path="/sparql-graph-crud-auth",
        auth="DIGEST",
        system_graphs=re.compile(
            r"^(http://www\.openlinksw\.com/|http://www\.w3\.org/ns/ldp#$|"
            r"https?://[^/]+/(DAV/|sparql)$)"
        ),
        exclude_pragma="define input:default-graph-exclude {}\n",
        exclusion_hides_named_graphs=True,
        request_is_transaction=True,
        request_triples=2500,
        operation_triples=500,
        jobs=4,
    ),
    # Apache Jena Fuseki: one dataset per path, /DATASET/query, /update, /data.
    "fuseki": ServerProfile(
        kind="fuseki",
        recognised=re.compile(r"(?P<root>/[^/]+)(?:/query|/sparql|/update|/data)?"),
        query_path="/query",
        update_path="/update",
        graph_store_path="/data",
    ),
    "generic": ServerProfile(kind="generic"),
}
SERVERS = tuple(PROFILES)


def profile_of(kind: str | None) -> ServerProfile:
    """The profile of a ``--server`` kind (``generic`` when none is given)."""
    name = kind or "generic"
    if name not in PROFILES:
        raise UsageError(f"unknown server kind {name!r}", hint=f"use one of {', '.join(SERVERS)}")
    return PROFILES[name]


@dataclass(frozen=True, slots=True)
class Endpoints:
    """The URLs of one remote store."""

    server: str
    query: str
    update: str
    graph_store: str | None

    @property
    def profile(self) -> ServerProfile:
        return PROFILES[self.server]


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
    profile = profile_of(server)
    query, update, gsp = profile.endpoints(
        endpoint, update=update_endpoint, graph_store=graph_store
    )
    return Endpoints(server=profile.kind, query=query, update=update, graph_store=gsp)
