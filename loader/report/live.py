"""The report served live (``newsgraph serve``): the static site's pages, over the store as it is.

The pages are those of :class:`loader.report.render.Site`, gathered by the same
canned queries as ``newsgraph report``; nothing here queries the store for page
content. What is gathered, and each page once rendered, is kept for as long as
the store's state (a token the server computes: see :mod:`loader.server.serve`) stays
the same; a fact page fetches its own ``sources-of`` rows when first asked for.
"""

from __future__ import annotations

import hashlib
import mimetypes
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from loader.core.vocab import OWL
from loader.report.data import choose_pages, fetch_sources, gather, resolve_scope, text
from loader.report.render import Site, static_file
from loader.report.texts import Texts, read_texts, stored_digests
from loader.store.base import SelectResult, Store

CACHED_PAGES = 2000  # rendered pages kept per store state (the most recently asked for)


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, content type and body."""

    status: int
    content_type: str
    body: bytes


class LiveReport:
    """Pages of the report by path (``index.html``, ``facts/….html``, ``static/…``).

    ``state`` returns a token that changes whenever the store may have changed;
    calls from several request threads are serialised (the store answers one
    query at a time per page anyway, and a page is rendered once per state).
    """

    def __init__(self, store: Store, *, state: Callable[[], str], texts: Sequence[Path] = (),
                 title: str = "newsgraph report") -> None:  # fmt: skip
        self.store, self.state, self.texts, self.title = store, state, list(texts), title
        self._lock = threading.Lock()
        self._token: str | None = None
        self._site: Site | None = None
        self._cache: OrderedDict[str, bytes] = OrderedDict()

    def site(self) -> Site:
        """The site for the store's current state (gathered again when the state changed)."""
        token = self.state()
        if self._site is None or token != self._token:
            self._site, self._token = self._build(), token
            self._cache.clear()
        return self._site

    def _build(self) -> Site:
        data = gather(self.store, resolve_scope(self.store, actor=None, date_from=None,
                                                date_to=None))  # fmt: skip
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

    def respond(self, path: str) -> Reply:
        """The reply for ``path`` below the report's prefix ("" is the network page)."""
        path = path or "index.html"
        if path.startswith("static/"):
            body = static_file(path)
            if body is None:
                return _not_found(path)
            return Reply(200, _content_type(path), body)
        with self._lock:
            site = self.site()
            body = self._cache.get(path)
            if body is None:
                html = site.render(path)
                if html is None:
                    return _not_found(path)
                body = html.encode("utf-8")
                self._cache[path] = body
                if len(self._cache) > CACHED_PAGES:
                    self._cache.popitem(last=False)
            else:
                self._cache.move_to_end(path)
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
