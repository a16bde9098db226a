"""Meetings: a trigger word with two or more actors in its clause, plus status, date, place.

Triggers are matched on the lower-case form of tokens, so "met", "talks",
"summit", "phone call", "spoke by phone", "visit" and "hosted" are found in
any case. An idiom such as "met with criticism" is no meeting; neither is a
single party ("Putin's meeting"), unless "the two presidents" or "their" point
back to two people just named (then a review note says so).
"""

from __future__ import annotations

from spacy.tokens import Span

from loader.draft.analysis import Analysis, Found
from loader.draft.events import EventIndex
from loader.draft.followups import change_status, follow_up, joins, referents
from loader.draft.landmarks import capital_place, landmark_place
from loader.draft.lexicon import SPEECH_VERBS, TITLES, is_speech_verb
from loader.draft.meeting_context import hypothetical, in_aside, reported_speaker
from loader.draft.nlp import DateMention

TRIGGERS: dict[str, str] = {
    "met": "meeting", "meet": "meeting", "meets": "meeting", "meeting": "meeting",
    "meetings": "meeting", "summit": "summit", "summits": "summit", "talks": "talks",
    "negotiations": "talks", "call": "phone-call", "phoned": "phone-call",
    "talk": "talks", "discussions": "talks", "travelled": "visit", "traveled": "visit",
    "visit": "visit", "visited": "visit", "visits": "visit", "trip": "visit",
    "hosted": "meeting", "hosts": "meeting", "host": "meeting", "received": "meeting",
}  # fmt: skip
KIND_WORDS = (
    ("summit", "summit"), ("visit", "visit"), ("visited", "visit"), ("trip", "visit"),
    ("talks", "talks"), ("negotiations", "talks"),
)  # fmt: skip
NEAR_DATE = 16
SOURCE_WORDS = frozenset({"report", "reports", "reported", "according", "interview"})
FRAMING_DATES = frozenset({"this year", "earlier this year", "last year", "next year"})
NEAR = 8  # tokens around the trigger where its parties and date are looked for
PAST_TRIGGERS = frozenset(
    {"met", "sat", "spoke", "talked", "hosted", "visited", "received", "phoned", "travelled",
     "traveled", "spent"}
)  # fmt: skip
PHONE_WORDS = frozenset({"phone", "telephone", "phoned", "call"})
VIDEO_WORDS = frozenset({"video"})
REACTIONS = frozenset({
    "criticism", "resistance", "opposition", "scepticism", "skepticism", "derision",
    "disapproval", "approval", "outrage", "anger", "silence", "protests", "protest",
    "condemnation", "reception", "response", "applause", "ridicule", "concern", "alarm",
    "dismay", "indifference", "hostility", "praise", "success", "failure",
})  # fmt: skip
STATUS_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("cancelled", ("called off", "cancelled", "canceled", "cancellation", "scrapped", "scrap")),
    ("postponed", ("postponed", "put off", "put on hold", "delayed", "pushed back", "shelved",
                   "postpone")),
    ("proposed", ("offered", "ready to", "proposed", "proposal", "willing to", "could take place",
                  "possible", "potential", "suggested", "invited", "open to", "could meet")),
    ("planned", ("agreed to", "agreed in principle", "will meet", "plans to", "planned",
                 "planning", "expected to", "scheduled", "would take place", "set to", "is to",
                 "are to", "preparations", "preparing", "upcoming", "will hold", "will take place",
                 "next week", "next month", "to hold", "set up", "being arranged", "arranging",
                 "start talks", "begin talks", "open talks")),
]  # fmt: skip
NEGATIONS = (
    "no plans", "never met", "not meet", "did not meet", "won't meet", "no meeting",
    "halted", "suspended", "broke off", "froze",
)  # fmt: skip
GROUP_REFERENCES = (
    "two presidents", "two leaders", "two men", "two ministers", "their presidents", "their",
)  # fmt: skip


_Known = tuple[list[Found], EventIndex | None]


def find_meetings(a: Analysis, events: EventIndex | None = None) -> list[Found]:
    """One meeting per clause that holds a trigger and at least two parties."""
    found: list[Found] = []
    for sent in a.sentences:
        for start, end in a.clauses(sent):
            if joins(a, start, end, found):
                continue
            item = _meeting_in_clause(a, sent, start, end, (found, events))
            if item is not None:
                found.append(item)
            follow_up(a, start, end, found, main=item)
    return found


def _meeting_in_clause(
    a: Analysis, sent: Span, start: int, end: int, known: _Known
) -> Found | None:
    triggers = [t.i for t in a.doc[start:end] if _is_trigger(a, t.i, end)]
    # "no plans for X to meet Y, and a meeting between ... was put off": skip negated triggers.
    triggers = [i for i in triggers if not _negated(a, max(start, i - 6), i + 2)]
    for k in range(len(triggers)):
        # "The visit followed talks in Florida, where X and Y met Z": the last trigger has them.
        item = _from_triggers(a, sent, start, end, triggers[k:], known)
        if item is not None:
            return item
    return None


def _from_triggers(
    a: Analysis, sent: Span, start: int, end: int, triggers: list[int], known: _Known
) -> Found | None:
    doc = a.doc
    lowered = " " + doc[start:end].text.lower() + " "
    review: list[str] = []
    edge = _right_edge(a, start, triggers[0], end)
    participants = _participants(a, start, edge, triggers)
    pronoun = _pronoun_party(a, sent, start, triggers[0], participants)
    if pronoun is not None:
        participants = [pronoun, *participants]
        review.append("a party inferred from a pronoun")
    group = next((g for g in GROUP_REFERENCES if f" {g} " in lowered), None)
    if group == "their" and "their" not in a.doc[triggers[0] - 3 : triggers[0]].text.lower():
        group = None  # "their" owns the meeting ("their phone call"), not "over their heads"
    people = [p for p in participants if a.actor_type(p) == "person"]
    if len(people) < 2 and group is not None:
        earlier = referents(a, start, group)
        if len(earlier) == 2 and set(people) <= set(earlier):
            participants = earlier[::-1]
            review.append(f"participants inferred from {group!r}: the two named just before")
    places = _places(a, start, end, triggers[0])
    kind = _kind(a, start, end)
    if len(participants) < 2 and places and kind in ("summit", "meeting", "talks"):
        named = next((f for f in reversed(known[0]) if _at(f, places[0], kind)), None)
        if named is not None:
            # "The Budapest summit ... has been postponed": news about one named before.
            near = doc[max(start, triggers[0] - 8) : min(end, triggers[0] + 16)].text.lower()
            change_status(a, named, _status(f" {near} ", []), a.char_span(start, end))
            return None
        participants = _by_place(known, places[0], kind)
        if participants:
            review.append(f"participants taken from the known {kind} in {places[0]}")
    if len(participants) < 2:
        return None
    trig = triggers[0]
    near = " " + doc[max(start, trig - 8) : min(end, trig + 16)].text.lower() + " "
    status = _held(a, triggers) or _status(near, [doc[i].lower_ for i in triggers])
    if status == "held" and not _held(a, triggers) and hypothetical(a, trig):
        return None
    fields: dict[str, object] = {"kind": kind, "status": status, "participants": participants}
    date = _date(a, max(start, trig - NEAR_DATE), min(end, trig + NEAR_DATE), trig)
    if status in ("postponed", "cancelled"):
        date = None  # a date beside a called-off meeting is when it was to be, not when it was
    if date is not None:
        fields["date"] = date.text
    place = places[0] if places else landmark_place(a, start, end) or capital_place(a, start, end)
    if place is not None:
        fields["place"] = place
    span = a.char_span(start, end)
    if status == "held" and doc[trig].lower_ in ("meet", "meeting", "summit", "talks", "visit"):
        review.append(f"status 'held' assumed from {doc[trig].text!r}; check tense")
    return Found("meetings", fields, [_trim(a.text, span)], review, anchor=trig)


def _is_trigger(a: Analysis, i: int, end: int) -> bool:
    tok = a.doc[i]
    word = tok.lower_
    if word in ("spoke", "spoken") and a.doc[i + 1 : i + 3].text.lower() in (
        "by phone",
        "by telephone",
    ):
        return True
    if word == "sat" and a.doc[i + 1 : i + 3].text.lower() in ("down with", "down for"):
        return True  # "X sat down with Y at the palace"
    if word in ("spoke", "spoken", "talked") and a.doc[i + 1 : i + 2].text.lower() in (
        "with",
        "to",
    ):
        return True  # "he recently spoke with Rubio": two parties are still required
    if word == "spent" and any(t.lower_ == "with" for t in a.doc[i + 1 : i + 9]):
        return True  # "Putin spent five hours with Witkoff": with two parties, a meeting
    if word not in TRIGGERS:
        return False
    nxt = a.doc[i + 1 : min(i + 3, end)]
    if word == "met" and len(nxt) and nxt[0].lower_ == "with":
        after = nxt[1] if len(nxt) > 1 else None
        if after is not None and (after.lower_ in REACTIONS or after.lower_ in ("a", "an")):
            return False  # "met with criticism", "met with a cool reception"
    if word == "call" and not (i > 0 and a.doc[i - 1].lower_ in PHONE_WORDS | VIDEO_WORDS):
        return False  # "called for", "a call to arms": only "phone call" or "video call"
    return not (word == "received" and not _followed_by_actor(a, i))


def _followed_by_actor(a: Analysis, i: int) -> bool:
    return any(m.actor and i < m.start <= i + 6 for m in a.mentions)


def _pronoun_party(
    a: Analysis, sent: Span, start: int, trigger: int, participants: list[str]
) -> str | None:
    """ "he recently spoke with Rubio": 'he' is the speaker of the sentence, else the last
    person named before."""
    people = [p for p in participants if a.actor_type(p) == "person"]
    if len(participants) != 1:
        return None
    if a.doc[trigger + 1 : trigger + 2].text.lower() in ("him", "her"):
        return reported_speaker(a, sent, trigger, people)
    window = list(a.doc[max(start, trigger - 4) : trigger])
    if trigger - start <= 6:
        window.append(a.doc[start])  # "He put off a planned trip to ...": the clause's subject
    if not any(t.lower_ in ("he", "she") for t in window):
        return None
    for m in a.actors_in(sent.start, start):
        if m.actor and a.actor_type(m.actor) == "person" and _says(a, m.end):
            return None if m.actor in people else m.actor
    earlier = [p for p in a.previous_persons(start, limit=3) if p not in people]
    return earlier[0] if earlier else None


def _says(a: Analysis, end: int) -> bool:
    return any(is_speech_verb(a.doc, t.i) for t in a.doc[end : end + 3])


def _participants(a: Analysis, start: int, end: int, triggers: list[int]) -> list[str]:
    """Actors of the clause; people if there are two or more, else states and bodies too."""
    actors: list[str] = []
    trigger = triggers[0]
    for m in a.actors_in(start, end):
        owned = a.doc[m.end + 1 : m.end + 3]
        if a.possessive(m.end) and not any(t.lower_ in TRIGGERS for t in owned):
            continue  # "Russia's former capital", "Trump's aide": not a party; "X's talks" is
        where = m.start > 0 and a.doc[m.start - 1].lower_ in ("in", "at", "to", "from")
        if m.actor is None or m.actor in actors or (m.place is not None and where):
            continue  # "in Moscow" is a place, not a party
        if _speaker_only(a, m.end) or _modifier(a, m.end):
            continue
        if min(_distance(a, t, m.start) for t in triggers) > NEAR:
            continue  # too far from any trigger to be one of its parties
        near = min(abs(m.start - trigger) - 2, _distance(a, trigger, m.start))
        if a.actor_type(m.actor) != "person" and near > 4:
            continue  # states and bodies only as parties right at the trigger
        actors.append(m.actor)
    people = [x for x in actors if a.actor_type(x) == "person"]
    return people if len(people) >= 2 else actors


def _date(a: Analysis, start: int, end: int, trigger: int) -> DateMention | None:
    """The date nearest the trigger, leaving out dates of the speech ("said on Sunday that")."""
    kept = []
    for d in a.dates:
        if not (start <= d.start and d.end <= end):
            continue
        around = {t.lower_ for t in a.doc[max(0, d.start - 4) : d.start]}
        around |= {t.lower_ for t in a.doc[d.end : d.end + 1]}
        if around & (SPEECH_VERBS | SOURCE_WORDS) or d.text.lower() in FRAMING_DATES:
            continue  # the date of the report, or a frame ("his fifth meeting this year")
        if in_aside(a, d.start, trigger):
            continue  # "Trump, who takes office on 20 January, said ...": another event's date
        kept.append(d)
    if not kept:
        return None
    return min(kept, key=lambda d: min(abs(d.start - trigger), abs(d.end - 1 - trigger)))


def _at(f: Found, place: str, kind: str) -> bool:
    return f.fields.get("place") == place and f.fields.get("kind") == kind


def _by_place(known: tuple[list[Found], EventIndex | None], place: str, kind: str) -> list[str]:
    """ "the Budapest summit": the parties of a meeting of that kind already known there."""
    found, events = known
    for f in reversed(found):
        if f.fields.get("place") == place and f.fields.get("kind") == kind:
            parties = f.fields["participants"]
            return [str(p) for p in parties] if isinstance(parties, list) else []
    for e in reversed(events.events if events else []):
        if e.place == place and e.kind == kind:
            return sorted(e.participants)
    return []


def _places(a: Analysis, start: int, end: int, trigger: int) -> list[str]:
    """Places of the clause: first those after 'in', 'at' or 'to' or right before a trigger
    ("the Budapest summit"); then other place names after the trigger, never a subject
    ("Washington postponed ...")."""
    strong: list[str] = []
    weak: list[str] = []
    for m in a.mentions_in(start, end):
        if m.place is None:
            continue
        where = m.start > 0 and a.doc[m.start - 1].lower_ in ("in", "at", "to")
        adjective = m.end < len(a.doc) and a.doc[m.end].lower_ in TRIGGERS
        if m.start > trigger and any(
            _is_trigger(a, t.i, end) for t in a.doc[trigger + 1 : m.start]
        ):
            continue  # "a call about the summit in Budapest": the place of the other meeting
        if where or adjective:
            strong.append(m.place)
        elif m.actor is None and m.start > trigger and _after_trigger(a, trigger, m.start):
            weak.append(m.place)
    return list(dict.fromkeys(strong + weak))


def _after_trigger(a: Analysis, trigger: int, i: int) -> bool:
    """A place name right after the trigger's object ("met Putin Moscow-side") — rare; only
    within three words of the trigger."""
    return i - trigger <= 3


def _negated(a: Analysis, start: int, end: int) -> bool:
    text = " " + a.doc[start:end].text.lower() + " "
    return any(n in text for n in NEGATIONS)


def _right_edge(a: Analysis, start: int, trigger: int, end: int) -> int:
    """The clause ends at the first comma after the first party named after the trigger
    ("X met Y in the Kremlin, two days before the deadline Z had set")."""
    named = [m for m in a.mentions if start <= m.start and m.end <= trigger and m.actor]
    after = [m for m in a.mentions if trigger < m.start < end and m.actor]
    if not after:
        return end
    # With both parties named before the trigger, the clause ends at the next comma.
    from_tok = trigger + 1 if len({m.actor for m in named[-2:]}) == 2 else after[0].end
    for tok in a.doc[from_tok:end]:
        if tok.text in (",", "—", "–", "("):
            return tok.i
    return end


def _distance(a: Analysis, i: int, j: int) -> int:
    """Words between two tokens, not counting names and titles (capitalised words)."""
    lo, hi = min(i, j), max(i, j)
    return sum(1 for t in a.doc[lo + 1 : hi] if t.is_alpha and not t.is_title and not t.is_upper)


def _speaker_only(a: Analysis, end: int) -> bool:
    """'X said ...' / 'X told reporters': the source, unless 'he', 'she', 'we' take up X."""
    verb = next((t for t in a.doc[end : end + 2] if is_speech_verb(a.doc, t.i)), None)
    if verb is None:
        return False
    after = {t.lower_ for t in a.doc[verb.i + 1 : verb.i + 7]}
    return not after & {"he", "she", "we", "i", "they"}


def _modifier(a: Analysis, end: int) -> bool:
    """'Kremlin aide Yuri Ushakov', "Trump's envoy Steve Witkoff": names a person's employer."""
    later = [m for m in a.mentions if end <= m.start <= end + 4 and m.actor]
    if not later or a.actor_type(later[0].actor or "") != "person":
        return False
    between = {t.lower_ for t in a.doc[end : later[0].start]}
    joined = between & {"and", ",", "with", "or"}
    return bool(between & TITLES) and not joined and not between & set(TRIGGERS)


def _kind(a: Analysis, start: int, end: int) -> str:
    words = {t.lower_ for t in a.doc[start:end]}
    if words & VIDEO_WORDS:
        return "video-call"
    if words & {"phone", "telephone", "phoned"}:
        return "phone-call"
    for word, kind in KIND_WORDS:
        if word in words:
            return kind
    return "meeting"


def _held(a: Analysis, triggers: list[int]) -> str | None:
    """A past-tense trigger ("met", "spoke by phone", "held talks") says held, unless a cue
    right before it says otherwise ("was expected to have met" is rare; "ready to meet" is not
    past tense)."""
    for i in triggers:
        word = a.doc[i].lower_
        before = a.doc[max(0, i - 3) : i].text.lower()
        if any(cue in before for _, cues in STATUS_CUES for cue in cues):
            continue
        if word in PAST_TRIGGERS or "held" in before.split():
            return "held"
    return None


def _status(lowered: str, triggers: list[str]) -> str:
    for status, cues in STATUS_CUES:
        if any(cue in lowered for cue in cues):
            return status
    if any(t in ("meet", "visit", "host") for t in triggers) and " to " in lowered:
        return "planned"
    return "held"


def _trim(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """Drop leading conjunctions and trailing punctuation from an evidence passage."""
    s, e = span
    for word in ("while ", "but ", "whereas ", "however, ", "and ", ", ", "; "):
        if text[s:e].lower().startswith(word):
            s += len(word)
    while e > s and text[e - 1] in ",;:.":
        e -= 1
    return (s, e)
