"""The HTTP front of ``newsgraph serve``: long GET queries, then everything else, to Oxigraph.

The Oxigraph server refuses request headers over 8 KB, so a canned query sent
by GET (SPARQLWrapper's default, YASGUI's for short queries) fails there. This
front listens on the user's address, accepts request lines up to 1 MB, and
forwards each request to the Oxigraph server on a private loopback port: a
long GET becomes the equivalent form POST, the rest passes through unchanged.
Binding the user's port first also tells at once when the port is taken.
"""

from __future__ import annotations

import http.client
import http.server
import socket
import threading
import urllib.parse

from loader.core.errors import StoreError

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
            self._forward()
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _forward(self) -> None:
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
            self.send_response(resp.status, resp.reason)
            for key, value in resp.getheaders():
                if key.lower() not in _HOP_BY_HOP:
                    self.send_header(key, value)
            if method == "HEAD" or resp.status in (204, 304) or resp.status < 200:
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            while chunk := resp.read(65536):
                self.wfile.write(b"%x\r\n%b\r\n" % (len(chunk), chunk))
            self.wfile.write(b"0\r\n\r\n")
        except (OSError, http.client.HTTPException):
            self.send_error(502, "the oxigraph server did not answer")
            self.close_connection = True
        finally:
            conn.close()

    def log_message(self, format: str, *args: object) -> None:
        pass


class Front(http.server.ThreadingHTTPServer):
    """The listening front; ``backend_port`` is where Oxigraph serves."""

    daemon_threads = True
    backend_port = 0

    def __init__(self, host: str, port: int) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        try:
            super().__init__((host, port), _Handler)
        except OSError as exc:
            raise StoreError(
                f"cannot listen on {host}:{port}: {exc.strerror or exc}",
                hint="pick another port with --port (another server already uses this one)",
            ) from exc

    def start(self, backend_port: int) -> threading.Thread:
        self.backend_port = backend_port
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
