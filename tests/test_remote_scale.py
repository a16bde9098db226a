"""The remote stores on a synthetic corpus of realistic size, against the embedded store.

The corpus comes from ``benchmarks/generate.py``: 1,000 articles (about 134,000
quads) by default; ``NEWSGRAPH_REMOTE_ARTICLES=10000`` runs the same tests at
10k. Each server (a real Oxigraph server and a real Virtuoso on loopback,
private instances) gets the corpus once, through the CLI as a user would load
it, and every check shares that load, since a load is what costs: the first
load is cut short by killing the server, which is restarted and loaded again,
and must then hold exactly the embedded store's quads and ``stats`` (read back
as an export); then the canned queries, a reload that changes nothing, and a
gazetteer rename run on the same store. The embedded store of the same corpus
is the reference.

``make test-scale`` (run by CI after ``make test``) sets 10,000: about
1.4 million quads per store. The load sends each server the consensus graph's
changes as it goes (a fact already written in the load as the lines that
change), several requests at a time; see benchmarks/RESULTS.md for the times.

All tests of the module run on one worker of ``pytest -n`` (their
``xdist_group``; ``make test`` passes ``--dist loadgroup``), so the corpus and
the embedded reference are built once.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from rdflib import RDFS, Graph, URIRef
from rdflib.compare import isomorphic

from loader.core.errors import EndpointError
from loader.queries.stats import store_stats
from loader.store.base import SelectResult
from loader.store.catalog import LOADED_AT
from loader.store.embedded import EmbeddedStore
from tests.golden_runner import run_case
from tests.helpers import cli_output
from tests.servers import Server, cli_args, cli_env, start_oxigraph, start_virtuoso

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

GROUP = pytest.mark.xdist_group("remote-scale")
pytestmark = [pytest.mark.servers, pytest.mark.slow, GROUP]

ARTICLES = int(os.environ.get("NEWSGRAPH_REMOTE_ARTICLES", "1000"))
CRASH_RESTARTS = 2  # times a server that crashed by itself is restarted within one load
GAZ = URIRef("https://w3id.org/newsgraph/id/gazetteer")
EXE = Path(sys.executable).parent / "newsgraph"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("scale") / "corpus"
    generate.generate(out, articles=ARTICLES, seed=11)
    return out


@pytest.fixture(scope="module")
def embedded_store(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The store of the corpus loaded embedded (the reference)."""
    store = tmp_path_factory.mktemp("scale-emb") / "store"
    code, out = cli_output(["--store", str(store), "load", "--quiet", str(corpus)])
    assert code == 0, out
    return store


@dataclass
class Reference:
    """What the embedded store holds: plain quads, graphs with blank nodes, stats."""

    plain: set[str]
    blank: dict[str, Graph]
    stats: dict[str, Any]
    quads: int


@pytest.fixture(scope="module")
def reference(embedded_store: Path) -> Reference:
    emb = EmbeddedStore(embedded_store, read_only=True)
    try:
        plain, blank = _quads(emb)
        return Reference(plain, blank, store_stats(emb), emb.quad_count())
    finally:
        emb.close()


def _quads(store: object) -> tuple[set[str], dict[str, Graph]]:
    """N-Quads lines without blank nodes, and the graphs with blank nodes (compared as graphs)."""
    buf = io.BytesIO()
    store.dump(buf, fmt="nquads")  # type: ignore[attr-defined]
    plain: set[str] = set()
    blank: dict[str, list[str]] = {}
    for line in buf.getvalue().decode("utf-8").splitlines():
        if f"<{LOADED_AT}>" in line:
            continue  # when each store loaded each article: times differ, data must not
        if "_:" in line:
            graph = line.rsplit(" ", 2)[-2]
            blank.setdefault(graph, []).append(line.rsplit(" ", 2)[0] + " .")
        elif line:
            plain.add(line)
    graphs = {g: Graph().parse(data="\n".join(ls), format="nt") for g, ls in blank.items()}
    return plain, graphs


def _load(server: Server, corpus: Path) -> tuple[int, str]:
    """Load the corpus as a user would; a server that crashed by itself is restarted and
    the same command run again, as the failure message tells the user to.

    Virtuoso 7.2 has segfaulted at the start of a load (a write through a null
    pointer, seen in the kernel log, nothing in its own). That is the server's bug,
    and the promise under test is the same as for a kill: rerun, and the store ends
    whole. Each crash is reported as a warning with the end of the server's log.
    """
    args = [*cli_args(server.options()), "load", "--quiet", str(corpus)]
    code, out = cli_output(args, cli_env(server.options()))
    for _ in range(CRASH_RESTARTS):
        if code == 0 or server.running:
            break
        _crashed(server)
        code, out = cli_output(args, cli_env(server.options()))
    if code != 0:
        out = f"{out}\n{server.state()}"
    return code, out


def _crashed(server: Server) -> None:
    """Report a server that ended by itself, and start it again on the same data."""
    warnings.warn(f"the server crashed by itself and was restarted: {server.state()}", stacklevel=3)
    server.restart()


@dataclass
class Loaded:
    """A server the corpus was loaded into: first cut short by a kill, then loaded again."""

    server: Server
    killed: subprocess.CompletedProcess[str]
    written_before_kill: int
    reload: tuple[int, str]


def _kill_mid_load(server: Server, corpus: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """Start a load in its own process and kill the server once a fifth of the articles are in.

    A server that crashes by itself first is restarted and the load started again.
    """
    env = {**os.environ, **cli_env(server.options())}
    args = [str(EXE), *cli_args(server.options()), "load", "--quiet", str(corpus)]
    for _ in range(CRASH_RESTARTS + 1):
        proc = subprocess.Popen(
            args, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        )
        written = _wait_for_a_fifth(server, proc)
        if server.running:
            break
        proc.communicate(timeout=300)
        _crashed(server)
    server.kill()
    out, _ = proc.communicate(timeout=300)
    return subprocess.CompletedProcess(args, proc.returncode, out), written


def _wait_for_a_fifth(server: Server, proc: subprocess.Popen[str]) -> int:
    """How many graphs the server holds once a fifth of the articles are in (or it died)."""
    store = server.store()
    written = 0
    deadline = time.monotonic() + 900
    while time.monotonic() < deadline and proc.poll() is None and server.running:
        try:
            written = len(store.graph_names())
        except EndpointError:
            if server.running:
                raise
            break
        if written >= ARTICLES // 5:
            break
        time.sleep(0.5)
    return written


@pytest.fixture(scope="module", params=["oxigraph", "virtuoso"])
def loaded(
    request: pytest.FixtureRequest, corpus: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Loaded]:
    """A private server of each kind holding the corpus (its own, since it gets killed)."""
    where = tmp_path_factory.mktemp(f"scale-{request.param}")
    server = (
        start_oxigraph(where / "data") if request.param == "oxigraph" else start_virtuoso(where)
    )
    try:
        killed, written = _kill_mid_load(server, corpus)
        server.restart()
        yield Loaded(server, killed, written, _load(server, corpus))
    finally:
        server.stop()


def test_server_killed_mid_load_then_reload_gives_the_embedded_quads(
    loaded: Loaded, reference: Reference
) -> None:
    out = loaded.killed.stdout
    assert loaded.killed.returncode == 3, out
    assert "cannot reach" in out and "written whole before the failure" in out, out
    assert "Traceback" not in out
    assert 0 < loaded.written_before_kill < ARTICLES, out
    code, text = loaded.reload
    assert code == 0, text
    store = loaded.server.store()
    plain, blank = _quads(store)  # the export, read back from the server
    assert len(plain) == len(reference.plain)
    assert plain == reference.plain
    assert blank.keys() == reference.blank.keys()
    for name, graph in blank.items():
        assert isomorphic(graph, reference.blank[name]), name
    assert store_stats(store) == reference.stats


def _cases(corpus: Path) -> list[tuple[str, dict[str, str]]]:
    """The canned queries, the per-actor ones about the gazetteer's first person (or state)."""
    text = (corpus / "gazetteer.yaml").read_text(encoding="utf-8")
    m = re.search(r"- id: (\S+)\n\s+type: person", text)
    s = re.search(r"- id: (\S+)\n\s+type: state", text)
    assert m is not None and s is not None
    actor, state = m.group(1), s.group(1)
    return [
        ("actors", {}),
        ("who-met-whom", {}),
        ("who-met-whom", {"actor": actor}),
        ("meetings-of", {"actor": actor}),
        ("timeline", {"actor": actor}),
        ("statements-by", {"actor": actor}),
        ("statements-about", {"about": actor}),
        ("conflicting-reports", {}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"issuer": state}),
        ("sanctions-packages", {"target": actor}),
    ]


def test_canned_queries_answer_as_the_embedded_store(
    loaded: Loaded, corpus: Path, embedded_store: Path
) -> None:
    emb = EmbeddedStore(embedded_store, read_only=True)
    try:
        for name, params in _cases(corpus):
            want = run_case(emb, "scale", name, params)
            assert run_case(loaded.server.store(), "scale", name, params) == want, (name, params)
    finally:
        emb.close()


def test_a_reload_changes_nothing(loaded: Loaded, corpus: Path, reference: Reference) -> None:
    code, out = _load(loaded.server, corpus)
    assert code == 0, out
    assert loaded.server.store().quad_count() == reference.quads


def test_gazetteer_rename_shows_one_name(
    loaded: Loaded, corpus: Path, reference: Reference
) -> None:
    """Last on each server: it changes the store. The same articles, one actor renamed.

    The corpus's own gazetteer file is edited (a rename is an edit of the file
    that defined the actor), and put back afterwards for the next server; the
    embedded reference was built before (``reference``).
    """
    gaz = corpus / "gazetteer.yaml"
    text = gaz.read_text(encoding="utf-8")
    m = re.search(r'- id: (\S+)\n\s+type: person\n\s+name: "([^"]+)"', text)
    assert m is not None
    actor, old = m.group(1), m.group(2)
    gaz.write_text(text.replace(f'name: "{old}"', f'name: "{old} Junior"', 1), encoding="utf-8")
    try:
        code, out = _load(loaded.server, corpus)
    finally:
        gaz.write_text(text, encoding="utf-8")
    assert code == 0, out
    store = loaded.server.store()
    a = f"<https://w3id.org/newsgraph/id/actor/{actor}>"
    result = store.query(f"SELECT ?n WHERE {{ GRAPH <{GAZ}> {{ {a} <{RDFS.label}> ?n }} }}")
    assert isinstance(result, SelectResult)
    assert [str(r[0]) for r in result.rows] == [f"{old} Junior"]
    stamps = f"SELECT ?v WHERE {{ GRAPH <{GAZ}> {{ <{GAZ}> <https://w3id.org/newsgraph/ontology#sourceDigest> ?v }} }}"
    result = store.query(stamps)
    assert isinstance(result, SelectResult)
    assert len(list(result.rows)) == 1
    rows = run_case(store, "scale", "who-met-whom", {"actor": actor})
    names = {row[side] for row in rows for side in ("actor_a", "actor_b")}
    assert rows and f"{old} Junior" in names and old not in names, names
