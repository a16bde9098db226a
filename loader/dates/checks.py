"""Which way a fact's date looks, and warnings for dates that are hard to believe.

A date's direction comes from what it dates: a meeting that is planned, proposed
or postponed lies ahead of the article, so "on March 3" is the next March 3; a
held meeting, a statement and a sanctions package (whose date is that of its
proposal, adoption or failure, already reported) lie behind it. A cancelled
meeting may have been due before publication or after it ("Thursday's summit
is off"), so its bare phrases span both candidates rather than guess.

The plausibility checks do not change a date; they say when one contradicts
its fact (a held meeting dated after publication, a planned one dated more
than a week before, a statement dated after publication) or when two articles
give one event intervals that do not overlap. ``--strict`` makes them errors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from loader.core.errors import DateError, Location
from loader.dates.types import Date, Direction, ResolvedDate

FORWARD_STATUSES = frozenset({"planned", "proposed", "postponed"})
PLANNED_GRACE = dt.timedelta(days=7)
_HINT = "check the date and the status; add `direction: past` or `direction: future` if a bare "
_HINT += "phrase was read the wrong way (--strict turns this warning into an error)"


def direction_for(kind: str, status: str | None) -> Direction:
    """The default direction of a fact's date, from what it is and its status."""
    if kind == "meeting" and status in FORWARD_STATUSES:
        return Direction.FUTURE
    if kind == "meeting" and status == "cancelled":
        return Direction.EITHER
    return Direction.PAST


@dataclass(frozen=True, slots=True)
class EventDate:
    """One article's interval for an event key, for the cross-source overlap check."""

    event: str
    earliest: Date | None
    latest: Date | None
    location: Location
    field: str
    status: str | None = None


def check_fact(
    *, kind: str, status: str | None, date: ResolvedDate, published: Date | None
) -> list[str]:
    """What is implausible about one fact's date (empty when nothing is)."""
    out: list[str] = []
    if date.uncertain:
        out.append(
            f"{date.phrase!r} was read by the dateparser fallback as {date.label}, not by a "
            "tested rule: check it, or write it as YYYY-MM-DD"
        )
    if published is None:
        return out
    after = date.earliest is not None and date.earliest > published
    if kind == "meeting" and status == "held" and after:
        out.append(f"a held meeting is dated {date.label}, after publication ({published})")
    if kind == "statement" and after:
        out.append(f"a statement is dated {date.label}, after publication ({published})")
    if (
        kind == "meeting"
        and status in ("planned", "proposed")
        and date.latest is not None
        and date.latest < published - PLANNED_GRACE
    ):
        out.append(
            f"a {status} meeting is dated {date.label}, more than a week before publication "
            f"({published})"
        )
    return out


def warnings_for(messages: Sequence[str], location: Location, field: str) -> list[DateError]:
    return [DateError(m, hint=_HINT, location=location, field=field) for m in messages]


def overlap_warnings(dates: Iterable[EventDate]) -> list[DateError]:
    """Warnings for events whose sources give intervals that do not overlap.

    Only sources that report the same status are compared: a planned date and a
    postponed (or held) one may differ because the event was moved.
    """
    by_event: dict[str, list[EventDate]] = {}
    for d in dates:
        by_event.setdefault(d.event, []).append(d)
    out: list[DateError] = []
    for event, found in sorted(by_event.items()):
        for i, a in enumerate(found):
            for b in found[i + 1 :]:
                same = a.status == b.status and a.location.file != b.location.file
                if same and _apart(a, b):
                    out.append(
                        DateError(
                            f"event {event!r} is dated {_span(a)} here and {_span(b)} at "
                            f"{b.location}: the intervals do not overlap",
                            hint="check both articles' dates; `newsgraph query "
                            "conflicting-reports` lists such disagreements after a load",
                            location=a.location,
                            field=a.field,
                        )
                    )
    return out


def _apart(a: EventDate, b: EventDate) -> bool:
    return bool(
        (a.latest is not None and b.earliest is not None and a.latest < b.earliest)
        or (b.latest is not None and a.earliest is not None and b.latest < a.earliest)
    )


def _span(d: EventDate) -> str:
    first = d.earliest.isoformat() if d.earliest else "..."
    last = d.latest.isoformat() if d.latest else "..."
    return first if first == last else f"{first}/{last}"


def article_anchors(
    keyed: Sequence[tuple[str, object, str | None]],
    *,
    published: Date | None,
) -> dict[str, ResolvedDate]:
    """The dates of the article's event keys, for event-relative dates.

    ``keyed`` holds (event key, raw date, status) per dated meeting. Relative
    dates that count from another key are resolved in rounds, so chains work;
    a date that fails here fails again, with its location, when it is mapped.
    """
    from loader.dates.resolve import resolve_date

    found: dict[str, ResolvedDate] = {}
    pending = list(keyed)
    while pending:
        left = []
        for key, raw, status in pending:
            try:
                found.setdefault(
                    key,
                    resolve_date(
                        raw,
                        published=published,
                        direction=direction_for("meeting", status),
                        anchors=found,
                    ),
                )
            except DateError:
                left.append((key, raw, status))
        if len(left) == len(pending):
            break
        pending = left
    return found
