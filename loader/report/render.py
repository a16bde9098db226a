"""Render the report's pages: Jinja2 templates over the gathered rows, plus the vendored scripts.

One :class:`Site` renders any page of the site by its relative path, so the static
site (``newsgraph report``, :func:`write_site`) and the live one (``newsgraph serve``,
:mod:`loader.report.live`) are the same pages. The site works from ``file://`` with
no network: data reach the scripts as ``data/*.js`` files that set a global
(browsers refuse ``fetch`` of local files), and every script and style sheet is
copied next to the pages.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from loader.core.errors import ReadError
from loader.report.data import ReportData, Row, text
from loader.report.texts import Texts, segments
from loader.report.views import (
    ACTOR_TYPES,
    STATUSES,
    actor_href,
    fact_href,
    network,
    source_views,
    timeline,
)

_PACKAGE = "loader.report"
TABLE_ROWS = 1000  # meetings per page of the table (the network's text alternative)


@dataclass(slots=True)
class Written:
    """What a report run wrote, for the command's summary."""

    out_dir: Path
    actors: int = 0
    meetings: int = 0
    edges: int = 0
    packages: int = 0
    statements: int = 0
    with_text: int = 0
    pages: int = 0
    stale: list[str] = field(default_factory=list)


def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader(_PACKAGE, "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(fact_href=fact_href, actor_href=actor_href, text=text)
    env.filters["kind"] = lambda v: (v or "meeting").replace("-", " ")
    return env


def _script(name: str, value: Any) -> str:
    # </script> cannot occur in JSON written with "<" escaped, so the file is safe to load.
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return f"window.{name} = {payload};\n"


def _copy_static(out: Path) -> None:
    static = resources.files(_PACKAGE).joinpath("static")
    with resources.as_file(static) as src:
        shutil.copytree(src, out / "static", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.sh"))  # fmt: skip


def static_file(path: str) -> bytes | None:
    """A vendored script, style sheet or licence under ``static/`` (None if there is none)."""
    parts = path.split("/")
    if not parts or parts[0] != "static" or any(p in ("", ".", "..") for p in parts[1:]):
        return None
    if parts[-1].endswith(".sh") or len(parts) < 2:
        return None
    found = resources.files(_PACKAGE).joinpath(*parts)
    return found.read_bytes() if found.is_file() else None


class Site:
    """Every page of one report, rendered on demand by its path relative to the site's root.

    ``sources`` is called with the facts whose ``sources-of`` rows a page needs
    before that page is rendered (the static site fetched them all beforehand).
    """

    def __init__(self, data: ReportData, *, texts: Texts, title: str, pages: set[str],
                 sources: Callable[[list[str]], None] | None = None) -> None:  # fmt: skip
        self.data, self.texts, self.pages = data, texts, pages
        self._sources = sources or (lambda facts: None)
        self.env = _environment()
        self.meetings = data.meetings()
        self.elements = network(data, pages=pages)
        self.items = timeline(data, pages=pages)
        focus = data.actors.get(str(data.scope.actor), {}) if data.scope.actor else {}
        self.common = {
            "focus": text(focus, "name") if focus else None,
            "title": title,
            "scope": data.scope,
            "statuses": STATUSES,
            "actor_types": ACTOR_TYPES,
        }
        rows = sorted(
            self.meetings.items(), key=lambda kv: (text(kv[1]["row"], "date_earliest") or "", kv[0])
        )
        self.chunks = [rows[i : i + TABLE_ROWS] for i in range(0, len(rows), TABLE_ROWS)] or [[]]
        facts: list[tuple[str, str, Row, dict[str, Any]]] = [
            (iri, "meeting", m["row"], {"participants": m["participants"]})
            for iri, m in self.meetings.items()
        ]
        facts += [(str(r["package"]), "sanctions", r, {}) for r in data.packages]
        facts += [(iri, "statement", r, {}) for iri, r in data.statements.items()]
        self.facts = {fact_href(f[0]): f for f in facts if f[0] in pages}
        self.actors = {actor_href(iri): iri for iri in data.pages}
        named = {str(page.row.get("name")): iri for iri, page in sorted(data.pages.items())}
        links: dict[tuple[str, str], Markup] = {}

        def actor_link(name: str, root: str) -> Markup:
            if (name, root) not in links:  # the same few names on thousands of pages
                links[name, root] = _actor_link(named, name, root)
            return links[name, root]

        self.env.globals["actor_link"] = actor_link

    def paths(self) -> Iterator[str]:
        """Every page and data file, in the order the static site writes them."""
        yield from ("data/network.js", "data/timeline.js", "index.html")
        yield from (f"meetings-{n}.html" for n in range(2, len(self.chunks) + 1))
        yield "timeline.html"
        yield from self.facts
        yield from self.actors

    def render(self, path: str) -> str | None:
        """The page or data file at ``path`` (``index.html``, ``facts/….html``…); None if none."""
        if path == "data/network.js":
            return _script("NEWSGRAPH_NETWORK", self.elements)
        if path == "data/timeline.js":
            return _script("NEWSGRAPH_TIMELINE", self.items)
        if path == "timeline.html":
            return self.env.get_template("timeline.html").render(
                root="", undated=self.undated, **self.common)  # fmt: skip
        if path == "index.html":
            return self._table(1)
        if path.startswith("meetings-") and path.endswith(".html"):
            n = path[len("meetings-") : -len(".html")]
            return self._table(int(n)) if n.isdigit() and 2 <= int(n) <= len(self.chunks) else None
        if path in self.facts:
            return self.render_fact(*self.facts[path])[0]
        if path in self.actors:
            iri = self.actors[path]
            return self.env.get_template("actor.html").render(
                root="../", iri=iri, actor=self.data.pages[iri].row, facts=self.data.pages[iri],
                known=self.pages, **self.common)  # fmt: skip
        return None

    @property
    def undated(self) -> int:
        data = self.data
        return len(self.meetings) + len(data.packages) + len(data.statements) - len(self.items)

    def _table(self, n: int) -> str:
        paged = {"meetings": self.chunks[n - 1], "table_page": n, "table_pages": len(self.chunks),
                 "known": self.pages}  # fmt: skip
        if n == 1:
            page = self.env.get_template("network.html")
            return page.render(root="", elements=self.elements, **paged, **self.common)
        return self.env.get_template("meetings.html").render(root="", **paged, **self.common)

    def render_fact(self, iri: str, kind: str, row: Row, extra: dict[str, Any]) -> tuple[str, int]:
        """The fact's page, and how many of its source panels show the article text."""
        if iri not in self.data.sources:
            self._sources([iri])
        views = source_views(self.data.sources.get(iri, []))
        conflicts = self.data.conflicts_of(iri) if kind == "meeting" else {}
        with_text = 0
        for view in views:
            body = self.texts.by_article.get(view["article"])
            spans = [(p["start"], p["end"]) for p in view["passages"]]
            view["segments"] = segments(body, spans) if body is not None else None
            with_text += body is not None
        html = self.env.get_template("fact.html").render(
            root="../", iri=iri, kind=kind, row=row, views=views, conflicts=conflicts,
            **extra, **self.common)  # fmt: skip
        return html, with_text


def _actor_link(named: dict[str, str], name: str, root: str) -> Markup:
    """The actor's name, linked to its page when it has one (keyboard users reach actor pages
    through these links; the network's nodes need a pointer)."""
    iri = named.get(name)
    if iri is None:
        return Markup("{}").format(name)
    return Markup('<a href="{}{}">{}</a>').format(root, actor_href(iri), name)


def write_site(
    data: ReportData, out: Path, *, texts: Texts, title: str, pages: set[str]
) -> Written:
    """Render every page of the site into ``out`` (created if needed; pages are overwritten)."""
    try:
        for sub in ("facts", "actors", "data"):
            (out / sub).mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ReadError(f"cannot create the report directory {out}: {exc.strerror}",
                        hint="choose a directory you can write to") from None  # fmt: skip
    _copy_static(out)
    site = Site(data, texts=texts, title=title, pages=pages)
    written = Written(out_dir=out, meetings=len(site.meetings), edges=len(site.elements["edges"]),
                      packages=len(data.packages), statements=len(data.statements),
                      stale=texts.stale, pages=len(site.facts),
                      actors=len(site.actors))  # fmt: skip
    for path in site.paths():
        if path in site.facts:
            html, with_text = site.render_fact(*site.facts[path])
            written.with_text += with_text
        else:
            html = site.render(path) or ""
        (out / path).write_text(html, encoding="utf-8")
    return written


__all__ = ["Site", "Written", "static_file", "write_site"]
