"""Seats of power as meeting places: "in the Kremlin" is in Moscow.

News names the building rather than the city ("received Witkoff in the
Kremlin", "talks at the White House"). The building stands in one city for
good, so the meeting place is that city when the gazetteer has it (matched
by its name or an alias); a gazetteer without the city gets no place.
"""

from __future__ import annotations

import re

from loader.draft.analysis import Analysis
from loader.draft.nlp import DEMONYMS
from loader.draft.text import DATELINE

LANDMARKS: dict[tuple[str, ...], str] = {
    ("kremlin",): "moscow",
    ("white", "house"): "washington",
    ("oval", "office"): "washington",
    ("élysée",): "paris",
    ("elysee",): "paris",
    ("downing", "street"): "london",
    ("zhongnanhai",): "beijing",
    ("bankova",): "kyiv",
    ("mariinsky", "palace"): "kyiv",
    ("berlaymont",): "brussels",
    ("quirinale",): "rome",
    ("palazzo", "chigi"): "rome",
}
LOCATIVE = frozenset({"in", "at", "inside", "to"})


def landmark_place(a: Analysis, start: int, end: int) -> str | None:
    """The gazetteer place of the first seat of power named with 'in/at (the)' in [start, end)."""
    words = [t.lower_ for t in a.doc[start:end]]
    for i in range(len(words)):
        for key, city in LANDMARKS.items():
            if tuple(words[i : i + len(key)]) != key:
                continue
            before = words[max(0, i - 2) : i]
            if not before or not (before[-1] in LOCATIVE or before[0] in LOCATIVE):
                continue
            place = _city(a, city)
            if place is not None:
                return place
    return None


def _city(a: Analysis, name: str) -> str | None:
    for place in a.gaz.places.values():
        names = [place.name, *place.aliases]
        if any(n.lower().split(",")[0] == name for n in names):
            return place.id
    return None


def capital_place(a: Analysis, start: int, end: int) -> str | None:
    """ "met in the Saudi capital" under a "RIYADH —" dateline: the dateline's city.

    Reporters name the capital by its country and let the dateline say which city it
    is; without a dateline, or with one in another country, no place is guessed.
    """
    words = [t.text for t in a.doc[start:end]]
    lowered = [w.lower() for w in words]
    if "capital" not in lowered:
        return None
    i = lowered.index("capital")
    place_id = dateline_place(a)
    if place_id is None or i == 0:
        return None
    qualifier = words[i - 1]
    if qualifier.lower() in ("the", "its", "their"):
        return place_id
    country = a.gaz.actors.get(a.gaz.places[place_id].country or "")
    if country is not None and qualifier in (country.name, DEMONYMS.get(country.name)):
        return place_id
    return None


def dateline_place(a: Analysis) -> str | None:
    """The gazetteer place a dateline ("MOSCOW, Dec 3 -", "RIYADH —") names, if any."""
    for line in a.text.splitlines()[:12]:
        m = DATELINE.match(line.strip())
        if m is None:
            continue
        city = re.split(r"[,(\-–—]", m.group())[0].strip().lower()
        for place in a.gaz.places.values():
            if any(n.lower().split(",")[0] == city for n in [place.name, *place.aliases]):
                return place.id
    return None
