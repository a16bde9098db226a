"""Word lists of the statement rules: verbs of saying, titles, pronouns, function words."""

from __future__ import annotations

from spacy.tokens import Doc

SPEECH_VERBS = frozenset(
    [
        "said",
        "says",
        "say",
        "told",
        "tells",
        "stated",
        "noted",
        "added",
        "described",
        "answered",
        "expressed",
        "condemned",
        "characterized",
        "characterised",
        "assert",
        "maintains",
        "pledged",
        "pointed",
        "describes",
        "suggested",
        "welcomed",
        "voiced",
        "called",
        "warned",
        "warns",
        "claimed",
        "emphasized",
        "emphasised",
        "emphasizes",
        "emphasises",
        "stressed",
        "stresses",
        "insisted",
        "insists",
        "argued",
        "argues",
        "accused",
        "accuses",
        "criticized",
        "criticised",
        "criticizes",
        "blamed",
        "blames",
        "dismissed",
        "dismisses",
        "denied",
        "denies",
        "remarked",
        "highlighted",
        "highlights",
        "asserted",
        "asserts",
        "urged",
        "urges",
        "rejected",
        "rejects",
        "denounced",
        "denounces",
        "blasted",
        "confirmed",
        "confirms",
        "explained",
        "explains",
        "declared",
        "declares",
        "acknowledged",
        "acknowledged",
        "admitted",
        "admits",
        "cautioned",
        "wrote",
        "replied",
        "responded",
        "reiterated",
        "reiterates",
    ]
)
CALLED_NOT = frozenset({"off", "for", "on", "in", "up", "back"})
PRONOUNS = frozenset({"he", "she"})
TITLES = frozenset(
    [
        "minister",
        "fm",
        "president",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "envoy",
        "chancellor",
        "premier",
        "leader",
        "diplomat",
        "official",
        "aide",
        "ambassador",
    ]
)
UNKNOWN = "not in the gazetteer"
RELATIVES = frozenset({"which", "who", "that", "whom", "whose"})
PREPOSITIONS = frozenset({"in", "of", "from", "at", "for", "with", "by", "on", "near"})
AUXILIARIES = frozenset({
    "further", "now", "too", "however", "instead", "even", "only", "just", "first", "publicly",
    "has", "have", "had", "was", "were", "is", "are", "also", "then", "again", "already",
    "once", "still", "later", "never", "not", "would", "will", "could", "may", "might",
})  # fmt: skip


def is_speech_verb(doc: Doc, i: int) -> bool:
    """A verb of saying; "called off" and "called for" are not."""
    word = doc[i].lower_
    nxt = doc[i + 1 : i + 2].text.lower()
    if word == "called" and nxt in CALLED_NOT:
        return False
    if word in ("answered", "responded", "replied") and nxt == "with":
        return False  # "Kyiv answered with drone attacks"
    return word in SPEECH_VERBS
