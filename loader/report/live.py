"""The report served live (``newsgraph serve``): the static site's pages, over the store as it is.

The pages are those of :class:`loader.report.render.Site`, gathered by the same
canned queries as ``newsgraph report``, for a scope checked by the same function
(:func:`loader.report.data.resolve_scope`); nothing here queries the store for page
content. The scope is the server's (``newsgraph serve --actor/--from/--to``) or one
asked for in the URL (see :mod:`loader.report.urlscope`). What is gathered, and each
page once rendered, is kept for as long as the store's state (a token the server
computes: see :mod:`loader.server.serve`) stays the same; a fact page fetches its own
``sources-of`` rows when first asked for.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
import urllib.parse
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loader.core.errors import UsageError
from loader.core.vocab import OWL
from loader.report.data import Scope, choose_pages, fetch_sources, gather, resolve_scope, text
from loader.report.render import Site, static_file
from loader.report.texts import Texts, read_texts, stored_digests
from loader.report.urlscope import Asked, from_query, split_path
from loader.store.base import SelectResult, Store

CACHED_PAGES = 2000  # rendered pages kept per store state (the most recently asked for)
CACHED_SCOPES = 8  # gathered sites kept per store state (the most recently asked for)


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes
    location: str | None = None  # where a redirect points, relative to the report's root


class LiveReport:
    """Pages of the report by path (``index.html``, ``facts/….html``, ``static/…``).

    ``state`` returns a token that changes whenever the store may have changed;
    calls from several request threads are serialised (the store answers one
    query at a time per page anyway, and a page is rendered once per state).
    ``scope`` is the report's at ``/report/``; a URL may ask for another.
    """

    def __init__(self, store: Store, *, state: Callable[[], str], texts: Sequence[Path] = (),
                 title: str = "newsgraph report", scope: Asked | None = None) -> None:  # fmt: skip
        self.store, self.state, self.texts, self.title = store, state, list(texts), title
        self.scope = scope or Asked()
        self._lock = threading.Lock()
        self._token: str | None = None
        self._scopes: dict[Asked, Scope] = {}
        self._sites: OrderedDict[Scope, Site] = OrderedDict()
        self._cache: OrderedDict[tuple[Scope, str], bytes] = OrderedDict()

    def check(self, asked: Asked) -> Scope:
        """The scope checked against the store as ``newsgraph report`` checks its options
        (a UsageError says what is wrong with it)."""
        self._refresh()
        if asked not in self._scopes:
            actor, date_from, date_to = asked.values
            self._scopes[asked] = resolve_scope(self.store, actor=actor, date_from=date_from,
                                                date_to=date_to)  # fmt: skip
        return self._scopes[asked]

    def site(self, asked: Asked | None = None) -> Site:
        """The site of a scope (the server's by default) for the store's current state."""
        scope = self.check(self.scope if asked is None else asked)
        site = self._sites.get(scope)
        if site is None:
            site = self._sites[scope] = self._build(scope)
            while len(self._sites) > CACHED_SCOPES:
                self._sites.popitem(last=False)
        self._sites.move_to_end(scope)
        return site

    def _refresh(self) -> None:
        token = self.state()
        if token != self._token:
            self._token = token
            self._scopes.clear()
            self._sites.clear()
            self._cache.clear()

    def _build(self, scope: Scope) -> Site:
        data = gather(self.store, scope)
        pages = choose_pages(data, limit=len(data.pairs) + len(data.packages)
                             + len(data.statements))  # fmt: skip
        # The timeline draws each source's date of a fact whose sources disagree.
        rows = {iri: entry["row"] for iri, entry in data.meetings().items()}
        rows.update((str(r["package"]), r) for r in data.packages)
        disputed = [iri for iri in pages if text(rows.get(iri, {}), "date_precision") == "conflict"]
        fetch_sources(self.store, data, disputed)
        digests = stored_digests(self.store) if self.texts else {}
        found = read_texts(self.texts, digests=digests) if self.texts else Texts({}, [])

        def sources(facts: list[str]) -> None:
            fetch_sources(self.store, data, facts)

        return Site(data, texts=found, title=self.title, pages=set(pages), sources=sources)

    def respond(self, path: str, query: str = "") -> Reply:
        """The reply for ``path`` (as sent, %-escaped) below the report's prefix ("" is the
        network page); ``query`` is the URL's query string, a scope (see
        :mod:`loader.report.urlscope`)."""
        try:
            asked, path = split_path(path)
            if query:
                # The scope moves into the path, so that relative links keep it.
                wanted = from_query(query)
                with self._lock:
                    self.check(wanted)
                return Reply(
                    303, "text/plain; charset=utf-8", b"", location=f"{wanted.segment}/{path}"
                )
            path = urllib.parse.unquote(path) or "index.html"
            if path.startswith("static/"):
                body = static_file(path)
                if body is None:
                    return _not_found(path)
                return Reply(200, _content_type(path), body)
            with self._lock:
                site = self.site(asked)
                key = (self.check(self.scope if asked is None else asked), path)
                body = self._cache.get(key)
                if body is None:
                    html = site.render(path)
                    if html is None:
                        return _not_found(path)
                    body = html.encode("utf-8")
                    self._cache[key] = body
                    if len(self._cache) > CACHED_PAGES:
                        self._cache.popitem(last=False)
                else:
                    self._cache.move_to_end(key)
        except UsageError as exc:
            return Reply(400, "text/plain; charset=utf-8", f"error: {exc.message}\n".encode())
        return Reply(200, _content_type(path), body)


_STATE = f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?g <{OWL.versionInfo}> ?v }} }}"


class PolledState:
    """The state of a store others write to: a digest of the source digest each graph records.

    Every load writes that ``owl:versionInfo`` beside what it wrote (see
    :mod:`loader.pipeline.stamps`), so the digest changes with any load or removal. It
    is asked for at most every ``every`` seconds (a page and its data files
    are one state).
    """

    def __init__(self, store: Store, *, every: float = 5.0) -> None:
        self.store, self.every = store, every
        self._at = -every
        self._token = ""

    def __call__(self) -> str:
        now = time.monotonic()
        if now - self._at >= self.every:
            result = self.store.query(_STATE)
            assert isinstance(result, SelectResult)
            rows = sorted(f"{g}\t{v}" for g, v in result.rows)
            self._token = hashlib.sha256("\n".join(rows).encode("utf-8")).hexdigest()
            self._at = now
        return self._token


def _content_type(path: str) -> str:
    if path.endswith(".js"):
        return "text/javascript; charset=utf-8"
    guessed = mimetypes.guess_type(path)[0] or "application/octet-stream"
    return f"{guessed}; charset=utf-8" if guessed.startswith("text/") else guessed


def _not_found(path: str) -> Reply:
    text = f"no report page {path!r}: start from the network page, index.html\n"
    return Reply(404, "text/plain; charset=utf-8", text.encode("utf-8"))


__all__ = ["LiveReport", "PolledState", "Reply"]
