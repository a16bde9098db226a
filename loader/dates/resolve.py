"""Partial and relative dates → honest intervals.

Every date in an annotation becomes a :class:`ResolvedDate`: an earliest and a
latest day, a precision, the phrase as written and, for phrases relative to the
article's publication date, the anchor and the rule that resolved it. A month
stays a month and a year a year: no day is ever invented.

Which path handles what:

* ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``A/B`` intervals of those, YAML dates,
  YAML ints (years) and ``{from: .., to: ..}`` mappings: plain code, here.
* Every other string: the composite forms of :mod:`loader.dates.forms` ("by X",
  "between X and Y", refusals), the rule set of :mod:`loader.dates.phrases`
  ("last Friday", "in August", "mid-October", "in the spring", ...), then
  :mod:`loader.dates.fallback` (dateparser, only for written-out dates, marked
  uncertain). Anything else is an error listing the accepted forms.
* ``{phrase: ..., after: <event key or date>}``: :mod:`loader.dates.relative`.

Bare phrases look back from publication or forward from it as ``direction``
says (:class:`Direction`); the mapping derives it from the fact's status.

The shared types live in :mod:`loader.dates.types` and are re-exported here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from functools import lru_cache

from loader.core.errors import DateError
from loader.dates.fallback import fallback
from loader.dates.fixed import FIXED
from loader.dates.forms import composite, normalise
from loader.dates.phrases import match_phrase
from loader.dates.relative import (
    ANCHOR_KEYS,
    HOW,
    is_event_relative,
    resolve_anchor,
    resolve_relative,
)
from loader.dates.types import (
    FORMS,
    HINT,
    MONTH_NAMES,
    NEEDS_PUBLISHED_HINT,
    WEEKDAY_NAMES,
    Context,
    Date,
    Direction,
    Precision,
    ResolvedDate,
    checked_day,
    day_span,
    make,
    month_span,
    open_label,
    year_span,
)

__all__ = [
    "FORMS",
    "HINT",
    "MONTH_NAMES",
    "NEEDS_PUBLISHED_HINT",
    "WEEKDAY_NAMES",
    "Date",
    "Direction",
    "Precision",
    "ResolvedDate",
    "explain",
    "parse_partial",
    "resolve_date",
]


# --- ISO shapes ---------------------------------------------------------------

_ISO = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_ISO_INTERVAL = re.compile(r"(\d{4}\S*)\s*/\s*(\d{4}\S*)")


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


def _combine(
    start: ResolvedDate | None, end: ResolvedDate | None, published: Date | None
) -> ResolvedDate:
    """One interval from the start of ``start`` to the end of ``end``; either may be open."""
    if start is not None and end is not None:
        assert start.earliest is not None and end.latest is not None
        if start.earliest > end.latest:
            raise DateError(
                f"the interval ends ({end.label}) before it starts ({start.label})",
                hint="swap 'from' and 'to', or correct the one that is wrong",
            )
    sides = [(side, r) for side, r in (("from", start), ("to", end)) if r is not None]
    rules = [f"{side}: {r.rule}" for side, r in sides if r.rule]
    relative = any(r.anchor is not None for _, r in sides)
    earliest = start.earliest if start else None
    latest = end.latest if end else None
    if start is None or end is None:
        rules.insert(0, "open interval: only " + ("the latest" if start is None else "the earliest")
                     + " day is known")  # fmt: skip
        label = open_label(earliest, latest)
    else:
        label = f"{start.label} to {end.label}"
    return ResolvedDate(
        earliest,
        latest,
        Precision.INTERVAL,
        "/".join(r.phrase for _, r in sides) if start and end else sides[0][1].phrase,
        published if relative else None,
        "; ".join(rules) or None,
        label,
        uncertain=any(r.uncertain for _, r in sides),
    )


@lru_cache(maxsize=16384)
def _resolve_text(text: str, published: Date | None, direction: Direction) -> ResolvedDate:
    phrase = text.strip()
    iso = parse_partial(phrase)
    if iso is not None:
        return iso
    interval = _ISO_INTERVAL.fullmatch(phrase)
    if interval:
        start, end = parse_partial(interval[1]), parse_partial(interval[2])
        if start and end:
            return _combine(start, end, published)
    key = normalise(" ".join(phrase.lower().split()).rstrip("."))
    if key not in FIXED and is_event_relative(key):
        raise DateError(f"{phrase!r} counts from another event, which the date does not name",
                        hint=HOW)  # fmt: skip
    ctx = Context(published, direction)

    def resolve(part: str, at: Date | None, way: Direction | None) -> ResolvedDate:
        return _resolve_text(part, at or published, way or direction)

    found = composite(
        phrase, key, published=published, direction=direction, resolve=resolve
    ) or match_phrase(phrase, key, ctx)
    return found if found is not None else fallback(phrase, key, published)


def _side(
    interval: Mapping[object, object], side: str, published: Date | None, direction: Direction
) -> ResolvedDate | None:
    value = interval.get(side)
    if value is None:
        return None
    if isinstance(value, Mapping):
        raise DateError(f"an interval's {side!r} must be a date, not another interval", hint=HINT)
    try:
        return resolve_date(value, published=published, direction=direction)
    except DateError as exc:
        raise DateError(f"{side!r}: {exc.problem}", hint=exc.hint) from None


def _direction(value: object) -> Direction | None:
    if value is None:
        return None
    try:
        return Direction(str(value))
    except ValueError:
        raise DateError(
            f"direction {value!r} is not past, future or either",
            hint="write direction: future for a date ahead of publication, past for one before",
        ) from None


_MAPPING_KEYS = {"from", "to", "direction", "phrase", *ANCHOR_KEYS}


def _resolve_mapping(
    value: Mapping[object, object],
    *,
    published: Date | None,
    direction: Direction,
    anchors: Mapping[str, ResolvedDate] | None,
) -> ResolvedDate:
    given = {str(k) for k, v in value.items() if v is not None}
    unknown = sorted(map(str, value)) if not given <= _MAPPING_KEYS else []
    if unknown or not given:
        raise DateError(
            f"a date mapping takes from/to, or phrase with after/before/at and direction; "
            f"got {', '.join(unknown) or 'nothing'}",
            hint="write an interval as {from: YYYY-MM-DD, to: YYYY-MM-DD} (one side may be "
            "left out), or {phrase: 'a day after', after: <event key or date>}",
        )
    direction = _direction(value.get("direction")) or direction
    sides = [k for k in ANCHOR_KEYS if value.get(k) is not None]
    if "phrase" in given:
        if given & {"from", "to"}:
            raise DateError("give either phrase or from/to, not both", hint=HINT)
        phrase = value["phrase"]
        if not isinstance(phrase, str):
            raise DateError(f"'phrase' must be text, got {phrase!r:.40}", hint=HINT)
        if not sides:
            return resolve_date(phrase, published=published, direction=direction)
        if len(sides) > 1:
            raise DateError(f"give one anchor, not {' and '.join(sides)}", hint=HOW)
        anchor, event = resolve_anchor(
            value[sides[0]],
            anchors=anchors,
            resolve=lambda v: resolve_date(v, published=published),
        )
        return resolve_relative(phrase, side=sides[0], anchor=anchor, anchor_event=event)
    if sides:
        raise DateError(f"'{sides[0]}' needs a phrase to count from it", hint=HOW)
    if not given & {"from", "to"}:
        raise DateError("a direction alone is not a date", hint=HINT)
    return _combine(
        _side(value, "from", published, direction),
        _side(value, "to", published, direction),
        published,
    )


def resolve_date(
    value: object,
    *,
    published: Date | None,
    direction: Direction = Direction.PAST,
    anchors: Mapping[str, ResolvedDate] | None = None,
) -> ResolvedDate:
    """Resolve what YAML gave for a date to an interval of days.

    ``value`` is a str, an int year, a date, ``{from, to}`` (one side may be missing:
    an open interval) or ``{phrase, direction, after|before|at}``. ``direction`` is
    where bare phrases look from publication; ``anchors`` are the dates of the
    article's event keys, for event-relative phrases.
    """
    if isinstance(published, dt.datetime):
        published = published.date()
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, str):
        return _resolve_text(value, published, direction)
    if isinstance(value, Date):
        return make(value.isoformat(), day_span(value), None, None)
    if isinstance(value, int) and not isinstance(value, bool):
        if not 1 <= value <= 9999:
            raise DateError(f"{value} is not a real year", hint=HINT)
        return make(str(value), year_span(value), None, None)
    if isinstance(value, Mapping):
        return _resolve_mapping(value, published=published, direction=direction, anchors=anchors)
    got = "nothing" if value is None else f"a {type(value).__name__} ({value!r:.40})"
    raise DateError(f"expected a date, got {got}", hint=HINT)


def explain(phrase: str, *, published: Date | None, direction: Direction = Direction.PAST) -> str:
    """Several lines saying how ``phrase`` resolves, for people checking a date."""
    r = resolve_date(phrase, published=published, direction=direction)

    def day(d: Date | None, open_side: str = "none") -> str:
        return open_side if d is None else f"{d.isoformat()} ({WEEKDAY_NAMES[d.weekday()]})"

    lines = [
        f"phrase:     {r.phrase}",
        f"published:  {day(published)}",
        f"direction:  {direction}",
        f"earliest:   {day(r.earliest, 'open (not known)')}",
        f"latest:     {day(r.latest, 'open (not known)')}",
        f"precision:  {r.precision}",
        f"label:      {r.label}",
        f"anchor:     {day(r.anchor) if r.anchor else 'none (the date does not depend on it)'}",
        f"rule:       {r.rule or 'none (the date is written out)'}",
    ]
    if r.uncertain:
        lines.append("uncertain:  yes (read by dateparser, not by a tested rule: check it)")
    return "\n".join(lines)
