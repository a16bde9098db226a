"""Serve the embedded store over HTTP with the Oxigraph server binary.

Read-only by default (``oxigraph serve-read-only``): it runs next to a loader
that holds the store open for writing, and shows the store as it was when the
server started (restart it to see later loads). ``writable`` runs
``oxigraph serve``, which locks the store like a loader does.

The front (:mod:`loader.server.proxy`) also serves the report's pages below
``/report/``, queried through that server, so they show what the endpoint
shows. Over a remote store no Oxigraph server is started: the front serves
the report of that store, a query editor, and a read-only endpoint that
forwards queries to the store's own (:mod:`loader.server.forward`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from loader.core.errors import NewsgraphError, StoreError, StoreLockedError
from loader.server.forward import Upstream
from loader.server.proxy import REPORT_PREFIX, Front, free_loopback_port
from loader.store.base import Store
from loader.store.embedded import PID_FILE
from loader.store.remote import Endpoints, RemoteStore

if TYPE_CHECKING:
    from loader.report.live import LiveReport

BINARY_ENV = "NEWSGRAPH_OXIGRAPH"
INSTALL_HINT = "install the server with pip install 'newsgraph[server]' (or pip install oxigraph)"


@dataclass(frozen=True, slots=True)
class ServeOptions:
    """What to serve and where."""

    store_dir: Path
    host: str = "127.0.0.1"
    port: int = 7878
    writable: bool = False
    cors: bool = False
    report: bool = True
    texts: tuple[Path, ...] = ()
    title: str = "newsgraph report"
    # The report's scope at /report/, as newsgraph report's options (a URL may ask another).
    actor: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.base_url}/query"

    @property
    def update_url(self) -> str | None:
        return f"{self.base_url}/update" if self.writable else None

    @property
    def report_url(self) -> str | None:
        return f"{self.base_url}{REPORT_PREFIX}" if self.report else None


def oxigraph_binary() -> str:
    """The ``oxigraph`` server binary: $NEWSGRAPH_OXIGRAPH, next to Python, or on PATH."""
    configured = os.environ.get(BINARY_ENV)
    if configured:
        if not Path(configured).is_file():
            raise StoreError(
                f"{BINARY_ENV} points to {configured}, which is not a file", hint=INSTALL_HINT
            )
        return configured
    local = Path(sys.executable).parent / "oxigraph"
    found = str(local) if local.is_file() else shutil.which("oxigraph")
    if found is None:
        raise StoreError("the oxigraph server binary is not installed", hint=INSTALL_HINT)
    return found


def server_command(options: ServeOptions, *, binary: str, port: int | None = None) -> list[str]:
    """The command line of the Oxigraph server (on ``port`` of loopback, behind the front)."""
    mode = "serve" if options.writable else "serve-read-only"
    bind = f"127.0.0.1:{port}" if port is not None else f"{options.host}:{options.port}"
    cmd = [binary, mode, "--location", str(options.store_dir), "--bind", bind]
    cmd.append("--union-default-graph")
    if options.cors:
        cmd.append("--cors")
    return cmd


@dataclass
class Running:
    """The front listening for the user and the Oxigraph server behind it (none for a
    remote store)."""

    front: Front
    process: subprocess.Popen[bytes] | None
    store: Store | None = None

    def wait(self) -> int:
        if self.process is not None:
            return self.process.wait()
        threading.Event().wait()  # until interrupted
        return 0

    def stop(self) -> int:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()  # ends while the front closes
        self.front.shutdown()
        self.front.server_close()
        if self.store is not None:
            self.store.close()
        return stop(self.process) if self.process is not None else 0


def _live(options: ServeOptions, store: Store, state: Callable[[], str]) -> LiveReport | None:
    """The report over ``store``, gathered at once in the background (the first reader of a
    big store need not wait for it all), or None when the report is not served.

    The scope is checked first, so a wrong ``--actor`` or date fails before anything is
    announced, with the message newsgraph report gives."""
    if not options.report:
        return None
    from loader.report.live import LiveReport
    from loader.report.urlscope import Asked

    scope = Asked(actor=options.actor, date_from=options.date_from, date_to=options.date_to)
    live = LiveReport(store, state=state, texts=options.texts, title=options.title, scope=scope)
    live.check(scope)

    def warm() -> None:
        with contextlib.suppress(NewsgraphError):  # the first reader is told why
            live.respond("index.html")

    threading.Thread(target=warm, name="newsgraph-report", daemon=True).start()
    return live


def start_remote(options: ServeOptions, store: RemoteStore, *, user: str | None = None,
                 password: str | None = None) -> Running:  # fmt: skip
    """Serve a remote store: the report, the query editor, and a read-only endpoint that
    forwards queries to the store's own (with the credentials, which stay here)."""
    from loader.report.live import PolledState

    upstream = Upstream(store.endpoints.query, params=dict(store.profile.query_params),
                        user=user, password=password)  # fmt: skip
    front = Front(options.host, options.port)
    try:
        front.start(0, report=_live(options, store, PolledState(store)), upstream=upstream)
    except BaseException:
        front.server_close()
        raise
    return Running(front, None)


def start(options: ServeOptions, *, timeout: float = 30.0) -> Running:
    """Start the server and wait until it answers; a StoreError says why it could not.

    The user's port is taken first (a busy port fails here, before anything
    starts); whatever happens during the start, no server process is left behind.
    """
    if not (options.store_dir / "CURRENT").exists():
        raise StoreError(
            f"no store at {options.store_dir}",
            hint="load some articles first (newsgraph load DIR) or point --store at a store",
        )
    binary = oxigraph_binary()
    front = Front(options.host, options.port)
    backend = free_loopback_port()
    log = tempfile.TemporaryFile()  # noqa: SIM115 (kept open for the server's lifetime)
    process: subprocess.Popen[bytes] | None = None
    try:
        # Signals wait while the process starts, so one arriving then finds it known.
        signal.pthread_sigmask(signal.SIG_BLOCK, _STOP_SIGNALS)
        try:
            process = subprocess.Popen(
                server_command(options, binary=binary, port=backend),
                stdout=log,
                stderr=log,
                preexec_fn=_unblock,
            )
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                log.seek(0)
                raise _start_error(options, log.read().decode("utf-8", "replace"))
            if _answers(f"http://127.0.0.1:{backend}/query"):
                if options.writable:
                    (options.store_dir / PID_FILE).write_text(str(process.pid), encoding="ascii")
                local = RemoteStore(Endpoints(
                    "oxigraph", query=f"http://127.0.0.1:{backend}/query",
                    update=f"http://127.0.0.1:{backend}/update", graph_store=None))  # fmt: skip
                # Read-only, the server shows the store as it opened it; writable, only
                # updates passed through the front change it.
                live = _live(options, local, lambda: str(front.writes))
                front.start(backend, report=live)
                return Running(front, process, local)
            time.sleep(0.1)
        raise StoreError(f"the server did not answer at {options.query_url} within {timeout:.0f} s")
    except BaseException:
        # Ctrl-C or SIGTERM during the start too: never leave the server behind.
        if process is not None:
            stop(process)
        front.server_close()
        raise


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}?query=ASK%7B%7D", timeout=1) as resp:  # noqa: S310
            return bool(resp.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _start_error(options: ServeOptions, output: str) -> StoreError:
    text = output.strip().splitlines()[-1] if output.strip() else "no output"
    low = output.lower()
    if "address" in low and "in use" in low:
        return StoreError(
            f"cannot listen on {options.host}:{options.port}: the address is in use",
            hint="pick another port with --port",
        )
    if "lock" in low:
        return StoreLockedError(
            f"the store at {options.store_dir} is locked by another process",
            hint="serve it read-only (without --writable) or wait for the writer to finish",
        )
    return StoreError(
        f"the oxigraph server stopped at start: {text}", hint="rerun with --debug for details"
    )


def stop(process: subprocess.Popen[bytes], *, timeout: float = 1.0) -> int:
    """Ask the server to end (SIGTERM), then kill it if it lingers: well within 2 s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.returncode if process.returncode is not None else 0


def run(options: ServeOptions, *, ready: Callable[[ServeOptions], None],
        remote: RemoteStore | None = None, user: str | None = None,
        password: str | None = None) -> int:  # fmt: skip
    """Serve until interrupted (Ctrl-C, SIGTERM or SIGHUP); returns the server's exit code.

    With ``remote``, no Oxigraph server is started: queries go to that store's endpoint
    (with ``user`` and ``password``), read-only."""
    caught = (signal.SIGTERM, signal.SIGHUP)  # SIGINT raises KeyboardInterrupt already
    previous = {sig: signal.signal(sig, _raise_interrupt) for sig in caught}
    try:
        try:
            if remote is None:
                running = start(options)
            else:
                running = start_remote(options, remote, user=user, password=password)
        except KeyboardInterrupt:
            return 130
        try:
            ready(options)
            return running.wait()
        except KeyboardInterrupt:
            return 0
        finally:
            running.stop()
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if options.writable:
            (options.store_dir / PID_FILE).unlink(missing_ok=True)


_STOP_SIGNALS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def _unblock() -> None:
    """In the server process: take signals again (it inherits the blocked set)."""
    signal.pthread_sigmask(signal.SIG_UNBLOCK, _STOP_SIGNALS)


def _raise_interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
