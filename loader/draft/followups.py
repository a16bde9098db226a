"""Meetings that continue across sentences: "a new summit", "the meeting was cancelled".

Reporters name the parties of a meeting once and then refer back to it. Two
rules follow them, both leaving a ``review`` note:

* "a possible new summit" / "another meeting" with no parties of its own is a
  further meeting of the parties of the last meeting named before;
* "the meeting" / "the summit" with no parties of its own and a cancel or
  postpone cue changes the status of the last meeting named before, and adds
  the passage to its evidence.
"""

from __future__ import annotations

from loader.draft.analysis import Analysis, Found

NOUNS = frozenset({"summit", "meeting", "talks"})
FURTHER = frozenset({"new", "another", "next", "second", "further"})
DEFINITE = frozenset({"the", "this", "that"})
JOIN_CUES = (
    "who took part", "who also attended", "also attended", "also took part",
    "sat with", "joined by", "accompanied by", "flanked by", "were also present",
)  # fmt: skip
GROUPS = ("their presidents", "the two presidents", "the two leaders")
MODIFIERS = frozenset(
    {"possible", "potential", "proposed", "planned", "presidential", "face-to-face", "bilateral"}
)
CALLS = frozenset({"phone-call", "video-call"})
TENTATIVE = {"possible": "proposed", "potential": "proposed", "proposed": "proposed"}
CHANGES = (
    ("cancelled", ("cancel", "called off", "scrapped", "scrap")),
    ("postponed", ("postpone", "put off", "put on hold", "delayed", "pushed back")),
)


def follow_up(a: Analysis, start: int, end: int, found: list[Found], *, main: Found | None) -> None:
    """Add or update meetings from back references in the clause [start, end)."""
    for tok in a.doc[start:end]:
        if tok.lower_ not in NOUNS or (main is not None and tok.i == main.anchor):
            continue
        before = [t.lower_ for t in a.doc[max(start, tok.i - 3) : tok.i]]
        after = a.doc[tok.i + 1 : tok.i + 4].text.lower()
        group = next((g for g in GROUPS if after.endswith(g) or f"{g} " in f"{after} "), None)
        if _modifies(before, FURTHER):
            earlier = [f for f in found if f is not main]
            _further(a, tok.i, before, earlier, start, found)
        elif group is not None and main is not None:
            _between(a, tok.i, start, group, found)
        elif main is None and set(before) & DEFINITE:
            _change(a, tok.i, start, end, found)


def referents(a: Analysis, before: int, group: str) -> list[str]:
    """The two people "the two presidents" (or "their") most likely means, nearest first."""
    role = group.split()[-1].rstrip("s") if " " in group else ""
    people = a.previous_persons(before, limit=8)
    if role not in ("president", "minister", "leader"):
        return people[:2]
    heads = ("president", "prime", "chancellor", "king") if role == "leader" else (role,)
    titled = [p for p in people if _heads(a, p) & set(heads)]
    if len(titled) >= 2 or group != "their presidents":
        return titled[:2]
    # "their presidents" after two ministers: the heads of the ministers' states.
    return _presidents_of(a, people[:2])


def _heads(a: Analysis, person: str) -> set[str]:
    """First words of a person's role titles ("president" for "President of Russia")."""
    return {r.title.split()[0].lower() for r in a.gaz.actors[person].roles}


def _presidents_of(a: Analysis, people: list[str]) -> list[str]:
    states = {r.of for p in people for r in a.gaz.actors[p].roles if r.of}
    out = []
    for actor in a.gaz.actors.values():
        for r in actor.roles:
            current = r.end is None
            if current and r.of in states and r.title.lower().startswith("president"):
                out.append(actor.id)
                break
    return out if len(out) == 2 else []


def joins(a: Analysis, start: int, end: int, found: list[Found]) -> bool:
    """ "Ushakov, who also attended, ..." / "Rubio sat with Trump, while Putin was joined by
    Lavrov": more parties of the last meeting named (within a few sentences)."""
    text = " " + a.doc[start:end].text.lower() + " "
    if not found or not any(cue in text for cue in JOIN_CUES):
        return False
    last = found[-1]
    if a.doc[start].idx - max(e for _, e in last.spans) > 800:
        return False
    parties = list(last.fields["participants"])  # type: ignore[call-overload]
    people = [
        m.actor
        for m in a.actors_in(start, end)
        if m.actor and a.actor_type(m.actor) == "person" and not a.possessive(m.end)
    ]
    attended = any(cue in text for cue in JOIN_CUES[:4])
    if not people or not (attended or set(people) & set(parties)):
        return False
    added = [p for p in dict.fromkeys(people) if p not in parties]
    if added:
        last.fields["participants"] = parties + added
        last.spans.append(a.char_span(start, end))
        last.review.append("parties added from a later sentence: " + ", ".join(added))
    return True


def _modifies(before: list[str], words: frozenset[str]) -> bool:
    """A word of ``words`` right before the noun, or with only modifiers in between."""
    for word in reversed(before):
        if word in words:
            return True
        if word not in MODIFIERS:
            return False
    return False


def _between(a: Analysis, i: int, start: int, group: str, found: list[Found]) -> None:
    """ "a summit between their presidents" in a clause about someone else's phone call."""
    parties = referents(a, i, group)
    if len(parties) != 2:
        return
    window = a.doc[max(start, i - 5) : i + 1].text.lower()
    status = "planned" if any(w in window for w in ("prepar", "plan", "agreed")) else "proposed"
    fields: dict[str, object] = {"kind": a.doc[i].lower_, "status": status, "participants": parties}
    place = next(
        (m.place for m in a.mentions if m.place and i < m.start <= i + 8 and _after_in(a, m.start)),
        None,
    )
    if place is not None:
        fields["place"] = place
    found.append(
        Found(
            "meetings",
            fields,
            [a.char_span(max(start, i - 1), i + 4)],
            [f"parties inferred from {group!r}; status from the words before"],
            anchor=i,
        )
    )


def _after_in(a: Analysis, i: int) -> bool:
    return i > 0 and a.doc[i - 1].lower_ in ("in", "at")


def _last(found: list[Found]) -> Found | None:
    return next((f for f in reversed(found) if f.fields.get("kind") not in CALLS), None)


def _further(
    a: Analysis, i: int, before: list[str], earlier: list[Found], start: int, found: list[Found]
) -> None:
    last = _last(earlier)
    if last is None:
        return
    status = next((TENTATIVE[w] for w in before if w in TENTATIVE), "planned")
    s = next(t.i for t in a.doc[max(start, i - 3) : i + 1] if t.lower_ in FURTHER | set(TENTATIVE))
    kind = a.doc[i].lower_
    found.append(
        Found(
            "meetings",
            {
                "kind": "talks" if kind == "talks" else kind,
                "status": status,
                "participants": list(last.fields["participants"]),  # type: ignore[call-overload]
            },
            [a.char_span(s, i + 1)],
            ["parties taken from the meeting named before; check who takes part"],
            anchor=i,
        )
    )


def _change(a: Analysis, i: int, start: int, end: int, found: list[Found]) -> None:
    window = a.doc[max(start, i - 6) : min(end, i + 6)].text.lower()
    status = next((s for s, cues in CHANGES if any(c in window for c in cues)), None)
    last = _last(found)
    if status is not None and last is not None:
        change_status(a, last, status, a.char_span(start, end))


def change_status(a: Analysis, item: Found, status: str, span: tuple[int, int]) -> None:
    """A later passage about a meeting already drafted: its evidence, and any new status."""
    if span not in item.spans:
        item.spans.append(span)
    if status in ("cancelled", "postponed") and item.fields.get("status") != status:
        item.fields["status"] = status
        item.review.append(f"status set to {status!r} by a later sentence about the same meeting")
