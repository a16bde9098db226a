"""Write the static site: Jinja2 templates over the gathered rows, plus the vendored scripts.

The site works from ``file://`` with no network: data reach the scripts as
``data/*.js`` files that set a global (browsers refuse ``fetch`` of local
files), and every script and style sheet is copied next to the pages.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

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


def _script(path: Path, name: str, value: Any) -> None:
    # </script> cannot occur in JSON written with "<" escaped, so the file is safe to load.
    payload = json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    path.write_text(f"window.{name} = {payload};\n", encoding="utf-8")


def _copy_static(out: Path) -> None:
    static = resources.files(_PACKAGE).joinpath("static")
    with resources.as_file(static) as src:
        shutil.copytree(src, out / "static", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("*.sh"))  # fmt: skip


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
    env = _environment()
    _copy_static(out)
    elements = network(data, pages=pages)
    meetings = data.meetings()
    focus = data.actors.get(str(data.scope.actor), {}) if data.scope.actor else {}
    items = timeline(data, pages=pages)
    undated = len(meetings) + len(data.packages) + len(data.statements) - len(items)
    common = {
        "focus": text(focus, "name") if focus else None,
        "title": title,
        "scope": data.scope,
        "statuses": STATUSES,
        "actor_types": ACTOR_TYPES,
    }
    _script(out / "data" / "network.js", "NEWSGRAPH_NETWORK", elements)
    _script(out / "data" / "timeline.js", "NEWSGRAPH_TIMELINE", items)
    page = env.get_template("network.html")
    rows = sorted(
        meetings.items(), key=lambda kv: (text(kv[1]["row"], "date_earliest") or "", kv[0])
    )
    chunks = [rows[i : i + TABLE_ROWS] for i in range(0, len(rows), TABLE_ROWS)] or [[]]
    for n, chunk in enumerate(chunks, 1):
        paged = {"meetings": chunk, "table_page": n, "table_pages": len(chunks), "known": pages}
        if n == 1:
            html = page.render(root="", elements=elements, **paged, **common)
            (out / "index.html").write_text(html, encoding="utf-8")
        else:
            html = env.get_template("meetings.html").render(root="", **paged, **common)
            (out / f"meetings-{n}.html").write_text(html, encoding="utf-8")
    (out / "timeline.html").write_text(
        env.get_template("timeline.html").render(root="", undated=undated, **common),
        encoding="utf-8",
    )
    written = Written(out_dir=out, meetings=len(meetings), edges=len(elements["edges"]),
                      packages=len(data.packages), statements=len(data.statements),
                      stale=texts.stale)  # fmt: skip
    fact_page = env.get_template("fact.html")
    facts: list[tuple[str, str, Row, dict[str, Any]]] = [
        (iri, "meeting", m["row"], {"participants": m["participants"]})
        for iri, m in meetings.items()
    ]
    facts += [(str(r["package"]), "sanctions", r, {}) for r in data.packages]
    facts += [(iri, "statement", r, {}) for iri, r in data.statements.items()]
    facts = [fact for fact in facts if fact[0] in pages]
    written.pages = len(facts)
    for iri, kind, row, extra in facts:
        views = source_views(data.sources.get(iri, []))
        conflicts = data.conflicts_of(iri) if kind == "meeting" else {}
        for view in views:
            body = texts.by_article.get(view["article"])
            spans = [(p["start"], p["end"]) for p in view["passages"]]
            view["segments"] = segments(body, spans) if body is not None else None
            written.with_text += body is not None
        html = fact_page.render(root="../", iri=iri, kind=kind, row=row, views=views,
                                conflicts=conflicts, **extra, **common)  # fmt: skip
        (out / fact_href(iri)).write_text(html, encoding="utf-8")
    known = pages
    actor_page = env.get_template("actor.html")
    for iri, facts_of in data.pages.items():
        html = actor_page.render(root="../", iri=iri, actor=facts_of.row, facts=facts_of,
                                 known=known, **common)  # fmt: skip
        (out / actor_href(iri)).write_text(html, encoding="utf-8")
    written.actors = len(data.pages)
    return written


__all__ = ["Written", "write_site"]
