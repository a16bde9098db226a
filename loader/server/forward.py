"""Queries sent to ``newsgraph serve`` over a remote store: checked, then passed to its endpoint.

A shared server gives the team one address for the report and the query editor,
even when the graph lives in Virtuoso or an Oxigraph server elsewhere. The
front reads each SPARQL protocol request (GET, form POST or a
``application/sparql-query`` body), refuses anything that is not a query (an
update stays with ``newsgraph load``), and sends the query on to the remote
query endpoint by POST with the server profile's parameters (the union default
graph) and the user's credentials, which never reach the browser. The answer
(any format the client asked for in ``Accept``) comes back unchanged.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import IO

from loader.core.errors import UsageError
from loader.store.retry import public_url
from loader.store.sparql_text import query_form, update_operation

FORM = "application/x-www-form-urlencoded"
# Parameters of the SPARQL 1.1 protocol's query operation that are passed on.
_QUERY_PARAMS = {"query", "default-graph-uri", "named-graph-uri"}

READ_ONLY_HINT = (
    "this server only forwards queries to the remote store; change the store with "
    "newsgraph load, or send updates to the store's own update endpoint"
)


class ReadOnlyError(UsageError):
    """An update sent to the read-only endpoint (HTTP 403)."""


class NotServedError(UsageError):
    """A path this server has nothing at (HTTP 404)."""


@dataclass(frozen=True, slots=True)
class Upstream:
    """The remote store's query endpoint, its profile's parameters and the credentials."""

    query_url: str
    params: Mapping[str, str] = field(default_factory=dict)
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout: float = 3600.0

    def send(self, form: list[tuple[str, str]], *, accept: str | None) -> Answer:
        """The remote endpoint's answer to a checked query (its errors passed on as they are)."""
        given = {key for key, _ in form}
        extra = [(k, v) for k, v in self.params.items() if k not in given]
        body = urllib.parse.urlencode([*form, *extra]).encode("utf-8")
        headers = {"Content-Type": FORM, "Accept": accept or "*/*"}
        request = urllib.request.Request(self.query_url, data=body, headers=headers)  # noqa: S310
        try:
            resp = self._opener().open(request, timeout=self.timeout)
        except urllib.error.HTTPError as exc:  # a 4xx/5xx answer: the server's own words
            return Answer(exc.code, exc.headers.get("Content-Type", "text/plain"), exc)
        except (urllib.error.URLError, OSError) as exc:
            reason = getattr(exc, "reason", exc)
            text = f"the remote store at {public_url(self.query_url)} did not answer: {reason}\n"
            return Answer(502, "text/plain; charset=utf-8", None, text.encode("utf-8"))
        return Answer(resp.status, resp.headers.get("Content-Type", FORM), resp)

    def _opener(self) -> urllib.request.OpenerDirector:
        if self.user is None:
            return urllib.request.build_opener()
        passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        passwords.add_password(None, self.query_url, self.user, self.password or "")
        return urllib.request.build_opener(
            urllib.request.HTTPBasicAuthHandler(passwords),
            urllib.request.HTTPDigestAuthHandler(passwords),
        )


@dataclass(slots=True)
class Answer:
    """Status, content type and body (a stream to read, or bytes) of a forwarded query."""

    status: int
    content_type: str
    stream: IO[bytes] | None
    body: bytes = b""


def query_request(
    *, method: str, path: str, query: str, content_type: str, body: bytes
) -> list[tuple[str, str]]:
    """The query operation's parameters from one request; a UsageError when it is not a
    read-only SPARQL query (an update, another path, a malformed request)."""
    if path in ("/update", "/store") or path.startswith("/store/"):
        raise ReadOnlyError(f"{path}: updates are refused, this server is read-only",
                            hint=READ_ONLY_HINT)  # fmt: skip
    if path not in ("/query", "/sparql"):
        raise NotServedError(
            f"nothing is served at {path}",
            hint="the query editor is at /, the SPARQL endpoint at /query, the report at /report/",
        )
    kind = content_type.split(";", 1)[0].strip().lower()
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True)
        if method == "POST" and kind == FORM:
            pairs += urllib.parse.parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        elif method == "POST" and kind == "application/sparql-query":
            pairs.append(("query", body.decode("utf-8")))
        elif method == "POST" and kind == "application/sparql-update":
            pairs.append(("update", body.decode("utf-8")))
        elif method != "GET":
            raise UsageError(
                f"a {method} request with content type {kind or 'none'} is not a SPARQL query",
                hint="send the query by GET or by form POST",
            )
    except UnicodeDecodeError:
        raise UsageError("the request is not UTF-8 text", hint="send the query as UTF-8") from None
    if any(key == "update" for key, _ in pairs):
        raise ReadOnlyError("updates are refused: this server is read-only", hint=READ_ONLY_HINT)
    texts = [value for key, value in pairs if key == "query"]
    if len(texts) != 1:
        raise UsageError("a query request needs exactly one query parameter",
                         hint="send query=SELECT ... by GET or form POST")  # fmt: skip
    check_read_only(texts[0])
    return [(k, v) for k, v in pairs if k in _QUERY_PARAMS]


def check_read_only(text: str) -> None:
    """Refuse what is not a query: an update, or a query with update operations after it."""
    operation = update_operation(text)
    if operation is not None:
        raise ReadOnlyError(
            f"updates are refused: the request holds a {operation} operation, "
            "and this server is read-only",
            hint=READ_ONLY_HINT,
        )
    query_form(text)  # a UsageError for text that is no query at all
