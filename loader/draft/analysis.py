"""One analysed article: body sentences, clauses, gazetteer mentions and dates.

The extractors for statements, meetings and sanctions all ask the same
questions (which actors are in this clause, which date is nearest, who was the
last person named); they are answered here once.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from loader.core.errors import DateError
from loader.dates.resolve import resolve_date
from loader.draft.nlp import DateMention, Mention, Pipeline
from loader.draft.text import ArticleSource
from loader.ingest.gazetteer import GazetteerIndex

LEADING = frozenset({"after", "before", "during", "following", "ahead"})
LOCATIVE = frozenset({"in", "at", "to", "from", "of", "for", "near", "into", "outside", "via"})
CLAUSE_WORDS = frozenset(
    {"while", "whereas", "but", "although", "though", "meanwhile", "after", "before", "during"}
)


@dataclass
class Found:
    """One drafted fact: its fields, its evidence passages and what a reviewer should check."""

    kind: str  # "meetings" | "sanctions" | "statements"
    fields: dict[str, object]
    spans: list[tuple[int, int]]
    review: list[str] = field(default_factory=list)
    anchor: int = -1  # token of the word that triggered it, where there is one


class Analysis:
    """The article as spaCy tokens, restricted to its body lines."""

    def __init__(self, pipe: Pipeline, src: ArticleSource, *, published: dt.date | None) -> None:
        self.src = src
        self.text = src.text
        self.gaz: GazetteerIndex = pipe.gaz
        self.published = published
        self.doc: Doc = pipe(src.text)
        self.sentences: list[Span] = [
            s for s in self.doc.sents if s.text.strip() and src.touches_body(*_core(s))
        ]
        self.mentions: list[Mention] = [
            m for m in pipe.mentions(self.doc) if src.in_body(m.start_char, m.end_char)
        ]
        self.quote_spans: list[tuple[int, int]] = []  # set by the statement rules
        self.speakers: list[tuple[int, str]] = []  # (end offset, speaker) of statements so far
        self.unknown_names: set[str] = set()  # speakers the gazetteer lacks
        self.dates: list[DateMention] = [
            d for d in pipe.dates(self.doc) if self.resolve(d.text) is not None
        ]

    def resolve(self, phrase: str) -> tuple[dt.date, dt.date] | None:
        """The interval a date phrase resolves to, or None if the resolver refuses it."""
        try:
            r = resolve_date(phrase, published=self.published)
        except DateError:
            return None
        if r.earliest is None or r.latest is None:
            return None  # open-ended ("since March"): no interval to place an event in
        return (r.earliest, r.latest)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.start and m.end <= end]

    def actors_in(
        self, start: int, end: int, *, exclude_media: bool = True, cities: bool = False
    ) -> list[Mention]:
        """Actor mentions; with ``cities``, a city used as a subject stands for its state
        ("Moscow insists" is Russia), as the gazetteer's ``country`` says."""
        out = []
        for m in self.mentions_in(start, end):
            if m.actor is None and cities and m.place is not None:
                m = self._stand_in(m) or m
            if m.actor is None:
                continue
            if exclude_media and self.gaz.actors[m.actor].type == "media-outlet":
                continue
            out.append(m)
        return out

    def _stand_in(self, m: Mention) -> Mention | None:
        place = self.gaz.places.get(m.place or "")
        if place is None or place.country not in self.gaz.actors:
            return None
        before = self.doc[m.start - 1].lower_ if m.start > 0 else ""
        after = self.doc[m.end].lower_ if m.end < len(self.doc) else ""
        if before in LOCATIVE or after in ("summit", "talks", "meeting", "visit", "'s", "’s"):
            return None
        return replace(m, actor=place.country)

    def actor_type(self, actor_id: str) -> str:
        return self.gaz.actors[actor_id].type

    def clauses(self, sent: Span) -> list[tuple[int, int]]:
        """Token ranges of a sentence's clauses: split at ';' and at ', while/but/...'."""
        bounds = [sent.start]
        if sent[0].lower_ in LEADING:
            # "Before the Alaska talks, Trump joined a call": the opening phrase is its own clause.
            comma = next((t.i for t in sent if t.text == ","), None)
            if comma is not None:
                bounds.append(comma + 1)
        for tok in sent:
            after_comma = tok.i > sent.start and self.doc[tok.i - 1].text == ","
            pronoun_next = self.doc[tok.i + 1 : tok.i + 2].text.lower() in ("he", "she", "they")
            if tok.text in (";", ":") or (
                after_comma
                and (tok.lower_ in CLAUSE_WORDS or (tok.lower_ == "and" and pronoun_next))
            ):
                bounds.append(tok.i)
        bounds.append(sent.end)
        return [(a, b) for a, b in itertools.pairwise(sorted(set(bounds))) if b > a]

    def clause_of(self, sent: Span, i: int) -> tuple[int, int]:
        for a, b in self.clauses(sent):
            if a <= i < b:
                return (a, b)
        return (sent.start, sent.end)

    def nearest_date(self, start: int, end: int, anchor: int) -> DateMention | None:
        """The date expression in [start, end) closest to token ``anchor``."""
        inside = [d for d in self.dates if start <= d.start and d.end <= end]
        if not inside:
            return None
        return min(inside, key=lambda d: min(abs(d.start - anchor), abs(d.end - 1 - anchor)))

    def previous_persons(self, before: int, *, limit: int = 2) -> list[str]:
        """The last distinct person actors named before token ``before``, nearest first."""
        out: list[str] = []
        for m in reversed(self.mentions):
            if m.start >= before or m.actor is None or self.actor_type(m.actor) != "person":
                continue
            if self.quoted(m.start_char) or self.possessive(m.end):
                continue  # a name inside a quote, or "Putin's Russia", is rarely the referent
            if m.actor not in out:
                out.append(m.actor)
            if len(out) == limit:
                break
        return out

    def quoted(self, char: int) -> bool:
        return any(q0 < char < q1 for q0, q1 in self.quote_spans)

    def possessive(self, end: int) -> bool:
        """ "the EU's foreign policy chief": a possessive names whose, not who."""
        return end < len(self.doc) and self.doc[end].text in ("'s", "’s", "'", "’")

    def sentence_of(self, i: int) -> Span | None:
        for s in self.sentences:
            if s.start <= i < s.end:
                return s
        return None

    def char_span(self, start: int, end: int) -> tuple[int, int]:
        """Character range of tokens [start, end), without surrounding whitespace."""
        s, e = _core(self.doc[start:end])
        for b0, b1 in self.src.body:  # leave out a dateline cut from the body
            if b0 < e and s < b1:
                return (max(s, b0), min(e, b1)) if s < b0 else (s, e)
        return (s, e)


def _core(span: Span) -> tuple[int, int]:
    text = span.text
    lead = len(text) - len(text.lstrip())
    return (span.start_char + lead, span.start_char + len(text.rstrip()))
