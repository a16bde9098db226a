"""The report site: a network of who met whom, a timeline, and fact and actor pages.

``build_report`` runs the canned queries (see :mod:`loader.report.data`), reads
article texts from annotation files when given (:mod:`loader.report.texts`)
and writes a static site that works from ``file://`` (:mod:`loader.report.render`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from loader.report.data import choose_pages, fetch_sources, gather, resolve_scope
from loader.report.render import Written, write_site
from loader.report.texts import Texts, read_texts, stored_digests
from loader.store.base import Store

MAX_PAGES = 10_000


def build_report(
    store: Store,
    out_dir: Path,
    *,
    actor: str | None = None,
    date_from: str | None = None,
    date_to: str | None = None,
    texts: Sequence[Path] = (),
    title: str = "newsgraph report",
    max_pages: int = MAX_PAGES,
) -> Written:
    """Write the site for the whole store, or one actor's facts, within a date window.

    At most ``max_pages`` facts get a page of their own (each needs its ``sources-of``
    rows): meetings and packages first, the most reported first, then statements.
    """
    scope = resolve_scope(store, actor=actor, date_from=date_from, date_to=date_to)
    data = gather(store, scope)
    pages = choose_pages(data, limit=max_pages)
    fetch_sources(store, data, pages)
    found = read_texts(texts, digests=stored_digests(store)) if texts else Texts({}, [])
    return write_site(data, out_dir, texts=found, title=title, pages=set(pages))


__all__ = ["MAX_PAGES", "Written", "build_report"]
