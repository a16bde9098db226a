"""The SPARQL 1.1 protocol over HTTP: requests through SPARQLWrapper and their errors.

Results come back as rdflib terms normalized the way the embedded store gives
them: plain literals untyped (``xsd:string`` dropped), typed literals with their
datatype, and a few server quirks undone (Virtuoso's ``"1"^^xsd:boolean``).
Credentials never appear in messages; URLs are shown without user info.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from SPARQLWrapper import BASIC, DIGEST, JSON, POST, TURTLE, URLENCODED, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    Unauthorized,
    URITooLong,
)

from loader.core.errors import AuthError, EndpointError
from loader.core.terms import Term, Triple
from loader.store.retry import RETRY_STATUS, RetryError, lost_connection, public_url, with_retries

_XSD = "http://www.w3.org/2001/XMLSchema#"
# Virtuoso answers SQL errors with "Virtuoso SQLSTATE Error CODE: text"; only a
# deadlock (40001) is worth retrying.
_VIRTUOSO_ERROR = re.compile(r"Virtuoso (?P<state>\w{5}) Error (?P<text>[^\n]*)")


@dataclass
class Response:
    content_type: str
    body: bytes
    headers: Mapping[str, str]


@dataclass
class SparqlClient:
    """One endpoint pair (query URL, update URL) with credentials and extra parameters."""

    query_url: str
    update_url: str
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    auth: str = BASIC
    realm: str = "SPARQL"
    query_params: Mapping[str, str] = field(default_factory=dict)
    timeout: int = 300
    _probed: bool = False

    # --- requests ---------------------------------------------------------------

    def select(self, query: str) -> tuple[list[str], list[list[Term | None]], int | None]:
        """Variables, rows and, when the server cut the result short, its row cap."""
        resp = self._send(query, form="SELECT")
        data = self._json(resp)
        variables = list(data.get("head", {}).get("vars", []))
        rows = [
            [_term(b[v]) if v in b else None for v in variables]
            for b in data.get("results", {}).get("bindings", [])
        ]
        return variables, rows, _max_rows(resp, len(rows))

    def ask(self, query: str) -> bool:
        data = self._json(self._send(query, form="ASK"))
        if "boolean" not in data:
            raise self._not_sparql(self.query_url, "an answer without a boolean")
        return bool(data["boolean"])

    def construct(self, query: str, *, form: str = "CONSTRUCT") -> tuple[list[Triple], int | None]:
        resp = self._send(query, form=form)
        if "html" in resp.content_type:
            raise self._not_sparql(self.query_url, resp.content_type)
        graph = Graph()
        try:
            graph.parse(data=resp.body.decode("utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types for bad input
            what = f"unreadable RDF ({type(exc).__name__})"
            raise self._not_sparql(self.query_url, what) from exc
        triples: list[Triple] = [(_norm(s), _norm(p), _norm(o)) for s, p, o in graph]  # type: ignore[misc]
        return triples, _max_rows(resp, len(triples))

    def update(self, text: str) -> None:
        resp = self._send(text, form="UPDATE")
        if "html" in resp.content_type:
            raise self._not_sparql(self.update_url, resp.content_type)

    # --- transport --------------------------------------------------------------

    def _wrapper(self, text: str, form: str) -> SPARQLWrapper:
        w = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url)
        w.setMethod(POST)
        w.setRequestMethod(URLENCODED)
        w.setTimeout(self.timeout)
        if self.user is not None:
            w.setHTTPAuth(self.auth)
            w.setCredentials(self.user, self.password or "", realm=self.realm)
        # The text and its type set directly: setQuery() guesses the type with regular
        # expressions over the whole text (seconds for a load's big updates), and server
        # pragmas in front of a query (Virtuoso ``define``) confuse the guess.
        w.queryString = text
        w.queryType = form if form != "UPDATE" else "INSERT"
        if form in ("SELECT", "ASK"):
            w.setReturnFormat(JSON)
            for key, value in self.query_params.items():
                w.addParameter(key, value)
        elif form in ("CONSTRUCT", "DESCRIBE"):
            w.setReturnFormat(TURTLE)
            for key, value in self.query_params.items():
                w.addParameter(key, value)
        return w

    def _send(self, text: str, *, form: str) -> Response:
        url = self.update_url if form == "UPDATE" else self.query_url
        return with_retries(lambda: self._send_once(text, form=form, url=url), url)

    def _send_once(self, text: str, *, form: str, url: str) -> Response:
        try:
            result = self._wrapper(text, form).query()
            raw = result.response
            body = raw.read()
            headers = {k.lower(): v for k, v in raw.info().items()}
            return Response(headers.get("content-type", ""), body, headers)
        except Unauthorized as exc:
            if self._switch_auth(url):
                return self._send_once(text, form=form, url=url)
            raise self._auth_error(url) from exc
        except urllib.error.HTTPError as exc:
            if exc.code in (401, 403):
                raise self._auth_error(url) from exc
            if exc.code in RETRY_STATUS:
                raise self._server_error(url, exc.code, _read(exc)) from exc
            raise self._not_sparql(url, f"HTTP {exc.code}") from exc
        except EndPointNotFound as exc:
            raise self._not_sparql(url, "HTTP 404") from exc
        except (QueryBadFormed, URITooLong) as exc:
            raise EndpointError(
                f"the endpoint at {public_url(url)} rejected the request: {_server_text(exc)}",
                hint="check the SPARQL text; the reason after the colon is the server's own",
            ) from exc
        except EndPointInternalError as exc:
            raise self._server_error(url, 500, _server_text(exc).encode()) from exc
        except urllib.error.URLError as exc:
            raise lost_connection(url, exc.reason) from exc
        except (http.client.HTTPException, ConnectionError, TimeoutError) as exc:
            raise lost_connection(url, exc) from exc

    def _server_error(self, url: str, status: int, body: bytes) -> Exception:
        text = body.decode("utf-8", "replace")
        m = _VIRTUOSO_ERROR.search(text)
        if m and m.group("state") != "40001":
            if "SECURITY" in m.group("text") or "permission" in m.group("text").lower():
                return AuthError(
                    f"the endpoint at {public_url(url)} does not allow this request: "
                    f"{m.group('text').strip()}",
                    hint="updates need the authenticated endpoint (--server virtuoso uses "
                    "/sparql-auth) and NEWSGRAPH_USER / NEWSGRAPH_PASSWORD",
                )
            return EndpointError(
                f"the endpoint at {public_url(url)} failed: {m.group('text').strip()}",
                hint="that is the server's own message; check the server's log"
                + (
                    ", and rerun once it is fixed (a rerun replaces graphs, never doubles them)"
                    if url == self.update_url
                    else ""
                ),
            )
        first = text.strip().splitlines()[0][:300] if text.strip() else f"HTTP {status}"
        return RetryError(
            EndpointError(
                f"the endpoint at {public_url(url)} failed (HTTP {status}): {first}",
                hint="check the server's log; rerun to retry",
            ),
            deadlock=bool(m and m.group("state") == "40001"),
        )

    def _switch_auth(self, url: str) -> bool:
        """On a refused login, ask the server which scheme it wants; True when that changes."""
        if self._probed or self.user is None:
            return False
        self._probed = True
        challenge = _challenge(url)
        if not challenge:
            return False
        scheme = DIGEST if challenge.lower().startswith("digest") else BASIC
        realm_m = re.search(r'realm="([^"]*)"', challenge)
        realm = realm_m.group(1) if realm_m else self.realm
        if scheme == self.auth and realm == self.realm:
            return False
        self.auth, self.realm = scheme, realm
        return True

    def _auth_error(self, url: str) -> AuthError:
        if self.user is None:
            return AuthError(
                f"the endpoint at {public_url(url)} requires credentials",
                hint="set NEWSGRAPH_USER and NEWSGRAPH_PASSWORD",
            )
        return AuthError(
            f"the endpoint at {public_url(url)} refused the credentials of user {self.user}",
            hint="set NEWSGRAPH_USER and NEWSGRAPH_PASSWORD",
        )

    def _not_sparql(self, url: str, what: str) -> EndpointError:
        return EndpointError(
            f"the URL {public_url(url)} does not answer SPARQL ({what})",
            hint="check the URL: Oxigraph answers at /query and /update, Virtuoso at /sparql; "
            "or give the server's base URL with --server",
        )

    def _json(self, resp: Response) -> dict[str, Any]:
        if "json" not in resp.content_type:
            raise self._not_sparql(self.query_url, resp.content_type or "no content type")
        try:
            data = json.loads(resp.body)
        except ValueError as exc:
            raise self._not_sparql(self.query_url, "invalid JSON") from exc
        if not isinstance(data, dict):
            raise self._not_sparql(self.query_url, "unexpected JSON")
        return data


def _challenge(url: str) -> str | None:
    """The WWW-Authenticate header the server sends to an anonymous request."""
    opener = urllib.request.build_opener()
    req = urllib.request.Request(url, data=b"", method="POST")  # noqa: S310 (http(s) only)
    try:
        with opener.open(req, timeout=30):
            return None
    except urllib.error.HTTPError as exc:
        return exc.headers.get("WWW-Authenticate") if exc.code == 401 else None
    except (urllib.error.URLError, OSError):
        return None


def _read(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read()
    except OSError:
        return b""


def _server_text(exc: Exception) -> str:
    text = str(exc)
    # SPARQLWrapper prefixes its own explanation; keep the server's words.
    text = text.split("Response:\n", 1)[-1]
    if text.startswith("b'") or text.startswith('b"'):
        text = text[2:-1].encode().decode("unicode_escape", "replace")
    line = next((ln for ln in text.strip().splitlines() if ln.strip()), text)
    return line.strip()[:300]


def _max_rows(resp: Response, count: int) -> int | None:
    """The server's row cap when the answer hit it (Virtuoso says so in a header)."""
    cap = resp.headers.get("x-sparql-maxrows")
    if cap and cap.isdigit() and count >= int(cap):
        return int(cap)
    return None


def _term(b: Mapping[str, str]) -> Term:
    kind, value = b["type"], b["value"]
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return blank_node(value)
    lang = b.get("xml:lang") or b.get("lang")
    if lang:
        return Literal(value, lang=lang)
    return _literal(value, b.get("datatype"))


def _literal(value: str, datatype: str | None) -> Literal:
    if not datatype or datatype == _XSD + "string":
        return Literal(value)
    if datatype.startswith(_XSD):
        value, datatype = _canonical(value, datatype)
    return Literal(value, datatype=URIRef(datatype))


_SCRATCH = ox.Store()
_SCRATCH_LOCK = threading.Lock()
_NODE = ox.NamedNode("urn:newsgraph:scratch")


@lru_cache(maxsize=65536)
def _canonical(value: str, datatype: str) -> tuple[str, str]:
    """The literal as the embedded store (Oxigraph) keeps it.

    Oxigraph stores values, not text: ``"+5"^^xsd:nonNegativeInteger`` comes
    back as ``"5"^^xsd:integer``, ``"1"^^xsd:boolean`` as ``true``. Other
    servers keep what was written, so a literal read from them passes through
    an in-memory Oxigraph store once, and exports compare equal.
    """
    with _SCRATCH_LOCK:
        _SCRATCH.clear()
        _SCRATCH.add(ox.Quad(_NODE, _NODE, ox.Literal(value, datatype=ox.NamedNode(datatype))))
        back = next(iter(_SCRATCH)).object
    assert isinstance(back, ox.Literal)
    return back.value, back.datatype.value


def _norm(term: Any) -> Term:
    if isinstance(term, Literal) and not term.language:
        return _literal(str(term), str(term.datatype) if term.datatype else None)
    if isinstance(term, BNode):
        return blank_node(str(term))
    return term  # type: ignore[no-any-return]


_BNODE_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]*")


def blank_node(label: str) -> BNode:
    """A blank node whose label N-Triples (and Oxigraph) accept.

    Servers name blank nodes their own way: Virtuoso as ``nodeID://b10016``.
    The same server label always gives the same node, so a node read back in
    several requests (pages, graphs) stays one node.
    """
    if _BNODE_ID.fullmatch(label):
        return BNode(label)
    tail = label.rsplit("/", 1)[-1]
    if tail and _BNODE_ID.fullmatch(tail) and label.startswith("nodeID://"):
        return BNode(f"v{tail}")
    return BNode("h" + hashlib.sha1(label.encode("utf-8")).hexdigest())  # noqa: S324 (a name)
