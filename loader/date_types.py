"""The types and small helpers shared by :mod:`loader.dates` and :mod:`loader.date_phrases`.

A :class:`Span` is an interval of days with a precision; :func:`make` turns one
into the public :class:`ResolvedDate`. Both date modules import from here, so
neither has to import the other's internals.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from loader.errors import DateError

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
    YEAR = "year"
    INTERVAL = "interval"


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date as an interval of days, with where it came from."""

    earliest: Date
    latest: Date
    precision: Precision
    phrase: str
    anchor: Date | None
    rule: str | None
    label: str


@dataclass(frozen=True, slots=True)
class Span:
    """An interval of days and its precision, before the phrase and rule are attached."""

    earliest: Date
    latest: Date
    precision: Precision


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


def _label(span: Span) -> str:
    if span.precision is Precision.DAY:
        return span.earliest.isoformat()
    if span.precision is Precision.MONTH:
        return f"{MONTH_NAMES[span.earliest.month - 1]} {span.earliest.year}"
    if span.precision is Precision.YEAR:
        return str(span.earliest.year)
    return f"{span.earliest.isoformat()} to {span.latest.isoformat()}"


def make(phrase: str, span: Span, rule: str | None, anchor: Date | None) -> ResolvedDate:
    return ResolvedDate(
        span.earliest, span.latest, span.precision, phrase, anchor, rule, _label(span)
    )


def unreadable(phrase: str) -> DateError:
    return DateError(f"cannot read {phrase!r} as a date", hint=HINT)


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
