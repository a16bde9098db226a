"""Date phrases relative to the publication date → day intervals.

:func:`resolve_phrase` reads what :mod:`loader.dates` cannot read as an ISO
date or interval, in two steps:

* Every phrase form of docs/annotation-format.md (weekdays with or without
  last/on/late/early/this/next, yesterday/today/tomorrow, last/this/next
  week/month/year, earlier this ..., month names with or without a day or a
  year, "N days/weeks/months/years ago"): a small rule set of precompiled
  regular expressions. Deterministic and fast; this is the hot path of a load.
* Any other short phrase ("a fortnight ago", "15th of August 2025"): dateparser
  with STRICT_PARSING, as a fallback. It is imported lazily (the import takes
  about a second); the period it reports (day, week, month, year) sets the
  precision. A phrase it resolves the same way from two anchors is absolute.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from loader.date_types import (
    HINT,
    MONTH_NAMES,
    WEEKDAY_NAMES,
    Date,
    Precision,
    ResolvedDate,
    Span,
    checked_day,
    day_span,
    days,
    make,
    month_span,
    need_published,
    shift_month,
    unreadable,
    week_span,
    year_span,
)
from loader.errors import DateError

_MONTHS = {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_WEEKDAYS = {name[:3].lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
_FALLBACK_MAX_CHARS = 40  # dateparser misreads long text ("and may" becomes May)
_LONGER_THAN_A_YEAR = re.compile(r"decade|centur|millenni")
_PROBES = (Date(2001, 7, 18), Date(2003, 2, 9))  # differ in weekday, day, month and year


# --- the rule set for phrases -------------------------------------------------

_WD = (
    r"(?P<wd>mon(?:day)?|tue(?:s(?:day)?)?|wed(?:nesday)?|thu(?:r(?:s(?:day)?)?)?"
    r"|fri(?:day)?|sat(?:urday)?|sun(?:day)?)\.?"
)
_MON = (
    r"(?P<mon>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_QUAL = (
    r"(?:(?P<q>early|late|mid)(?:-|\s+)|(?:the\s+)?(?P<part>end|beginning|start|middle)\s+of\s+)"
)

Rule = tuple[Span, str | None, bool]  # span, rule text, relative to publication?
Handler = Callable[[re.Match[str], Date | None, str], Rule]


def _weekday(m: re.Match[str], published: Date | None, phrase: str) -> Rule:
    pub = need_published(published, phrase)
    wd = _WEEKDAYS[m["wd"][:3]]
    name, q = WEEKDAY_NAMES[wd], m["q"] or ""
    back = (pub.weekday() - wd) % 7  # to the most recent such day, publication day included
    if q == "last":
        day = pub - days(back or 7)
        rule = f"weekday with 'last': the most recent {name} strictly before publication"
    elif q == "next":
        day = pub + days((wd - pub.weekday()) % 7 or 7)
        rule = f"weekday with 'next': the first {name} after publication"
    elif q == "this":
        day = pub + days(wd - pub.weekday())
        rule = (
            f"weekday with 'this': the {name} of the publication week (Monday to Sunday), "
            "before or after publication"
        )
    else:
        day = pub - days(back)
        how = f"with '{q}'" if q else "alone"
        rule = f"weekday {how}: the most recent {name} on or before publication"
    for kept in (q if q in ("late", "early") else None, m["tod"]):
        rule += f"; '{kept}' is kept as the whole day" if kept else ""
    return day_span(day), rule, True


def _month_day(m: re.Match[str], published: Date | None, phrase: str) -> Rule:
    month, day = _MONTHS[m["mon"][:3]], int(m["day"])
    written = f"{MONTH_NAMES[month - 1]} {day}"
    if m["year"]:
        found = checked_day(int(m["year"]), month, day, f"{written}, {m['year']}")
        rule, relative = None, False
    else:
        checked_day(2000, month, day, written)  # a leap year: only the day and month are checked
        pub = need_published(published, phrase)
        year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
        while not calendar.isleap(year) and (month, day) == (2, 29):
            year -= 1
        found = Date(year, month, day)
        rule = "month and day without a year: the most recent such day on or before publication"
        relative = True
    if m["wd"] and _WEEKDAYS[m["wd"][:3]] != found.weekday():
        raise DateError(
            f"{phrase!r}: {found.isoformat()} is a {WEEKDAY_NAMES[found.weekday()]}",
            hint="check the weekday and the date; one of them is wrong",
        )
    return day_span(found), rule, relative


def _kept(m: re.Match[str], unit: str) -> str | None:
    qualifier = m["q"] or (m["part"] and f"{m['part']} of")
    return f"'{qualifier}' is kept as the whole {unit}" if qualifier else None


def _month_name(m: re.Match[str], published: Date | None, phrase: str) -> Rule:
    month, rel, kept = _MONTHS[m["mon"][:3]], m["rel"], _kept(m, "month")
    if m["year"]:
        if rel:
            raise unreadable(phrase)
        return month_span(int(m["year"]), month), kept, False
    pub = need_published(published, phrase)
    name = MONTH_NAMES[month - 1]
    if rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
        rule = f"month name with 'last': the most recent {name} before the publication month"
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
        rule = f"month name with 'next': the first {name} after the publication month"
    elif rel == "this":
        year, rule = pub.year, f"month name with 'this': {name} of the publication year"
    else:
        year = pub.year if month <= pub.month else pub.year - 1
        rule = "month name without a year: the most recent such month not after publication"
        rule += f"; {kept}" if kept else ""
    return month_span(year, month), rule, True


def _year_phrase(m: re.Match[str], published: Date | None, phrase: str) -> Rule:
    year = int(m["year"])
    if year < 1:
        raise DateError(f"{m['year']} is not a real year", hint=HINT)
    return year_span(year), _kept(m, "year"), False


def _ago(m: re.Match[str], published: Date | None, phrase: str) -> Rule:
    pub = need_published(published, phrase)
    n = _NUMBERS.get(m["n"]) or int(m["n"])
    unit = m["unit"]
    if unit == "day":
        return day_span(pub - days(n)), f"days ago: the day {n} days before publication", True
    if unit == "week":
        rule = f"weeks ago: the Monday to Sunday week containing the day {7 * n} days before "
        return week_span(pub - days(7 * n)), rule + "publication", True
    if unit == "month":
        rule = f"months ago: the calendar month {n} months before the publication month"
        return month_span(*shift_month(pub.year, pub.month, -n)), rule, True
    return year_span(pub.year - n), f"years ago: the year {n} years before publication", True


_NUMBER_WORDS = "|".join(_NUMBERS)
_RULES: tuple[tuple[re.Pattern[str], Handler], ...] = (
    (
        re.compile(
            rf"(?:(?P<q>last|next|this|on|late|early)\s+(?:on\s+)?)?{_WD}"
            r"(?:\s+(?P<tod>morning|afternoon|evening|night))?"
        ),
        _weekday,
    ),
    (
        re.compile(rf"(?:on\s+)?(?:{_WD},?\s+)?{_MON}\s+{_DAY}(?:,?\s+(?P<year>\d{{4}}))?"),
        _month_day,
    ),
    (
        re.compile(
            rf"(?:on\s+)?(?:{_WD},?\s+)?(?:the\s+)?{_DAY}\s+(?:of\s+)?{_MON},?"
            r"(?:\s+(?P<year>\d{4}))?"
        ),
        _month_day,
    ),
    (
        re.compile(
            rf"(?:in\s+|at\s+)?(?:(?P<rel>last|next|this)\s+|{_QUAL})?{_MON},?"
            r"(?:\s+(?P<year>\d{4}))?"
        ),
        _month_name,
    ),
    (re.compile(rf"(?:in\s+|at\s+)?{_QUAL}?(?P<year>\d{{4}})"), _year_phrase),
    (
        re.compile(rf"(?P<n>\d{{1,6}}|{_NUMBER_WORDS})\s+(?P<unit>day|week|month|year)s?\s+ago"),
        _ago,
    ),
)


def _period(which: str, unit: str) -> Callable[[Date], Span]:
    """The calendar week, month or year before, of, or after the publication day."""
    step = {"last": -1, "this": 0, "next": 1}[which]

    def span(pub: Date) -> Span:
        if unit == "week":
            return week_span(pub + days(7 * step))
        if unit == "month":
            return month_span(*shift_month(pub.year, pub.month, step))
        return year_span(pub.year + step)

    return span


def _shift_day(offset: int) -> Callable[[Date], Span]:
    return lambda pub: day_span(pub + days(offset))


def _weekend(pub: Date, *, last: bool) -> Span:
    sunday = pub - days(pub.weekday() + 1) if last else pub + days(6 - pub.weekday())
    return Span(sunday - days(1), sunday, Precision.INTERVAL)


def _part_of(unit: str, *, later: bool) -> Callable[[Date], Span]:
    """From the start of the publication week/month/year to publication, or on to its end."""

    def span(pub: Date) -> Span:
        whole = _period("this", unit)(pub)
        if later:
            return Span(pub, whole.latest, Precision.INTERVAL)
        return Span(whole.earliest, pub, Precision.INTERVAL)

    return span


_WHICH = {"last": "before the publication {u}", "this": "of publication, all of it",
          "next": "after the publication {u}"}  # fmt: skip

Fixed = tuple[Callable[[Date], Span], str]
_FIXED: dict[str, Fixed] = {
    "last weekend": (
        lambda p: _weekend(p, last=True),
        "'last weekend': the Saturday and Sunday before publication",
    ),
    "this weekend": (
        lambda p: _weekend(p, last=False),
        "'this weekend': the Saturday and Sunday of the publication week",
    ),
}
_DAY_OFFSETS = {  # phrase: (days after publication, what that day is)
    "today": (0, "the publication day"),
    "tonight": (0, "the publication day"),
    "this morning": (0, "the publication day"),
    "yesterday": (-1, "the day before publication"),
    "last night": (-1, "the day before publication"),
    "the day before yesterday": (-2, "two days before publication"),
    "tomorrow": (1, "the day after publication"),
    "the day after tomorrow": (2, "two days after publication"),
}
for _name, (_offset, _what) in _DAY_OFFSETS.items():
    _FIXED[_name] = _FIXED[_name.removeprefix("the ")] = (
        _shift_day(_offset),
        f"'{_name}': {_what}",
    )
for _which in ("last", "this", "next"):
    for _unit in ("week", "month", "year"):
        _calendar = "Monday to Sunday week" if _unit == "week" else f"calendar {_unit}"
        _where = _WHICH[_which].format(u=_unit)
        _FIXED[f"{_which} {_unit}"] = (
            _period(_which, _unit),
            f"'{_which} {_unit}': the {_calendar} {_where}",
        )
for _unit in ("week", "month", "year"):
    _FIXED[f"earlier this {_unit}"] = (
        _part_of(_unit, later=False),
        f"'earlier this {_unit}': from the start of the publication {_unit} to publication",
    )
    _FIXED[f"later this {_unit}"] = (
        _part_of(_unit, later=True),
        f"'later this {_unit}': from publication to the end of the publication {_unit}",
    )


# --- the dateparser fallback --------------------------------------------------


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


def _fallback(phrase: str, key: str, published: Date | None) -> ResolvedDate:
    too_vague = _LONGER_THAN_A_YEAR.search(key)  # dateparser gives one year for "last decade"
    if len(key) > _FALLBACK_MAX_CHARS or too_vague or not any(c.isalnum() for c in key):
        raise unreadable(phrase)
    probe = _PROBES[1] if published == _PROBES[0] else _PROBES[0]
    first = _dateparser(key, published or _PROBES[1])
    second = _dateparser(key, probe)
    if first is None or second is None:
        raise unreadable(phrase)
    if first == second:  # the same from two anchors: the phrase is absolute
        return make(phrase, first[0], first[1], None)
    return make(phrase, first[0], first[1], need_published(published, phrase))


# --- entry point --------------------------------------------------------------


def resolve_phrase(phrase: str, published: Date | None) -> ResolvedDate:
    """Resolve a stripped phrase: the rule set first, then dateparser; DateError if neither can."""
    key = " ".join(phrase.lower().split()).rstrip(".")
    try:
        fixed = _FIXED.get(key)
        if fixed is not None:
            return make(phrase, fixed[0](need_published(published, phrase)), fixed[1], published)
        for pattern, handler in _RULES:
            m = pattern.fullmatch(key)
            if m is not None:
                span, rule, relative = handler(m, published, phrase)
                return make(phrase, span, rule, published if relative else None)
    except (OverflowError, ValueError):  # date arithmetic left the years 1..9999
        raise DateError(f"{phrase!r} falls outside the years 1 to 9999", hint=HINT) from None
    return _fallback(phrase, key, published)
