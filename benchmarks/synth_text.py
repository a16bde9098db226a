"""Sentences of the synthetic articles, and the date phrases they use.

Each fact gets its own sentence, so its evidence is that sentence (or the quote
inside it); the generator checks uniqueness in the assembled text.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass
from typing import Any

from synth_gazetteer import FIRST, LAST_A, LAST_B, Entry, words

OTHER_TYPES = ("state", "international-organization", "government-body", "company")
MONTHS = words(
    "January February March April May June July August September October November December"
)
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NOUNS = {
    "meeting": "a meeting",
    "summit": "a summit",
    "talks": "talks",
    "phone-call": "a phone call",
    "video-call": "a video call",
    "visit": "an official visit",
}
TOPICS = (
    "a ceasefire along the northern border",
    "new tariffs on grain",
    "the pipeline agreement",
    "the proposed peace framework",
    "further sanctions",
    "the prisoner exchange",
    "the maritime corridor",
    "the arms control treaty",
    "the reconstruction fund",
    "the energy price cap",
    "visa rules for students",
    "the fishing quota dispute",
    "the debt restructuring plan",
    "the export ban on fertiliser",
    "the nuclear inspections",
)
OPENERS = (
    ("We will not accept", "the government would not accept"),
    ("There is no alternative to", "there was no alternative to"),
    ("We are ready to discuss", "they were ready to discuss"),
    ("Nobody should underestimate", "nobody should underestimate"),
    ("It is too early to judge", "it was too early to judge"),
    ("We fully support", "they fully supported"),
    ("We strongly oppose", "they strongly opposed"),
    ("Our partners misread", "partners had misread"),
)
CLAUSES = (
    "as long as {x} refuses to engage",
    "offered by {x}",
    "unless {x} changes course",
    "together with {x}",
    "without a word from {x}",
    "on the terms set by {x}",
)
FILLERS = (
    "{x} has been at the centre of the dispute over {t} for {n} months.",
    "Talks on {t} have stalled since {m} {y}.",
    "Analysts in {c} said the outcome would shape {t}.",
    "Officials close to {x} declined to comment on {t}.",
    "The issue of {t} is expected to dominate the agenda in {c}.",
    "Diplomats counted {n} rounds of contacts on {t} so far.",
)


@dataclass(slots=True)
class Ctx:
    rng: random.Random
    names: dict[str, str]
    published: dt.date
    places: list[Entry]


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _long(day: dt.date) -> str:
    return f"on {day.day} {MONTHS[day.month - 1]} {day.year}"


def date_phrase(rng: random.Random, day: dt.date, published: dt.date) -> tuple[str | None, str]:
    """(the annotation's date value as YAML, the words the text uses) for ``day``."""
    back = (published - day).days
    month = MONTHS[day.month - 1]
    options: list[tuple[str | None, str]] = [
        (day.isoformat(), _long(day)),
        (f"{day.year}-{day.month:02d}", f"in {month} {day.year}"),
    ]
    if rng.random() < 0.05:
        end = day + dt.timedelta(days=1)
        return (
            f"{{from: {day.isoformat()}, to: {end.isoformat()}}}",
            f"between {_long(day)[3:]} and {_long(end)[3:]}",
        )
    if back == 1:
        options.append((json.dumps("yesterday"), "yesterday"))
    if 2 <= back <= 6:
        options += [(json.dumps(f"{back} days ago"), f"{back} days ago")]
        options += [(json.dumps(f"on {WEEKDAYS[day.weekday()]}"), f"on {WEEKDAYS[day.weekday()]}")]
    if 1 <= back <= 7:
        options.append(
            (json.dumps(f"last {WEEKDAYS[day.weekday()]}"), f"last {WEEKDAYS[day.weekday()]}")
        )
    prev = published.replace(day=1) - dt.timedelta(days=1)
    if (day.year, day.month) == (prev.year, prev.month):
        options.append((json.dumps("last month"), "last month"))
    if 0 < back < 300 and day.month != published.month:
        options.append((json.dumps(f"in {month}"), f"in {month}"))
    # Prefer the relative phrases: they are what the loader must work hardest on.
    weights = [2, 1] + [4] * (len(options) - 2)
    return rng.choices(options, weights=weights)[0]


def _join(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def meeting_sentence(
    ctx: Ctx, *, kind: str, status: str, parts: list[str], place: str | None, when: str
) -> str:
    who = _join([ctx.names[p] for p in parts])
    noun = NOUNS[kind]
    where = f" in {ctx.names[place]}" if place else ""
    if status == "held":
        body = f"{who} held {noun}{where} {when}"
    elif status == "planned":
        body = f"{who} are expected to hold {noun}{where} {when}"
    elif status == "proposed":
        body = f"{who} were proposed for {noun}{where} {when}"
    elif status == "postponed":
        body = f"{who} postponed {noun}{where} set for {when}"
    else:
        body = f"{who} called off {noun}{where} planned for {when}"
    lead = ctx.rng.choice(("", "Officials said ", "According to diplomats, "))
    return f"{lead}{body}."


def sanctions_sentence(
    ctx: Ctx, *, issuer: str, number: int | None, status: str, targets: list[str], when: str
) -> str:
    who = ctx.names[issuer]
    what = f"its {ordinal(number)} package of sanctions" if number else "a new package of sanctions"
    against = _join([ctx.names[t] for t in targets])
    if status == "adopted":
        return f"{who} adopted {what} against {against} {when}."
    if status == "proposed":
        return f"{who} proposed {what} targeting {against} {when}."
    return f"{who} failed to agree {what} against {against} {when}."


def statement(
    ctx: Ctx, *, speaker: str, about: str, medium: str, outlet: str | None, speech: str, edit: int
) -> tuple[str, str]:
    """(the quote as annotated, the sentence that carries it)."""
    rng = ctx.rng
    direct, reported = rng.choice(OPENERS)
    topic = rng.choice(TOPICS)
    clause = rng.choice(CLAUSES).format(x=ctx.names[about])
    tail = rng.choice(("", f" within {rng.randint(2, 90)} days", " before the end of the year"))
    if edit:
        tail += f", and we repeat it for the {ordinal(edit + 1)} time"
    s = ctx.names[speaker]
    o = ctx.names[outlet] if outlet else "reporters"
    if speech == "direct":
        quote = f"{direct} {topic} {clause}{tail}"
        sentence = {
            "interview": f'"{quote}," {s} told {o} in an interview.',
            "press-conference": f'"{quote}," {s} told a press conference.',
            "broadcast": f'{s} said on {o}: "{quote}."',
            "social-media": f'{s} wrote on social media: "{quote}."',
            "written-statement": f'In a written statement, {s} said: "{quote}."',
            "speech": f'"{quote}," {s} said in a speech.',
        }[medium]
        return quote, sentence
    quote = f"{reported} {topic} {clause}{tail}"
    sentence = {
        "interview": f"{s} told {o} in an interview that {quote}.",
        "press-conference": f"{s} told a press conference that {quote}.",
        "broadcast": f"Speaking on {o}, {s} said that {quote}.",
        "social-media": f"{s} wrote on social media that {quote}.",
        "written-statement": f"{s} said in a written statement that {quote}.",
        "speech": f"In a speech, {s} said that {quote}.",
    }[medium]
    return quote, sentence


def author(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST_A)}{rng.choice(LAST_B)}"


def _filler(ctx: Ctx, actors: list[str]) -> str:
    rng = ctx.rng
    year = ctx.published.year - rng.randint(0, 2)
    return rng.choice(FILLERS).format(
        x=ctx.names[rng.choice(actors)],
        t=rng.choice(TOPICS),
        n=rng.randint(2, 40),
        m=rng.choice(MONTHS),
        y=year,
        c=rng.choice(ctx.places).name,
    )


def assemble(ctx: Ctx, facts: list[Any], actors: list[str]) -> str:
    """Join fact sentences and background sentences into paragraphs; set each fact's start."""
    rng = ctx.rng
    pieces: list[tuple[str, Any]] = [(_filler(ctx, actors), None)]
    for fact in facts:
        pieces.append((fact.sentence, fact))
        if rng.random() < 0.5:
            pieces.append((_filler(ctx, actors), None))
    out: list[str] = []
    pos = 0
    for i, (sentence, fact) in enumerate(pieces):
        if i:
            sep = "\n\n" if rng.random() < 0.45 else " "
            out.append(sep)
            pos += len(sep)
        if fact is not None:
            fact.start = pos
        out.append(sentence)
        pos += len(sentence)
    return "".join(out) + "\n"
