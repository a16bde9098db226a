"""``newsgraph serve``: a real Oxigraph server behind the newsgraph front, as a user runs it."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from SPARQLWrapper import JSON, POST, SPARQLWrapper

from loader.cli import main
from loader.core.errors import EndpointError
from loader.store.base import SelectResult
from loader.store.connect import StoreOptions, open_store
from loader.store.embedded import EmbeddedStore
from tests.helpers import numbered_graph
from tests.servers import free_port, oxigraph_binary

pytestmark = pytest.mark.servers

QUERIES = Path(__file__).resolve().parents[1] / "queries"
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
EXE = Path(sys.executable).parent / "newsgraph"


def _servers_of(store: Path) -> list[int]:
    """Pids of oxigraph processes serving ``store`` (found by their command line)."""
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmd = (proc / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if cmd and cmd[0].endswith(b"oxigraph") and str(store).encode() in cmd:
            found.append(int(proc.name))
    return found


def _serve(store: Path, port: int) -> subprocess.Popen[str]:
    if oxigraph_binary() is None:
        pytest.fail("the oxigraph server binary is missing: pip install 'newsgraph[server]'")
    return subprocess.Popen(
        [str(EXE), "--store", str(store), "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """The example corpus served read-only; yields the base URL and the store path."""
    store = tmp_path / "store"
    result = CliRunner().invoke(main, ["--store", str(store), "load", str(EXAMPLES)])
    assert result.exit_code == 0, result.output
    port = free_port()
    proc = _serve(store, port)
    try:
        assert proc.stdout is not None
        banner = proc.stdout.readline()
        assert "serving the embedded store" in banner, proc.stderr.read() if proc.stderr else ""
        proc.stdout.readline()
        yield f"http://127.0.0.1:{port}", store
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=20) == 0
        assert _servers_of(store) == []


def test_every_canned_query_runs_through_sparqlwrapper_defaults(
    served: tuple[str, Path],
) -> None:
    url, _ = served
    for rq in sorted(QUERIES.glob("*.rq")):
        wrapper = SPARQLWrapper(url + "/query")  # GET, its default result format
        wrapper.setQuery(rq.read_text(encoding="utf-8"))
        result = wrapper.query().convert()
        assert result is not None, rq.name


def test_long_get_and_post_queries(served: tuple[str, Path]) -> None:
    url, _ = served
    padding = "# " + "x" * 70_000 + "\n"
    query = padding + "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    full = f"{url}/query?{urllib.parse.urlencode({'query': query})}"
    assert len(full) > 64 * 1024
    req = urllib.request.Request(full, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(req, timeout=60) as resp:
        assert b'"n"' in resp.read()
    wrapper = SPARQLWrapper(url + "/query")
    wrapper.setMethod(POST)
    wrapper.setReturnFormat(JSON)
    wrapper.setQuery(query)
    rows = wrapper.query().convert()["results"]["bindings"]  # type: ignore[index,call-overload]
    assert int(rows[0]["n"]["value"]) > 1000


def test_serve_answers_sparql_and_is_read_only(tmp_path: Path) -> None:
    emb = EmbeddedStore(tmp_path / "store")
    emb.replace_graphs([numbered_graph(i) for i in range(3)])
    emb.close()
    port = free_port()
    proc = _serve(tmp_path / "store", port)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(2)]
        assert f"http://127.0.0.1:{port}/query" in "".join(lines)
        store = open_store(StoreOptions(endpoint=f"http://127.0.0.1:{port}", server="oxigraph"))
        assert len(store.graph_names()) == 3
        q = "SELECT ?n WHERE { ?g <https://w3id.org/newsgraph/ontology#number> ?n } ORDER BY ?n"
        result = store.query(q)
        assert isinstance(result, SelectResult)
        assert [int(str(r[0])) for r in result.rows] == [0, 1, 2]
        with pytest.raises(EndpointError):
            store.replace_graphs([numbered_graph(9)])  # read-only
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 0
    assert _servers_of(tmp_path / "store") == []


def test_a_taken_port_fails_before_any_banner(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "store").close()
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            main, ["--store", str(tmp_path / "store"), "serve", "--port", str(port)]
        )
    assert result.exit_code == 3, result.output
    assert "serving" not in result.output
    assert f"cannot listen on 127.0.0.1:{port}" in result.output
    assert "--port" in result.output
    assert _servers_of(tmp_path / "store") == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_the_start_leaves_no_server_behind(
    tmp_path: Path, sig: signal.Signals
) -> None:
    store = tmp_path / "store"
    EmbeddedStore(store).close()
    proc = _serve(store, free_port())
    try:
        deadline = time.monotonic() + 30
        while not _servers_of(store) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert _servers_of(store), "the oxigraph server never started"
        os.kill(proc.pid, sig)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert _servers_of(store) == []


def test_serve_without_binary_says_how_to_install(tmp_path: Path) -> None:
    EmbeddedStore(tmp_path / "store").close()
    env = {**os.environ, "NEWSGRAPH_OXIGRAPH": str(tmp_path / "missing")}
    result = CliRunner().invoke(main, ["--store", str(tmp_path / "store"), "serve"], env=env)
    assert result.exit_code == 3
    assert "pip install 'newsgraph[server]'" in result.output
