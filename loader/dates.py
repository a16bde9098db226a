"""Partial and relative dates → honest intervals.

Every date in an annotation becomes a :class:`ResolvedDate`: an earliest and a
latest day, a precision, the phrase as written and, for phrases relative to the
article's publication date, the anchor and the rule that resolved it. A month
stays a month and a year a year: no day is ever invented.

Which path handles what:

* ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``A/B`` intervals of those, YAML dates,
  YAML ints (years) and ``{from: .., to: ..}`` mappings: plain code, here.
* Every other string: :func:`loader.date_phrases.resolve_phrase`, a rule set of
  precompiled regular expressions for the phrase forms of
  docs/annotation-format.md ("last Friday", "in August", "3 days ago", ...),
  then dateparser as a lazily imported fallback for other short phrases.

The shared types live in :mod:`loader.date_types` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache

from loader.date_phrases import resolve_phrase
from loader.date_types import (
    HINT,
    MONTH_NAMES,
    NEEDS_PUBLISHED_HINT,
    WEEKDAY_NAMES,
    Date,
    Precision,
    ResolvedDate,
    checked_day,
    day_span,
    make,
    month_span,
    year_span,
)
from loader.errors import DateError

__all__ = [
    "HINT",
    "MONTH_NAMES",
    "NEEDS_PUBLISHED_HINT",
    "WEEKDAY_NAMES",
    "Date",
    "Precision",
    "ResolvedDate",
    "explain",
    "parse_partial",
    "resolve_date",
]


# --- ISO shapes ---------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_INTERVAL = re.compile(r"(\S+)\s*/\s*(\S+)")


def parse_partial(text: str) -> ResolvedDate | None:
    """Read ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``; None if the text has another shape."""
    written = text.strip()
    m = _ISO.fullmatch(written)
    if m is None:
        return None
    year, month, day = (int(g) if g else 0 for g in m.groups())
    if year < 1:
        raise DateError(f"{written} is not a real year", hint=HINT)
    if m[3]:
        return make(written, day_span(checked_day(year, month, day, written)), None, None)
    if m[2]:
        if not 1 <= month <= 12:
            raise DateError(f"{written} is not a real month", hint=HINT)
        return make(written, month_span(year, month), None, None)
    return make(written, year_span(year), None, None)


# --- public API ---------------------------------------------------------------


def _combine(start: ResolvedDate, end: ResolvedDate, published: Date | None) -> ResolvedDate:
    if start.earliest > end.latest:
        raise DateError(
            f"the interval ends ({end.label}) before it starts ({start.label})",
            hint="swap 'from' and 'to', or correct the one that is wrong",
        )
    rules = [f"{side}: {r.rule}" for side, r in (("from", start), ("to", end)) if r.rule]
    relative = start.anchor is not None or end.anchor is not None
    return ResolvedDate(
        start.earliest,
        end.latest,
        Precision.INTERVAL,
        f"{start.phrase}/{end.phrase}",
        published if relative else None,
        "; ".join(rules) or None,
        f"{start.label} to {end.label}",
    )


@lru_cache(maxsize=16384)
def _resolve_text(text: str, published: Date | None) -> ResolvedDate:
    phrase = text.strip()
    iso = parse_partial(phrase)
    if iso is not None:
        return iso
    interval = _ISO_INTERVAL.fullmatch(phrase)
    if interval:
        start, end = parse_partial(interval[1]), parse_partial(interval[2])
        if start and end:
            return _combine(start, end, published)
    return resolve_phrase(phrase, published)


def _side(interval: Mapping[object, object], side: str, published: Date | None) -> ResolvedDate:
    value = interval[side]
    if isinstance(value, Mapping):
        raise DateError(f"an interval's {side!r} must be a date, not another interval", hint=HINT)
    try:
        return resolve_date(value, published=published)
    except DateError as exc:
        raise DateError(f"{side!r}: {exc.problem}", hint=exc.hint) from None


def resolve_date(value: object, *, published: Date | None) -> ResolvedDate:
    """Resolve what YAML gave for a date (str, int year, date, {from, to}) to an interval."""
    if isinstance(published, dt.datetime):
        published = published.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        return _resolve_text(value, published)
    if isinstance(value, Date):
        return make(value.isoformat(), day_span(value), None, None)
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= 9999:
            raise DateError(f"{value} is not a real year", hint=HINT)
        return make(str(value), year_span(value), None, None)
    if isinstance(value, Mapping):
        keys = sorted(map(str, value))
        if keys != ["from", "to"]:
            raise DateError(
                f"an interval needs exactly the keys 'from' and 'to', got {', '.join(keys)}",
                hint="write an interval as {from: YYYY-MM-DD, to: YYYY-MM-DD}",
            )
        return _combine(_side(value, "from", published), _side(value, "to", published), published)
    got = "nothing" if value is None else f"a {type(value).__name__} ({value!r:.40})"
    raise DateError(f"expected a date, got {got}", hint=HINT)


def explain(phrase: str, *, published: Date | None) -> str:
    """Several lines saying how ``phrase`` resolves, for people checking a date."""
    r = resolve_date(phrase, published=published)

    def day(d: Date | None) -> str:
        return "none" if d is None else f"{d.isoformat()} ({WEEKDAY_NAMES[d.weekday()]})"

    return "\n".join(
        [
            f"phrase:     {r.phrase}",
            f"published:  {day(published)}",
            f"earliest:   {day(r.earliest)}",
            f"latest:     {day(r.latest)}",
            f"precision:  {r.precision}",
            f"label:      {r.label}",
            f"anchor:     {day(r.anchor) if r.anchor else 'none (the date does not depend on it)'}",
            f"rule:       {r.rule or 'none (the date is written out)'}",
        ]
    )
