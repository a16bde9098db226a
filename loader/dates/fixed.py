"""Fixed phrases ("yesterday", "last week", "earlier this month") and their rules.

Each maps the publication day to a span; the table is read by
:func:`loader.dates.phrases.match_phrase` before its regular expressions.
"""

from __future__ import annotations

from collections.abc import Callable

from loader.dates.types import (
    Date,
    Precision,
    Span,
    day_span,
    days,
    month_span,
    shift_month,
    week_span,
    year_span,
)

Fixed = tuple[Callable[[Date], Span], str]


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


def _days_up_to(n: int) -> Callable[[Date], Span]:
    """The n days before publication and the publication day ("over the past week")."""
    return lambda pub: Span(pub - days(n), pub, Precision.INTERVAL)


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

FIXED: dict[str, Fixed] = {
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
FIXED["this past weekend"] = FIXED["last weekend"]
for _unit, _n in (("week", 7), ("fortnight", 14), ("month", 30), ("year", 365)):
    for _lead in ("in", "over", "during"):
        for _which in ("past", "last"):
            FIXED[f"{_lead} the {_which} {_unit}"] = (
                _days_up_to(_n),
                f"'the past {_unit}': from {_n} days before publication to publication",
            )
for _name, (_offset, _what) in _DAY_OFFSETS.items():
    FIXED[_name] = FIXED[_name.removeprefix("the ")] = (
        _shift_day(_offset),
        f"'{_name}': {_what}",
    )
for _which in ("last", "this", "next"):
    for _unit in ("week", "month", "year"):
        _calendar = "Monday to Sunday week" if _unit == "week" else f"calendar {_unit}"
        _where = _WHICH[_which].format(u=_unit)
        FIXED[f"{_which} {_unit}"] = (
            _period(_which, _unit),
            f"'{_which} {_unit}': the {_calendar} {_where}",
        )
for _unit in ("week", "month", "year"):
    FIXED[f"earlier this {_unit}"] = (
        _part_of(_unit, later=False),
        f"'earlier this {_unit}': from the start of the publication {_unit} to publication",
    )
    FIXED[f"later this {_unit}"] = (
        _part_of(_unit, later=True),
        f"'later this {_unit}': from publication to the end of the publication {_unit}",
    )
