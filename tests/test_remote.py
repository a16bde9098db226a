"""Remote stores on real servers: Oxigraph server and Virtuoso 7 on loopback."""

from __future__ import annotations

import http.server
import io
import logging
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from rdflib import XSD, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from loader.cli import main
from loader.core.errors import AuthError, EndpointError
from loader.core.vocab import SOURCE_DIGEST
from loader.queries.binding import bind_terms
from loader.queries.stats import store_stats
from loader.store.base import SelectResult
from loader.store.catalog import LOADED_AT
from loader.store.connect import StoreOptions, open_store
from loader.store.embedded import EmbeddedStore
from loader.store.remote import RemoteStore, resolve_endpoints
from tests.helpers import cli_output, numbered_graph
from tests.servers import Server, cli_args, free_port, start_oxigraph

pytestmark = pytest.mark.servers

ID = "https://w3id.org/newsgraph/id/"
P = URIRef("https://w3id.org/newsgraph/ontology#note")
NASTY = ['say "yes"', "it's", "a > b", "} } DROP ALL", "DROP ALL", "line\nbreak", "# not a comment"]


def rows(store: object, sparql: str, **bindings: URIRef | Literal) -> list[list[object]]:
    result = store.query(bind_terms(sparql, bindings))  # type: ignore[attr-defined]
    assert isinstance(result, SelectResult)
    return [list(r) for r in result.rows]


@pytest.fixture
def remote(remote_stores: StoreOptions) -> Iterator[RemoteStore]:
    store = open_store(remote_stores)
    assert isinstance(store, RemoteStore)
    yield store
    store.close()


@pytest.fixture
def embedded(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "emb")
    yield store
    store.close()


SIMPLE = [
    "SELECT ?g ?n WHERE { ?g <https://w3id.org/newsgraph/ontology#number> ?n } ORDER BY ?n",
    f"SELECT ?g ?d ?f ?l WHERE {{ ?g <{ID}date> ?d ; <{ID}flag> ?f ; <{ID}label> ?l }} ORDER BY ?g",
    "SELECT ?s ?o WHERE { ?s <https://w3id.org/newsgraph/ontology#note> ?o } ORDER BY ?s",
    # Virtuoso's own system graphs show up under GRAPH ?g: queries name their graphs' prefix.
    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
    'FILTER(STRSTARTS(STR(?g), "https://w3id.org/newsgraph/")) } GROUP BY ?g ORDER BY ?g',
    f"SELECT ?s WHERE {{ GRAPH <{ID}article/t2> {{ ?s ?p ?o }} }} ORDER BY ?s",
]


@pytest.mark.parametrize("sparql", SIMPLE)
def test_rows_equal_the_embedded_store(
    remote: RemoteStore, embedded: EmbeddedStore, sparql: str
) -> None:
    payloads = [numbered_graph(i) for i in range(5)]
    remote.replace_graphs(payloads)
    embedded.replace_graphs(payloads)
    assert rows(remote, sparql) == rows(embedded, sparql)


def test_bound_parameters_and_ask(remote: RemoteStore, embedded: EmbeddedStore) -> None:
    payloads = [numbered_graph(i) for i in range(4)]
    remote.replace_graphs(payloads)
    embedded.replace_graphs(payloads)
    q = "SELECT ?g ?n WHERE { ?g <https://w3id.org/newsgraph/ontology#number> ?n }"
    assert (
        rows(remote, q, n=Literal(2))
        == rows(embedded, q, n=Literal(2))
        == [[URIRef(f"{ID}article/t2"), Literal(2)]]
    )
    ask = remote.query("ASK { ?g <https://w3id.org/newsgraph/ontology#number> 3 }")
    assert getattr(ask, "value", None) is True


def test_reload_is_idempotent_and_replaces_only_its_graph(remote: RemoteStore) -> None:
    remote.replace_graphs([numbered_graph(i) for i in range(6)])
    before = remote.quad_count()
    remote.replace_graphs([numbered_graph(i) for i in range(6)])
    assert remote.quad_count() == before
    remote.replace_graphs([numbered_graph(3, notes=0)])
    assert remote.quad_count() == before - 3
    assert len(remote.graph_names()) == 6
    assert rows(remote, f"SELECT ?o WHERE {{ <{ID}note/4/2> ?p ?o }}") == [[Literal("note 2")]]


def test_injection_text_is_stored_verbatim(remote: RemoteStore) -> None:
    remote.replace_graphs([numbered_graph(1), numbered_graph(2, extra=NASTY)])
    found = rows(remote, f"SELECT ?o WHERE {{ GRAPH <{ID}article/t2> {{ ?s <{P}> ?o }} }}")
    assert {str(r[0]) for r in found} >= set(NASTY)
    assert len(remote.graph_names()) == 2  # "DROP ALL" dropped nothing
    assert len(rows(remote, f"SELECT * WHERE {{ GRAPH <{ID}article/t1> {{ ?s ?p ?o }} }}")) == 7


def test_drop_and_dump(remote: RemoteStore, embedded: EmbeddedStore) -> None:
    payloads = [numbered_graph(i) for i in range(3)]
    remote.replace_graphs(payloads)
    embedded.replace_graphs(payloads)
    a, b = io.BytesIO(), io.BytesIO()
    remote.dump(a, fmt="nquads")
    embedded.dump(b, fmt="nquads")
    assert sorted(a.getvalue().splitlines()) == sorted(b.getvalue().splitlines())
    remote.drop_graphs([URIRef(f"{ID}article/t0")])
    assert remote.graph_names() == [URIRef(f"{ID}article/t1"), URIRef(f"{ID}article/t2")]


def test_virtuoso_pages_past_result_set_max_rows(virtuoso_capped: Server) -> None:
    virtuoso_capped.clean()
    store = virtuoso_capped.store()
    store.replace_graphs([numbered_graph(i, notes=30) for i in range(4)])  # 120 notes, cap 50
    found = rows(store, "SELECT ?s ?o WHERE { ?s <https://w3id.org/newsgraph/ontology#note> ?o }")
    assert len(found) == 120
    assert len({(str(s), str(o)) for s, o in found}) == 120
    ordered = (
        "SELECT ?s WHERE { ?s <https://w3id.org/newsgraph/ontology#note> ?o } ORDER BY DESC(?s)"
    )
    got = [str(r[0]) for r in rows(store, ordered)]
    assert got == sorted(got, reverse=True) and len(got) == 120


def test_anonymous_virtuoso_endpoint_cannot_update(virtuoso_server: Server) -> None:
    endpoints = resolve_endpoints(virtuoso_server.base_url + "/sparql", server="generic")
    store = RemoteStore(endpoints)
    with pytest.raises(AuthError, match="does not allow"):
        store.replace_graphs([numbered_graph(1)])


# --- the CLI and faults -----------------------------------------------------------------


def test_wrong_password_one_message_exit_3(virtuoso_server: Server) -> None:
    store = open_store(
        StoreOptions(
            endpoint=virtuoso_server.base_url,
            server="virtuoso",
            user="dba",
            password="not-the-password",
        )
    )
    with pytest.raises(AuthError) as err:
        store.replace_graphs([numbered_graph(1)])
    assert "refused the credentials of user dba" in err.value.message
    assert "not-the-password" not in err.value.message


def test_dead_port_exit_3() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    code, out = cli_output(
        [
            "--endpoint",
            url,
            "--server",
            "oxigraph",
            "query",
            "--sparql",
            "SELECT * WHERE { ?s ?p ?o }",
        ]
    )
    if "No such command" in out:
        store = open_store(StoreOptions(endpoint=url, server="oxigraph"))
        with pytest.raises(EndpointError, match="connection refused"):
            store.graph_names()
        return
    assert code == 3
    assert "cannot reach the SPARQL endpoint" in out and "connection refused" in out
    assert "Traceback" not in out


class _Page(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        self._page()

    def do_POST(self) -> None:
        self._page()

    def _page(self) -> None:
        _reply(self, 200, "text/html", b"<html><body>Welcome</body></html>")

    def log_message(self, *args: object) -> None:
        pass


def _reply(handler: http.server.BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", kind)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def test_html_page_is_not_sparql() -> None:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Page)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        store = open_store(StoreOptions(endpoint=url))
        with pytest.raises(EndpointError, match="does not answer SPARQL"):
            store.graph_names()
        with pytest.raises(EndpointError, match="does not answer SPARQL"):
            store.replace_graphs([numbered_graph(1)])
    finally:
        server.shutdown()


class _Deadlocks(http.server.BaseHTTPRequestHandler):
    """Answers the first updates as Virtuoso does a transaction rolled back for a deadlock."""

    refusals = 4
    updates: ClassVar[list[str]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        _Deadlocks.updates.append(self.rfile.read(length).decode())
        if len(_Deadlocks.updates) <= _Deadlocks.refusals:
            _reply(self, 500, "text/plain", b"Virtuoso 40001 Error SR172: Transaction deadlocked\n")
        else:
            _reply(self, 200, "text/plain", b"")

    def log_message(self, *args: object) -> None:
        pass


def test_deadlocked_updates_are_tried_again_quietly(caplog: pytest.LogCaptureFixture) -> None:
    """A write rolled back for a concurrent one (parallel writes to Virtuoso) is sent again,
    more often than another server error and without a warning; the fourth refusal of
    another kind would have ended the load."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Deadlocks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        store = open_store(StoreOptions(endpoint=url))
        with caplog.at_level(logging.WARNING, logger="newsgraph.remote"):
            store.update("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
        assert len(_Deadlocks.updates) == _Deadlocks.refusals + 1
        assert not caplog.records
    finally:
        server.shutdown()


def test_server_stopped_mid_load_then_rerun_completes(tmp_path: Path) -> None:
    server = start_oxigraph(tmp_path / "ox")
    port = int(server.base_url.rsplit(":", 1)[1])
    try:
        store = server.store()
        payloads = [numbered_graph(i) for i in range(20)]
        store.replace_graphs(payloads[:10])
        server.kill()
        with pytest.raises(EndpointError, match="connection refused") as err:
            store.replace_graphs(payloads[10:])
        assert err.value.written == 0  # nothing of this call got through
        server = start_oxigraph(tmp_path / "ox", port=port)
        assert len(store.graph_names()) == 10
        store.replace_graphs(payloads)
        assert len(store.graph_names()) == 20
        assert store.quad_count() == sum(len(p) for p in payloads)
    finally:
        server.stop()


def test_a_server_back_within_seconds_does_not_end_the_load(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A server that answered, then refuses connections for a few seconds (a restart),
    is waited for: the writes of that moment go through once it is back."""
    server = start_oxigraph(tmp_path / "ox")
    try:
        store = server.store()
        payloads = [numbered_graph(i) for i in range(20)]
        store.replace_graphs(payloads[:10])
        server.kill()
        back = threading.Timer(2.0, server.restart)
        back.start()
        with caplog.at_level(logging.WARNING, logger="newsgraph.remote"):
            store.replace_graphs(payloads[10:])
        back.join()
        assert any("connection refused" in r.getMessage() for r in caplog.records)
        assert len(store.graph_names()) == 20
        assert store.quad_count() == sum(len(p) for p in payloads)
    finally:
        server.stop()


def test_examples_load_through_the_cli(remote_server: Server, tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples"
    if not any(examples.glob("**/*.yaml")):
        pytest.skip("examples/ has no corpus yet")
    env = {
        k: v
        for k, v in (
            ("NEWSGRAPH_USER", remote_server.user),
            ("NEWSGRAPH_PASSWORD", remote_server.password),
        )
        if v
    }
    args = [*cli_args(remote_server.options()), "load", str(examples)]
    code, out = cli_output(args, env)
    assert code == 0, out
    store = remote_server.store()
    first = store.quad_count()
    code, out = cli_output(args, env)
    assert code == 0, out
    assert store.quad_count() == first
    emb = EmbeddedStore(tmp_path / "emb")
    try:
        from loader.pipeline import corpus

        corpus.load([examples], emb)
        assert store.quad_count() == emb.quad_count()
    finally:
        emb.close()


def test_wrong_password_through_the_cli_one_message_exit_3(virtuoso_server: Server) -> None:
    corpus = Path(__file__).resolve().parent / "fixtures" / "load"
    args = ["--endpoint", virtuoso_server.base_url, "--server", "virtuoso", "load", str(corpus)]
    result = CliRunner().invoke(
        main,
        args,
        env={"NEWSGRAPH_USER": "dba", "NEWSGRAPH_PASSWORD": "not-the-password"},
        catch_exceptions=False,
    )
    assert result.exit_code == 3
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, result.output
    assert "refused the credentials of user dba" in errors[0]
    assert "not-the-password" not in result.output
    assert "Traceback" not in result.output


# --- the loader's own requests on each server, compared with the embedded store -------------

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
LABEL = URIRef("http://www.w3.org/2000/01/rdf-schema#label")
GAZ = URIRef(f"{ID}gazetteer")


def _load_both(server: Server, corpus_dir: Path, emb_dir: Path) -> None:
    env = {k: v for k, v in (("NEWSGRAPH_USER", server.user),
                             ("NEWSGRAPH_PASSWORD", server.password)) if v}
    code, out = cli_output([*cli_args(server.options()), "load", str(corpus_dir)], env)
    assert code == 0, out
    code, out = cli_output(["--store", str(emb_dir), "load", str(corpus_dir)])
    assert code == 0, out


def test_gazetteer_rename_shows_one_name(remote_server: Server, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    _load_both(remote_server, corpus, tmp_path / "emb")
    gaz = corpus / "gazetteer.yaml"
    gaz.write_text(gaz.read_text().replace("name: Sergei Lavrov", "name: Sergey V. Lavrov"))
    _load_both(remote_server, corpus, tmp_path / "emb")
    store = remote_server.store()
    lavrov = URIRef(f"{ID}actor/sergei-lavrov")
    q = f"SELECT ?n WHERE {{ GRAPH <{GAZ}> {{ ?a <{LABEL}> ?n }} }}"
    assert rows(store, q, a=lavrov) == [[Literal("Sergey V. Lavrov")]]
    stamps = f"SELECT ?v WHERE {{ GRAPH <{GAZ}> {{ <{GAZ}> <{SOURCE_DIGEST}> ?v }} }}"
    assert len(rows(store, stamps)) == 1  # the old digest went with the old names
    emb = EmbeddedStore(tmp_path / "emb")
    try:
        assert store.quad_count() == emb.quad_count()
    finally:
        emb.close()


def test_stats_and_exports_equal_the_embedded_store(remote_server: Server, tmp_path: Path) -> None:
    _load_both(remote_server, EXAMPLES, tmp_path / "emb")
    remote = remote_server.store()
    emb = EmbeddedStore(tmp_path / "emb")
    try:
        assert store_stats(remote) == store_stats(emb)
        # Server system graphs are never listed; Virtuoso's blank nodes read back fine.
        assert all(str(g).startswith("https://w3id.org/newsgraph/") for g in remote.graph_names())
        a, b = io.BytesIO(), io.BytesIO()
        remote.dump(a, fmt="nquads")
        emb.dump(b, fmt="nquads")
    finally:
        emb.close()
    assert _graphs(a.getvalue()).keys() == _graphs(b.getvalue()).keys()
    for name, graph in _graphs(a.getvalue()).items():
        assert isomorphic(graph, _graphs(b.getvalue())[name]), name
    env = {k: v for k, v in (("NEWSGRAPH_USER", remote_server.user),
                             ("NEWSGRAPH_PASSWORD", remote_server.password)) if v}
    for fmt in ("trig", "owl"):
        out_r, out_e = tmp_path / f"r.{fmt}", tmp_path / f"e.{fmt}"
        code, text = cli_output([*cli_args(remote_server.options()), "export", "--format", fmt,
                              str(out_r)], env)
        assert code == 0, text
        code, text = cli_output(["--store", str(tmp_path / "emb"), "export", "--format", fmt,
                              str(out_e)])
        assert code == 0, text
        syntax = "trig" if fmt == "trig" else "xml"
        if fmt == "trig":
            assert _graphs(out_r.read_bytes(), "trig").keys() == _graphs(
                out_e.read_bytes(), "trig").keys()
        else:
            assert isomorphic(Graph().parse(out_r, format=syntax),
                              Graph().parse(out_e, format=syntax))


def _graphs(data: bytes, fmt: str = "nquads") -> dict[str, Graph]:
    ds = Dataset()
    ds.parse(data=data.decode("utf-8"), format=fmt)
    out: dict[str, Graph] = {}
    for s, p, o, g in ds.quads((None, None, None, None)):
        if p != LOADED_AT:  # when each store loaded each article: times differ, data must not
            out.setdefault(str(g), Graph()).add((s, p, o))
    return out


def test_wrong_password_after_unchanged_articles_says_nothing_was_written(
    virtuoso_server: Server,
) -> None:
    virtuoso_server.clean()
    corpus = Path(__file__).resolve().parent / "fixtures" / "load"
    args = [*cli_args(virtuoso_server.options()), "load", str(corpus)]
    code, out = cli_output(args, {"NEWSGRAPH_USER": "dba", "NEWSGRAPH_PASSWORD": "dba"})
    assert code == 0, out
    store = virtuoso_server.store()
    articles = [g for g in store.graph_names() if "/article/" in str(g)]
    store.drop_graphs(articles[:1])
    code, out = cli_output(args, {"NEWSGRAPH_USER": "dba", "NEWSGRAPH_PASSWORD": "wrong"})
    assert code == 3
    assert "nothing was written" in out
    assert f"({len(articles) - 1} unchanged article(s) were already there)" in out


def test_server_terms_read_back_as_the_embedded_store_holds_them() -> None:
    from rdflib import BNode

    from loader.store.sparql_http import _term, blank_node

    assert blank_node("nodeID://b10016") == blank_node("nodeID://b10016")
    assert blank_node("nodeID://b10016") != blank_node("nodeID://b10017")
    for label in ("nodeID://b10016", "b0", "a/b c", "x.y"):
        node = blank_node(label)
        assert isinstance(node, BNode)
        ox.BlankNode(str(node))  # Oxigraph accepts the label
    xsd = "http://www.w3.org/2001/XMLSchema#"
    offset = _term({"type": "typed-literal", "value": "+0130", "datatype": xsd + "nonNegativeInteger"})
    assert offset == Literal("130", datatype=XSD.integer)
    flag = _term({"type": "typed-literal", "value": "1", "datatype": xsd + "boolean"})
    assert flag == Literal("true", datatype=XSD.boolean)
    assert _term({"type": "literal", "value": "x", "datatype": xsd + "string"}) == Literal("x")
