"""Sanctions packages: "the 19th package", "sanctions on Rosneft and Lukoil", issuer, status.

A sentence yields a package when it names a numbered package, or sanctions on
named targets together with an issuer (a state, an international
organisation or a government body) and a verb that says what happened. A
designation ("the Treasury designated Rosneft") is a listing even without
the word "sanctions". Besides status and kind, a package gets the date it
is expected ("ambassadors will try again next week"), the end of its
validity ("until 31 January 2026") and the legal act it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span

from loader.draft.analysis import Analysis, Found
from loader.draft.issuers import acting_body, administration
from loader.draft.sanction_cues import (
    PACKAGE_WORDS,
    SANCTION_WORDS,
    Cue,
    in_main_clause,
    legal_act,
    package_numbers,
    status_near,
)
from loader.draft.sanction_dates import expected_date, valid_until

ISSUER_TYPES = frozenset({"state", "international-organization", "government-body"})
TARGET_WORDS = frozenset({"on", "against", "targeting", "targets", "hitting", "including"})
LISTING_VERBS = frozenset({"designated", "designates", "blacklisted", "blacklists", "sanctioned"})
BREAK_WORDS = frozenset(
    {"while", "but", "which", "after", "since", "because", "when", "as", "following", "amid",
     "under"}
)  # fmt: skip
SAID = frozenset({"said", "says", "told", "added", "according", "reported", "announced"})
DETERMINERS = frozenset({"its", "their", "the", "a", "an", "his", "her", "this", "that"})
NOT_YET = frozenset({"planned", "drafting", "proposed", "failed"})
MEASURES = re.compile(r"\bmeasures (?:against|on|targeting)\b", re.IGNORECASE)
SAME = re.compile(r"\bthe same (?:\w+ )?(?:companies|firms|entities|banks|targets|individuals)\b")
GROUP = re.compile(
    r"\b(\d[\d,]*|dozens of|hundreds of) (?:more |further |additional |new |other )?"
    r"(vessels|tankers|ships|entities|individuals|companies|banks|firms|subsidiaries)\b",
    re.IGNORECASE,
)


def find_sanctions(a: Analysis) -> list[Found]:
    """Packages by sentence, merged when the same issuer and number come up again."""
    found: list[Found] = []
    for n, sent in enumerate(a.sentences):
        item = _in_sentence(a, sent, found[-1] if found else None) or _designation(a, sent)
        if item is None:
            continue
        _dates(a, item, a.sentences[n:])
        same = next((f for f in found if _same(f, item)), None)
        if same is None:
            found.append(item)
            continue
        same.spans.extend(item.spans)
        targets = list(same.fields.get("targets", []))  # type: ignore[call-overload]
        for t in item.fields.get("targets", []):  # type: ignore[attr-defined]
            if t not in targets:
                targets.append(t)
        if targets:
            same.fields["targets"] = targets
        for key in ("expected", "in_force_until", "legal_act"):
            if key in item.fields and key not in same.fields:
                same.fields[key] = item.fields[key]
    acting_body(a, found)
    return [_ordered(f) for f in found]


def _same(a: Found, b: Found) -> bool:
    if a.fields["issuer"] != b.fields["issuer"]:
        return False
    if "number" in a.fields or "number" in b.fields:
        return a.fields.get("number") == b.fields.get("number")
    named = [{t for t in f.fields.get("targets", []) if isinstance(t, str)} for f in (a, b)]  # type: ignore[attr-defined]
    return bool(named[0] & named[1])


def _in_sentence(a: Analysis, sent: Span, last: Found | None) -> Found | None:
    text = sent.text
    lowered = text.lower()
    numbers = package_numbers(text)
    review: list[str] = []
    measures = bool(MEASURES.search(text)) and "sanction" in a.text.lower()
    if not measures and not any(w in lowered for w in SANCTION_WORDS):
        # "work on an 18th package was under way", in an article about sanctions
        numbers = [n for n in numbers if "package" in lowered[n.start : n.start + 24]]
        if not numbers or "sanction" not in a.text.lower():
            return None
        review.append("a numbered package in a sentence without 'sanctions'")
    main = [n for n in numbers if in_main_clause(text, n.start)]
    numbered = (main or numbers)[0] if numbers else None
    packaged = any(w in lowered for w in PACKAGE_WORDS)
    word_at = next((t.i for t in sent if _sanction_word(a, t.i)), None)
    if numbered is not None:
        anchor = numbered.start
    elif word_at is not None:
        anchor = a.doc[word_at].idx - sent.start_char
    else:
        return None
    anchor_tok = _token_at(sent, anchor)
    word_at = anchor_tok if word_at is None else word_at
    actors = [administration(a, m) for m in a.actors_in(sent.start, sent.end, cities=True)]
    issuers = [m for m in actors if m.actor and a.actor_type(m.actor) in ISSUER_TYPES]
    issuer_before = [m for m in issuers if m.start < anchor_tok and not a.possessive(m.end)]
    issuer_before = issuer_before or [m for m in issuers if m.start < anchor_tok]
    issuer = issuer_before[0].actor if issuer_before else None
    if issuer_before and issuer_before[0].place is not None:
        review.append(
            f"issuer read as the state of {issuer_before[0].text!r}; "
            "name the body that imposed them if the article says"
        )
    targets: list[object] = [*_targets(a, sent, word_at, issuer), *_groups(a, sent, word_at)]
    named = [t for t in targets if isinstance(t, str)]
    if not named and last is not None and SAME.search(text):
        earlier = last.fields.get("targets", [])
        targets = [t for t in earlier if isinstance(t, str)] + targets  # type: ignore[attr-defined]
        review.append("targets taken from the package named before ('the same ...')")
    number = numbered.number if numbered else None
    if number is None and not (packaged or targets):
        return None
    if issuer is None:
        if number is None:
            return None
        issuer = _issuer_nearby(a, sent)
        if issuer is None:
            return None
        review.append("issuer taken from the organisation named nearest")
    cue = status_near(text, anchor)
    if cue is None:
        return None
    return _found(a, sent, issuer, number, targets, cue, anchor_tok, review)


def _designation(a: Analysis, sent: Span) -> Found | None:
    """ "The Treasury on Wednesday designated Rosneft and Lukoil": a listing without "sanctions"."""
    verb = next((t for t in sent if t.lower_ in LISTING_VERBS and t.i > sent.start), None)
    if verb is None:
        return None
    before = [
        m
        for m in a.actors_in(sent.start, verb.i, cities=True)
        if m.actor and a.actor_type(m.actor) in ISSUER_TYPES and not a.possessive(m.end)
    ]
    if not before or verb.i - before[-1].end > 5:
        return None
    issuer = before[-1].actor
    assert issuer is not None
    end = _target_end(a, verb.i + 1, sent.end)
    targets = _actors_between(a, verb.i + 1, end, issuer)
    first = next((m for m in a.actors_in(verb.i + 1, end) if m.actor in targets), None)
    if not targets or first is None or first.start - verb.i > 4:
        return None
    cue = Cue("adopted", "listing", verb.idx - sent.start_char)
    review = ["listing read from the verb; check whether it belongs to a wider package"]
    return _found(a, sent, issuer, None, targets, cue, verb.i, review)


def _found(
    a: Analysis,
    sent: Span,
    issuer: str,
    number: int | None,
    targets: Sequence[object],
    cue: Cue,
    anchor: int,
    review: list[str],
) -> Found:
    fields: dict[str, object] = {"issuer": issuer}
    if number is not None:
        fields["number"] = number
    if cue.kind is not None and number is None:
        fields["kind"] = cue.kind
    if targets:
        fields["targets"] = list(targets)
    fields["status"] = cue.status
    date = a.nearest_date(sent.start, said_tail(a, sent.start, sent.end), anchor)
    if date is not None and a.published is not None:
        when = a.resolve(date.text)
        if cue.status not in NOT_YET or (when is not None and when[1] <= a.published):
            fields["date"] = date.text
    act = legal_act(sent.text)
    if act is not None:
        fields["legal_act"] = act
    return Found("sanctions", fields, [a.char_span(sent.start, sent.end)], review, anchor=anchor)


def _dates(a: Analysis, item: Found, sentences: list[Span]) -> None:
    """`expected` for a package not yet adopted; `in_force_until` for any."""
    if item.fields["status"] in NOT_YET and "expected" not in item.fields:
        hit = expected_date(a, sentences)
        if hit is not None:
            item.fields["expected"] = hit[0]
            if hit[1] not in item.spans:
                item.spans.append(hit[1])
            item.review.append("expected date read from a later sentence; check it is this step")
    if "in_force_until" not in item.fields:
        until = valid_until(a, sentences)
        if until is not None:
            item.fields["in_force_until"] = until[0]
            if until[1] not in item.spans:
                item.spans.append(until[1])


def _ordered(f: Found) -> Found:
    """Fields in the order of the annotation format, which reviewers read top down."""
    order = ("issuer", "number", "kind", "targets", "status", "date", "expected")
    rest = ("in_force_until", "legal_act")
    f.fields = {k: f.fields[k] for k in (*order, *rest) if k in f.fields}
    return f


def _groups(a: Analysis, sent: Span, word_at: int) -> list[object]:
    """ "against 100 more tankers": targets counted, not named (number words left as said)."""
    tail = a.doc[word_at : sent.end].text
    out: list[object] = []
    for m in GROUP.finditer(tail):
        count = m[1].replace(",", "")
        group: dict[str, object] = {"description": m[2].lower()}
        if count.isdigit() and 0 < int(count) <= 1_000_000:
            group = {"count": int(count), **group}
        else:
            group["description"] = f"{m[1]} {m[2]}".lower()
        out.append(group)
    return out


def _sanction_word(a: Analysis, i: int) -> bool:
    """ "sanctions", "restrictive measures", or "measures against" in an article on sanctions."""
    tok = a.doc[i]
    if tok.lower_ != "measures":
        return tok.lower_.startswith("sanction")
    before = a.doc[i - 1].lower_ if i > 0 else ""
    after = a.doc[i + 1].lower_ if i + 1 < len(a.doc) else ""
    return before == "restrictive" or after in ("against", "on", "targeting")


def _token_at(sent: Span, offset: int) -> int:
    char = sent.start_char + offset
    return next((t.i for t in sent if t.idx >= char), sent.end - 1)


def _targets(a: Analysis, sent: Span, word_at: int, issuer: str | None) -> list[str]:
    """Actors after 'on', 'against' or 'targeting' that follow the word 'sanctions'."""
    start = next(
        (t.i for t in a.doc[word_at : sent.end] if t.lower_ in TARGET_WORDS),
        None,
    )
    if start is None:
        return []
    return _actors_between(a, start + 1, _target_end(a, start + 1, sent.end), issuer)


def _target_end(a: Analysis, start: int, end: int) -> int:
    """Where a list of targets stops: a new clause, or an aside such as ", its first ..."."""
    for tok in a.doc[start:end]:
        if tok.text in (";", "—", "–") or tok.lower_ in BREAK_WORDS:
            return tok.i
        after_comma = tok.i > start and a.doc[tok.i - 1].text == ","
        if after_comma and (tok.lower_ in DETERMINERS or _participle(tok.text)):
            return tok.i
    return min(end, said_tail(a, start, end))


def said_tail(a: Analysis, start: int, end: int) -> int:
    """Start of a closing attribution (", EU officials said on Friday"), else ``end``."""
    for tok in a.doc[start:end]:
        if tok.text != ",":
            continue
        tail = a.doc[tok.i + 1 : end]
        if len(tail) <= 10 and any(t.lower_ in SAID for t in tail[:6]):
            return tok.i
    return end


def _participle(word: str) -> bool:
    """ "..., freezing their assets": an -ing word opening an aside, not a target name."""
    return word.islower() and word.endswith("ing") and len(word) > 5 and word not in TARGET_WORDS


def _actors_between(a: Analysis, start: int, end: int, issuer: str | None) -> list[str]:
    out: list[str] = []
    for m in a.actors_in(start, end):
        if a.possessive(m.end):
            continue  # "Russia's two largest oil companies": the companies are the targets
        if m.actor and m.actor != issuer and m.actor not in out:
            out.append(m.actor)
    return out


def _issuer_nearby(a: Analysis, sent: Span) -> str | None:
    """An international organisation named in the sentence, else the last one named before."""
    inside = [m for m in a.actors_in(sent.start, sent.end) if m.actor]
    for m in inside + list(reversed([m for m in a.mentions if m.end <= sent.start])):
        if m.actor and a.actor_type(m.actor) == "international-organization":
            return m.actor
    return None
