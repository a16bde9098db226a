"""Dates of a drafted package besides the day it happened: `expected` and `in_force_until`.

Reporters give both in the future tense ("ambassadors will try again next
week", "keeping the measures in force until 31 July"), while a bare phrase in
an annotation file is read as looking back from publication. A phrase is
therefore written as the article has it only when it already points forward
on its own ("next week", "24 February 2026"); a phrase that needs the future
reading ("31 July") is written as the ISO day it means, so the draft's date is
exactly the one the reviewer reads.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from loader.core.errors import DateError
from loader.dates.resolve import Direction, resolve_date
from loader.draft.analysis import Analysis
from loader.draft.nlp import DateMention

EXPECT = re.compile(
    r"\b(?:expect\w*|aim\w*|hop(?:e|es|ed|ing)|due to|set to|scheduled|plan\w*|try again|"
    r"deadline|target\w*|would (?:be|come)|next step)\b",
    re.IGNORECASE,
)
UNTIL_WORDS = frozenset({"until", "till", "through", "to"})
FOLLOWING_SENTENCES = 2


def expected_date(a: Analysis, sentences: list[Span]) -> tuple[str, tuple[int, int]] | None:
    """A future date given with an expectation cue: the date and the passage that gives it."""
    for sent in sentences[: 1 + FOLLOWING_SENTENCES]:
        if not EXPECT.search(sent.text):
            continue
        for d in _dates_in(a, sent):
            value = _future_value(a, d)
            if value is not None:
                return value, a.char_span(sent.start, sent.end)
    return None


def valid_until(a: Analysis, sentences: list[Span]) -> tuple[str, tuple[int, int]] | None:
    """ "until 31 January 2026" in the package's sentence or the next one."""
    for sent in sentences[:2]:
        for d in _dates_in(a, sent):
            if d.start > 0 and a.doc[d.start - 1].lower_ in UNTIL_WORDS:
                value = _future_value(a, d, strictly_after=False)
                if value is not None:
                    return value, a.char_span(sent.start, sent.end)
    return None


def _dates_in(a: Analysis, sent: Span) -> list[DateMention]:
    return [d for d in a.dates if sent.start <= d.start and d.end <= sent.end]


def _future_value(a: Analysis, d: DateMention, *, strictly_after: bool = True) -> str | None:
    """The phrase if it points forward by itself, else its ISO day; None if it is past."""
    published = a.published
    if published is None:
        return None
    past = a.resolve(d.text)
    if past is not None and (past[0] > published or (not strictly_after and past[0] >= published)):
        return d.text
    try:
        r = resolve_date(d.text, published=published, direction=Direction.FUTURE)
    except DateError:
        return None
    if r.earliest is None or r.latest is None or r.earliest <= published:
        return None
    if r.earliest == r.latest:
        return r.earliest.isoformat()
    if (r.earliest.day, r.latest.month, r.latest.day) == (1, 12, 31) and (
        r.earliest.month == 1 and r.earliest.year == r.latest.year
    ):
        return str(r.earliest.year)
    return None
