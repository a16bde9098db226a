"""Handlers for periods and the direction rule of bare phrases.

Thirds of a month or a year ("mid-October", "late last year"), northern-hemisphere
meteorological seasons ("in the spring") and "the weekend", plus :func:`directed`,
which picks the past or future candidate of a bare phrase, or spans both.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from loader.core.errors import DateError
from loader.dates.types import (
    Context,
    Date,
    Direction,
    Precision,
    Span,
    days,
    month_span,
    need_published,
    season_span,
    shift_month,
)

Rule = tuple[Span, str | None, bool]  # span, rule text, relative to publication?
# Which third of a month (days 1-10, 11-20, 21-end) or of a year (Jan-Apr, May-Aug,
# Sep-Dec) a qualifier names.
THIRD = {"early": 0, "beginning": 0, "start": 0, "mid": 1, "middle": 1, "late": 2, "end": 2}


def _both(past: Span, future: Span) -> Span:
    """Both candidates of a phrase whose direction is unknown, as one interval."""
    if past == future:
        return past
    return Span(min(past.earliest, future.earliest), max(past.latest, future.latest),
                Precision.INTERVAL)  # fmt: skip


def directed(
    ctx: Context, past: Callable[[], Span], future: Callable[[], Span], rules: tuple[str, str]
) -> tuple[Span, str]:
    """The span and rule text for the context's direction (both candidates for EITHER)."""
    if ctx.direction is Direction.PAST:
        return past(), rules[0]
    if ctx.direction is Direction.FUTURE:
        return future(), rules[1]
    return _both(past(), future()), f"direction unknown: both candidates ({rules[0]}; {rules[1]})"


def third_of_month(span: Span, third: int) -> Span:
    first = span.earliest + days(10 * third)
    last = span.latest if third == 2 else first + days(9)
    return Span(first, last, Precision.INTERVAL)


def third_of_year(year: int, third: int) -> Span:
    first = Date(year, 4 * third + 1, 1)
    return Span(first, month_span(year, 4 * third + 4).latest, Precision.INTERVAL)


def thirds_note(qual: str | None, unit: str) -> str:
    if qual is None:
        return ""
    which = ("first", "middle", "last")[THIRD[qual]]
    spans = "days 1-10, 11-20, 21-end" if unit == "month" else "Jan-Apr, May-Aug, Sep-Dec"
    return f"'{qual}' is the {which} third of the {unit} ({spans})"


def third_of_period(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    """'late last year', 'early this month', 'mid-next year'."""
    pub = need_published(ctx.published, phrase)
    step = {"last": -1, "this": 0, "next": 1}[m["rel"]]
    qual = m["q"] or m["part"]
    assert qual is not None
    if m["unit"] == "year":
        span = third_of_year(pub.year + step, THIRD[qual])
    else:
        span = third_of_month(month_span(*shift_month(pub.year, pub.month, step)), THIRD[qual])
    rule = f"'{m['rel']} {m['unit']}' from publication; {thirds_note(qual, m['unit'])}"
    return span, rule, True


def season(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    name = "autumn" if m["season"] == "fall" else m["season"]
    note = "northern-hemisphere meteorological season (spring Mar-May, summer Jun-Aug, "
    note += "autumn Sep-Nov, winter Dec-Feb)"
    if m["year"]:
        if m["rel"]:
            raise DateError(
                f"cannot read {phrase!r}: 'last', 'this' or 'next' with a year",
                hint="drop the year or the word before the season",
            )
        return season_span(name, int(m["year"])), note, False
    pub = need_published(ctx.published, phrase)

    def at(year: int) -> Span:
        return season_span(name, year)

    years = range(pub.year - 2, pub.year + 2)
    rel = m["rel"]
    if rel == "last":
        span = max((at(y) for y in years if at(y).latest < pub), key=lambda s: s.earliest)
        rule = f"'last {m['season']}': the most recent {name} that ended before publication"
    elif rel == "next":
        span = min((at(y) for y in years if at(y).earliest > pub), key=lambda s: s.earliest)
        rule = f"'next {m['season']}': the first {name} that starts after publication"
    elif rel == "this":
        span = at(pub.year - 1 if name == "winter" and pub.month <= 2 else pub.year)
        rule = f"'this {m['season']}': the {name} of the publication year"
    else:
        span, rule = directed(
            ctx,
            lambda: max((at(y) for y in years if at(y).earliest <= pub), key=lambda s: s.earliest),
            lambda: min((at(y) for y in years if at(y).latest >= pub), key=lambda s: s.earliest),
            (
                f"season, looking back: the most recent {name} that started on or before "
                "publication",
                f"season, looking forward: the first {name} that ends on or after publication",
            ),
        )
    return span, f"{rule}; {note}", True


def weekend(m: re.Match[str], ctx: Context, phrase: str) -> Rule:
    """'the weekend': the Saturday and Sunday before or after publication, clipped to it.

    Published on a Saturday, a weekend in the past may be that day or the week before
    (and published on a Sunday, one ahead may be that day or the next weekend): the
    interval covers both rather than pick one.
    """
    pub = need_published(ctx.published, phrase)

    def back() -> Span:
        saturday = pub - days((pub.weekday() - 5) % 7)
        first = saturday - days(7) if saturday == pub else saturday
        return Span(first, min(saturday + days(1), pub), Precision.INTERVAL)

    def ahead() -> Span:
        sunday = pub + days((6 - pub.weekday()) % 7)
        last = sunday + days(7) if sunday == pub else sunday
        return Span(max(sunday - days(1), pub), last, Precision.INTERVAL)

    span, rule = directed(
        ctx,
        back,
        ahead,
        (
            "'the weekend', looking back: the most recent Saturday and Sunday, up to publication",
            "'the weekend', looking forward: the first Saturday and Sunday, from publication",
        ),
    )
    return span, rule, True
