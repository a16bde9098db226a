"""Statements: direct quotes and reported speech, with medium, outlet and topics.

A statement is one sentence, or the run of sentences one quotation spans,
holding a verb of saying outside the quotation marks; :mod:`loader.draft.speakers`
finds who said it. A quotation with no verb of saying continues the previous
speaker, with a ``review`` note.
"""

from __future__ import annotations

import re

from loader.draft.analysis import Analysis, Found
from loader.draft.lexicon import UNKNOWN, is_speech_verb
from loader.draft.speakers import Unit, find_speaker, in_quote

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
DIRECT_SHARE = 0.35  # quoted share of a passage above which it counts as direct speech


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


def _units(a: Analysis, quotes: list[tuple[int, int]]) -> list[Unit]:
    """Sentences, with the sentences one quotation spans joined into one unit."""
    units: list[Unit] = []
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
        units.append(Unit(first.start, last.end, span, inside))
        i += 1
    return units


def _adjacent(text: str, prev_end: int, start: int) -> bool:
    """The previous statement ends at most one line break before this one."""
    return prev_end >= 0 and text[prev_end:start].count("\n") <= 1 and start - prev_end < 400


def _statement(a: Analysis, unit: Unit, previous: Found | None) -> Found | None:
    doc = a.doc
    quoted = sum(q1 - q0 for q0, q1 in unit.quotes)
    direct = quoted >= DIRECT_SHARE * (unit.span[1] - unit.span[0])
    review: list[str] = []
    speaker: str | None = None
    unknown = False
    verb = None
    for tok in doc[unit.start : unit.end]:
        if in_quote(unit, tok.idx):
            continue
        cue = is_speech_verb(doc, tok.i) or (
            tok.lower_ == "according" and doc[tok.i + 1 : tok.i + 2].text.lower() == "to"
        )
        if not cue:
            continue
        speaker, note = find_speaker(a, unit, tok.i)
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


def _medium(
    a: Analysis, unit: Unit, item: Found, last: dict[str, tuple[str | None, str | None]]
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


def _outside_quotes(text: str, unit: Unit) -> str:
    s, e = unit.span
    chars = list(text[s:e])
    for q0, q1 in unit.quotes:
        for i in range(max(q0, s), min(q1, e)):
            chars[i - s] = " "
    return " " + "".join(chars).lower() + " "
