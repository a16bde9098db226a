"""``newsgraph serve`` serves the report's pages below /report/, over the store as it is now.

The pages are the static site's, byte for byte (one path: the same canned
queries, the same templates), for the whole store or a scope given as options
or in the URL; a write through the endpoint shows in the next page asked for;
over a remote store the report, the query editor and a read-only endpoint that
forwards queries are served. The browser checks of the pages themselves are in
tests/test_report_browser.py.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from loader.cli import main
from loader.store.connect import StoreOptions
from tests.servers import cli_args, cli_env, free_port, oxigraph_binary

pytestmark = pytest.mark.servers

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
EXE = Path(sys.executable).parent / "newsgraph"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args], env=env)
    assert result.exit_code == 0, result.output
    return result.output


class Served:
    """A ``newsgraph serve`` process, stopped with Ctrl-C as a user stops it."""

    def __init__(self, store: list[str | Path], *options: str | Path,
                 env: dict[str, str] | None = None) -> None:  # fmt: skip
        assert oxigraph_binary(), "the oxigraph server binary is missing: pip install oxigraph"
        self.port = free_port()
        args = [*store, "serve", "--port", self.port, *options]
        cmd = [str(EXE), *map(str, args)]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, env={**os.environ, **(env or {})})  # fmt: skip
        assert self.proc.stdout is not None
        self.banner = self.proc.stdout.readline()
        assert "serving" in self.banner, self.proc.stderr.read() if self.proc.stderr else ""
        self.url = f"http://127.0.0.1:{self.port}"

    def get(self, path: str) -> tuple[int, bytes, dict[str, str]]:
        request = urllib.request.Request(self.url + path)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            with opener.open(request, timeout=120) as resp:
                return resp.status, resp.read(), dict(resp.headers)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), dict(exc.headers)

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        assert self.proc.wait(timeout=20) == 0


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for server in started:
        server.stop()


def site_files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*")
            if p.is_file()}  # fmt: skip


def test_served_pages_are_the_static_sites(tmp_path: Path, serving: list[Served]) -> None:
    store, site = tmp_path / "store", tmp_path / "site"
    invoke("--store", store, "load", EXAMPLES, "-q")
    invoke("--store", store, "report", site, "--texts", EXAMPLES)
    server = Served(["--store", store], "--texts", EXAMPLES)
    serving.append(server)
    files = site_files(site)
    assert "index.html" in files and any(p.startswith("facts/") for p in files)
    for path, body in sorted(files.items()):
        status, served, headers = server.get("/report/" + urllib.parse.quote(path))
        assert (path, status) == (path, 200)
        assert served == body, path
        if path.endswith(".html"):
            assert headers["Content-Type"] == "text/html; charset=utf-8"
    assert server.get("/report/")[1] == files["index.html"]
    status, _, headers = server.get("/report")
    assert (status, headers["Location"]) == (301, "/report/")
    for missing in ("/report/facts/nothing.html", "/report/static/vendor/refresh.sh",
                    "/report/static/../../serve.py", "/report/meetings-0.html"):  # fmt: skip
        status, body, _ = server.get(missing)
        assert status == 404, missing
        assert b"index.html" in body or b"no report" in body
    # the endpoint and the editor are still there, at the same address
    status, body, _ = server.get("/query?query=" + urllib.parse.quote("ASK { ?s ?p ?o }"))
    assert status == 200 and b"true" in body
    assert server.get("/")[0] == 200


SCOPE = ("--actor", "Lavrov", "--from", "2025-08", "--to", "2025-10")


def test_a_scope_from_the_options_or_the_url_gives_the_static_sites_pages(
    tmp_path: Path, serving: list[Served]
) -> None:
    store, site = tmp_path / "store", tmp_path / "site"
    invoke("--store", store, "load", EXAMPLES, "-q")
    invoke("--store", store, "report", site, "--texts", EXAMPLES, *SCOPE)
    files = site_files(site)
    pages = ["index.html", "timeline.html", "data/network.js", "data/timeline.js",
             *[p for p in sorted(files) if p.startswith(("facts/", "actors/"))][:10]]  # fmt: skip
    scoped = Served(["--store", store], "--texts", EXAMPLES, *SCOPE)
    serving.append(scoped)
    for path in pages:
        assert scoped.get("/report/" + path)[1] == files[path], path
    # The same scope asked for in the URL of a server that shows everything: the query
    # string moves into the path, so the pages' relative links keep the scope.
    server = Served(["--store", store], "--texts", EXAMPLES)
    serving.append(server)
    status, _, headers = server.get("/report/timeline.html?actor=Lavrov&from=2025-08&to=2025-10")
    assert status == 303
    root = "/report/actor=Lavrov&from=2025-08&to=2025-10/"
    assert headers["Location"] == root + "timeline.html"
    for path in pages:
        status, body, _ = server.get(root + path)
        assert (path, status) == (path, 200)
        assert body == files[path], path
    assert server.get(root + "static/report.css")[0] == 200
    # a URL names its whole scope: "all" is everything, on a server started with a scope
    assert scoped.get("/report/?actor=")[2]["Location"] == "/report/all/"
    assert network_meetings(scoped, "/report/all/") == network_meetings(server)
    assert network_meetings(scoped) < network_meetings(server)


def test_a_wrong_scope_is_refused_with_the_report_commands_message(
    tmp_path: Path, serving: list[Served]
) -> None:
    store = tmp_path / "store"
    invoke("--store", store, "load", EXAMPLES, "-q")
    server = Served(["--store", store])
    serving.append(server)
    for query, option in (("actor=Lavrof", ("--actor", "Lavrof")),
                          ("from=2025-13", ("--from", "2025-13"))):  # fmt: skip
        result = CliRunner().invoke(main, ["--store", str(store), "report",
                                           str(tmp_path / "site"), *option])  # fmt: skip
        assert result.exit_code == 2
        status, body, _ = server.get("/report/?" + query)
        assert status == 400
        message = body.decode("utf-8").strip()
        assert message.removeprefix("error: ") in " ".join(result.output.split())
        # the scope in the path is checked the same way
        assert server.get(f"/report/{query}/index.html")[0] == 400
    for query, says in (("actr=Lavrov", "no URL parameter 'actr'"),
                        ("actor=Lavrov&actor=Rubio", "'actor' is given twice")):  # fmt: skip
        status, body, _ = server.get("/report/index.html?" + query)
        assert status == 400 and says in body.decode("utf-8")
    # as an option of serve, before anything is served
    port = free_port()
    refused = CliRunner().invoke(main, ["--store", str(store), "serve", "--port", str(port),
                                        "--actor", "Lavrof"])  # fmt: skip
    assert refused.exit_code == 2
    assert "closest names: Lavrov" in refused.output and "serving" not in refused.output


def network_meetings(server: Served, root: str = "/report/") -> set[str]:
    status, body, _ = server.get(root + "data/network.js")
    assert status == 200
    text = body.decode("utf-8")
    elements = json.loads(text[text.index("=") + 1 :].rstrip().rstrip(";"))
    return {e["data"]["meeting"] for e in elements["edges"]}


def test_a_write_through_the_endpoint_shows_in_the_next_page(
    tmp_path: Path, serving: list[Served]
) -> None:
    store = tmp_path / "store"
    invoke("--store", store, "load", EXAMPLES, "-q")
    pairs = json.loads(invoke("--store", store, "query", "who-met-whom", "--format", "json"))
    server = Served(["--store", store], "--writable")
    serving.append(server)
    before = network_meetings(server)
    assert before == {r["meeting"] for r in pairs}
    # one meeting's article graphs dropped: the meeting leaves the network
    sources = json.loads(invoke("--store", store, "query", "sources-of", "-p",
                                f"fact={pairs[0]['meeting']}", "--format", "json"))  # fmt: skip
    articles = sorted({r["article"] for r in sources})
    assert articles
    # A raw update bypasses the loader, so it removes the meeting's merged node too.
    consensus = "https://w3id.org/newsgraph/id/consensus"
    merged = f"DELETE WHERE {{ GRAPH <{consensus}> {{ <{pairs[0]['meeting']}> ?p ?o }} }}"
    update = " ; ".join([*(f"DROP GRAPH <{a}>" for a in articles), merged])
    data = urllib.parse.urlencode({"update": update}).encode("ascii")
    with urllib.request.urlopen(server.url + "/update", data=data, timeout=60) as resp:
        assert resp.status in (200, 204)
    after = network_meetings(server)
    assert pairs[0]["meeting"] not in after
    assert after < before


def test_the_report_of_a_remote_store(
    tmp_path: Path, remote_stores: StoreOptions, serving: list[Served]
) -> None:
    remote, env = cli_args(remote_stores), cli_env(remote_stores)
    invoke(*remote, "load", EXAMPLES, "-q", env=env)
    site = tmp_path / "site"
    invoke(*remote, "report", site, "--texts", EXAMPLES, env=env)
    server = Served([*remote], "--texts", EXAMPLES, env=env)
    serving.append(server)
    assert "remote store" in server.banner
    files = site_files(site)
    for path in ("index.html", "timeline.html", "data/network.js", "data/timeline.js",
                 *[p for p in sorted(files) if p.startswith(("facts/", "actors/"))][:20]):  # fmt: skip
        status, body, _ = server.get("/report/" + path)
        assert (path, status) == (path, 200)
        assert body == files[path], path


CANNED = [("who-met-whom",), ("actors",), ("sanctions-packages",), ("conflicting-reports",),
          ("timeline", "-p", "actor=Lavrov"), ("statements-by", "-p", "actor=Lavrov")]


def test_a_remote_store_gets_the_query_editor_and_a_read_only_endpoint(
    remote_stores: StoreOptions, serving: list[Served]
) -> None:
    remote, env = cli_args(remote_stores), cli_env(remote_stores)
    invoke(*remote, "load", EXAMPLES, "-q", env=env)
    server = Served([*remote], "--no-report", env=env)
    serving.append(server)
    # The query editor, from this server alone
    status, page, headers = server.get("/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert b"yasgui.min.js" in page and b"/query" in page
    for asset in re.findall(r'(?:src|href)="(/editor/[^"]+)"', page.decode("utf-8")):
        assert server.get(asset)[0] == 200, asset
    assert re.search(rb'(?:src|href)="(https?:)?//', page) is None
    # Canned queries through the forwarded endpoint give the remote store's own rows
    # (the credentials stay with the server: the client sends none).
    proxied = ["--endpoint", server.url + "/query", "--server", "generic"]
    for query in CANNED:
        direct = json.loads(invoke(*remote, "query", *query, "--format", "json", env=env))
        forwarded = json.loads(invoke(*proxied, "query", *query, "--format", "json"))
        assert forwarded == direct, query
        assert direct, query
    # Updates are refused, whichever way they are sent, and nothing changes.
    before = invoke(*remote, "query", "who-met-whom", "--format", "json", env=env)
    attempts = [
        ("/update", {"update": "DROP ALL"}, None),
        ("/query", {"query": "DROP ALL"}, None),
        ("/query", {"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 ; CLEAR ALL"}, None),
        ("/query", None, "application/sparql-update"),
        ("/store?default", None, "application/n-triples"),
    ]
    for path, form, kind in attempts:
        data = urllib.parse.urlencode(form).encode() if form else b"DROP ALL"
        request = urllib.request.Request(server.url + path, data=data)
        if kind:
            request.add_header("Content-Type", kind)
        try:
            urllib.request.urlopen(request, timeout=60)
            raise AssertionError(f"{path} {form or kind} was accepted")
        except urllib.error.HTTPError as exc:
            message = exc.read().decode("utf-8")
            assert exc.code == 403, (path, message)
            assert "updates are refused" in message and "read-only" in message
            assert "newsgraph load" in message
    assert invoke(*remote, "query", "who-met-whom", "--format", "json", env=env) == before
    # A query the remote store cannot read: its own error, passed on
    status, body, _ = server.get("/query?query=" + urllib.parse.quote("SELECT ?x WHERE { ?x"))
    assert status == 400 and body
    # Nothing else is served; the report is off
    status, body, _ = server.get("/report/")
    assert status == 404 and b"the query editor is at /" in body


def test_writable_over_a_remote_store_is_refused(remote_stores: StoreOptions) -> None:
    result = CliRunner().invoke(main, [*cli_args(remote_stores), "serve", "--writable"],
                                env=cli_env(remote_stores))  # fmt: skip
    assert result.exit_code == 2
    assert "--writable does not apply to a remote store" in result.output
