"""The spaCy pipeline: tokens, sentences, gazetteer mentions and date expressions.

A blank English pipeline (tokenizer, sentencizer) is always enough. Gazetteer
names and aliases go into a ``PhraseMatcher`` (with possessive forms; case is
ignored except for short or all-capital names such as "US", which would
otherwise match the pronoun "us"). Date expressions come from an
``EntityRuler``. When an NER model such as ``en_core_web_sm`` is installed, its
PERSON and ORG entities become candidates for the suggested gazetteer.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from loader.ingest.gazetteer import GazetteerIndex

NER_MODELS = ("en_core_web_sm", "en_core_web_md", "en_core_web_lg")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan.",
    "feb.",
    "mar.",
    "apr.",
    "jun.",
    "jul.",
    "aug.",
    "sep.",
    "sept.",
    "oct.",
    "nov.",
    "dec.",
]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
GROUP_NOUNS = (
    "delegation", "delegations", "officials", "negotiators", "side", "team", "diplomats",
    "government", "authorities", "leaders", "leadership", "envoys", "counterparts",
)  # fmt: skip
DEMONYMS = {
    "Russia": "Russian", "Ukraine": "Ukrainian", "United States": "American",
    "United Kingdom": "British", "Germany": "German", "France": "French", "China": "Chinese",
    "Hungary": "Hungarian", "Saudi Arabia": "Saudi", "Turkey": "Turkish", "Israel": "Israeli",
    "Iran": "Iranian", "Poland": "Polish", "Italy": "Italian", "India": "Indian",
    "Japan": "Japanese", "Belarus": "Belarusian", "Slovakia": "Slovak", "Finland": "Finnish",
    "Estonia": "Estonian", "Latvia": "Latvian", "Lithuania": "Lithuanian", "Qatar": "Qatari",
    "Egypt": "Egyptian", "Syria": "Syrian", "Georgia": "Georgian", "Moldova": "Moldovan",
    "Romania": "Romanian", "Spain": "Spanish", "Canada": "Canadian", "Brazil": "Brazilian",
    "North Korea": "North Korean", "South Korea": "South Korean", "Kazakhstan": "Kazakh",
    "Azerbaijan": "Azerbaijani", "Armenia": "Armenian", "Denmark": "Danish", "Sweden": "Swedish",
    "Norway": "Norwegian", "Netherlands": "Dutch", "Austria": "Austrian", "Switzerland": "Swiss",
    "Czech Republic": "Czech", "Greece": "Greek", "Serbia": "Serbian", "Pakistan": "Pakistani",
}  # fmt: skip
_OPENING = frozenset({"“", "«", "„", '"'})
_POSSESSIVES = ("'s", "’s", "‘s", "'", "’")


@dataclass(frozen=True)
class Mention:
    """A gazetteer name in the text: an actor id, a place id, or both."""

    start: int  # token index
    end: int
    start_char: int
    end_char: int
    text: str
    actor: str | None
    place: str | None


@dataclass(frozen=True)
class DateMention:
    start: int
    end: int
    start_char: int
    end_char: int
    text: str


def _date_patterns() -> list[dict[str, Any]]:
    month = {"LOWER": {"IN": MONTHS}}
    day = {"SHAPE": {"IN": ["d", "dd"]}}
    year = {"SHAPE": "dddd"}
    weekday = {"LOWER": {"IN": WEEKDAYS}}
    rel = {"LOWER": {"IN": ["last", "next", "this", "late", "early", "on"]}}
    unit = {"LOWER": {"IN": ["week", "month", "year", "weekend"]}}
    shapes: list[list[dict[str, Any]]] = [
        [{"LOWER": {"IN": ["on", "in"]}, "OP": "?"}, month, day, {"ORTH": ",", "OP": "?"}, year],
        [{"LOWER": {"IN": ["on", "in"]}, "OP": "?"}, day, month, year],
        [{"LOWER": "on", "OP": "?"}, month, day],
        [{"LOWER": "on", "OP": "?"}, day, month],
        [{"LOWER": "in"}, month, year],
        [{"LOWER": "in"}, month],
        [rel, weekday],
        [weekday],
        [{"LOWER": {"IN": ["last", "next", "this"]}}, unit],
        [{"LOWER": "earlier"}, {"LOWER": "this"}, unit],
        [{"LOWER": {"IN": ["yesterday", "today", "tomorrow"]}}],
        [{"LIKE_NUM": True}, {"LOWER": {"IN": ["days", "weeks", "months"]}}, {"LOWER": "ago"}],
    ]
    return [{"label": "DATE", "pattern": p} for p in shapes]


@Language.component("newsgraph_line_breaks")
def _line_breaks(doc: Doc) -> Doc:
    """A line break always ends a sentence (paragraphs of scraped text rarely end cleanly)."""
    for tok in doc[1:]:
        prev = doc[tok.i - 1]
        if "\n" in prev.text or "\n" in prev.whitespace_:
            tok.is_sent_start = True
        elif (
            tok.text in _OPENING
            and prev.text in (".", "!", "?")
            and tok.i + 1 < len(doc)
            and not tok.whitespace_
        ):
            # The sentencizer glues an opening quote to the sentence before it.
            tok.is_sent_start = True
            doc[tok.i + 1].is_sent_start = False
    return doc


class Pipeline:
    """One spaCy pipeline per gazetteer (building the matcher is the costly part)."""

    def __init__(self, gaz: GazetteerIndex) -> None:
        self.gaz = gaz
        self.nlp = spacy.blank("en")
        self.nlp.add_pipe("sentencizer")
        self.nlp.add_pipe("newsgraph_line_breaks")
        ruler = self.nlp.add_pipe("entity_ruler")
        ruler.add_patterns(_date_patterns())  # type: ignore[attr-defined]
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.labels: dict[str, tuple[str | None, str | None]] = {}
        for actor in gaz.actors.values():
            for name in [actor.name, *actor.aliases]:
                self._add(name, actor=actor.id, place=None)
        for place in gaz.places.values():
            for name in [place.name, *place.aliases]:
                self._add(name, actor=None, place=place.id)
        for actor in gaz.actors.values():
            # "a Ukrainian delegation", "Russian officials": the state acting through its people.
            demonym = DEMONYMS.get(actor.name) if actor.type == "state" else None
            for noun in GROUP_NOUNS if demonym else ():
                self._add(f"{demonym} {noun}", actor=actor.id, place=None)
        self.ner = _ner_model()

    def _add(self, name: str, *, actor: str | None, place: str | None) -> None:
        key = name.casefold()
        old_actor, old_place = self.labels.get(key, (None, None))
        self.labels[key] = (old_actor or actor, old_place or place)
        matcher = self.exact if len(name) <= 3 or name.isupper() else self.lower
        forms = [name] + [name + p for p in _POSSESSIVES]
        matcher.add(key, [self.nlp.make_doc(f) for f in forms])

    def __call__(self, text: str) -> Doc:
        return self.nlp(text)

    def mentions(self, doc: Doc) -> list[Mention]:
        """Gazetteer names in the doc, longest match first where names overlap."""
        spans = [
            Span(doc, s, e, label=mid)
            for matcher in (self.lower, self.exact)
            for mid, s, e in matcher(doc)
        ]
        out: list[Mention] = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            end = span.end - 1 if len(span) > 1 and span[-1].text in _POSSESSIVES else span.end
            key = self.nlp.vocab.strings[span.label]
            actor, place = self.labels[key]
            core = doc[span.start : end] if end > span.start else span
            out.append(
                Mention(span.start, end, core.start_char, core.end_char, core.text, actor, place)
            )
        return out

    def dates(self, doc: Doc) -> list[DateMention]:
        return [
            DateMention(e.start, e.end, e.start_char, e.end_char, e.text)
            for e in doc.ents
            if e.label_ == "DATE"
        ]

    def unknown_names(self, text: str) -> list[tuple[str, str]]:
        """PERSON and ORG names from an installed NER model, as (name, label)."""
        if self.ner is None:
            return []
        return [(e.text, e.label_) for e in self.ner(text).ents if e.label_ in ("PERSON", "ORG")]


@lru_cache(maxsize=1)
def _ner_model() -> Language | None:
    """An installed NER model, or None: models are used when present, never downloaded."""
    for name in NER_MODELS:
        if importlib.util.find_spec(name) is not None:
            return spacy.load(name, exclude=["parser", "lemmatizer"])
    return None
