"""Dates relative to another event: "a day after", "two days later", "that week".

Such a phrase counts from an anchor the annotation names, never from the
publication day (which is what dateparser would silently do):

    date: {phrase: "a day after", after: budapest-summit}   # an event key
    date: {phrase: "two days before", before: 2025-11-08}   # or a date

An event key names the anchor event's date *as given in the same article* (a
meeting with that ``event`` key and a date). Dates from other articles are not
used: which of them a load sees would depend on the order files are read in.
The offset moves the whole anchor interval, so a day stays a day and a month
anchor gives an interval, never an invented day.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from loader.core.errors import DateError
from loader.dates.types import (
    Precision,
    ResolvedDate,
    Span,
    days,
    make,
    month_span,
)

ANCHOR_KEYS = ("after", "before", "at")
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_N = rf"(?P<n>\d{{1,3}}|{'|'.join(_NUMBERS)})"
_OFFSET = re.compile(
    rf"(?:the\s+)?(?:{_N}\s+(?P<unit>day|week)s?|(?P<bare>day|week))\s+"
    r"(?P<dir>after|later|before|earlier)(?:\s+.*)?"
)
_NEXT = re.compile(r"the\s+(?P<dir>next|following|previous|preceding)\s+(?P<unit>day|week)")
_SAME = re.compile(
    r"(?:on\s+|in\s+|later\s+|earlier\s+)?(?:that|the\s+same)\s+(?P<unit>day|week|month)"
    r"(?:\s+.*)?"
)
_EVENT_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_ISO = re.compile(r"\d{4}(?:-\d{2}){0,2}")
HOW = (
    "give the anchor it counts from: {phrase: 'a day after', after: <event key or YYYY-MM-DD>} "
    "(or before: / at:), where an event key is dated in this same article"
)


def is_event_relative(key: str) -> bool:
    """Whether a normalised phrase counts from another event rather than publication."""
    return any(p.fullmatch(key) for p in (_OFFSET, _NEXT, _SAME))


def _shift(anchor: ResolvedDate, offset: int) -> Span:
    assert anchor.earliest is not None and anchor.latest is not None
    first, last = anchor.earliest + days(offset), anchor.latest + days(offset)
    return Span(first, last, Precision.DAY if first == last else Precision.INTERVAL)


def _calendar_week(anchor: ResolvedDate, *, forward: bool) -> Span:
    assert anchor.earliest is not None and anchor.latest is not None
    if forward:
        monday = anchor.latest - days(anchor.latest.weekday()) + days(7)
    else:
        monday = anchor.earliest - days(anchor.earliest.weekday()) - days(7)
    return Span(monday, monday + days(6), Precision.INTERVAL)


def _same(anchor: ResolvedDate, unit: str) -> Span:
    assert anchor.earliest is not None and anchor.latest is not None
    first, last = anchor.earliest, anchor.latest
    if unit == "day":
        return Span(first, last, Precision.DAY if first == last else Precision.INTERVAL)
    if unit == "week":
        monday, sunday = first - days(first.weekday()), last + days(6 - last.weekday())
        return Span(monday, sunday, Precision.INTERVAL)
    start, end = month_span(first.year, first.month), month_span(last.year, last.month)
    return Span(start.earliest, end.latest, start.precision if start == end else Precision.INTERVAL)


def resolve_relative(
    phrase: str, *, side: str, anchor: ResolvedDate, anchor_event: str | None
) -> ResolvedDate:
    """Resolve an event-relative phrase against its anchor; ``side`` is after/before/at."""
    key = " ".join(phrase.lower().split()).rstrip(".")
    if anchor.earliest is None or anchor.latest is None:
        raise DateError(
            f"{phrase!r} counts from {anchor.label}, which has an open side",
            hint="anchor it to an event or a date with both an earliest and a latest day",
        )
    named = f"event {anchor_event!r} ({anchor.label})" if anchor_event else anchor.label
    m = _OFFSET.fullmatch(key) or _NEXT.fullmatch(key)
    if m:
        n = 1 if not m.groupdict().get("n") else (_NUMBERS.get(m["n"]) or int(m["n"]))
        unit = m["unit"] or m.groupdict().get("bare")
        size = 7 if unit == "week" else 1
        forward = m["dir"] in ("after", "later", "next", "following")
        wanted = "after" if forward else "before"
        if side != wanted:
            raise DateError(
                f"{phrase!r} counts {'forward' if forward else 'back'}, but its anchor is "
                f"given as {side!r}",
                hint=f"write the anchor as {wanted}: <event key or YYYY-MM-DD>",
            )
        offset = n * size * (1 if forward else -1)
        if unit == "week" and not m.groupdict().get("n"):
            # "the week after", "the following week": a calendar week, not a day
            span = _calendar_week(anchor, forward=forward)
            rule = f"the Monday to Sunday week {wanted} the week of {named}"
        else:
            span = _shift(anchor, offset)
            rule = f"{abs(offset)} day{'s' if abs(offset) != 1 else ''} {wanted} {named}"
    else:
        same = _SAME.fullmatch(key)
        if same is None:
            raise DateError(
                f"cannot read {phrase!r} as a date relative to an event",
                hint="write 'a day after', 'two days later', 'three days before', "
                "'the next day', 'the previous day', 'that day', 'that week' or 'that month'",
            )
        span = _same(anchor, same["unit"])
        rule = f"the {same['unit']} of {named}"
    return ResolvedDate(
        span.earliest,
        span.latest,
        span.precision,
        phrase,
        anchor.earliest if anchor.precision is Precision.DAY else None,
        f"event-relative: {rule}",
        make(phrase, span, None, None).label,
        uncertain=anchor.uncertain,
        anchor_event=anchor_event,
    )


def resolve_anchor(
    value: object,
    *,
    anchors: Mapping[str, ResolvedDate] | None,
    resolve: Callable[[object], ResolvedDate],
) -> tuple[ResolvedDate, str | None]:
    """The anchor's date and its event key (None when the anchor is written as a date).

    ``resolve`` reads an anchor written as a date, in any date form; the caller
    passes it so that this module does not import the resolver that imports it.
    """
    if isinstance(value, str) and _EVENT_KEY.fullmatch(value) and not _ISO.fullmatch(value):
        found = (anchors or {}).get(value)
        if found is None:
            raise DateError(
                f"the anchor event {value!r} has no date in this article",
                hint=f"date a meeting with `event: {value}` in this article, or give the "
                "anchor as a date (after: YYYY-MM-DD)",
            )
        return found, value
    return resolve(value), None
