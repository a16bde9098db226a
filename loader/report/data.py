"""What the report shows, gathered from the canned queries' results (one path, no own SPARQL).

Every page of the site is built from rows of the canned queries in
``queries/``: ``actors``, ``who-met-whom``, ``meetings-of``, ``statements-by``,
``statements-about``, ``sanctions-packages``, ``timeline``, ``sources-of`` and
``conflicting-reports``. Rows are read by column name, so a query that gains a
column does not break the report. Parameters are bound as RDF terms through
:func:`loader.queries.binding.bind_terms`, as ``newsgraph query`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Identifier

from loader.core.errors import UsageError
from loader.queries.binding import bind_rows, bind_terms, convert
from loader.queries.canned import get_query
from loader.queries.results import Value, rows_as_dicts
from loader.store.base import Store

Row = dict[str, Value]


def canned(
    store: Store, name: str, terms: Mapping[str, Identifier | None] | None = None
) -> list[Row]:
    """Rows of the canned query ``name`` with parameters already resolved to RDF terms."""
    query = get_query(name)
    given = dict(terms or {})
    unknown = set(given) - {p.name for p in query.params}
    if unknown:
        raise UsageError(f"query {name!r} has no parameter {sorted(unknown)[0]!r}",
                         hint="this is a bug in the report builder")  # fmt: skip
    bound = {p.name: given.get(p.name) for p in query.params}
    return rows_as_dicts(store.query(bind_terms(query.sparql, bound)))


def canned_for_each(store: Store, name: str, param: str, values: Sequence[Identifier], *,
                    batch: int = 250) -> list[Row]:  # fmt: skip
    """Rows of the canned query ``name`` for each of ``values`` of one parameter, ``batch``
    values a query (one VALUES row each; the other parameters unbound): the rows of one
    query per value, in far fewer queries. For queries whose rows say which value they
    belong to (``statements-by`` names each statement's speaker, ``sources-of`` its fact)."""
    query = get_query(name)
    names = [p.name for p in query.params]
    if param not in names:
        raise UsageError(f"query {name!r} has no parameter {param!r}",
                         hint="this is a bug in the report builder")  # fmt: skip
    chunks = [values[i : i + batch] for i in range(0, len(values), max(1, batch))]
    texts = [bind_rows(query.sparql, names, [[v if n == param else None for n in names]
                                             for v in chunk]) for chunk in chunks]  # fmt: skip
    return [row for rows in _run_all(store, texts) for row in rows]


def _run_all(store: Store, texts: Sequence[str]) -> list[list[Row]]:
    """Run queries, two at a time on the embedded store (see :func:`_together`)."""
    from loader.store.embedded import EmbeddedStore

    def run(sparql: str) -> list[Row]:
        return rows_as_dicts(store.query(sparql))

    if isinstance(store, EmbeddedStore) and len(texts) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(run, texts))
    return [run(t) for t in texts]


def text(row: Row, column: str) -> str | None:
    """A column as a string, None when unbound or missing (queries may gain or drop columns)."""
    value = row.get(column)
    return None if value is None else str(value)


def number(row: Row, column: str) -> int:
    value = row.get(column)
    try:
        return int(value) if value is not None else 0
    except (TypeError, ValueError):
        return 0


def day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def overlaps(earliest: str | None, latest: str | None, lo: dt.date | None,
             hi: dt.date | None) -> bool:  # fmt: skip
    """Whether [earliest, latest] meets the window [lo, hi]; undated facts only without one."""
    if lo is None and hi is None:
        return True
    e, l_ = day(earliest), day(latest)
    if e is None or l_ is None:
        return False
    return (lo is None or l_ >= lo) and (hi is None or e <= hi)


@dataclass(frozen=True, slots=True)
class Scope:
    """What the user asked for: one actor's report or all, within a date window."""

    actor: URIRef | None = None
    date_from: Identifier | None = None
    date_to: Identifier | None = None
    window: tuple[dt.date | None, dt.date | None] = (None, None)


def resolve_scope(store: Store, *, actor: str | None, date_from: str | None,
                  date_to: str | None) -> Scope:  # fmt: skip
    """Check the user's options the way ``newsgraph query`` checks parameters."""
    query = get_query("who-met-whom")
    terms: dict[str, Identifier | None] = {}
    for name, value in (("actor", actor), ("from", date_from), ("to", date_to)):
        param = query.param(name)
        assert param is not None
        terms[name] = convert(store, param, value) if value is not None else None
    lo = day(str(terms["from"])) if terms["from"] is not None else None
    hi = day(str(terms["to"])) if terms["to"] is not None else None
    if hi is not None and date_to is not None and len(date_to) < 10:
        hi = _end_of(date_to)
    actor_term = terms["actor"]
    return Scope(
        actor=actor_term if isinstance(actor_term, URIRef) else None,
        date_from=terms["from"],
        date_to=terms["to"],
        window=(lo, hi),
    )


def _end_of(partial: str) -> dt.date:
    """The last day of a ``YYYY`` or ``YYYY-MM`` value (``--to 2025-08`` includes August)."""
    if len(partial) == 4:
        return dt.date(int(partial), 12, 31)
    year, month = int(partial[:4]), int(partial[5:7])
    following = dt.date(year + month // 12, month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


@dataclass(slots=True)
class ActorFacts:
    """One actor's page: its row of ``actors`` and the facts of the report it takes part in."""

    row: Row
    meetings: list[tuple[str, Row, list[str]]] = field(default_factory=list)
    said: list[Row] = field(default_factory=list)
    about: list[Row] = field(default_factory=list)
    sanctioned: list[Row] = field(default_factory=list)


@dataclass(slots=True)
class ReportData:
    """All rows the site is rendered from, keyed by IRI."""

    scope: Scope
    actors: dict[str, Row]
    pairs: list[Row]
    packages: list[Row]
    statements: dict[str, Row]
    conflicts: list[Row]
    sources: dict[str, list[Row]] = field(default_factory=dict)
    pages: dict[str, ActorFacts] = field(default_factory=dict)
    _meetings: dict[str, dict[str, Any]] | None = None
    _conflicts: dict[str, dict[str, list[Row]]] | None = None

    def meetings(self) -> dict[str, dict[str, Any]]:
        """One entry per meeting: its merged row (from the first pair) and all participants."""
        if self._meetings is not None:
            return self._meetings
        found: dict[str, dict[str, Any]] = {}
        for row in self.pairs:
            iri = text(row, "meeting")
            if iri is None:
                continue
            entry = found.setdefault(iri, {"row": row, "participants": []})
            for side in ("actor_a", "actor_b"):
                name = text(row, side)
                if name is not None and name not in entry["participants"]:
                    entry["participants"].append(name)
        self._meetings = found
        return found

    def conflicts_of(self, fact: str) -> dict[str, list[Row]]:
        """``conflicting-reports`` rows of one fact, by aspect (status, date, place)."""
        if self._conflicts is None:
            self._conflicts = {}
            for row in self.conflicts:
                aspects = self._conflicts.setdefault(text(row, "meeting") or "", {})
                aspects.setdefault(text(row, "aspect") or "", []).append(row)
        return self._conflicts.get(fact, {})


def _in_window(rows: Iterable[Row], scope: Scope) -> list[Row]:
    lo, hi = scope.window
    return [r for r in rows
            if overlaps(text(r, "date_earliest"), text(r, "date_latest"), lo, hi)]  # fmt: skip


def _together(store: Store, calls: Sequence[tuple[str, Mapping[str, Identifier | None]]]
              ) -> list[list[Row]]:  # fmt: skip
    """Several canned queries; on the embedded store two at a time (it has two cores' worth
    of readers and answers in native code), elsewhere one after the other."""
    from loader.store.embedded import EmbeddedStore

    if isinstance(store, EmbeddedStore) and len(calls) > 1:
        with ThreadPoolExecutor(max_workers=2) as pool:
            return list(pool.map(lambda call: canned(store, call[0], call[1]), calls))
    return [canned(store, name, terms) for name, terms in calls]


def gather(store: Store, scope: Scope) -> ReportData:
    """Run the canned queries the site needs, for the scope's actor and window."""
    who = {"actor": scope.actor, "from": scope.date_from, "to": scope.date_to}
    first: list[tuple[str, Mapping[str, Identifier | None]]] = [
        ("who-met-whom", who),
        ("actors", {}),
        ("conflicting-reports", {"actor": scope.actor}),
    ]
    if scope.actor is None:
        first.append(("sanctions-packages", {}))
    else:
        first += [("sanctions-packages", {"issuer": scope.actor}),
                  ("sanctions-packages", {"target": scope.actor})]  # fmt: skip
    pairs, actor_rows, conflicts, *package_rows = _together(store, first)
    actors = {str(r["actor"]): r for r in actor_rows if r.get("actor")}
    statements: dict[str, Row] = {}
    packages = list({str(r["package"]): r for rows in package_rows for r in rows}.values())
    if scope.actor is None:
        speakers = [URIRef(iri) for iri, row in actors.items() if number(row, "facts") > 0]
        for row in canned_for_each(store, "statements-by", "actor", speakers):
            statements.setdefault(str(row["statement"]), row)
    else:
        for row in [*canned(store, "statements-by", {"actor": scope.actor}),
                    *canned(store, "statements-about", {"about": scope.actor})]:  # fmt: skip
            statements.setdefault(str(row["statement"]), row)
    dated = _in_window(statements.values(), scope)
    data = ReportData(scope=scope, actors=actors, pairs=pairs,
                      packages=_in_window(packages, scope),
                      statements={str(r["statement"]): r for r in dated},
                      conflicts=conflicts)  # fmt: skip
    _actor_pages(data)
    return data


def fetch_sources(store: Store, data: ReportData, facts: Sequence[str]) -> None:
    """``sources-of`` for each fact that gets a page: its articles, claims and passages (many
    facts a query: each row names its fact)."""
    found: dict[str, list[Row]] = {f: [] for f in facts}
    for row in canned_for_each(store, "sources-of", "fact", [URIRef(f) for f in facts]):
        found.setdefault(str(row.get("fact")), []).append(row)
    data.sources.update(found)


def choose_pages(data: ReportData, *, limit: int) -> list[str]:
    """The facts that get a page, at most ``limit``: meetings and packages first, the most
    reported first, then statements, the latest first."""
    events = [(iri, entry["row"]) for iri, entry in data.meetings().items()]
    events += [(str(r["package"]), r) for r in data.packages]
    events.sort(key=lambda kv: (-number(kv[1], "sources"), text(kv[1], "date_earliest") or "",
                                kv[0]))  # fmt: skip
    said = sorted(data.statements.items(), key=lambda kv: (text(kv[1], "date_earliest") or "",
                                                           kv[0]), reverse=True)  # fmt: skip
    return [iri for iri, _ in [*events, *said]][: max(0, limit)]


def _names(value: str | None) -> list[str]:
    return [part.strip() for part in (value or "").split(";") if part.strip()]


def _actor_pages(data: ReportData) -> None:
    """Each actor's meetings, statements and sanctions, grouped from the report's rows."""
    by_name: dict[str, ActorFacts] = {}
    for iri, row in sorted(data.actors.items()):
        if number(row, "facts") > 0 or iri == str(data.scope.actor):
            page = data.pages[iri] = ActorFacts(row=row)
            by_name.setdefault(str(row.get("name")), page)
    for iri, entry in data.meetings().items():
        for name in entry["participants"]:
            if name in by_name:
                others = [p for p in entry["participants"] if p != name]
                by_name[name].meetings.append((iri, entry["row"], others))
    for row in data.statements.values():
        speaker = text(row, "speaker") or ""
        if speaker in by_name:
            by_name[speaker].said.append(row)
        for name in _names(text(row, "about")):
            if name in by_name:
                by_name[name].about.append(row)
    for row in data.packages:
        for name in _names(text(row, "targets")):
            if name in by_name:
                by_name[name].sanctioned.append(row)
    if data.scope.actor is not None:
        # one actor's report: pages for it and those it met, not for everyone it mentions
        keep = {str(data.scope.actor)} | {iri for iri, page in data.pages.items() if page.meetings}
        data.pages = {iri: page for iri, page in data.pages.items() if iri in keep}
    else:
        data.pages = {iri: page for iri, page in data.pages.items()
                      if page.meetings or page.said or page.about or page.sanctioned}  # fmt: skip


__all__ = [
    "ActorFacts", "ReportData", "Row", "Scope", "canned", "choose_pages", "fetch_sources", "gather",
    "resolve_scope",
]  # fmt: skip
