"""Single date phrases relative to the publication date → day intervals.

:func:`match_phrase` reads what :mod:`loader.dates.resolve` cannot read as an ISO date
or interval: weekdays with or without last/on/late/early/this/next,
yesterday/today/tomorrow, last/this/next week/month/year, earlier this ...,
month names with or without a day or a year, thirds of a month or a year
("mid-October", "late last year"), seasons, "the weekend" and "N days ago".
A small rule set of precompiled regular expressions: deterministic and fast,
the hot path of a load.

Bare phrases ("on March 3", "on Thursday", "in May", "in the spring", "the
weekend") look back from publication or forward from it, as the
:class:`~loader.dates.types.Direction` of the context says; with
``Direction.EITHER`` the interval spans both candidates rather than pick one.
Composite forms ("by ...", "between ... and ...") live in
:mod:`loader.dates.forms`; the fixed phrases in :mod:`loader.dates.fixed`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable

from loader.core.errors import DateError
from loader.dates.fixed import FIXED
from loader.dates.periods import (
    THIRD,
    Rule,
    directed,
    season,
    third_of_month,
    third_of_period,
    third_of_year,
    thirds_note,
    weekend,
)
from loader.dates.types import (
    HINT,
    MONTH_NAMES,
    SEASONS,
    WEEKDAY_NAMES,
    Context,
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
    week_span,
    year_span,
)

_MONTHS = {name[:3].lower(): i for i, name in enumerate(MONTH_NAMES, 1)}
_WEEKDAYS = {name[:3].lower(): i for i, name in enumerate(WEEKDAY_NAMES)}
_NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
            "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip

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

Handler = Callable[[re.Match[str], Context, str], Rule]


def _weekday(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    pub = need_published(ctx.published, phrase)
    wd = _WEEKDAYS[m["wd"][:3]]
    name, q = WEEKDAY_NAMES[wd], m["q"] or ""
    if q == "last":
        span = day_span(pub - days((pub.weekday() - wd) % 7 or 7))
        rule = f"weekday with 'last': the most recent {name} strictly before publication"
    elif q == "next":
        span = day_span(pub + days((wd - pub.weekday()) % 7 or 7))
        rule = f"weekday with 'next': the first {name} after publication"
    elif q == "this":
        span = day_span(pub + days(wd - pub.weekday()))
        rule = (
            f"weekday with 'this': the {name} of the publication week (Monday to Sunday), "
            "before or after publication"
        )
    else:
        how = f"with '{q}'" if q else "alone"
        span, rule = directed(
            ctx,
            lambda: day_span(pub - days((pub.weekday() - wd) % 7)),
            lambda: day_span(pub + days((wd - pub.weekday()) % 7)),
            (
                f"weekday {how}: the most recent {name} on or before publication",
                f"weekday {how}, looking forward: the first {name} on or after publication",
            ),
        )
    for kept in (q if q in ("late", "early") else None, m["tod"]):
        rule += f"; '{kept}' is kept as the whole day" if kept else ""
    return span, rule, True


def _month_day(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    month, day = _MONTHS[m["mon"][:3]], int(m["day"])
    written = f"{MONTH_NAMES[month - 1]} {day}"
    if m["year"]:
        span, rule, relative = (
            day_span(checked_day(int(m["year"]), month, day, f"{written}, {m['year']}")),
            None,
            False,
        )
    else:
        checked_day(2000, month, day, written)  # a leap year: only the day and month are checked
        pub = need_published(ctx.published, phrase)

        def back() -> Span:
            year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
            while not calendar.isleap(year) and (month, day) == (2, 29):
                year -= 1
            return day_span(Date(year, month, day))

        def ahead() -> Span:
            year = pub.year if (month, day) >= (pub.month, pub.day) else pub.year + 1
            while not calendar.isleap(year) and (month, day) == (2, 29):
                year += 1
            return day_span(Date(year, month, day))

        span, rule = directed(
            ctx,
            back,
            ahead,
            (
                "month and day without a year: the most recent such day on or before publication",
                "month and day without a year, looking forward: the first such day "
                "on or after publication",
            ),
        )
        relative = True
    if m["wd"] and span.precision is Precision.DAY:
        found = span.earliest
        if _WEEKDAYS[m["wd"][:3]] != found.weekday():
            raise DateError(
                f"{phrase!r}: {found.isoformat()} is a {WEEKDAY_NAMES[found.weekday()]}",
                hint="check the weekday and the date; one of them is wrong",
            )
    return span, rule, relative


def _qualifier(m: re.Match[str]) -> str | None:
    return m["q"] or m["part"]


def _month_name(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    month, rel, qual = _MONTHS[m["mon"][:3]], m["rel"], _qualifier(m)

    def cut(span: Span) -> Span:
        return span if qual is None else third_of_month(span, THIRD[qual])

    note = thirds_note(qual, "month")
    if m["year"]:
        if rel:
            raise DateError(
                f"cannot read {phrase!r}: 'last', 'this' or 'next' with a year",
                hint="drop the year or the word before the month",
            )
        return cut(month_span(int(m["year"]), month)), note or None, False
    pub = need_published(ctx.published, phrase)
    name = MONTH_NAMES[month - 1]
    if rel == "last":
        year = pub.year if month < pub.month else pub.year - 1
        rule = f"month name with 'last': the most recent {name} before the publication month"
        span = month_span(year, month)
    elif rel == "next":
        year = pub.year if month > pub.month else pub.year + 1
        rule = f"month name with 'next': the first {name} after the publication month"
        span = month_span(year, month)
    elif rel == "this":
        span, rule = month_span(pub.year, month), f"month name with 'this': {name} of the year"
    else:
        # The candidates are the month (or its third) itself: "mid-January" read back on
        # January 5 is last year's, since this year's has not started yet.
        def back() -> Span:
            this = cut(month_span(pub.year, month))
            return this if this.earliest <= pub else cut(month_span(pub.year - 1, month))

        def ahead() -> Span:
            this = cut(month_span(pub.year, month))
            return this if this.latest >= pub else cut(month_span(pub.year + 1, month))

        span, rule = directed(
            ctx,
            back,
            ahead,
            (
                "month name without a year: the most recent such month not after publication",
                "month name without a year, looking forward: the first such month "
                "not before publication",
            )
            if qual is None
            else (
                f"'{qual}' {name} without a year: the most recent one that starts on or "
                "before publication",
                f"'{qual}' {name} without a year, looking forward: the first one that ends "
                "on or after publication",
            ),
        )
        return span, rule + (f"; {note}" if note else ""), True
    return cut(span), rule + (f"; {note}" if note else ""), True


def _year_phrase(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    year, qual = int(m["year"]), _qualifier(m)
    if year < 1:
        raise DateError(f"{m['year']} is not a real year", hint=HINT)
    if qual is None:
        return year_span(year), None, False
    return third_of_year(year, THIRD[qual]), thirds_note(qual, "year"), False


def _ago(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    pub = need_published(ctx.published, phrase)
    n = _NUMBERS.get(m["n"]) or int(m["n"])
    unit = m["unit"]
    if unit == "fortnight":
        n, unit = 2 * n, "week"
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
_SEASON = rf"(?P<season>{'|'.join(SEASONS)}|fall)"
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
        re.compile(rf"(?:in\s+|at\s+)?{_QUAL}(?P<rel>last|this|next)\s+(?P<unit>month|year)"),
        third_of_period,
    ),
    (
        re.compile(
            rf"(?:(?:in|during|over|through)\s+)?(?:(?P<rel>last|this|next)\s+|the\s+)?{_SEASON}"
            r"(?:\s+(?:of\s+)?(?P<year>\d{4}))?"
        ),
        season,
    ),
    (
        re.compile(r"(?:(?:at|over|during|on)\s+)?the\s+weekend"),
        weekend,
    ),
    (
        re.compile(
            rf"(?P<n>\d{{1,6}}|{_NUMBER_WORDS})\s+(?P<unit>day|week|fortnight|month|year)s?\s+ago"
        ),
        _ago,
    ),
)


# --- entry point --------------------------------------------------------------


def match_phrase(phrase: str, key: str, ctx: Context) -> ResolvedDate | None:
    """Resolve a normalised phrase by the rule set; None when no rule reads it."""
    try:
        fixed = FIXED.get(key)
        if fixed is not None:
            pub = need_published(ctx.published, phrase)
            return make(phrase, fixed[0](pub), fixed[1], pub)
        for pattern, handler in _RULES:
            m = pattern.fullmatch(key)
            if m is not None:
                span, rule, relative = handler(m, ctx, phrase)
                return make(phrase, span, rule, ctx.published if relative else None)
    except (OverflowError, ValueError):  # date arithmetic left the years 1..9999
        raise DateError(f"{phrase!r} falls outside the years 1 to 9999", hint=HINT) from None
    return None
