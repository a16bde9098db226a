"""Server profiles: the endpoint URLs each ``--server`` preset derives, and its limits."""

from __future__ import annotations

import pytest
from rdflib import URIRef

from loader.core.errors import UsageError
from loader.store.base import GraphPayload
from loader.store.profiles import PROFILES, profile_of, resolve_endpoints
from tests.helpers import numbered_graph as article
from tests.servers import Server

ID = "https://w3id.org/newsgraph/id/"


@pytest.mark.parametrize(
    ("server", "given", "query", "update", "graph_store"),
    [
        ("oxigraph", "http://h:7878", "http://h:7878/query", "http://h:7878/update",
         "http://h:7878/store"),
        ("oxigraph", "http://h:7878/query/", "http://h:7878/query", "http://h:7878/update",
         "http://h:7878/store"),
        ("virtuoso", "http://h:8890/sparql", "http://h:8890/sparql",
         "http://h:8890/sparql-auth", "http://h:8890/sparql-graph-crud-auth"),
        ("fuseki", "http://h:3030/news/sparql", "http://h:3030/news/query",
         "http://h:3030/news/update", "http://h:3030/news/data"),
        ("fuseki", "http://h:3030/news", "http://h:3030/news/query",
         "http://h:3030/news/update", "http://h:3030/news/data"),
        # A path the preset does not know is used as given.
        ("oxigraph", "http://h/proxy/sparql", "http://h/proxy/sparql", "http://h/proxy/sparql",
         None),
        ("generic", "http://h/sparql", "http://h/sparql", "http://h/sparql", None),
    ],
)
def test_presets_fill_in_the_endpoints(
    server: str, given: str, query: str, update: str, graph_store: str | None
) -> None:
    ends = resolve_endpoints(given, server=server)
    assert (ends.server, ends.query, ends.update, ends.graph_store) == (
        server, query, update, graph_store)


def test_explicit_urls_win_over_the_preset() -> None:
    ends = resolve_endpoints(
        "http://h:8890/sparql", server="virtuoso", update_endpoint="http://h:8890/upd",
        graph_store="http://h:8890/gsp",
    )
    assert (ends.update, ends.graph_store) == ("http://h:8890/upd", "http://h:8890/gsp")


def test_unknown_kind_and_bad_url_say_what_to_do() -> None:
    with pytest.raises(UsageError, match="unknown server kind 'blazegraph'") as err:
        profile_of("blazegraph")
    assert "oxigraph, virtuoso, fuseki, generic" in (err.value.hint or "")
    with pytest.raises(UsageError, match="must be an http"):
        resolve_endpoints("ftp://h/sparql", server="oxigraph")


def test_profiles_hold_the_server_quirks() -> None:
    virtuoso = PROFILES["virtuoso"]
    assert virtuoso.auth == "DIGEST" and virtuoso.operation_triples == 500
    assert virtuoso.is_system_graph("http://www.openlinksw.com/schemas/virtrdf#")
    assert not virtuoso.is_system_graph("https://w3id.org/newsgraph/id/gazetteer")
    oxigraph = PROFILES["oxigraph"]
    assert oxigraph.nquads_post and oxigraph.query_params == {"union-default-graph": ""}
    # Only servers known to make one request one transaction get several graphs per request.
    assert not PROFILES["generic"].request_is_transaction
    assert not PROFILES["generic"].is_system_graph("http://www.openlinksw.com/schemas/virtrdf#")


@pytest.mark.servers
def test_oxigraph_batch_of_new_present_and_emptied_graphs(oxigraph_server: Server) -> None:
    """New graphs go by one N-Quads POST, present ones by drop-and-insert: none doubles."""
    oxigraph_server.clean()
    store = oxigraph_server.store()
    store.replace_graphs([article(1), article(2)])
    assert store.quad_count() == 14
    t1 = URIRef(f"{ID}article/t1")
    store.replace_graphs([GraphPayload(t1, []), article(2, notes=1), article(3)])
    assert store.graph_names() == [URIRef(f"{ID}article/t2"), URIRef(f"{ID}article/t3")]
    assert store.quad_count() == 5 + 7
    store.replace_graphs([article(2, notes=1), article(3)])  # all present now: same quads
    assert store.quad_count() == 12


@pytest.mark.servers
def test_oxigraph_blank_nodes_of_two_new_graphs_stay_apart(oxigraph_server: Server) -> None:
    oxigraph_server.clean()
    store = oxigraph_server.store()
    text = '_:b0 <https://w3id.org/newsgraph/ontology#note> "x" .\n'
    graphs = [URIRef(f"{ID}article/b{i}") for i in range(2)]
    store.replace_graphs([GraphPayload(g, text=text, size=1) for g in graphs])
    found = store.query("SELECT DISTINCT ?s WHERE { ?s <https://w3id.org/newsgraph/ontology#note> ?o }")
    assert len(list(getattr(found, "rows", []))) == 2
