"""Who said it: the speaker of a speech verb, through names, pronouns, titles and sources.

The subject of the verb is read first: a lower-case noun is an unnamed source
("diplomats said"), unless a name modifies it ("EU leaders said"); a city
stands for its state when officials there speak ("officials in Kyiv said"); a
capitalised name the gazetteer lacks is an unknown speaker. Otherwise the
name nearest before the verb (or right after it, "..., said Lavrov") speaks;
"he" is the previous speaker or the person the text was just about, and "the
minister" the last person named with that role. Inferences leave a note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

from loader.draft.analysis import Analysis
from loader.draft.lexicon import (
    AUXILIARIES,
    PREPOSITIONS,
    PRONOUNS,
    RELATIVES,
    TITLES,
    UNKNOWN,
)
from loader.draft.nlp import Mention


@dataclass
class Unit:
    start: int  # token range
    end: int
    span: tuple[int, int]  # character range
    quotes: list[tuple[int, int]]


def in_quote(unit: Unit, char: int) -> bool:
    return any(q0 <= char < q1 for q0, q1 in unit.quotes)


def find_speaker(a: Analysis, unit: Unit, v: int) -> tuple[str | None, list[str]]:
    """Who the speech verb at token ``v`` belongs to, and a review note if it was inferred."""
    doc = a.doc
    outside = [
        m
        for m in a.actors_in(unit.start, unit.end, cities=True)
        if not in_quote(unit, m.start_char)
    ]
    if doc[v].lower_ == "according":
        stop = next((t.i for t in doc[v + 2 : v + 8] if t.text == ","), v + 8)
        after = [m for m in outside if v + 1 < m.start < stop]
        return (after[0].actor, []) if after else (None, [])
    sent = a.sentence_of(v)
    c0, _ = a.clause_of(sent, v) if sent is not None else (unit.start, unit.end)
    before = [
        m
        for m in outside
        if c0 <= m.start and m.end <= v and v - m.end <= 12 and not a.possessive(m.end)
    ]
    # "..., said Lavrov" / "..., said Kremlin spokesman Dmitry Peskov": inverted attribution.
    prev = doc[v - 1].text if v > 0 else ""
    window = doc[max(c0, v - 5) : v]
    pronoun = next((t for t in window if t.lower_ in PRONOUNS), None)
    if pronoun is not None and not [m for m in before if m.start > pronoun.i]:
        return _by_pronoun(a, unit, pronoun.i)
    inverted = prev in ("”", '"', "»") or (prev == "," and not before)
    after = [m for m in outside if v < m.start <= v + 4 and not a.possessive(m.end)]
    if inverted and after:
        return after[0].actor, []
    if inverted and doc[v + 1 : v + 2].text.lower() in PRONOUNS:
        return _by_pronoun(a, unit, v + 1)
    found = _by_subject(a, v, before)
    if found is not None:
        return found
    if before:
        first = before[0]
        # "Keith Kellogg, Trump's envoy for Ukraine, stated": the name before the apposition.
        if first.start - c0 <= 2 and doc[first.end].text == "," and prev == ",":
            return first.actor, []
        return before[-1].actor, []
    words = [t.lower_ for t in doc[max(c0, v - 4) : v]]
    title = next((w for w in words if w in TITLES), None)
    if title is not None and "the" in words:
        return _by_title(a, v, title)
    return None, []


def _by_subject(a: Analysis, v: int, before: list[Mention]) -> tuple[str | None, list[str]] | None:
    """Read the word before the verb: a lower-case noun is an unnamed source ("diplomats
    said"), unless a name modifies it ("EU leaders said"); a capitalised word the gazetteer
    lacks is an unknown speaker. None: decide from the names before the verb."""
    subject = _subject_word(a, v)
    if subject is None:
        return None
    named = next((m for m in a.mentions if m.start <= subject.i < m.end), None)
    if named is not None:
        return _officials_in(a, named)
    word = subject.lower_
    if word in PRONOUNS or word in RELATIVES or word in TITLES or word in ("and", "but", "or"):
        return None
    prev = a.doc[subject.i - 1] if subject.i > 0 else None
    if not subject.is_title:
        owner = [m for m in before if m.end == subject.i]
        return (owner[-1].actor, []) if owner else (None, [])
    start = subject.i
    while start > 0 and a.doc[start - 1].is_title and a.doc[start - 1].is_alpha:
        start -= 1
    prev = a.doc[start - 1] if start > 0 else None
    if prev is not None and prev.lower_ in PREPOSITIONS:
        return None, []  # "diplomats in Brussels say": the place of an unnamed source
    name = _unknown_name(a, subject.i)
    if name:
        a.unknown_names.add(name)
        return None, [f"speaker {name!r} is {UNKNOWN}"]
    return None


def _officials_in(a: Analysis, m: Mention) -> tuple[str | None, list[str]] | None:
    """ "Officials in Kyiv said": the state of the city, when a group noun comes before."""
    place = a.gaz.places.get(m.place or "")
    if m.actor is not None or place is None or place.country not in a.gaz.actors or m.start < 2:
        return None
    prep, noun = a.doc[m.start - 1], a.doc[m.start - 2]
    if prep.lower_ in ("in", "from") and noun.lower_.endswith("s") and noun.is_alpha:
        return place.country, [f"speaker read as the state of {m.text!r}"]
    return None


def _subject_word(a: Analysis, v: int) -> Token | None:
    """The word right before the verb, skipping adverbs and auxiliaries ("has repeatedly")."""
    i = v - 1
    while i >= 0 and (a.doc[i].lower_ in AUXILIARIES or a.doc[i].lower_.endswith("ly")):
        i -= 1
    if i < 0 or not a.doc[i].is_alpha:
        return None
    return a.doc[i]


def _unknown_name(a: Analysis, i: int) -> str | None:
    """A capitalised name ending at token ``i`` that the gazetteer does not know, if any."""
    start = i
    while start > 0 and a.doc[start - 1].is_title and a.doc[start - 1].is_alpha:
        start -= 1
    if any(m.start <= i < m.end for m in a.mentions):
        return None
    name = a.doc[start : i + 1].text
    if start == i and (a.doc[i].is_sent_start or a.doc[i].lower_ in TITLES):
        # One capitalised word opening a sentence may be any word; trust it when the article
        # names it elsewhere as part of a longer name ("Andriy Yermak ... Yermak said").
        longer = re.search(rf"\b[A-Z][\w'’-]+ {re.escape(a.doc[i].text)}\b", a.text)
        if longer is None or a.doc[i].lower_ in TITLES:
            return None
    return name


def _by_pronoun(a: Analysis, unit: Unit, i: int) -> tuple[str | None, list[str]]:
    """'he said': a person named earlier in the sentence, else the last speaker, else the
    last person named."""
    word = a.doc[i].text
    sent = a.sentence_of(i)
    if sent is not None:
        earlier = [
            m
            for m in a.actors_in(sent.start, i)
            if a.actor_type(m.actor or "") == "person"
            and not in_quote(unit, m.start_char)
            and not a.possessive(m.end)
        ]
        if earlier:
            return earlier[-1].actor, [
                f"speaker inferred from {word!r} (named earlier in the sentence)"
            ]
    # The more recent of the last person speaking and the last person a sentence is about.
    speaker = next(((end, s) for end, s in reversed(a.speakers) if end <= a.doc[i].idx), (-1, None))
    subject = _last_subject(a, i)
    if speaker[1] == "?" and (subject is None or speaker[0] > subject[0]):
        return None, [f"{word!r} is the previous speaker, who is {UNKNOWN}"]
    is_person = speaker[1] not in (None, "?") and a.actor_type(speaker[1] or "") == "person"
    if speaker[1] is not None and is_person and (subject is None or speaker[0] > subject[0]):
        return speaker[1], [f"speaker inferred from {word!r} (the previous speaker)"]
    if subject is not None:
        return subject[1], [f"speaker inferred from {word!r} (the last person written about)"]
    return _previous_person(a, i, f"speaker inferred from {word!r}")


def _last_subject(a: Analysis, i: int) -> tuple[int, str] | None:
    """The last person who opens a sentence (its first actor named) before token ``i``."""
    for sent in reversed(a.sentences):
        if sent.start >= i:
            continue
        first = next(iter(a.actors_in(sent.start, min(sent.end, i))), None)
        if (
            first is not None
            and first.actor
            and a.actor_type(first.actor) == "person"
            and not a.quoted(first.start_char)
            and not a.possessive(first.end)
        ):
            return first.start_char, first.actor
    return None


def _previous_person(a: Analysis, v: int, why: str) -> tuple[str | None, list[str]]:
    people = a.previous_persons(v, limit=1)
    return (people[0], [why]) if people else (None, [])


def _by_title(a: Analysis, v: int, title: str) -> tuple[str | None, list[str]]:
    """'the minister said': the last person named before whose gazetteer role has that title."""
    for person in a.previous_persons(v, limit=4):
        roles = " ".join(r.title.lower() for r in a.gaz.actors[person].roles)
        if title in roles or (title == "fm" and "foreign" in roles):
            return person, [f"speaker inferred from the title {title!r}"]
    found = _previous_person(a, v, f"speaker inferred from the title {title!r}")
    if found[0] is not None:
        return found
    # A standfirst may come before the name: the first person named later with that title.
    for m in a.mentions:
        if m.start > v and m.actor and a.actor_type(m.actor) == "person":
            roles = " ".join(r.title.lower() for r in a.gaz.actors[m.actor].roles)
            if title in roles:
                return m.actor, [f"speaker inferred from the title {title!r}, named later"]
    return None, []
