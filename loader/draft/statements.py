"""Statements: direct quotes and reported speech, with speaker, medium, outlet and topics.

A statement is one sentence, or the run of sentences one quotation spans.
The speaker is the actor named as the subject of a speech verb ("X said",
"X told reporters", "according to X", "..., said X"); a pronoun or a title
("he", "the minister") is resolved to the last person named before it, and a
quote with no speech verb continues the previous speaker: both leave a
``review`` note.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from loader.draft.analysis import Analysis, Found
from loader.draft.nlp import Mention

SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "stated",
        "noted",
        "added",
        "described",
        "answered",
        "expressed",
        "condemned",
        "characterized",
        "characterised",
        "assert",
        "maintains",
        "pledged",
        "pointed",
        "describes",
        "suggested",
        "welcomed",
        "voiced",
        "called",
        "warned",
        "warns",
        "claimed",
        "emphasized",
        "emphasised",
        "emphasizes",
        "emphasises",
        "stressed",
        "stresses",
        "insisted",
        "insists",
        "argued",
        "argues",
        "accused",
        "accuses",
        "criticized",
        "criticised",
        "criticizes",
        "blamed",
        "blames",
        "dismissed",
        "dismisses",
        "denied",
        "denies",
        "remarked",
        "highlighted",
        "highlights",
        "asserted",
        "asserts",
        "urged",
        "urges",
        "rejected",
        "rejects",
        "denounced",
        "denounces",
        "blasted",
        "confirmed",
        "confirms",
        "explained",
        "explains",
        "declared",
        "declares",
        "acknowledged",
        "acknowledged",
        "admitted",
        "admits",
        "cautioned",
        "wrote",
        "replied",
        "responded",
        "reiterated",
        "reiterates",
    ]
)
CALLED_NOT = frozenset({"off", "for", "on", "in", "up", "back"})
PRONOUNS = frozenset({"he", "she"})
TITLES = frozenset(
    [
        "minister",
        "fm",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "envoy",
        "chancellor",
        "premier",
        "leader",
        "diplomat",
        "official",
        "aide",
        "ambassador",
    ]
)
MEDIUM_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("interview", ("interview",)),
    ("press-conference", ("told reporters", "press conference", "news conference", "briefing",
                          "told journalists", "remarked to reporters", "to reporters")),
    ("social-media", ("on telegram", "on x,", "on x.", "on truth social", "posted", "on twitter",
                      "on facebook", "social media", "wrote on")),
    ("written-statement", ("in a statement", "written statement", "in a note", "communique")),
    ("broadcast", ("on fox news", "television", "on tv", "told cnn", "on state tv", "broadcast")),
    ("speech", ("in a speech", "addressing", "told parliament", "told lawmakers")),
]  # fmt: skip
_QUOTES = re.compile(r"“[^“”]{1,1500}”|\"[^\"]{1,1500}\"|«[^«»]{1,1500}»|„[^„“”]{1,1500}[“”]")
MIN_QUOTE_WORDS = 4
UNKNOWN = "not in the gazetteer"
DIRECT_SHARE = 0.35  # quoted share of a passage above which it counts as direct speech
RELATIVES = frozenset({"which", "who", "that", "whom", "whose"})
PREPOSITIONS = frozenset({"in", "of", "from", "at", "for", "with", "by", "on", "near"})
AUXILIARIES = frozenset({
    "further", "now", "too", "however", "instead", "even", "only", "just", "first", "publicly",
    "has", "have", "had", "was", "were", "is", "are", "also", "then", "again", "already",
    "once", "still", "later", "never", "not", "would", "will", "could", "may", "might",
})  # fmt: skip


@dataclass
class _Unit:
    start: int  # token range
    end: int
    span: tuple[int, int]  # character range
    quotes: list[tuple[int, int]]


def find_statements(a: Analysis) -> list[Found]:
    """One statement per sentence (or quotation) that someone is said to have said."""
    quotes = [
        (m.start(), m.end())
        for m in _QUOTES.finditer(a.text)
        if a.src.touches_body(m.start(), m.end()) and len(m.group().split()) >= MIN_QUOTE_WORDS
    ]
    a.quote_spans = quotes
    found: list[Found] = []
    previous: Found | None = None
    prev_end = -1
    last_medium: dict[str, tuple[str | None, str | None]] = {}
    for unit in _units(a, quotes):
        item = _statement(a, unit, previous if _adjacent(a.text, prev_end, unit.span[0]) else None)
        if item is None:
            previous = None
            continue
        _medium(a, unit, item, last_medium)
        found.append(item)
        a.speakers.append((unit.span[1], str(item.fields.get("speaker", "?"))))
        previous, prev_end = item, unit.span[1]
    return found


def _units(a: Analysis, quotes: list[tuple[int, int]]) -> list[_Unit]:
    """Sentences, with the sentences one quotation spans joined into one unit."""
    units: list[_Unit] = []
    sents = a.sentences
    i = 0
    while i < len(sents):
        first = last = sents[i]
        start, end = a.char_span(first.start, first.end)
        for q0, q1 in quotes:
            if start <= q0 < end and q1 > end:
                j = i
                while j + 1 < len(sents) and a.char_span(sents[j].start, sents[j].end)[1] < q1:
                    j += 1
                last = sents[j]
                i = j
        span = (start, a.char_span(last.start, last.end)[1])
        inside = [q for q in quotes if q[0] < span[1] and span[0] < q[1]]
        units.append(_Unit(first.start, last.end, span, inside))
        i += 1
    return units


def _adjacent(text: str, prev_end: int, start: int) -> bool:
    """The previous statement ends at most one line break before this one."""
    return prev_end >= 0 and text[prev_end:start].count("\n") <= 1 and start - prev_end < 400


def _in_quote(unit: _Unit, char: int) -> bool:
    return any(q0 <= char < q1 for q0, q1 in unit.quotes)


def _statement(a: Analysis, unit: _Unit, previous: Found | None) -> Found | None:
    doc = a.doc
    quoted = sum(q1 - q0 for q0, q1 in unit.quotes)
    direct = quoted >= DIRECT_SHARE * (unit.span[1] - unit.span[0])
    review: list[str] = []
    speaker: str | None = None
    unknown = False
    verb = None
    for tok in doc[unit.start : unit.end]:
        if _in_quote(unit, tok.idx):
            continue
        cue = is_speech_verb(doc, tok.i) or (
            tok.lower_ == "according" and doc[tok.i + 1 : tok.i + 2].text.lower() == "to"
        )
        if not cue:
            continue
        speaker, note = _speaker(a, unit, tok.i)
        unknown = any(UNKNOWN in n for n in note)
        if speaker is not None or unknown:
            verb = tok.i
            review.extend(note)
            break
    if speaker is None and not unknown:
        if not (direct and previous is not None and previous.fields.get("speaker")):
            return None
        speaker = str(previous.fields["speaker"])
        review.append("speaker carried over from the previous quote")
    fields: dict[str, object] = {"speech": "direct" if direct else "reported"}
    if speaker is not None:
        fields = {"speaker": speaker, **fields}
    if direct and len(unit.quotes) == 1:
        q0, q1 = unit.quotes[0]
        fields["quote"] = a.text[q0 + 1 : q1 - 1].strip().rstrip(",")
    if verb is not None:
        date = a.nearest_date(max(unit.start, verb - 3), min(unit.end, verb + 5), verb)
        if date is not None and not date.text.lower().startswith(("next", "tomorrow")):
            fields["date"] = date.text
    about = []
    for m in a.actors_in(unit.start, unit.end):
        if m.actor and m.actor != speaker and m.actor not in about:
            about.append(m.actor)
    if about:
        fields["about"] = about
    return Found("statements", fields, [unit.span], review)


def is_speech_verb(doc: Doc, i: int) -> bool:
    """A verb of saying; "called off" and "called for" are not."""
    word = doc[i].lower_
    nxt = doc[i + 1 : i + 2].text.lower()
    if word == "called" and nxt in CALLED_NOT:
        return False
    if word in ("answered", "responded", "replied") and nxt == "with":
        return False  # "Kyiv answered with drone attacks"
    return word in SPEECH_VERBS


def _speaker(a: Analysis, unit: _Unit, v: int) -> tuple[str | None, list[str]]:
    """Who the speech verb at token ``v`` belongs to, and a review note if it was inferred."""
    doc = a.doc
    outside = [
        m
        for m in a.actors_in(unit.start, unit.end, cities=True)
        if not _in_quote(unit, m.start_char)
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


def _by_pronoun(a: Analysis, unit: _Unit, i: int) -> tuple[str | None, list[str]]:
    """'he said': a person named earlier in the sentence, else the last speaker, else the
    last person named."""
    word = a.doc[i].text
    sent = a.sentence_of(i)
    if sent is not None:
        earlier = [
            m
            for m in a.actors_in(sent.start, i)
            if a.actor_type(m.actor or "") == "person"
            and not _in_quote(unit, m.start_char)
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


def _medium(
    a: Analysis, unit: _Unit, item: Found, last: dict[str, tuple[str | None, str | None]]
) -> None:
    """Medium and outlet from cues in the passage, else those last seen for the same speaker."""
    lowered = _outside_quotes(a.text, unit)
    medium = next((m for m, cues in MEDIUM_CUES if any(c in lowered for c in cues)), None)
    outlets = [
        m.actor
        for m in a.mentions_in(unit.start, unit.end)
        if m.actor and a.actor_type(m.actor) == "media-outlet"
    ]
    outlet = outlets[0] if outlets else None
    speaker = str(item.fields.get("speaker", "?"))  # an unknown speaker carries nothing over
    if speaker != "?" and medium is None and outlet is None and speaker in last:
        medium, outlet = last[speaker]
        if medium or outlet:
            item.review.append("medium and outlet carried over from this speaker's earlier remarks")
    elif medium or outlet:
        last[speaker] = (medium or (last.get(speaker, (None, None))[0]), outlet)
    if medium:
        item.fields["medium"] = medium
    if outlet:
        item.fields["outlet"] = outlet


def _outside_quotes(text: str, unit: _Unit) -> str:
    s, e = unit.span
    chars = list(text[s:e])
    for q0, q1 in unit.quotes:
        for i in range(max(q0, s), min(q1, e)):
            chars[i - s] = " "
    return " " + "".join(chars).lower() + " "
