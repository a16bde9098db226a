"""The dateparser fallback, for written-out dates the rule set does not read.

Only a phrase that writes out a year ("the 15th of August, 2025") or a month
name with a day number may reach dateparser: anything vaguer would come back as
an invented day (dateparser reads "two days later" as two days after the base
it is given). Every result it gives is marked ``uncertain``, and ``load`` and
``validate`` warn about it. dateparser is imported lazily (about a second).
"""

from __future__ import annotations

import datetime as dt
import re

from loader.dates.types import (
    MONTH_NAMES,
    Date,
    Precision,
    ResolvedDate,
    Span,
    day_span,
    make,
    month_span,
    need_published,
    unreadable,
    week_span,
    year_span,
)

_FALLBACK_MAX_CHARS = 40  # dateparser misreads long text ("and may" becomes May)
_LONGER_THAN_A_YEAR = re.compile(r"decade|centur|millenni")
_PROBES = (Date(2001, 7, 18), Date(2003, 2, 9))  # differ in weekday, day, month and year
_YEAR = re.compile(r"\b\d{4}\b")
_MONTH = re.compile(r"\b(?:" + "|".join(n[:3].lower() for n in MONTH_NAMES) + r")[a-z]*\b")
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:st|nd|rd|th)?\b")


def explicit_enough(key: str) -> bool:
    """Whether the phrase writes out a year, or a month name and a day number."""
    return bool(_YEAR.search(key) or (_MONTH.search(key) and _DAY_NUMBER.search(key)))


def _parse_at(key: str, base: dt.datetime) -> tuple[dt.datetime, str] | None:
    from dateparser.date import DateDataParser  # slow import: only on this path

    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "STRICT_PARSING": True,  # refuse to fill in a missing day, month or year
        "RETURN_TIME_AS_PERIOD": True,
    }
    try:
        data = DateDataParser(languages=["en"], settings=settings).get_date_data(key)
    except Exception:  # a third-party parser on arbitrary text: any failure means "unreadable"
        return None
    return None if data.date_obj is None else (data.date_obj, data.period or "day")


def _dateparser(key: str, base: Date) -> tuple[Span, str] | None:
    """Parse with dateparser from one anchor day; None when it cannot."""
    midnight = dt.datetime(base.year, base.month, base.day)
    parsed = _parse_at(key, midnight)
    if parsed is None:
        return None
    day, period = parsed[0].date(), parsed[1]
    if period == "time":  # "5 hours ago": the hour of publication is unknown, so span the day
        late = _parse_at(key, midnight.replace(hour=23, minute=59, second=59))
        if late is None or late[0].date() == day:
            return day_span(day), "dateparser fallback (day precision)"
        rule = "dateparser fallback (the days it may fall on, the time of publication unknown)"
        return Span(day, late[0].date(), Precision.INTERVAL), rule
    if period == "week":
        return week_span(day), f"dateparser fallback (week precision: the week containing {day})"
    if period == "month":
        return month_span(day.year, day.month), "dateparser fallback (month precision)"
    if period == "year":
        return year_span(day.year), "dateparser fallback (year precision)"
    return day_span(day), "dateparser fallback (day precision)"


def fallback(phrase: str, key: str, published: Date | None) -> ResolvedDate:
    """Resolve with dateparser, marked uncertain; DateError when it may not or cannot."""
    too_vague = _LONGER_THAN_A_YEAR.search(key)  # dateparser gives one year for "last decade"
    if len(key) > _FALLBACK_MAX_CHARS or too_vague or not explicit_enough(key):
        raise unreadable(phrase)
    probe = _PROBES[1] if published == _PROBES[0] else _PROBES[0]
    first = _dateparser(key, published or _PROBES[1])
    second = _dateparser(key, probe)
    if first is None or second is None:
        raise unreadable(phrase)
    if first == second:  # the same from two anchors: the phrase is absolute
        return make(phrase, first[0], first[1], None, uncertain=True)
    anchor = need_published(published, phrase)
    return make(phrase, first[0], first[1], anchor, uncertain=True)
