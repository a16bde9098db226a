"""The SPARQL 1.1 Graph Store Protocol: replace a whole named graph with one HTTP PUT.

Servers parse a PUT body with their bulk RDF reader, tens of times faster
than the same triples sent as ``INSERT DATA`` (Virtuoso compiles every update
to SQL). A PUT replaces one graph in one request, which keeps the promise that
an article is in the store whole or not at all. Where the server takes it
(:attr:`loader.store.profiles.ServerProfile.nquads_post`), a POST of N-Quads adds
several new graphs in one transaction. Errors, retries and credentials
are handled as for SPARQL requests (:mod:`loader.store.sparql_http`).
"""

from __future__ import annotations

import base64
import hashlib
import http.client
import re
import secrets
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import IO

from loader.core.errors import AuthError, EndpointError
from loader.store.retry import RETRY_STATUS, RetryError, lost_connection, public_url, with_retries
from loader.store.sparql_http import _read

_NTRIPLES = "application/n-triples"
_NQUADS = "application/n-quads"


@dataclass
class GraphStoreClient:
    """One Graph Store Protocol endpoint (``URL?graph=IRI``) with credentials."""

    url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: int = 300
    _local: threading.local = field(default_factory=threading.local, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _challenge: dict[str, str] | None = field(default=None, repr=False)
    _count: int = 0

    def put(self, graph: str, ntriples: str) -> None:
        """Replace the graph by the N-Triples text (one request, retried on 5xx)."""
        body = ntriples.encode("utf-8")
        with_retries(lambda: self._send("PUT", graph, body), self.url)

    def post_nquads(self, nquads: str) -> None:
        """Add the N-Quads text to the dataset (one request, one transaction on the server).

        Retried on 5xx like a PUT: the server wrote all of it or none, and the
        graphs were absent before, so a second try never doubles anything.
        """
        body = nquads.encode("utf-8")
        with_retries(lambda: self._send("POST", None, body, _NQUADS), self.url)

    def _opener(self) -> urllib.request.OpenerDirector:
        # One opener per thread: loads send several PUTs at once.
        opener: urllib.request.OpenerDirector | None = getattr(self._local, "opener", None)
        if opener is None:
            handlers: list[urllib.request.BaseHandler] = []
            if self.user is not None:
                passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
                passwords.add_password(None, self.url, self.user, self.password or "")
                handlers += [
                    urllib.request.HTTPDigestAuthHandler(passwords),
                    urllib.request.HTTPBasicAuthHandler(passwords),
                ]
            opener = urllib.request.build_opener(*handlers)
            self._local.opener = opener
        return opener

    def open_dataset(self) -> IO[bytes]:
        """The whole dataset as N-Quads, streamed (the caller closes it).

        Only for a server whose profile says a GET without ``graph`` answers the
        dataset (:attr:`loader.store.profiles.ServerProfile.dataset_get`).
        Retried like a write while the answer has not started.
        """
        return with_retries(lambda: self._open("GET", None, None, {"Accept": _NQUADS}), self.url)

    def _send(
        self, method: str, graph: str | None, body: bytes, content_type: str = _NTRIPLES
    ) -> None:
        with self._open(method, graph, body, {"Content-Type": content_type}) as resp:
            resp.read()

    def _open(
        self, method: str, graph: str | None, body: bytes | None, headers: dict[str, str]
    ) -> IO[bytes]:
        sep = "&" if "?" in self.url else "?"
        url = self.url
        if graph is not None:
            url = f"{self.url}{sep}graph={urllib.parse.quote(graph, safe='')}"
        auth = self._authorization(method, url)
        if auth:
            headers = {**headers, "Authorization": auth}
        req = urllib.request.Request(  # noqa: S310 (an http(s) URL checked at start)
            url, data=body, method=method, headers=headers
        )
        try:
            resp: IO[bytes] = self._opener().open(req, timeout=self.timeout)
            return resp
        except urllib.error.HTTPError as exc:
            text = _read(exc).decode("utf-8", "replace").strip()
            first = text.splitlines()[0][:300] if text else f"HTTP {exc.code}"
            if exc.code in (401, 403):
                if self._stale(exc):
                    return self._open(method, graph, body, headers)
                raise self._auth_error() from exc
            if exc.code in RETRY_STATUS:
                raise RetryError(
                    EndpointError(
                        f"the graph store at {public_url(self.url)} failed "
                        f"(HTTP {exc.code}): {first}",
                        hint="check the server's log; rerun to retry",
                    )
                ) from exc
            what = f"the graph {graph}" if graph else "the new graphs"
            if body is None:
                what = "to send the dataset"
            raise EndpointError(
                f"the graph store at {public_url(self.url)} refused {what} "
                f"(HTTP {exc.code}): {first}",
                hint="check --graph-store (the Graph Store Protocol URL of the server)",
            ) from exc
        except urllib.error.URLError as exc:
            raise lost_connection(self.url, exc.reason) from exc
        except (http.client.HTTPException, ConnectionError, TimeoutError) as exc:
            raise lost_connection(self.url, exc) from exc

    def _authorization(self, method: str, url: str) -> str | None:
        """The Authorization header, sent with the first request already.

        Without it every PUT would go twice (the body, a 401, the body again),
        and a server may close the connection while a large body is still
        being sent after its 401.
        """
        if self.user is None:
            return None
        with self._lock:
            if self._challenge is None:
                self._challenge = _challenge(self.url)
            challenge = self._challenge
            self._count += 1
            count = self._count
        password = self.password or ""
        if challenge.get("scheme") != "digest":
            token = base64.b64encode(f"{self.user}:{password}".encode()).decode("ascii")
            return f"Basic {token}"
        parts = urllib.parse.urlsplit(url)
        uri = parts.path + (f"?{parts.query}" if parts.query else "")
        realm, nonce = challenge.get("realm", ""), challenge.get("nonce", "")
        ha1 = _md5(f"{self.user}:{realm}:{password}")
        ha2 = _md5(f"{method}:{uri}")
        nc, cnonce = f"{count:08x}", secrets.token_hex(8)
        fields = [
            f'username="{self.user}"',
            f'realm="{realm}"',
            f'nonce="{nonce}"',
            f'uri="{uri}"',
            "algorithm=MD5",
        ]
        if "auth" in challenge.get("qop", "").split(","):
            digest = _md5(f"{ha1}:{nonce}:{nc}:{cnonce}:auth:{ha2}")
            fields += [f'response="{digest}"', "qop=auth", f"nc={nc}", f'cnonce="{cnonce}"']
        else:
            fields.append(f'response="{_md5(f"{ha1}:{nonce}:{ha2}")}"')
        if "opaque" in challenge:
            fields.append(f'opaque="{challenge["opaque"]}"')
        return "Digest " + ", ".join(fields)

    def _stale(self, exc: urllib.error.HTTPError) -> bool:
        """Whether the server only wants a fresh nonce (then the challenge is renewed)."""
        header = exc.headers.get("WWW-Authenticate", "") if exc.headers else ""
        if "stale=true" not in header.lower().replace('"', ""):
            return False
        with self._lock:
            self._challenge = _parse_challenge(header)
        return True

    def _auth_error(self) -> AuthError:
        if self.user is None:
            return AuthError(
                f"the graph store at {public_url(self.url)} requires credentials",
                hint="set NEWSGRAPH_USER and NEWSGRAPH_PASSWORD",
            )
        return AuthError(
            f"the endpoint at {public_url(self.url)} refused the credentials of user {self.user}",
            hint="set NEWSGRAPH_USER and NEWSGRAPH_PASSWORD",
        )


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()  # noqa: S324 (HTTP digest auth)


def _challenge(url: str) -> dict[str, str]:
    """The server's WWW-Authenticate challenge, asked with a GET that changes nothing."""
    try:
        with urllib.request.urlopen(url, timeout=30):  # noqa: S310 (http(s) only)
            return {}
    except urllib.error.HTTPError as exc:
        header = exc.headers.get("WWW-Authenticate", "") if exc.code == 401 else ""
        return _parse_challenge(header or "")
    except (urllib.error.URLError, OSError):
        return {}


def _parse_challenge(header: str) -> dict[str, str]:
    scheme, _, rest = header.partition(" ")
    found = {k.lower(): v1 or v2 for k, v1, v2 in _PARAM.findall(rest)}
    return {"scheme": scheme.lower(), **found}


_PARAM = re.compile(r'(\w+)=(?:"([^"]*)"|([^\s,]+))')
