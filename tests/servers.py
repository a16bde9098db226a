"""Real SPARQL servers on loopback for the tests: Oxigraph server and Virtuoso 7.

Enable with ``pytest_plugins = ["tests.servers"]`` in ``tests/conftest.py``.

Fixtures
--------
``oxigraph_server`` (session)
    An Oxigraph server (``oxigraph serve --union-default-graph``) on a free
    port with a private data directory.
``virtuoso_server`` (session)
    A private Virtuoso 7 instance (own ``virtuoso.ini``, database in a temp
    directory, account dba/dba). Updates go to ``/sparql-auth`` with digest auth.
``virtuoso_capped`` (session)
    A second Virtuoso with ``ResultSetMaxRows = 50``, to test paging.
``remote_stores`` (function, parametrized ``oxigraph`` / ``virtuoso``)
    A :class:`loader.store.connect.StoreOptions` pointing at a clean server (every
    graph dropped before the test). Use it to run one assertion on both::

        def test_rows(remote_stores):
            store = open_store(remote_stores)   # or the CLI: cli_args(remote_stores)

``cli_args(options)``
    The global CLI arguments (``--endpoint URL --server KIND``) for an options
    object; credentials go in the environment (``cli_env(options)``).
``start_oxigraph(directory)`` / ``start_virtuoso(directory, max_rows=...)``
    Start a private instance yourself (for tests that stop a server); call
    ``.stop()`` when done, ``.kill()`` to crash it and ``.restart()`` to bring
    it back on the same ports and data.

Each :class:`Server` has ``kind``, ``base_url``, ``options()``, ``store()``,
``clean()`` and ``stop()``.

A server that cannot start skips the test with how to install it; with
``CI=true`` it fails instead.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from loader.store.connect import StoreOptions
from loader.store.remote import RemoteStore, resolve_endpoints

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
VIRTUOSO_USER = "dba"
VIRTUOSO_PASSWORD = "dba"
INSTALL = {
    "oxigraph": "install it with `pip install oxigraph` (or `pip install -e '.[dev]'`)",
    "virtuoso": "install it with `apt-get install virtuoso-opensource` (see .ci/install-system.sh)",
}


def unavailable(kind: str, reason: str) -> None:
    """Skip locally, fail in CI: a missing server must never pass silently there."""
    message = f"{kind} server unavailable: {reason} — {INSTALL[kind]}"
    if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class Server:
    """A running server process and how to reach it."""

    kind: str
    base_url: str
    process: subprocess.Popen[bytes]
    data_dir: Path
    log: Path
    user: str | None = None
    password: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def options(self) -> StoreOptions:
        return StoreOptions(
            endpoint=self.base_url, server=self.kind, user=self.user, password=self.password
        )

    def store(self) -> RemoteStore:
        endpoints = resolve_endpoints(self.base_url, server=self.kind)
        return RemoteStore(endpoints, user=self.user, password=self.password)

    def clean(self) -> None:
        """Drop every graph newsgraph can see."""
        store = self.store()
        store.drop_graphs(store.graph_names())

    @property
    def running(self) -> bool:
        return self.process.poll() is None

    def stop(self) -> None:
        if not self.running:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)

    def state(self) -> str:
        """Whether the process runs, and the end of its log: for a failing test's message."""
        logs = [self.log, self.data_dir / "virtuoso.log"]
        tail = "".join(p.read_text(errors="replace")[-1500:] for p in logs if p.exists())
        status = "running" if self.running else f"exited with code {self.process.returncode}"
        return f"{self.kind} server {status}; its log ends:\n{tail}"

    def kill(self) -> None:
        """Stop at once, as a crash would."""
        if self.running:
            self.process.kill()
            self.process.wait(timeout=10)

    def restart(self) -> None:
        """Start the same server again (same ports, same data) after a stop or a kill."""
        self.stop()
        cmd, cwd, probe = self.extra["cmd"], self.extra["cwd"], self.extra["probe"]
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        why = _wait_ready(self, probe, timeout=90)
        if why:
            unavailable(self.kind, why)


def _wait_ready(server: Server, probe: str, *, timeout: float) -> str | None:
    """None once the probe URL answers 200; else why not."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not server.running:
            tail = server.log.read_text(errors="replace")[-800:]
            return f"exited with code {server.process.returncode}: {tail}"
        try:
            with urllib.request.urlopen(probe, timeout=2) as resp:
                if resp.status == 200:
                    return None
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    server.kill()
    return f"not ready after {timeout:.0f} s"


# --- Oxigraph -------------------------------------------------------------------


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


def start_oxigraph(directory: Path, *, port: int | None = None) -> Server:
    """An Oxigraph server on loopback over ``directory`` (skips or fails when impossible)."""
    binary = oxigraph_binary()
    if binary is None:
        unavailable("oxigraph", "no `oxigraph` binary next to Python or on PATH")
    assert binary is not None
    directory.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = directory.parent / f"{directory.name}.log"
    cmd = [binary, "serve", "--location", str(directory), "--bind", f"127.0.0.1:{port}",
           "--union-default-graph"]
    with log.open("ab") as out:
        process = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    probe = f"http://127.0.0.1:{port}/query?query=ASK%7B%7D"
    server = Server("oxigraph", f"http://127.0.0.1:{port}", process, directory, log,
                    extra={"cmd": cmd, "cwd": None, "probe": probe})
    why = _wait_ready(server, probe, timeout=30)
    if why:
        unavailable("oxigraph", why)
    return server


# --- Virtuoso -------------------------------------------------------------------


def virtuoso_ini(
    directory: Path, *, sql_port: int, http_port: int, max_rows: int, buffers: int = 10000
) -> Path:
    """A private copy of the packaged virtuoso.ini with everything in ``directory``.

    ``buffers`` is Virtuoso's page cache (8 KB pages); the packaged file's
    comments advise 170,000 for each 2 GB of memory to spare, and dirty pages
    at three quarters of it.
    """
    values = {
        ("Database", "DatabaseFile"): directory / "virtuoso.db",
        ("Database", "ErrorLogFile"): directory / "virtuoso.log",
        ("Database", "LockFile"): directory / "virtuoso.lck",
        ("Database", "TransactionFile"): directory / "virtuoso.trx",
        ("Database", "xa_persistent_file"): directory / "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): directory / "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): directory / "virtuoso-temp.trx",
        ("Parameters", "ServerPort"): f"127.0.0.1:{sql_port}",
        ("Parameters", "DirsAllowed"): f"., {directory}, /usr/share/virtuoso-opensource-7/vad",
        ("Parameters", "NumberOfBuffers"): buffers,
        ("Parameters", "MaxDirtyBuffers"): buffers * 3 // 4,
        ("HTTPServer", "ServerPort"): f"127.0.0.1:{http_port}",
        ("SPARQL", "ResultSetMaxRows"): max_rows,
        # Virtuoso refuses a query whose cost it estimates over this many seconds (0: it
        # never refuses on an estimate); its estimate for who-met-whom on a 10k-article
        # store wanders around the packaged 400 (439, 626) while the query runs in under
        # a second, and sanctions-packages at 100k is estimated at 147,000 s.
        ("SPARQL", "MaxQueryCostEstimationTime"): 0,
    }
    section = ""
    lines = []
    for line in VIRTUOSO_INI.read_text().splitlines():
        head = re.match(r"\s*\[(.+)\]", line)
        if head:
            section = head.group(1)
        key = re.match(r"\s*([A-Za-z0-9_]+)\s*=", line)
        if key and (section, key.group(1)) in values:
            line = f"{key.group(1)} = {values[(section, key.group(1))]}"
        lines.append(line)
    ini = directory / "virtuoso.ini"
    ini.write_text("\n".join(lines) + "\n")
    return ini


def start_virtuoso(directory: Path, *, max_rows: int = 10000, buffers: int = 10000) -> Server:
    """A private Virtuoso 7 on loopback with its database in ``directory``."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        unavailable("virtuoso", "no virtuoso-t or no /etc/virtuoso-opensource-7/virtuoso.ini")
    assert binary is not None
    directory.mkdir(parents=True, exist_ok=True)
    sql_port, http_port = free_port(), free_port()
    ini = virtuoso_ini(
        directory, sql_port=sql_port, http_port=http_port, max_rows=max_rows, buffers=buffers
    )
    log = directory / "stdout.log"
    cmd = [binary, "+foreground", "+configfile", str(ini)]
    with log.open("ab") as out:
        process = subprocess.Popen(cmd, cwd=directory, stdout=out, stderr=subprocess.STDOUT)
    probe = f"http://127.0.0.1:{http_port}/sparql?query=ASK%7B%7D"
    server = Server(
        "virtuoso", f"http://127.0.0.1:{http_port}", process, directory, log,
        user=VIRTUOSO_USER, password=VIRTUOSO_PASSWORD,
        extra={"sql_port": sql_port, "cmd": cmd, "cwd": directory, "probe": probe},
    )
    why = _wait_ready(server, probe, timeout=90)
    if why:
        unavailable("virtuoso", why)
    return server


# --- fixtures -------------------------------------------------------------------


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph") / "data")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()


@pytest.fixture(scope="session")
def virtuoso_capped(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    server = start_virtuoso(tmp_path_factory.mktemp("virtuoso-capped"), max_rows=50)
    yield server
    server.stop()


@pytest.fixture(params=["oxigraph", "virtuoso"])
def remote_server(request: pytest.FixtureRequest) -> Server:
    """A clean running server of each kind (every graph dropped first)."""
    request.node.add_marker(pytest.mark.servers)
    server: Server = request.getfixturevalue(f"{request.param}_server")
    server.clean()
    return server


@pytest.fixture
def remote_stores(remote_server: Server) -> StoreOptions:
    """StoreOptions for a clean server, once per server kind."""
    return remote_server.options()


def cli_args(options: StoreOptions) -> list[str]:
    """Global CLI options selecting the remote store of ``options``."""
    assert options.endpoint is not None
    return ["--endpoint", options.endpoint, "--server", options.server or "generic"]


def cli_env(options: StoreOptions) -> dict[str, str]:
    """Environment for the CLI: the credentials, which never go on the command line."""
    env: dict[str, str] = {}
    if options.user is not None:
        env["NEWSGRAPH_USER"] = options.user
    if options.password is not None:
        env["NEWSGRAPH_PASSWORD"] = options.password
    return env
