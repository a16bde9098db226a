"""What the report shows, gathered from the canned queries' results (one path, no own SPARQL).

Every page of the site is built from rows of the canned queries in
``queries/``: ``actors``, ``who-met-whom``, ``meetings-of``, ``statements-by``,
``statements-about``, ``sanctions-packages``, ``timeline``, ``sources-of`` and
``conflicting-reports``. Rows are read by column name, so a query that gains a
column does not break the report. Parameters are bound as RDF terms through
:func:`loader.binding.bind_terms`, as ``newsgraph query`` does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.term import Identifier

from loader.binding import bind_terms, convert
from loader.errors import UsageError
from loader.queries import get_query
from loader.results import Value, rows_as_dicts
from loader.store import Store

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
    """One actor's page: its row of ``actors`` and the rows of the per-actor queries."""

    row: Row
    meetings: list[Row] = field(default_factory=list)
    said: list[Row] = field(default_factory=list)
    about: list[Row] = field(default_factory=list)
    sanctioned: list[Row] = field(default_factory=list)
    timeline: list[Row] = field(default_factory=list)


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

    def meetings(self) -> dict[str, dict[str, Any]]:
        """One entry per meeting: its merged row (from the first pair) and all participants."""
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
        return found

    def conflicts_of(self, fact: str) -> dict[str, list[Row]]:
        """``conflicting-reports`` rows of one fact, by aspect (status, date, place)."""
        aspects: dict[str, list[Row]] = {}
        for row in self.conflicts:
            if text(row, "meeting") == fact:
                aspects.setdefault(text(row, "aspect") or "", []).append(row)
        return aspects


def gather(store: Store, scope: Scope) -> ReportData:
    """Run the canned queries the site needs, for the scope's actor and window."""
    who = {"actor": scope.actor, "from": scope.date_from, "to": scope.date_to}
    pairs = canned(store, "who-met-whom", who)
    actors = {str(r["actor"]): r for r in canned(store, "actors") if r.get("actor")}
    by_name = _iri_by_name(actors)
    conflicts = canned(store, "conflicting-reports", {"actor": scope.actor})
    lo, hi = scope.window
    if scope.actor is None:
        packages = canned(store, "sanctions-packages")
        in_scope = [iri for iri, row in actors.items() if number(row, "facts") > 0]
    else:
        seen: dict[str, Row] = {}
        for role in ("issuer", "target"):
            for row in canned(store, "sanctions-packages", {role: scope.actor}):
                seen.setdefault(str(row["package"]), row)
        packages = list(seen.values())
        met = {by_name.get(text(r, side) or "") for r in pairs for side in ("actor_a", "actor_b")}
        in_scope = sorted({str(scope.actor)} | {iri for iri in met if iri})
    packages = [r for r in packages
                if overlaps(text(r, "date_earliest"), text(r, "date_latest"), lo, hi)]  # fmt: skip
    data = ReportData(scope=scope, actors=actors, pairs=pairs, packages=packages,
                      statements={}, conflicts=conflicts)  # fmt: skip
    for iri in in_scope:
        if iri in actors:
            data.pages[iri] = _actor_facts(store, URIRef(iri), actors[iri], scope)
    if scope.actor is None:
        for page in data.pages.values():
            for row in page.said:
                data.statements.setdefault(str(row["statement"]), row)
    elif str(scope.actor) in data.pages:
        focus = data.pages[str(scope.actor)]
        for row in [*focus.said, *focus.about]:
            data.statements.setdefault(str(row["statement"]), row)
    facts = [*data.meetings(), *(str(r["package"]) for r in packages), *data.statements]
    data.sources = {fact: canned(store, "sources-of", {"fact": URIRef(fact)}) for fact in facts}
    return data


def _iri_by_name(actors: Mapping[str, Row]) -> dict[str, str]:
    return {str(row["name"]): iri for iri, row in actors.items() if row.get("name")}


def _actor_facts(store: Store, actor: URIRef, row: Row, scope: Scope) -> ActorFacts:
    window = {"from": scope.date_from, "to": scope.date_to}
    lo, hi = scope.window

    def dated(rows: Iterable[Row]) -> list[Row]:
        return [r for r in rows
                if overlaps(text(r, "date_earliest"), text(r, "date_latest"), lo, hi)]  # fmt: skip

    return ActorFacts(
        row=row,
        meetings=canned(store, "meetings-of", {"actor": actor, **window}),
        said=dated(canned(store, "statements-by", {"actor": actor})),
        about=dated(canned(store, "statements-about", {"about": actor})),
        sanctioned=dated(canned(store, "sanctions-packages", {"target": actor})),
        timeline=canned(store, "timeline", {"actor": actor, **window}),
    )


__all__ = ["ActorFacts", "ReportData", "Row", "Scope", "canned", "gather", "resolve_scope"]
