"""The types and small helpers shared by the date modules of :mod:`loader.dates`.

A :class:`Span` is an interval of days with a precision; :func:`make` turns one
into the public :class:`ResolvedDate`. Both date modules import from here, so
neither has to import the other's internals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from loader.core.errors import DateError

Date = dt.date
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
NEEDS_PUBLISHED_HINT = "add article.published as YYYY-MM-DD, or write the date itself as YYYY-MM-DD"
HINT = (
    "write a date as YYYY-MM-DD, YYYY-MM or YYYY, an interval as {from: ..., to: ...}, "
    "or a phrase like 'last Friday'"
)


class Precision(StrEnum):
    """How precise a resolved date is."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    INTERVAL = "interval"


class Direction(StrEnum):
    """Which way from publication a bare phrase ("on March 3", "on Thursday") looks.

    A held meeting's "on March 3" is the last March 3 on or before publication; a
    planned one's is the next on or after it. When neither is known the date spans
    both candidates rather than guess one of them.
    """

    PAST = "past"
    FUTURE = "future"
    EITHER = "either"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date as an interval of days, with where it came from."""

    earliest: Date | None  # None: an open start ("by March 3": only the latest day is known)
    latest: Date | None  # None: an open end ("after March 3")
    precision: Precision
    phrase: str
    anchor: Date | None
    rule: str | None
    label: str
    uncertain: bool = False  # read by the dateparser fallback, not by a tested rule
    anchor_event: str | None = None  # the event key an event-relative date counts from


@dataclass(frozen=True, slots=True)
class Span:
    """An interval of days and its precision, before the phrase and rule are attached."""

    earliest: Date
    latest: Date
    precision: Precision


@dataclass(frozen=True, slots=True)
class Context:
    """What a phrase is resolved against: the publication day and the direction."""

    published: Date | None
    direction: Direction = Direction.PAST


def day_span(d: Date) -> Span:
    return Span(d, d, Precision.DAY)


def month_span(year: int, month: int) -> Span:
    last = calendar.monthrange(year, month)[1]
    return Span(Date(year, month, 1), Date(year, month, last), Precision.MONTH)


def year_span(year: int) -> Span:
    return Span(Date(year, 1, 1), Date(year, 12, 31), Precision.YEAR)


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


def week_span(d: Date) -> Span:
    """The Monday to Sunday week containing ``d``."""
    monday = d - days(d.weekday())
    return Span(monday, monday + days(6), Precision.INTERVAL)


def shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    y, m = divmod(year * 12 + month - 1 + by, 12)
    return y, m + 1


SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}


def season_span(name: str, year: int) -> Span:
    """A northern-hemisphere meteorological season; winter YYYY runs from December YYYY."""
    first, last = SEASONS[name]
    end_year = year + 1 if last < first else year
    end = Date(end_year, last, calendar.monthrange(end_year, last)[1])
    return Span(Date(year, first, 1), end, Precision.SEASON)


def _label(span: Span) -> str:
    if span.precision is Precision.DAY:
        return span.earliest.isoformat()
    if span.precision is Precision.MONTH:
        return f"{MONTH_NAMES[span.earliest.month - 1]} {span.earliest.year}"
    if span.precision is Precision.YEAR:
        return str(span.earliest.year)
    if span.precision is Precision.SEASON:
        name = next(n for n, (m, _) in SEASONS.items() if m == span.earliest.month)
        years = f"{span.earliest.year}" + (
            f"-{span.latest.year % 100:02d}" if name == "winter" else ""
        )
        return f"{name} {years}"
    return f"{span.earliest.isoformat()} to {span.latest.isoformat()}"


def open_label(earliest: Date | None, latest: Date | None) -> str:
    """The label of an interval with an open side."""
    if earliest is None and latest is not None:
        return f"on or before {latest.isoformat()}"
    if latest is None and earliest is not None:
        return f"on or after {earliest.isoformat()}"
    return "an open interval"


def make(
    phrase: str, span: Span, rule: str | None, anchor: Date | None, *, uncertain: bool = False
) -> ResolvedDate:
    return ResolvedDate(
        span.earliest,
        span.latest,
        span.precision,
        phrase,
        anchor,
        rule,
        _label(span),
        uncertain=uncertain,
    )


# Every accepted form with one example: the error for an unreadable phrase, the help
# of `newsgraph dates` and the README list these.
FORMS: tuple[tuple[str, str], ...] = (
    ("full date", "2025-08-15"),
    ("month", "2025-08"),
    ("year", "2025"),
    ("interval", "{from: 2025-10-21, to: 2025-10-22} or 2025-10-21/2025-10-22"),
    ("open interval", "{to: 2025-03-01} or {from: 2025-03-01}"),
    ("weekday", "on Thursday, last Friday, next Monday, late Wednesday"),
    ("day words", "yesterday, today, tomorrow, last night"),
    ("month and day", "on March 3, 3 March, October 20 2025"),
    ("month name", "in May, last November, August 2025"),
    ("third of a month", "early March, mid-October, late August 2025"),
    ("third of a year", "early 2025, late last year"),
    ("season", "in the spring, last summer, autumn 2025"),
    ("week, month, year", "last week, this month, next year"),
    ("part of a period", "earlier this month, later this week"),
    ("the past period", "over the past week, in the past month"),
    ("weekend", "the weekend, last weekend, this weekend"),
    ("ago", "3 days ago, two weeks ago"),
    ("by a date (open start)", "by March 3, on or before Friday, by the end of the year"),
    ("after a date (open end)", "after March 3"),
    ("range", "between March 3 and March 5, from Monday to Wednesday, October 20-21"),
    ("relative to an event", "{phrase: a day after, after: <event key or YYYY-MM-DD>}"),
    ("direction override", "{phrase: on March 3, direction: future}"),
)


def forms_text(sep: str = "; ") -> str:
    return sep.join(f"{form}: {example}" for form, example in FORMS)


def unreadable(phrase: str) -> DateError:
    return DateError(
        f"cannot read {phrase!r} as a date",
        hint=f"write one of the accepted forms ({forms_text()})",
    )


def need_published(published: Date | None, phrase: str) -> Date:
    """The publication date, or a DateError saying the phrase needs one."""
    if published is None:
        raise DateError(
            f"{phrase!r} is relative to the publication date, and the article has none",
            hint=NEEDS_PUBLISHED_HINT,
        )
    return published


def checked_day(year: int, month: int, day: int, written: str) -> Date:
    try:
        return Date(year, month, day)
    except ValueError:
        raise DateError(
            f"{written} is not a real date", hint=f"check the day and the month; {HINT}"
        ) from None
