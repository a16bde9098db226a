"""Every date form, looking back and forward, from publication days of varied weekdays.

The expected intervals were worked out by hand with a calendar (2025-03-03 is a
Monday). ``past`` is how a held meeting reads a bare phrase, ``future`` how a
planned one does, ``either`` spans both candidates.
"""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from loader.core.errors import DateError
from loader.dates.resolve import FORMS, Direction, Precision, ResolvedDate, resolve_date

D = dt.date.fromisoformat
PAST, FUTURE, EITHER = Direction.PAST, Direction.FUTURE, Direction.EITHER
DAY, MONTH, SEASON, YEAR, INTERVAL = (
    Precision.DAY,
    Precision.MONTH,
    Precision.SEASON,
    Precision.YEAR,
    Precision.INTERVAL,
)
THU, SAT, SUN, MON = "2025-02-27", "2025-03-01", "2025-03-02", "2025-03-03"

# phrase, published, direction, earliest, latest (None: open side), precision
CASES = [
    # bare weekdays
    ("on Thursday", THU, PAST, "2025-02-27", "2025-02-27", DAY),
    ("on Thursday", THU, FUTURE, "2025-02-27", "2025-02-27", DAY),
    ("on Thursday", SAT, PAST, "2025-02-27", "2025-02-27", DAY),
    ("on Thursday", SAT, FUTURE, "2025-03-06", "2025-03-06", DAY),
    ("on Thursday", MON, FUTURE, "2025-03-06", "2025-03-06", DAY),
    ("on Thursday", SAT, EITHER, "2025-02-27", "2025-03-06", INTERVAL),
    ("late Wednesday", SUN, FUTURE, "2025-03-05", "2025-03-05", DAY),
    ("Monday", SUN, PAST, "2025-02-24", "2025-02-24", DAY),
    ("Monday", SUN, FUTURE, "2025-03-03", "2025-03-03", DAY),
    ("last Friday", SAT, FUTURE, "2025-02-28", "2025-02-28", DAY),  # explicit: no direction
    # month and day without a year
    ("on March 3", THU, PAST, "2024-03-03", "2024-03-03", DAY),
    ("on March 3", THU, FUTURE, "2025-03-03", "2025-03-03", DAY),
    ("on March 3", MON, PAST, "2025-03-03", "2025-03-03", DAY),
    ("on March 3", MON, FUTURE, "2025-03-03", "2025-03-03", DAY),
    ("3 March", "2025-03-04", FUTURE, "2026-03-03", "2026-03-03", DAY),
    ("February 29", SAT, PAST, "2024-02-29", "2024-02-29", DAY),
    ("February 29", SAT, FUTURE, "2028-02-29", "2028-02-29", DAY),
    ("on March 3", THU, EITHER, "2024-03-03", "2025-03-03", INTERVAL),
    # month names
    ("in May", SAT, PAST, "2024-05-01", "2024-05-31", MONTH),
    ("in May", SAT, FUTURE, "2025-05-01", "2025-05-31", MONTH),
    ("in March", SAT, PAST, "2025-03-01", "2025-03-31", MONTH),
    ("in March", SAT, FUTURE, "2025-03-01", "2025-03-31", MONTH),
    # thirds of a month: days 1-10, 11-20, 21 to the end
    ("mid-October", SAT, PAST, "2024-10-11", "2024-10-20", INTERVAL),
    ("mid-October", SAT, FUTURE, "2025-10-11", "2025-10-20", INTERVAL),
    ("early March", SAT, PAST, "2025-03-01", "2025-03-10", INTERVAL),
    ("late February", SAT, PAST, "2025-02-21", "2025-02-28", INTERVAL),
    ("late February", SAT, FUTURE, "2026-02-21", "2026-02-28", INTERVAL),
    ("at the end of February", THU, PAST, "2025-02-21", "2025-02-28", INTERVAL),
    ("late February 2024", SAT, FUTURE, "2024-02-21", "2024-02-29", INTERVAL),
    ("early next month", SAT, PAST, "2025-04-01", "2025-04-10", INTERVAL),
    ("late this month", SAT, PAST, "2025-03-21", "2025-03-31", INTERVAL),
    # thirds of a year: January-April, May-August, September-December
    ("late last year", SAT, PAST, "2024-09-01", "2024-12-31", INTERVAL),
    ("early this year", SAT, PAST, "2025-01-01", "2025-04-30", INTERVAL),
    ("mid-next year", SAT, PAST, "2026-05-01", "2026-08-31", INTERVAL),
    ("early 2026", SAT, PAST, "2026-01-01", "2026-04-30", INTERVAL),
    # seasons (meteorological, northern hemisphere)
    ("in the spring", SAT, PAST, "2025-03-01", "2025-05-31", SEASON),
    ("in the spring", THU, PAST, "2024-03-01", "2024-05-31", SEASON),
    ("in the spring", THU, FUTURE, "2025-03-01", "2025-05-31", SEASON),
    ("in the summer", SAT, PAST, "2024-06-01", "2024-08-31", SEASON),
    ("in the summer", SAT, FUTURE, "2025-06-01", "2025-08-31", SEASON),
    ("in the winter", "2025-01-15", PAST, "2024-12-01", "2025-02-28", SEASON),
    ("in the winter", "2025-01-15", FUTURE, "2024-12-01", "2025-02-28", SEASON),
    ("last winter", SAT, PAST, "2024-12-01", "2025-02-28", SEASON),
    ("next summer", SAT, PAST, "2025-06-01", "2025-08-31", SEASON),
    ("autumn 2025", SAT, PAST, "2025-09-01", "2025-11-30", SEASON),
    ("fall 2024", SAT, FUTURE, "2024-09-01", "2024-11-30", SEASON),
    ("winter 2025", SAT, PAST, "2025-12-01", "2026-02-28", SEASON),
    ("in the spring", THU, EITHER, "2024-03-01", "2025-05-31", INTERVAL),
    # the weekend: clipped to publication, both candidates on the weekend itself
    ("the weekend", MON, PAST, "2025-03-01", "2025-03-02", INTERVAL),
    ("the weekend", MON, FUTURE, "2025-03-08", "2025-03-09", INTERVAL),
    ("over the weekend", THU, PAST, "2025-02-22", "2025-02-23", INTERVAL),
    ("at the weekend", THU, FUTURE, "2025-03-01", "2025-03-02", INTERVAL),
    ("the weekend", SAT, PAST, "2025-02-22", "2025-03-01", INTERVAL),
    ("the weekend", SAT, FUTURE, "2025-03-01", "2025-03-02", INTERVAL),
    ("the weekend", SUN, PAST, "2025-03-01", "2025-03-02", INTERVAL),
    ("the weekend", SUN, FUTURE, "2025-03-02", "2025-03-09", INTERVAL),
    # parts of the publication period
    ("earlier this month", MON, PAST, "2025-03-01", "2025-03-03", INTERVAL),
    ("earlier this week", THU, PAST, "2025-02-24", "2025-02-27", INTERVAL),
    ("a fortnight ago", THU, PAST, "2025-02-10", "2025-02-16", INTERVAL),
    ("this past weekend", MON, PAST, "2025-03-01", "2025-03-02", INTERVAL),
    ("over the past week", MON, PAST, "2025-02-24", "2025-03-03", INTERVAL),
    ("in the past month", MON, FUTURE, "2025-02-01", "2025-03-03", INTERVAL),
    # open start: only the latest day is known
    ("by March 3", THU, FUTURE, None, "2025-03-03", INTERVAL),
    ("by March 3", THU, PAST, None, "2024-03-03", INTERVAL),
    ("on or before Friday", THU, PAST, None, "2025-02-21", INTERVAL),
    ("on or before Friday", THU, FUTURE, None, "2025-02-28", INTERVAL),
    ("by the end of the year", SAT, FUTURE, None, "2025-12-31", INTERVAL),
    ("by the end of October", SAT, FUTURE, None, "2025-10-31", INTERVAL),
    ("before March 3", THU, FUTURE, None, "2025-03-02", INTERVAL),
    ("by 2025-06", SAT, PAST, None, "2025-06-30", INTERVAL),
    # open end: only the earliest day is known
    ("after March 3", THU, FUTURE, "2025-03-04", None, INTERVAL),
    ("on or after March 3", THU, FUTURE, "2025-03-03", None, INTERVAL),
    ("since Monday", THU, PAST, "2025-02-24", None, INTERVAL),
    # ranges
    ("between March 3 and March 5", "2025-03-10", PAST, "2025-03-03", "2025-03-05", INTERVAL),
    ("between March 3 and March 5", THU, FUTURE, "2025-03-03", "2025-03-05", INTERVAL),
    ("from March 3 to 5", "2025-03-10", PAST, "2025-03-03", "2025-03-05", INTERVAL),
    ("from Monday to Wednesday", THU, PAST, "2025-02-24", "2025-02-26", INTERVAL),
    ("from Monday to Wednesday", SAT, FUTURE, "2025-03-03", "2025-03-05", INTERVAL),
    ("from 2025-03-03 to 2025-03-05", SAT, PAST, "2025-03-03", "2025-03-05", INTERVAL),
    ("March 3-5", "2025-03-10", PAST, "2025-03-03", "2025-03-05", INTERVAL),
    ("on 3-5 March", THU, FUTURE, "2025-03-03", "2025-03-05", INTERVAL),
    ("Feb. 20-21, 2024", THU, FUTURE, "2024-02-20", "2024-02-21", INTERVAL),
    # a range around publication: the other end is read from the one that fits
    ("March 3-5", "2025-03-04", FUTURE, "2025-03-03", "2025-03-05", INTERVAL),
    ("from December 30 to January 2", "2025-01-01", PAST, "2024-12-30", "2025-01-02", INTERVAL),
]


@pytest.mark.parametrize(("phrase", "published", "direction", "first", "last", "precision"), CASES)
def test_form(
    phrase: str,
    published: str,
    direction: Direction,
    first: str | None,
    last: str | None,
    precision: Precision,
) -> None:
    r = resolve_date(phrase, published=D(published), direction=direction)
    want = (first and D(first), last and D(last), precision)
    assert (r.earliest, r.latest, r.precision) == want
    assert r.rule, "every phrase keeps the rule that resolved it"
    assert not r.uncertain


# value, earliest, latest, precision, what the rule says
MAPPINGS = [
    ({"phrase": "on March 3", "direction": "future"}, "2025-03-03", "2025-03-03", DAY, "forward"),
    ({"phrase": "on March 3", "direction": "either"}, "2024-03-03", "2025-03-03", INTERVAL, "both"),
    ({"phrase": "a day after", "after": "2025-03-03"}, "2025-03-04", "2025-03-04", DAY, "1 day after"),
    ({"phrase": "two days before", "before": "2025-03-03"}, "2025-03-01", "2025-03-01", DAY, ""),
    ({"phrase": "the next day", "after": "2025-03-03"}, "2025-03-04", "2025-03-04", DAY, ""),
    ({"phrase": "the previous day", "before": "2025-03-03"}, "2025-03-02", "2025-03-02", DAY, ""),
    ({"phrase": "a week later", "after": "2025-03-03"}, "2025-03-10", "2025-03-10", DAY, "7 days"),
    ({"phrase": "that week", "at": "2025-03-05"}, "2025-03-03", "2025-03-09", INTERVAL, "week"),
    ({"phrase": "the week after", "after": "2025-03-05"}, "2025-03-10", "2025-03-16", INTERVAL,
     "week after"),
    ({"phrase": "the previous week", "before": "2025-03-05"}, "2025-02-24", "2025-03-02", INTERVAL,
     "week before"),
    ({"phrase": "that day", "at": "2025-03-05"}, "2025-03-05", "2025-03-05", DAY, "the day"),
    ({"phrase": "two days later", "after": "2025-03"}, "2025-03-03", "2025-04-02", INTERVAL, ""),
    ({"to": "2025-03-01"}, None, "2025-03-01", INTERVAL, "only the latest"),
    ({"from": "on Monday"}, "2025-02-24", None, INTERVAL, "only the earliest"),
]


@pytest.mark.parametrize(("value", "first", "last", "precision", "rule"), MAPPINGS)
def test_mapping_forms(
    value: dict[str, str], first: str | None, last: str | None, precision: Precision, rule: str
) -> None:
    r = resolve_date(value, published=D(THU))
    assert (r.earliest, r.latest, r.precision) == (first and D(first), last and D(last), precision)
    assert r.rule is not None and rule in r.rule


def test_event_anchor_comes_from_the_article() -> None:
    summit = resolve_date("on Friday", published=D(MON))
    r = resolve_date(
        {"phrase": "the day after the summit", "after": "riga-summit"},
        published=D(MON),
        anchors={"riga-summit": summit},
    )
    assert (r.earliest, r.latest, r.anchor_event) == (D("2025-03-01"), D("2025-03-01"), "riga-summit")
    assert r.rule == "event-relative: 1 day after event 'riga-summit' (2025-02-28)"


REFUSED = [
    ("recently", "'recently' does not say when — write an open interval that ends at "
     "publication, {to: 2025-02-27}"),
    ("in recent weeks", "does not say when"),
    ("01/02/2025", "it reads as 2025-02-01 (day first) or 2025-01-02 (month first)) — "
     "write it as YYYY-MM-DD"),
    ("31/12/2025", "it reads as 2025-12-31 (day first))"),
    ("February 5-3", "'February 5-3' ends (2025-02-03) before it starts (2025-02-05)"),
    ("12.31.2025", "it reads as 2025-12-31 (month first))"),
    ("a day after", "'a day after' counts from another event, which the date does not name — "
     "give the anchor it counts from: {phrase: 'a day after', after: <event key or YYYY-MM-DD>}"),
    ("two days later", "counts from another event"),
    ("the day before the summit", "counts from another event"),
    ("in the coming weeks", "cannot read 'in the coming weeks' as a date — write one of the "
     "accepted forms"),
    ({"phrase": "a day after", "before": "2025-03-03"}, "'a day after' counts forward, but its "
     "anchor is given as 'before' — write the anchor as after:"),
    ({"phrase": "a day after", "after": "summit"}, "the anchor event 'summit' has no date in "
     "this article"),
    ({"phrase": "a day after", "after": "2025-03", "before": "2025-04"}, "give one anchor"),
    ({"after": "2025-03-03"}, "'after' needs a phrase to count from it"),
    ({"phrase": "a day after", "from": "2025-03-03"}, "give either phrase or from/to"),
]  # fmt: skip


@pytest.mark.parametrize(("value", "message"), REFUSED)
def test_refused(value: object, message: str) -> None:
    with pytest.raises(DateError) as info:
        resolve_date(value, published=D(THU))
    assert message in str(info.value)


def test_fallback_only_for_written_out_dates_and_marked_uncertain() -> None:
    r = resolve_date("2025/08/15", published=D(THU))
    assert (r.earliest, r.latest, r.precision, r.uncertain) == (
        D("2025-08-15"),
        D("2025-08-15"),
        DAY,
        True,
    )
    for vague in ("a while back", "in two weeks", "5 hours ago", "soon"):
        with pytest.raises(DateError, match="accepted forms"):
            resolve_date(vague, published=D(THU))


# --- properties -------------------------------------------------------------------

publication = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]  # fmt: skip
DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
month_day = st.integers(0, 11).flatmap(
    lambda m: st.integers(1, DAYS_IN[m]).map(lambda d: f"on {MONTHS[m]} {d}")
)
# bare phrases naming one day or a weekend, which the direction decides
directed = st.one_of(
    st.sampled_from(WEEKDAYS).flatmap(
        lambda w: st.sampled_from([w, f"on {w}", f"late {w}", f"early {w}"])
    ),
    month_day,
    st.sampled_from(["the weekend", "over the weekend"]),
)


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication, phrase=directed)
def test_past_looking_never_lands_after_publication(published: dt.date, phrase: str) -> None:
    r = resolve_date(phrase, published=published, direction=PAST)
    assert r.latest is not None and r.latest <= published


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication, phrase=directed)
def test_future_looking_never_lands_before_publication(published: dt.date, phrase: str) -> None:
    r = resolve_date(phrase, published=published, direction=FUTURE)
    assert r.earliest is not None and r.earliest >= published


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication, phrase=directed)
def test_either_covers_both_candidates(published: dt.date, phrase: str) -> None:
    both = resolve_date(phrase, published=published, direction=EITHER)
    for one in (PAST, FUTURE):
        r = resolve_date(phrase, published=published, direction=one)
        assert both.earliest is not None and both.latest is not None
        assert r.earliest is not None and r.latest is not None
        assert both.earliest <= r.earliest and r.latest <= both.latest


# periods that may contain publication: read back they have started by then, read
# forward they have not yet ended
periods = st.one_of(
    st.sampled_from(MONTHS).flatmap(
        lambda m: st.sampled_from([f"in {m}", f"early {m}", f"mid-{m}", f"late {m}"])
    ),
    st.sampled_from(["spring", "summer", "autumn", "winter", "fall"]).map(lambda s: f"in the {s}"),
)


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication, phrase=periods)
def test_past_periods_have_started_and_future_ones_not_ended(
    published: dt.date, phrase: str
) -> None:
    back = resolve_date(phrase, published=published, direction=PAST)
    ahead = resolve_date(phrase, published=published, direction=FUTURE)
    assert back.earliest is not None and back.earliest <= published
    assert ahead.latest is not None and ahead.latest >= published
    assert back.earliest <= ahead.earliest if ahead.earliest else True


def _with_year(year: int) -> st.SearchStrategy[str]:
    return st.one_of(
        st.integers(0, 11).flatmap(
            lambda m: st.integers(1, 28).flatmap(
                lambda d: st.sampled_from(
                    [
                        f"{MONTHS[m]} {d}, {year}",
                        f"{d} {MONTHS[m]} {year}",
                        f"{MONTHS[m]} {year}",
                        f"mid-{MONTHS[m]} {year}",
                        f"late {MONTHS[m]} {year}",
                    ]
                )
            )
        ),
        st.sampled_from(
            [f"{s} {year}" for s in ("spring", "summer", "autumn", "fall")]
            + [f"early {year}", f"late {year}", f"in {year}", str(year)]
        ),
    )


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(
    published=st.one_of(st.none(), publication),
    direction=st.sampled_from(list(Direction)),
    year_phrase=st.integers(1900, 2100).flatmap(lambda y: st.tuples(st.just(y), _with_year(y))),
)
def test_an_explicit_year_lands_in_that_year(
    published: dt.date | None, direction: Direction, year_phrase: tuple[int, str]
) -> None:
    year, phrase = year_phrase
    r = resolve_date(phrase, published=published, direction=direction)
    assert r.earliest is not None and r.latest is not None
    assert r.earliest.year == r.latest.year == year


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication, direction=st.sampled_from(list(Direction)))
def test_winter_of_a_year_starts_in_it(published: dt.date, direction: Direction) -> None:
    r = resolve_date(f"winter {published.year}", published=published, direction=direction)
    assert r.earliest == dt.date(published.year, 12, 1)
    assert r.latest is not None and r.latest.year == published.year + 1


# --- the command line ---------------------------------------------------------------


def _explain(*args: str) -> str:
    from loader.cli import main

    result = CliRunner().invoke(main, ["dates", "explain", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_explain_future_and_past() -> None:
    future = _explain("on March 3", "--published", "2025-02-27", "--future")
    assert "earliest:   2025-03-03 (Monday)" in future
    assert "latest:     2025-03-03 (Monday)" in future
    assert (
        "rule:       month and day without a year, looking forward: the first such day "
        "on or after publication"
    ) in future
    past = _explain("on March 3", "--published", "2025-02-27")
    assert "earliest:   2024-03-03 (Sunday)" in past
    assert "the most recent such day on or before publication" in past
    either = _explain("on March 3", "--published", "2025-02-27", "--either")
    assert "label:      2024-03-03 to 2025-03-03" in either
    opened = _explain("by March 3", "--published", "2025-02-27", "--future")
    assert "earliest:   open (not known)" in opened
    assert "label:      on or before 2025-03-03" in opened
    uncertain = _explain("2025/08/15")
    assert "uncertain:  yes" in uncertain


def test_help_lists_every_form_with_an_example() -> None:
    from loader.cli import main

    result = CliRunner().invoke(main, ["dates", "--help"])
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for form, example in FORMS:
        assert f"{form}: {' '.join(example.split())}" in text


def test_every_listed_example_resolves() -> None:
    """The examples of the help and README are real: each resolves as written."""
    for _, examples in FORMS:
        for example in examples.split(", "):
            if "{" in example or "}" in example:
                continue
            r = resolve_date(example, published=D(THU), direction=FUTURE)
            assert isinstance(r, ResolvedDate), example


@pytest.mark.parametrize(
    ("kind", "status", "direction"),
    [
        ("meeting", "held", PAST),
        ("meeting", "planned", FUTURE),
        ("meeting", "proposed", FUTURE),
        ("meeting", "postponed", FUTURE),
        ("meeting", "cancelled", EITHER),
        ("sanctions", "proposed", PAST),
        ("sanctions", "adopted", PAST),
        ("statement", None, PAST),
    ],
)
def test_direction_comes_from_what_the_date_dates(
    kind: str, status: str | None, direction: Direction
) -> None:
    from loader.dates.checks import direction_for

    assert direction_for(kind, status) is direction
