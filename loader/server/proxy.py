"""The HTTP front of ``newsgraph serve``: the report pages, long GET queries, the rest to Oxigraph.

The Oxigraph server refuses request headers over 8 KB, so a canned query sent
by GET (SPARQLWrapper's default, YASGUI's for short queries) fails there. This
front listens on the user's address, accepts request lines up to 1 MB, and
forwards each request to the Oxigraph server on a private loopback port: a
long GET becomes the equivalent form POST, the rest passes through unchanged.
Binding the user's port first also tells at once when the port is taken.
Below ``/report/`` it answers itself with the report's pages (see
:mod:`loader.report.live`), so one address serves the query editor, the
endpoint and the pictures. Over a remote store there is no Oxigraph server
behind it: the front serves the query editor itself and forwards queries,
read-only, to the remote store (:mod:`loader.server.forward`).
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import urllib.parse
from typing import IO, TYPE_CHECKING

from loader.core.errors import NewsgraphError, StoreError
from loader.server.editor import editor_file
from loader.server.forward import NotServedError, ReadOnlyError, Upstream, query_request

if TYPE_CHECKING:
    from loader.report.live import LiveReport

REPORT_PREFIX = "/report/"
# Request lines up to this size are accepted (64 KB URLs and well beyond).
MAX_LINE = 1 << 20
# A GET whose query string is longer than this is sent on as a POST.
_LONG_QUERY = 2000
_HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "te",
    "trailers",
    "transfer-encoding",
    "upgrade",
    "host",
    "content-length",
}


class _Handler(http.server.BaseHTTPRequestHandler):
    server: Front
    protocol_version = "HTTP/1.1"

    def handle_one_request(self) -> None:
        # The standard handler stops at 64 KB request lines; queries can be longer.
        try:
            self.raw_requestline = self.rfile.readline(MAX_LINE + 1)
            if len(self.raw_requestline) > MAX_LINE:
                self.send_error(414, "the request line is longer than 1 MB; send it by POST")
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                return
            split = urllib.parse.urlsplit(self.path)
            path = split.path
            if path == REPORT_PREFIX[:-1]:
                self._reply(301, "text/plain; charset=utf-8", b"", location=REPORT_PREFIX)
            elif path.startswith(REPORT_PREFIX) and self.server.report is not None:
                self._report(path[len(REPORT_PREFIX) :], split.query)
            elif self.server.upstream is not None:
                self._remote(path, split.query)
            else:
                self._forward(writes=self.command not in ("GET", "HEAD", "OPTIONS")
                              and path != "/query")  # fmt: skip
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _report(self, path: str, query: str) -> None:
        assert self.server.report is not None
        if self.command not in ("GET", "HEAD"):
            self._reply(405, "text/plain; charset=utf-8", b"the report is read with GET\n")
            return
        try:
            reply = self.server.report.respond(path, query)
        except NewsgraphError as exc:
            message = f"the report could not be built: {exc}\n"
            self._reply(502, "text/plain; charset=utf-8", message.encode("utf-8"))
            return
        except Exception as exc:  # a bug: tell the reader, keep serving the others
            message = f"internal error while building the report page: {exc!r}\n"
            self._reply(500, "text/plain; charset=utf-8", message.encode("utf-8"))
            return
        location = REPORT_PREFIX + reply.location if reply.location is not None else None
        self._reply(reply.status, reply.content_type, reply.body, location=location)

    def _remote(self, path: str, query: str) -> None:
        """The editor page, or a query for the remote store (see :mod:`loader.server.forward`)."""
        assert self.server.upstream is not None
        found = editor_file(path) if self.command in ("GET", "HEAD") else None
        if found is not None:
            self._reply(200, *found)
            return
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        try:
            form = query_request(method=self.command, path=path, query=query, body=body,
                                 content_type=self.headers.get("Content-Type", ""))  # fmt: skip
        except NewsgraphError as exc:
            status = 403 if isinstance(exc, ReadOnlyError) else 400
            status = 404 if isinstance(exc, NotServedError) else status
            self._reply(status, "text/plain; charset=utf-8", f"error: {exc.message}\n".encode())
            return
        answer = self.server.upstream.send(form, accept=self.headers.get("Accept"))
        if answer.stream is None:
            self._reply(answer.status, answer.content_type, answer.body)
            return
        with answer.stream:
            self._relay(answer.status, [("Content-Type", answer.content_type)], answer.stream)

    def _relay(self, status: int, headers: list[tuple[str, str]], stream: IO[bytes]) -> None:
        """Send an answer read from ``stream`` in chunks (its length is not known before)."""
        self.send_response(status)
        for key, value in headers:
            if key.lower() not in _HOP_BY_HOP:
                self.send_header(key, value)
        if self.command == "HEAD" or status in (204, 304) or status < 200:
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        while chunk := stream.read(65536):
            self.wfile.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
        self.wfile.write(b"0\r\n\r\n")

    def _reply(self, status: int, content_type: str, body: bytes, *,
               location: str | None = None) -> None:  # fmt: skip
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        if location is not None:
            self.send_header("Location", location)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _forward(self, *, writes: bool) -> None:
        method, path, body = self.command, self.path, b""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length)
        headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP_BY_HOP}
        split = urllib.parse.urlsplit(path)
        if method == "GET" and len(split.query) > _LONG_QUERY:
            method, path, body = "POST", split.path, split.query.encode("ascii", "replace")
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", self.server.backend_port, timeout=3600)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            resp = conn.getresponse()
            if writes:
                # The store may have changed: pages are redone. Counted before the client
                # hears the answer, so its next page sees the change.
                self.server.writes += 1
            self._relay(resp.status, resp.getheaders(), resp)
        except (OSError, http.client.HTTPException):
            self.send_error(502, "the oxigraph server did not answer")
            self.close_connection = True
        finally:
            conn.close()

    def log_message(self, format: str, *args: object) -> None:
        pass


class Front(http.server.ThreadingHTTPServer):
    """The listening front; ``backend_port`` is where Oxigraph serves, ``upstream`` the
    remote store's endpoint that queries go to instead."""

    daemon_threads = True
    backend_port = 0
    upstream: Upstream | None = None
    report: LiveReport | None = None
    writes = 0  # updates passed to the Oxigraph server: the report's store state

    def __init__(self, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise StoreError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="pick another port with --port (another server already uses this one)",
            ) from exc

    def start(self, backend_port: int, *, report: LiveReport | None = None,
              upstream: Upstream | None = None) -> threading.Thread:  # fmt: skip
        self.backend_port, self.report, self.upstream = backend_port, report, upstream
        thread = threading.Thread(
            target=self.serve_forever,
            kwargs={"poll_interval": 0.1},
            name="newsgraph-serve",
            daemon=True,
        )
        thread.start()
        return thread


def free_loopback_port() -> int:
    """A port on 127.0.0.1 that nothing listens on now (for the Oxigraph server)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port
