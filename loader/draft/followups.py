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
        if set(before) & FURTHER:
            _further(a, tok.i, before, found, start)
        elif main is None and set(before) & DEFINITE:
            _change(a, tok.i, start, end, found)


def _last(found: list[Found]) -> Found | None:
    return next((f for f in reversed(found) if f.fields.get("kind") not in CALLS), None)


def _further(a: Analysis, i: int, before: list[str], found: list[Found], start: int) -> None:
    last = _last(found)
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
    if status is None or last is None or last.fields.get("status") == status:
        return
    last.fields["status"] = status
    last.spans.append(a.char_span(start, end))
    last.review.append(f"status set to {status!r} by a later sentence about the same meeting")
