"""Context of a meeting mention: who "him" is, asides that date something else, no tense.

Three small readings the meeting rules need around a trigger word:

* "Trump said that Putin wanted to meet him": the object pronoun is whoever said so;
* "Trump, who takes office on 20 January, said ...": a date inside a ", who ...," aside
  dates another event;
* "a meeting of the two presidents needed preparation": an indefinite noun without a
  tensed verb is talk about a meeting, not news of one.
"""

from __future__ import annotations

from spacy.tokens import Span

from loader.draft.analysis import Analysis
from loader.draft.lexicon import is_speech_verb


def reported_speaker(a: Analysis, sent: Span, trigger: int, people: list[str]) -> str | None:
    """ "Trump said that Putin wanted to meet him": 'him' is who said so."""
    verb = next((t.i for t in a.doc[sent.start : trigger] if is_speech_verb(a.doc, t.i)), None)
    if verb is None:
        return None
    subject = [m.actor for m in a.actors_in(sent.start, verb) if not a.possessive(m.end)]
    persons = [p for p in subject if p and a.actor_type(p) == "person" and p not in people]
    return persons[0] if persons else None


def in_aside(a: Analysis, i: int, trigger: int) -> bool:
    """Token ``i`` is in a ", who/which ...," aside that does not hold the trigger."""
    opener = next((t for t in reversed(a.doc[max(0, i - 8) : i]) if t.text == ","), None)
    if opener is None or a.doc[opener.i + 1].lower_ not in ("who", "which", "whose"):
        return False
    closer = next((t.i for t in a.doc[i : i + 8] if t.text == ","), i + 8)
    return not opener.i < trigger < closer


def hypothetical(a: Analysis, i: int) -> bool:
    """ "a meeting of the two presidents needed preparation": an indefinite noun, no tense."""
    return a.doc[i].lower_ in ("meeting", "summit") and a.doc[i - 1 : i].text.lower() in ("a", "an")
