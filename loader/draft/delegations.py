"""Delegations named twice: "U.S. and Russian officials met ..." then who sat at the table.

Reporters open with the sides ("Senior U.S. and Russian officials met in the
Saudi capital yesterday") and name the people in the next sentence ("Rubio,
Waltz and Witkoff sat down with Lavrov and Ushakov"). Both passages are one
meeting: the people are its parties, and the date and place the opening
sentence gave are its date and place. People are matched to sides by the
state their gazetteer role is held for.
"""

from __future__ import annotations

from loader.draft.analysis import Analysis, Found

MAX_GAP = 600  # characters between the two passages


def merge_delegations(a: Analysis, items: list[Found]) -> None:
    """Fold a meeting between states into the meeting of their people that follows it."""
    for sides in list(items):
        parties = _parties(sides)
        if len(parties) < 2 or any(a.actor_type(p) != "state" for p in parties):
            continue
        later = items[items.index(sides) + 1 : items.index(sides) + 3]
        people = next((f for f in later if _people_of(a, sides, f, parties)), None)
        if people is None:
            continue
        for key in ("date", "place"):
            if key in sides.fields and key not in people.fields:
                people.fields[key] = sides.fields[key]
        if people.fields.get("kind") == "meeting":
            people.fields["kind"] = sides.fields["kind"]
        people.spans[:0] = sides.spans
        people.review.append("one meeting: the sides named first, their people after")
        items.remove(sides)


def _parties(f: Found) -> list[str]:
    parties = f.fields["participants"]
    return [str(p) for p in parties] if isinstance(parties, list) else []


def _people_of(a: Analysis, sides: Found, f: Found, states: list[str]) -> bool:
    people = _parties(f)
    if f.fields["status"] != sides.fields["status"] or len(people) < 2:
        return False
    if f.spans[0][0] - sides.spans[-1][1] > MAX_GAP:
        return False
    if any(a.actor_type(p) != "person" for p in people):
        return False
    sides_of = [_states(a, p) & set(states) for p in people]
    return all(sides_of) and set().union(*sides_of) == set(states)


def _states(a: Analysis, person: str) -> set[str]:
    """The states the person holds or held a role for (a role that ended still names a side)."""
    return {r.of for r in a.gaz.actors[person].roles if r.of}
