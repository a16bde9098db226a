"""Sanctions packages: "the 19th package", "sanctions on Rosneft and Lukoil", issuer, status.

A sentence yields a package when it names a numbered package, or sanctions on
named targets together with an issuer (a state, an international
organisation or a government body) and a verb that says what happened.
"""

from __future__ import annotations

import re

from spacy.tokens import Span

from loader.draft.analysis import Analysis, Found

ISSUER_TYPES = frozenset({"state", "international-organization", "government-body"})
STATUS_CUES: list[tuple[str, tuple[str, ...]]] = [
    ("extended", ("extended", "renewed", "rolled over", "prolonged")),
    ("lifted", ("lifted", "eased sanctions", "removed sanctions")),
    ("failed", ("failed to agree", "failed to adopt", "blocked", "vetoed", "could not agree",
                "failed to approve")),
    ("proposed", ("proposed", "proposal", "unveiled", "presented", "put forward", "drafting",
                  "preparing", "draft", "will propose", "is working on", "considering")),
    ("adopted", ("adopted", "approved", "imposed", "agreed", "introduced", "passed", "slapped",
                 "announced", "targeting", "took effect", "came into force", "imposes", "adopts",
                 "designated", "blacklisted", "added to the sanctions list")),
]  # fmt: skip
ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_NUMBERED = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(ORDINALS) + r")\b", re.IGNORECASE
)
PACKAGE_WORDS = ("package", "round of sanctions", "tranche")


def find_sanctions(a: Analysis) -> list[Found]:
    """Packages by sentence, merged when the same issuer and number come up again."""
    found: list[Found] = []
    for sent in a.sentences:
        item = _in_sentence(a, sent)
        if item is None:
            continue
        same = next((f for f in found if _same(f, item)), None)
        if same is None:
            found.append(item)
        else:
            same.spans.extend(item.spans)
            targets = list(same.fields.get("targets", []))  # type: ignore[call-overload]
            for t in item.fields.get("targets", []):  # type: ignore[attr-defined]
                if t not in targets:
                    targets.append(t)
            if targets:
                same.fields["targets"] = targets
    return found


def _same(a: Found, b: Found) -> bool:
    if a.fields["issuer"] != b.fields["issuer"]:
        return False
    if "number" in a.fields or "number" in b.fields:
        return a.fields.get("number") == b.fields.get("number")
    return bool(set(a.fields.get("targets", [])) & set(b.fields.get("targets", [])))  # type: ignore[call-overload]


def _in_sentence(a: Analysis, sent: Span) -> Found | None:
    text = sent.text
    lowered = text.lower()
    if "sanction" not in lowered:
        return None
    number = _number(lowered)
    packaged = any(w in lowered for w in PACKAGE_WORDS)
    actors = a.actors_in(sent.start, sent.end, cities=True)  # "Washington imposed ..."
    sanction_at = next(t.i for t in sent if t.lower_.startswith("sanction"))
    issuers = [m for m in actors if m.actor and a.actor_type(m.actor) in ISSUER_TYPES]
    review: list[str] = []
    issuer_before = [m for m in issuers if m.start < sanction_at]
    issuer = issuer_before[0].actor if issuer_before else None
    if issuer_before and issuer_before[0].place is not None:
        review.append(
            f"issuer read as the state of {issuer_before[0].text!r}; "
            "name the body that imposed them if the article says"
        )
    targets = _targets(a, sent, sanction_at, issuer)
    if number is None and not (packaged or targets):
        return None
    if issuer is None:
        if number is None:
            return None
        issuer = _issuer_nearby(a, sent)
        if issuer is None:
            return None
        review.append("issuer taken from the organisation named nearest before")
    status = _status(lowered)
    if status is None:
        return None
    fields: dict[str, object] = {"issuer": issuer}
    if number is not None:
        fields["number"] = number
    if targets:
        fields["targets"] = targets
    fields["status"] = status
    date = a.nearest_date(sent.start, sent.end, sanction_at)
    if date is not None:
        fields["date"] = date.text
    span = a.char_span(sent.start, sent.end)
    return Found("sanctions", fields, [span], review)


def _number(lowered: str) -> int | None:
    for m in _NUMBERED.finditer(lowered):
        tail = lowered[m.end() : m.end() + 28]
        if any(w in tail for w in ("package", "round", "tranche")):
            return int(m[1]) if m[1] else ORDINALS[m[2].lower()]
    return None


def _targets(a: Analysis, sent: Span, sanction_at: int, issuer: str | None) -> list[str]:
    """Actors after 'on', 'against' or 'targeting' that follow the word 'sanctions'."""
    out: list[str] = []
    started = False
    for tok in a.doc[sanction_at : sent.end]:
        if tok.lower_ in ("on", "against", "targeting", "targets", "hitting", "including"):
            started = True
        if tok.text in (";",) or tok.lower_ in ("while", "but", "which", "after"):
            break
    if not started:
        return out
    for m in a.actors_in(sanction_at, sent.end):
        if a.possessive(m.end):
            continue  # "Russia's two largest oil companies": the companies are the targets
        if m.actor and m.actor != issuer and m.actor not in out:
            out.append(m.actor)
    return out


def _issuer_nearby(a: Analysis, sent: Span) -> str | None:
    for m in reversed([m for m in a.mentions if m.end <= sent.end]):
        if m.actor and a.actor_type(m.actor) == "international-organization":
            return m.actor
    return None


def _status(lowered: str) -> str | None:
    for status, cues in STATUS_CUES:
        if any(c in lowered for c in cues):
            return status
    return None
