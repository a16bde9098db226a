"""Dates: partial dates, intervals and phrases relative to the publication date."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from loader.core.errors import DateError, Location
from loader.dates.resolve import Precision, ResolvedDate, explain, parse_partial, resolve_date

D = dt.date.fromisoformat
DAY, MONTH, YEAR, INTERVAL = Precision.DAY, Precision.MONTH, Precision.YEAR, Precision.INTERVAL
FUZZ_EXAMPLES = int(os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES", "300"))

# phrase, published, earliest, latest, precision
RELATIVE_CASES = [
    # the seed cases of the specification
    ("in August", "2025-11-13", "2025-08-01", "2025-08-31", MONTH),
    ("in November", "2025-11-13", "2025-11-01", "2025-11-30", MONTH),
    ("late Wednesday", "2025-11-13", "2025-11-12", "2025-11-12", DAY),
    ("on Sunday", "2025-11-09", "2025-11-09", "2025-11-09", DAY),
    ("last Friday", "2025-04-15", "2025-04-11", "2025-04-11", DAY),
    ("last month", "2025-11-13", "2025-10-01", "2025-10-31", MONTH),
    # weekdays (2025-11-13 is a Thursday)
    ("Last Friday.", "2025-11-13", "2025-11-07", "2025-11-07", DAY),
    ("last Thursday", "2025-11-13", "2025-11-06", "2025-11-06", DAY),
    ("Thursday", "2025-11-13", "2025-11-13", "2025-11-13", DAY),
    ("on Thursday", "2025-11-13", "2025-11-13", "2025-11-13", DAY),
    ("on Friday", "2025-11-13", "2025-11-07", "2025-11-07", DAY),
    ("  Wednesday  ", "2025-11-13", "2025-11-12", "2025-11-12", DAY),
    ("early Monday", "2025-11-13", "2025-11-10", "2025-11-10", DAY),
    ("late on Tuesday", "2025-11-13", "2025-11-11", "2025-11-11", DAY),
    ("Sunday night", "2025-11-13", "2025-11-09", "2025-11-09", DAY),
    ("on Sat.", "2025-11-13", "2025-11-08", "2025-11-08", DAY),
    ("last Sunday", "2025-11-09", "2025-11-02", "2025-11-02", DAY),
    ("next Tuesday", "2025-11-13", "2025-11-18", "2025-11-18", DAY),
    ("next Thursday", "2025-11-13", "2025-11-20", "2025-11-20", DAY),
    ("NEXT friday", "2025-11-13", "2025-11-14", "2025-11-14", DAY),
    ("this Saturday", "2025-11-13", "2025-11-15", "2025-11-15", DAY),
    ("this Monday", "2025-11-13", "2025-11-10", "2025-11-10", DAY),
    # days
    ("yesterday", "2025-11-13", "2025-11-12", "2025-11-12", DAY),
    ("today", "2025-11-13", "2025-11-13", "2025-11-13", DAY),
    ("tomorrow", "2025-11-13", "2025-11-14", "2025-11-14", DAY),
    ("the day before yesterday", "2025-11-13", "2025-11-11", "2025-11-11", DAY),
    ("day before yesterday", "2025-03-01", "2025-02-27", "2025-02-27", DAY),
    ("last night", "2025-01-01", "2024-12-31", "2024-12-31", DAY),
    ("3 days ago", "2025-11-13", "2025-11-10", "2025-11-10", DAY),
    ("two days ago", "2025-11-13", "2025-11-11", "2025-11-11", DAY),
    ("a day ago", "2025-03-01", "2025-02-28", "2025-02-28", DAY),
    # weeks (Monday to Sunday)
    ("last week", "2025-11-13", "2025-11-03", "2025-11-09", INTERVAL),
    ("last week", "2025-11-10", "2025-11-03", "2025-11-09", INTERVAL),
    ("this week", "2025-11-13", "2025-11-10", "2025-11-16", INTERVAL),
    ("next week", "2025-11-16", "2025-11-17", "2025-11-23", INTERVAL),
    ("earlier this week", "2025-11-13", "2025-11-10", "2025-11-13", INTERVAL),
    ("a week ago", "2025-11-13", "2025-11-03", "2025-11-09", INTERVAL),
    ("2 weeks ago", "2025-11-13", "2025-10-27", "2025-11-02", INTERVAL),
    ("last weekend", "2025-11-13", "2025-11-08", "2025-11-09", INTERVAL),
    ("last weekend", "2025-11-09", "2025-11-01", "2025-11-02", INTERVAL),
    ("this weekend", "2025-11-13", "2025-11-15", "2025-11-16", INTERVAL),
    ("later this week", "2025-11-13", "2025-11-13", "2025-11-16", INTERVAL),
    ("tonight", "2025-11-13", "2025-11-13", "2025-11-13", DAY),
    # months
    ("this month", "2025-11-13", "2025-11-01", "2025-11-30", MONTH),
    ("next month", "2025-12-05", "2026-01-01", "2026-01-31", MONTH),
    ("last month", "2025-01-20", "2024-12-01", "2024-12-31", MONTH),
    ("earlier this month", "2025-11-13", "2025-11-01", "2025-11-13", INTERVAL),
    ("later this month", "2025-11-13", "2025-11-13", "2025-11-30", INTERVAL),
    ("3 months ago", "2025-02-13", "2024-11-01", "2024-11-30", MONTH),
    ("in December", "2025-11-13", "2024-12-01", "2024-12-31", MONTH),
    ("August", "2025-11-13", "2025-08-01", "2025-08-31", MONTH),
    ("in Sept.", "2025-11-13", "2025-09-01", "2025-09-30", MONTH),
    ("early August", "2025-11-13", "2025-08-01", "2025-08-10", INTERVAL),
    ("late August", "2025-11-13", "2025-08-21", "2025-08-31", INTERVAL),
    ("mid-August", "2025-11-13", "2025-08-11", "2025-08-20", INTERVAL),
    ("in mid August", "2025-11-13", "2025-08-11", "2025-08-20", INTERVAL),
    ("at the end of February", "2024-11-13", "2024-02-21", "2024-02-29", INTERVAL),
    ("last November", "2025-11-13", "2024-11-01", "2024-11-30", MONTH),
    ("next March", "2025-11-13", "2026-03-01", "2026-03-31", MONTH),
    # month and day without a year
    ("October 20", "2025-11-13", "2025-10-20", "2025-10-20", DAY),
    ("on Oct. 20", "2025-11-13", "2025-10-20", "2025-10-20", DAY),
    ("20 October", "2025-11-13", "2025-10-20", "2025-10-20", DAY),
    ("on the 20th of October", "2025-11-13", "2025-10-20", "2025-10-20", DAY),
    ("Nov 13", "2025-11-13", "2025-11-13", "2025-11-13", DAY),
    ("November 14", "2025-11-13", "2024-11-14", "2024-11-14", DAY),
    ("Dec. 31", "2025-01-02", "2024-12-31", "2024-12-31", DAY),
    ("February 29", "2025-11-13", "2024-02-29", "2024-02-29", DAY),
    ("on Friday, Oct. 17", "2025-11-13", "2025-10-17", "2025-10-17", DAY),
    # years
    ("last year", "2025-11-13", "2024-01-01", "2024-12-31", YEAR),
    ("this year", "2025-11-13", "2025-01-01", "2025-12-31", YEAR),
    ("next year", "2025-11-13", "2026-01-01", "2026-12-31", YEAR),
    ("earlier this year", "2025-11-13", "2025-01-01", "2025-11-13", INTERVAL),
    ("two years ago", "2025-11-13", "2023-01-01", "2023-12-31", YEAR),
    ("later this year", "2025-11-13", "2025-11-13", "2025-12-31", INTERVAL),
]

# written-out phrases: no anchor, the same with or without a publication date
ABSOLUTE_CASES = [
    ("2025-08-15", "2025-08-15", "2025-08-15", DAY, "2025-08-15"),
    ("2025-08", "2025-08-01", "2025-08-31", MONTH, "August 2025"),
    ("2024-02", "2024-02-01", "2024-02-29", MONTH, "February 2024"),
    ("2025", "2025-01-01", "2025-12-31", YEAR, "2025"),
    (" 2025-08-15 ", "2025-08-15", "2025-08-15", DAY, "2025-08-15"),
    ("2025-10-21/2025-10-22", "2025-10-21", "2025-10-22", INTERVAL, "2025-10-21 to 2025-10-22"),
    ("August 2025", "2025-08-01", "2025-08-31", MONTH, "August 2025"),
    ("in Aug. 2025", "2025-08-01", "2025-08-31", MONTH, "August 2025"),
    ("early August 2025", "2025-08-01", "2025-08-10", INTERVAL, "2025-08-01 to 2025-08-10"),
    ("October 20, 2025", "2025-10-20", "2025-10-20", DAY, "2025-10-20"),
    ("20 October 2025", "2025-10-20", "2025-10-20", DAY, "2025-10-20"),
    ("on Monday, October 20, 2025", "2025-10-20", "2025-10-20", DAY, "2025-10-20"),
    ("in 2024", "2024-01-01", "2024-12-31", YEAR, "2024"),
    ("late 2024", "2024-09-01", "2024-12-31", INTERVAL, "2024-09-01 to 2024-12-31"),
]


@pytest.mark.parametrize(("phrase", "published", "earliest", "latest", "precision"), RELATIVE_CASES)
def test_relative_phrase(
    phrase: str, published: str, earliest: str, latest: str, precision: Precision
) -> None:
    r = resolve_date(phrase, published=D(published))
    assert (r.earliest, r.latest, r.precision) == (D(earliest), D(latest), precision)
    assert r.anchor == D(published)
    assert r.phrase == phrase.strip()
    assert r.rule


@pytest.mark.parametrize(("phrase", "earliest", "latest", "precision", "label"), ABSOLUTE_CASES)
@pytest.mark.parametrize("published", [None, D("2025-11-13")])
def test_written_out_date(
    phrase: str,
    earliest: str,
    latest: str,
    precision: Precision,
    label: str,
    published: dt.date | None,
) -> None:
    r = resolve_date(phrase, published=published)
    assert (r.earliest, r.latest, r.precision) == (D(earliest), D(latest), precision)
    assert (r.label, r.anchor) == (label, None)


def test_seed_rules_and_labels_are_recorded() -> None:
    r = resolve_date("in August", published=D("2025-11-13"))
    assert r == ResolvedDate(
        earliest=D("2025-08-01"),
        latest=D("2025-08-31"),
        precision=MONTH,
        phrase="in August",
        anchor=D("2025-11-13"),
        rule="month name without a year: the most recent such month not after publication",
        label="August 2025",
    )
    last = resolve_date("last Friday", published=D("2025-04-15"))
    assert last.rule == "weekday with 'last': the most recent Friday strictly before publication"
    on = resolve_date("on Sunday", published=D("2025-11-09"))
    assert on.rule == "weekday with 'on': the most recent Sunday on or before publication"
    late = resolve_date("late Wednesday", published=D("2025-11-13"))
    assert late.rule is not None and "'late' is kept as the whole day" in late.rule
    early = resolve_date("early August", published=D("2025-11-13"))
    assert early.rule is not None and "'early' is the first third of the month" in early.rule
    week = resolve_date("last week", published=D("2025-11-13"))
    assert week.label == "2025-11-03 to 2025-11-09"
    assert week.rule == "'last week': the Monday to Sunday week before the publication week"


def test_yaml_values() -> None:
    day = resolve_date(D("2025-08-15"), published=None)
    assert (day.earliest, day.latest, day.precision, day.phrase) == (
        D("2025-08-15"),
        D("2025-08-15"),
        DAY,
        "2025-08-15",
    )
    stamp = resolve_date(dt.datetime(2025, 8, 15, 10, 30), published=None)
    assert (stamp.earliest, stamp.precision) == (D("2025-08-15"), DAY)
    year = resolve_date(2025, published=None)
    assert (year.earliest, year.latest, year.precision, year.label) == (
        D("2025-01-01"),
        D("2025-12-31"),
        YEAR,
        "2025",
    )


def test_interval_mapping() -> None:
    r = resolve_date({"from": D("2025-10-21"), "to": D("2025-10-22")}, published=None)
    assert (r.earliest, r.latest, r.precision) == (D("2025-10-21"), D("2025-10-22"), INTERVAL)
    assert (r.phrase, r.label, r.anchor, r.rule) == (
        "2025-10-21/2025-10-22",
        "2025-10-21 to 2025-10-22",
        None,
        None,
    )
    months = resolve_date({"from": "2025-08", "to": 2026}, published=None)
    assert (months.earliest, months.latest) == (D("2025-08-01"), D("2026-12-31"))
    assert months.label == "August 2025 to 2026"
    overlap = resolve_date({"from": "2025-10", "to": "2025-10-05"}, published=None)
    assert (overlap.earliest, overlap.latest) == (D("2025-10-01"), D("2025-10-05"))
    relative = resolve_date({"from": "last Monday", "to": "yesterday"}, published=D("2025-11-13"))
    assert (relative.earliest, relative.latest) == (D("2025-11-10"), D("2025-11-12"))
    assert relative.anchor == D("2025-11-13")
    assert relative.rule is not None and relative.rule.startswith("from: weekday with 'last'")


def test_parse_partial() -> None:
    assert parse_partial("last Friday") is None
    assert parse_partial("2025-8-1") is None
    month = parse_partial("2025-08")
    assert month is not None and (month.earliest, month.latest) == (
        D("2025-08-01"),
        D("2025-08-31"),
    )
    with pytest.raises(DateError, match=r"^2025-02-30 is not a real date — "):
        parse_partial("2025-02-30")


HINT = (
    "write a date as YYYY-MM-DD, YYYY-MM or YYYY, an interval as {from: ..., to: ...}, "
    "or a phrase like 'last Friday'"
)
ERROR_CASES = [
    ("2025-02-30", "2025-02-30 is not a real date — check the day and the month; " + HINT),
    ("2025-13", "2025-13 is not a real month — " + HINT),
    ("0000", "0000 is not a real year — " + HINT),
    ("February 30", "February 30 is not a real date — check the day and the month; " + HINT),
    ("April 31, 2025", "April 31, 2025 is not a real date — check the day and the month; " + HINT),
    ("blorp", "cannot read 'blorp' as a date — write one of the accepted forms (full date: "),
    ("the talks ended and may resume soon after the weekend", "cannot read"),
    ("last August 2025", "cannot read 'last August 2025': 'last', 'this' or 'next' with a year"),
    (
        "on Thursday, Oct. 17, 2025",
        "'on Thursday, Oct. 17, 2025': 2025-10-17 is a Friday — "
        "check the weekday and the date; one of them is wrong",
    ),
    (
        {"from": "2025-10-22", "to": "2025-10-21"},
        "the interval ends (2025-10-21) before it starts (2025-10-22) — "
        "swap 'from' and 'to', or correct the one that is wrong",
    ),
    ("2025-10-22/2025-09", "the interval ends (September 2025) before it starts (2025-10-22)"),
    ("last decade", "cannot read 'last decade' as a date"),
    ({"from": "2025-02-30", "to": "2025-03"}, "'from': 2025-02-30 is not a real date"),
    ({"from": "2025-10-21", "until": "x"}, "a date mapping takes from/to, or phrase with"),
    ({"direction": "future"}, "a direction alone is not a date"),
    ({"phrase": "on Friday", "direction": "sideways"}, "direction 'sideways' is not past"),
    ({"from": {"from": 2025, "to": 2025}, "to": 2025}, "an interval's 'from' must be a date"),
    (0, "0 is not a real year"),
    (True, "expected a date, got a bool (True)"),
    (None, "expected a date, got nothing — " + HINT),
    ([2025], "expected a date, got a list ([2025])"),
    (2025.5, "expected a date, got a float (2025.5)"),
]


@pytest.mark.parametrize(("value", "message"), ERROR_CASES)
def test_date_errors(value: object, message: str) -> None:
    with pytest.raises(DateError) as info:
        resolve_date(value, published=D("2025-11-13"))
    assert str(info.value).startswith(message)


def test_relative_phrase_without_publication_date() -> None:
    with pytest.raises(DateError) as info:
        resolve_date("last Friday", published=None)
    assert info.value.problem == (
        "'last Friday' is relative to the publication date, and the article has none"
    )
    assert info.value.hint == (
        "add article.published as YYYY-MM-DD, or write the date itself as YYYY-MM-DD"
    )
    located = info.value.at(Location("a.yaml", 12, 11), "meetings[0].date")
    assert str(located).startswith(
        "a.yaml:12:11: meetings[0].date: 'last Friday' is relative to the publication date"
    )
    for phrase in ("in August", "October 20", "yesterday", "3 days ago", "a fortnight ago"):
        with pytest.raises(DateError, match="relative to the publication date"):
            resolve_date(phrase, published=None)


def test_dateparser_fallback_is_uncertain_and_only_for_written_out_dates() -> None:
    fortnight = resolve_date("a fortnight ago", published=D("2025-11-13"))  # a rule now
    assert (fortnight.earliest, fortnight.latest) == (D("2025-10-27"), D("2025-11-02"))
    assert not fortnight.uncertain
    written = resolve_date("2025/08/15", published=None)
    assert (written.earliest, written.precision, written.anchor) == (D("2025-08-15"), DAY, None)
    assert written.rule == "dateparser fallback (day precision)"
    assert written.uncertain
    for vague in ("5 hours ago", "in two weeks", "two days later", "a day after"):
        with pytest.raises(DateError) as info:
            resolve_date(vague, published=D("2025-11-13"))
        assert "a day after" in str(info.value)  # the accepted forms, or how to anchor


def test_rule_path_does_not_import_dateparser() -> None:
    code = (
        "import sys, datetime\n"
        "from loader.dates.resolve import resolve_date\n"
        "for p in ('last Friday', 'in August', 'on Oct. 20', '3 days ago', '2025-08'):\n"
        "    resolve_date(p, published=datetime.date(2025, 11, 13))\n"
        "print('dateparser' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_explain() -> None:
    text = explain("last Friday", published=D("2025-04-15"))
    assert text.splitlines() == [
        "phrase:     last Friday",
        "published:  2025-04-15 (Tuesday)",
        "direction:  past",
        "earliest:   2025-04-11 (Friday)",
        "latest:     2025-04-11 (Friday)",
        "precision:  day",
        "label:      2025-04-11",
        "anchor:     2025-04-15 (Tuesday)",
        "rule:       weekday with 'last': the most recent Friday strictly before publication",
    ]
    assert "rule:       none (the date is written out)" in explain("2025-08", published=None)


# --- properties -----------------------------------------------------------------

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS_IN = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
publication_dates = st.dates(dt.date(1990, 1, 1), dt.date(2040, 12, 31))
weekday = st.sampled_from([*WEEKDAYS, "Mon", "Tues", "Thu.", "fri"])
month = st.sampled_from([*MONTHS, "Jan.", "Sept", "oct"])


def month_day_phrases(m: int, d: int) -> list[str]:
    name = MONTHS[m]
    return [f"{name} {d}", f"{d} {name}", f"on {name[:3]}. {d}", f"the {d}th of {name}"]


month_day = st.integers(0, 11).flatmap(
    lambda m: st.integers(1, DAYS_IN[m]).flatmap(lambda d: st.sampled_from(month_day_phrases(m, d)))
)


def ago(unit: str, low: int) -> st.SearchStrategy[str]:
    return st.integers(low, 60).map(lambda n: f"{n} {unit}s ago")


# intervals that end on or before publication
past_phrases = st.one_of(
    weekday.flatmap(
        lambda w: st.sampled_from([f"last {w}", f"on {w}", w, f"late {w}", f"early {w}"])
    ),
    st.sampled_from(
        [
            "yesterday",
            "today",
            "the day before yesterday",
            "last night",
            "last week",
            "last month",
            "last year",
            "earlier this week",
            "earlier this month",
            "earlier this year",
            "last weekend",
        ]
    ),
    month_day,
    month.map(lambda m: f"last {m}"),
    ago("day", 0),
    ago("week", 1),
    ago("month", 1),
    ago("year", 1),
)
# calendar periods named from publication: they start on or before it, and may run past it
current_phrases = st.one_of(
    st.sampled_from(["this week", "this month", "this year", "0 weeks ago"]),
    month.flatmap(lambda m: st.sampled_from([f"in {m}", m, f"early {m}", f"mid-{m}"])),
)
next_phrases = st.one_of(
    weekday.map(lambda w: f"next {w}"),
    month.map(lambda m: f"next {m}"),
    st.sampled_from(["tomorrow", "the day after tomorrow", "next week", "next month", "next year"]),
)


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication_dates, phrase=past_phrases)
def test_past_phrases_end_on_or_before_publication(published: dt.date, phrase: str) -> None:
    r = resolve_date(phrase, published=published)
    assert r.earliest <= r.latest <= published
    assert r.anchor == published and r.rule


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication_dates, phrase=current_phrases)
def test_current_periods_start_on_or_before_publication(published: dt.date, phrase: str) -> None:
    r = resolve_date(phrase, published=published)
    assert r.earliest <= published and r.earliest <= r.latest
    assert r.precision in (MONTH, YEAR, INTERVAL)


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication_dates, phrase=next_phrases)
def test_next_phrases_lie_after_publication(published: dt.date, phrase: str) -> None:
    r = resolve_date(phrase, published=published)
    assert published < r.earliest <= r.latest


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication_dates, day=st.sampled_from(WEEKDAYS))
def test_weekday_rules(published: dt.date, day: str) -> None:
    index = WEEKDAYS.index(day)
    on = resolve_date(f"on {day}", published=published).earliest
    last = resolve_date(f"last {day}", published=published).earliest
    following = resolve_date(f"next {day}", published=published).earliest
    assert on.weekday() == last.weekday() == following.weekday() == index
    assert 0 <= (published - on).days <= 6
    assert 1 <= (published - last).days <= 7
    assert 1 <= (following - published).days <= 7


@settings(deadline=None)  # a busy machine is slow, not wrong
@given(published=publication_dates, phrase=st.one_of(past_phrases, next_phrases))
def test_relative_phrases_need_a_publication_date(published: dt.date, phrase: str) -> None:
    with pytest.raises(DateError, match="relative to the publication date"):
        resolve_date(phrase, published=None)


VOCABULARY = [
    "last",
    "next",
    "on",
    "in",
    "early",
    "late",
    "mid-",
    "this",
    "the",
    "of",
    "ago",
    "day",
    "days",
    "week",
    "weeks",
    "month",
    "year",
    "Friday",
    "Feb",
    "August",
    "29",
    "31",
    "2025",
    "0000",
    "99999",
    "-",
    "/",
    ".",
    ",",
    "yesterday",
    "earlier",
]
leaf = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(VOCABULARY), max_size=5).map(" ".join),
    st.integers(),
    st.dates(),
    st.none(),
    st.booleans(),
    st.floats(allow_nan=True),
)
any_value = st.one_of(
    leaf,
    st.fixed_dictionaries({"from": leaf, "to": leaf}),
    st.dictionaries(st.one_of(st.sampled_from(["from", "to"]), st.text(max_size=4)), leaf),
    st.lists(leaf, max_size=3),
)


@settings(max_examples=FUZZ_EXAMPLES, deadline=None)
@given(value=any_value, published=st.one_of(st.none(), st.dates()))
def test_fuzz_resolve_date_returns_or_raises_date_error(
    value: object, published: dt.date | None
) -> None:
    try:
        r = resolve_date(value, published=published)
    except DateError as exc:
        assert exc.problem and exc.hint
    else:
        assert isinstance(r, ResolvedDate)
        assert r.earliest is not None or r.latest is not None
        if r.earliest is not None and r.latest is not None:
            assert r.earliest <= r.latest


# --- command line ---------------------------------------------------------------


def test_cli_dates_explain() -> None:
    from loader.cli import main

    runner = CliRunner()
    result = runner.invoke(main, ["dates", "explain", "last Friday", "--published", "2025-04-15"])
    assert result.exit_code == 0, result.output
    assert "earliest:   2025-04-11 (Friday)" in result.stdout
    assert "anchor:     2025-04-15 (Tuesday)" in result.stdout
    assert "the most recent Friday strictly before publication" in result.stdout

    interval = runner.invoke(main, ["dates", "explain", "2025-10-21/2025-10-22"])
    assert interval.exit_code == 0, interval.output
    assert "precision:  interval" in interval.stdout

    missing = runner.invoke(main, ["dates", "explain", "last Friday"])
    assert missing.exit_code == 2
    assert "'last Friday' is relative to the publication date" in missing.output
    assert "pass --published YYYY-MM-DD" in missing.output

    bad = runner.invoke(main, ["dates", "explain", "today", "--published", "2025-02-30"])
    assert bad.exit_code == 2
    assert "--published: 2025-02-30 is not a real date" in bad.output

    partial = runner.invoke(main, ["dates", "explain", "today", "--published", "2025-02"])
    assert partial.exit_code == 2
    assert "--published '2025-02' is not a full date" in partial.output

    unreadable = runner.invoke(main, ["dates", "explain", "blorp", "--published", "2025-04-15"])
    assert unreadable.exit_code == 1
    assert "cannot read 'blorp' as a date" in unreadable.output


def test_cli_dates_help_has_an_example() -> None:
    from loader.cli import main

    runner = CliRunner()
    for args in (["dates", "--help"], ["dates", "explain", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0
    assert 'newsgraph dates explain "last Friday" --published 2025-04-15' in result.output
