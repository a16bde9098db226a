"""Word cues of the sanctions rules: status and kind verbs, package numbers, legal acts.

A sentence about sanctions often reports more than one step ("adopted the
package three weeks after Slovakia blocked it"). The status is the cue closest
to the package, and a cue inside a subordinate clause ("after ...",
"because ...") counts only when the main clause has none: that is how a reader
tells the news from its background.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# (pattern, status, kind); the order breaks ties between cues at the same distance.
_CUES: list[tuple[str, str, str | None]] = [
    (r"failed to (?:agree|adopt|approve|pass|reach)", "failed", None),
    (r"could not (?:agree|adopt|approve)|no agreement", "failed", None),
    (r"without (?:agreeing|adopting|approving|a deal on)", "failed", None),
    (r"\bblock(?:ed|s|ing)\b|\bveto(?:ed|es)\b|\bstall(?:ed|s)\b", "failed", None),
    (r"\bheld up\b|\bholding up\b", "failed", None),
    (r"\blift(?:ed|s|ing)? (?:the |its |some |all |remaining )?(?:\w+ )?sanctions", "lifted", None),
    (r"sanctions (?:were|have been|had been|will be|are) (?:lifted|eased|removed)", "lifted", None),
    (r"\beas(?:ed|es|ing) (?:the |some |its )?sanctions", "lifted", None),
    (r"\bremov(?:ed|es) sanctions", "lifted", None),
    (r"\bdelist(?:ed|s|ing)?\b|removed from the (?:sanctions )?list", "adopted", "delisting"),
    (r"\brenew(?:ed|s|ing)?\b|\brol(?:led|ls|l) over\b", "extended", "renewal"),
    (r"\bextend(?:ed|s|ing)?\b|\bprolong(?:ed|s|ing)?\b|\bprolongation\b", "extended", "extension"),
    (r"\bwill (?:propose|present|unveil|put forward)\b|\bplan(?:s|ned)? to\b", "planned", None),
    (r"\bintends? to\b|\bnext (?:package|round)\b|\bis set to propose\b", "planned", None),
    (r"\bdrafting\b|\bdraft (?:package|proposal)\b|\bpreparing\b", "drafting", None),
    (r"\b(?:started|starts|begun|began|begins) work\b|\bworking on\b", "drafting", None),
    (r"\bunder ?way\b|\bin the works\b", "drafting", None),
    (r"\bpropos(?:ed|es|al|ing)\b|\bunveil(?:ed|s)\b", "proposed", None),
    (r"\bpresent(?:ed|s)\b|put forward", "proposed", None),
    (r"\bconsidering\b", "proposed", None),
    (r"\bdesignat(?:ed|es|ing)\b|\bblacklist(?:ed|s|ing)?\b", "adopted", "listing"),
    (r"\badded\b.{0,40}\bto (?:the|its) (?:sanctions )?list\b", "adopted", "listing"),
    (r"(?:took|takes) effect|(?:came|comes|entered|enters) into force", "in-force", None),
    (r"\badopt(?:ed|s)\b|\bapprov(?:ed|es)\b|\bimpos(?:ed|es)\b|\bagreed\b", "adopted", None),
    (r"\bintroduc(?:ed|es)\b|\bpassed\b|\bslapped\b|\bannounc(?:ed|es)\b", "adopted", None),
    (r"\btargeting\b|\bsigned off\b|\bsanctioned\b|\bfroze\b", "adopted", None),
]  # fmt: skip
CUES = [(re.compile(p, re.IGNORECASE), status, kind) for p, status, kind in _CUES]
SUBORDINATORS = re.compile(
    r"\b(?:after|before|since|because|while|whereas|although|though|when|once|following|"
    r"but|which)\b|;",
    re.IGNORECASE,
)
_ORDINAL_WORDS = [
    "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
    "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth",
    "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
]  # fmt: skip
ORDINALS = {w: i + 1 for i, w in enumerate(_ORDINAL_WORDS)}
_NUMBERED = re.compile(
    r"\b(\d{1,3})(?:st|nd|rd|th)\b|\b(" + "|".join(ORDINALS) + r")\b", re.IGNORECASE
)
PACKAGE_WORDS = ("package", "round", "tranche")
SANCTION_WORDS = ("sanction", "restrictive measures")
_EO = re.compile(r"\bExecutive Order(?: No\.?)? (\d{4,5})\b")
_EU_ACT = re.compile(r"\b(?:Council )?(?:Implementing )?Regulation \(EU\)(?: No\.?)? \d+/\d+")
_EU_DECISION = re.compile(r"\b(?:Council )?Decision \(CFSP\) \d+/\d+")


@dataclass(frozen=True)
class Cue:
    status: str
    kind: str | None
    start: int  # character offset in the sentence


@dataclass(frozen=True)
class Numbered:
    number: int
    start: int  # character offset of the ordinal in the sentence


def status_near(text: str, anchor: int) -> Cue | None:
    """The status cue closest to character ``anchor``, main clause first."""
    best: tuple[tuple[int, int, int], Cue] | None = None
    for order, (pattern, status, kind) in enumerate(CUES):
        for m in pattern.finditer(text):
            lo, hi = sorted((anchor, m.start()))
            subordinate = bool(SUBORDINATORS.search(text, lo, hi)) if hi > lo else False
            rank = (int(subordinate), abs(m.start() - anchor), order)
            if best is None or rank < best[0]:
                best = (rank, Cue(status, kind, m.start()))
    return best[1] if best else None


def package_numbers(text: str) -> list[Numbered]:
    """Ordinals followed closely by "package", "round" or "tranche" ("the 19th package")."""
    out = []
    for m in _NUMBERED.finditer(text):
        tail = text[m.end() : m.end() + 28].lower()
        if any(w in tail for w in PACKAGE_WORDS):
            number = int(m[1]) if m[1] else ORDINALS[m[2].lower()]
            out.append(Numbered(number, m.start()))
    return out


def in_main_clause(text: str, start: int) -> bool:
    """Whether no subordinating word stands between the clause start and ``start``.

    "Less than a month after the 19th package entered into force, the Commission
    started work on a 20th round": the 19th package is background.
    """
    clause_start = max(text.rfind(",", 0, start), text.rfind(";", 0, start), 0)
    return SUBORDINATORS.search(text, clause_start, start) is None


def legal_act(text: str) -> dict[str, str] | None:
    """The act a passage names: an Executive Order or an EU regulation or decision."""
    eo = _EO.search(text)
    if eo is not None:
        return {"label": f"Executive Order {eo[1]}", "identifier": f"E.O. {eo[1]}"}
    for pattern in (_EU_ACT, _EU_DECISION):
        m = pattern.search(text)
        if m is not None:
            return {"identifier": m[0]}
    return None
