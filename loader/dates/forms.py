"""Composite date phrases: open intervals, ranges, and the forms that are refused.

* "by X", "on or before X", "no later than X", "before X": only the latest day
  is known (an open start).
* "after X", "on or after X", "since X": only the earliest day (an open end).
* "between X and Y", "from X to Y": one interval from the start of X to the end of Y.
* "recently", "lately", "in recent days": refused, with the open interval to write.
* Numeric dates with slashes or dots ("01/02/2025"): refused in every order, since
  the day-month order differs between countries and the annotation cannot say
  which one the article used; the message gives the ISO readings.

Each part X, Y is resolved by the caller's resolver, so every single-phrase form
(and its direction) works inside these.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loader.core.errors import DateError
from loader.dates.types import (
    Date,
    Direction,
    Precision,
    ResolvedDate,
    days,
    open_label,
)

# A phrase resolved from a given day in a given direction (None: the article's own).
Resolver = Callable[[str, "Date | None", "Direction | None"], ResolvedDate]

_BY = re.compile(r"(?P<w>by|on or before|no later than|not later than|before|until)\s+(?P<x>.+)")
_AFTER = re.compile(r"(?P<w>after|on or after|since|no earlier than|not before)\s+(?P<x>.+)")
_RANGE = re.compile(
    r"(?:between\s+(?P<a>.+?)\s+and\s+(?P<b>.+)|from\s+(?P<c>.+?)\s+(?:to|until|through)\s+(?P<d>.+))"
)
# "October 20-21", "20-21 October 2025": two days of one month, written with a dash
_DASHED = re.compile(
    r"(?:on\s+|from\s+)?(?:(?P<m1>[a-z]+\.?)\s+(?P<a>\d{1,2})\s*[-\u2013]\s*(?P<b>\d{1,2})"
    r"|(?P<c>\d{1,2})\s*[-\u2013]\s*(?P<d>\d{1,2})\s+(?P<m2>[a-z]+\.?))(?P<y>,?\s+\d{4})?"
)
_VAGUE = re.compile(r"recently|lately|of late|in recent (?:days|weeks|months)|not long ago")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})[/.](?P<b>\d{1,2})[/.](?P<y>\d{2}|\d{4})")
_BARE_DAY = re.compile(r"\d{1,2}(?:st|nd|rd|th)?")
_MONTH_WORD = re.compile(r"[a-z]+\.?(?=\s+\d)|(?<=\d\s)[a-z]+\.?")
_END_OF = re.compile(r"(the\s+)?(end|beginning|start|middle)\s+of\s+the\s+(month|year)")


def normalise(key: str) -> str:
    """'the end of the year' means the end of the publication year."""
    return _END_OF.sub(lambda m: f"the {m[2]} of this {m[3]}", key)


def _open(
    phrase: str, earliest: Date | None, latest: Date | None, part: ResolvedDate, rule: str
) -> ResolvedDate:
    return ResolvedDate(
        earliest,
        latest,
        Precision.INTERVAL,
        phrase,
        part.anchor,
        rule + (f"; {part.rule}" if part.rule else ""),
        open_label(earliest, latest),
        uncertain=part.uncertain,
    )


def _reversed(start: ResolvedDate, end: ResolvedDate) -> bool:
    return bool(start.earliest and end.latest and start.earliest > end.latest)


def _short(start: ResolvedDate, end: ResolvedDate) -> bool:
    """Whether a range re-read from its other end is shorter than half a year."""
    return bool(start.earliest and end.latest and (end.latest - start.earliest).days < 183)


def _range(
    phrase: str, start: ResolvedDate, end: ResolvedDate, published: Date | None
) -> ResolvedDate:
    if start.earliest is None or end.latest is None:
        raise DateError(f"{phrase!r}: a range needs two closed dates", hint="write both ends")
    if start.earliest > end.latest:
        raise DateError(
            f"{phrase!r} ends ({end.label}) before it starts ({start.label})",
            hint="swap the two ends, or correct the one that is wrong",
        )
    rules = "; ".join(r for r in (start.rule, end.rule) if r)
    return ResolvedDate(
        start.earliest,
        end.latest,
        Precision.INTERVAL,
        phrase,
        published if start.anchor or end.anchor else None,
        "range: from the start of the first to the end of the second"
        + (f"; {rules}" if rules else ""),
        f"{start.earliest.isoformat()} to {end.latest.isoformat()}",
        uncertain=start.uncertain or end.uncertain,
    )


def _refuse_vague(phrase: str, published: Date | None) -> None:
    to = published.isoformat() if published else "<the publication date>"
    raise DateError(
        f"{phrase!r} does not say when",
        hint=f"write an open interval that ends at publication, {{to: {to}}}, "
        "or the date the article gives elsewhere",
    )


def _refuse_numeric(phrase: str, m: re.Match[str]) -> None:
    a, b, y = int(m["a"]), int(m["b"]), m["y"]
    year = int(y) if len(y) == 4 else 2000 + int(y)
    readings = []
    for day, month, order in ((a, b, "day first"), (b, a, "month first")):
        try:
            readings.append(f"{Date(year, month, day).isoformat()} ({order})")
        except ValueError:
            continue
    read = " or ".join(dict.fromkeys(readings)) or "no real date in either order"
    raise DateError(
        f"{phrase!r} is a numeric date, and the order of day and month differs between "
        f"countries (it reads as {read})",
        hint="write it as YYYY-MM-DD; numeric dates with '/' or '.' are refused in every order",
    )


def composite(
    phrase: str,
    key: str,
    *,
    published: Date | None,
    direction: Direction,
    resolve: Resolver,
) -> ResolvedDate | None:
    """Resolve an open interval or a range; refuse vague and numeric forms; else None."""
    if _VAGUE.fullmatch(key):
        _refuse_vague(phrase, published)
    numeric = _NUMERIC.fullmatch(key)
    if numeric:
        _refuse_numeric(phrase, numeric)
    m = _RANGE.fullmatch(key)
    dashed = _DASHED.fullmatch(key)
    if m or dashed:
        if dashed:
            month, year = dashed["m1"] or dashed["m2"], dashed["y"] or ""
            a, b = (dashed["a"], dashed["b"]) if dashed["a"] else (dashed["c"], dashed["d"])
            first, second = f"{month} {a}{year}", f"{month} {b}{year}"
        elif m:
            first, second = (m["a"], m["b"]) if m["a"] else (m["c"], m["d"])
        if _BARE_DAY.fullmatch(second):  # "from March 3 to 5": the month comes from the start
            month = _MONTH_WORD.search(first)
            second = f"{month[0]} {second}" if month else second
        first, second = normalise(first), normalise(second)
        start, end = resolve(first, None, None), resolve(second, None, None)
        if _reversed(start, end):
            # "March 3-5" read forward on March 4 puts the start a year on; a range read
            # back across New Year puts the end a year early. Read the other end from it.
            # Only a short range is taken: "March 5-3" is a typo, not eleven months.
            if direction is Direction.PAST and end.anchor is not None and start.earliest:
                moved = resolve(second, start.earliest, Direction.FUTURE)
                end = moved if _short(start, moved) else end
            elif start.anchor is not None and end.latest:
                moved = resolve(first, end.latest, Direction.PAST)
                start = moved if _short(moved, end) else start
        return _range(phrase, start, end, published)
    m = _BY.fullmatch(key)
    if m:
        part = resolve(normalise(m["x"]), None, None)
        word = m["w"]
        if part.latest is None or part.earliest is None:
            raise DateError(f"{phrase!r}: '{word}' needs a closed date", hint="write one date")
        if word == "before":
            latest, rule = part.earliest - days(1), "'before': open start, up to the day before"
        else:
            latest, rule = part.latest, f"'{word}': open start, up to the last day of"
        return _open(phrase, None, latest, part, f"{rule} {part.label}")
    m = _AFTER.fullmatch(key)
    if m:
        part = resolve(normalise(m["x"]), None, None)
        word = m["w"]
        if part.latest is None or part.earliest is None:
            raise DateError(f"{phrase!r}: '{word}' needs a closed date", hint="write one date")
        if word == "after":
            earliest, rule = part.latest + days(1), "'after': open end, from the day after"
        else:
            earliest, rule = part.earliest, f"'{word}': open end, from the first day of"
        return _open(phrase, earliest, None, part, f"{rule} {part.label}")
    return None
