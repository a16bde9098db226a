"""Names the gazetteer lacks: candidates for ``gazetteer.suggested.yaml``.

Without an NER model a ``Matcher`` rule finds capitalised names after a title
("spokesman Dmitry Peskov", "Foreign Minister Jane Roe") and before a speech
verb; with one installed, its PERSON and ORG entities are added.
"""

from __future__ import annotations

import re
from typing import Any

from spacy.matcher import Matcher

from loader.draft.analysis import Analysis
from loader.draft.lexicon import SPEECH_VERBS, TITLES
from loader.draft.nlp import DEMONYMS, Pipeline

EXTRA_TITLES = TITLES | frozenset(
    [
        "adviser",
        "advisor",
        "commissioner",
        "chief",
        "senator",
        "representative",
        "mayor",
        "governor",
        "general",
        "king",
        "queen",
        "prince",
    ]
)
LEADING = frozenset({
    "foreign", "prime", "deputy", "vice", "defence", "defense", "finance", "interior", "state",
    "special", "first", "former", "acting", "security", "national", "policy",
})  # fmt: skip
DEMONYM_SET = frozenset(DEMONYMS.values())
_NOT_NAMES = frozenset(
    ["the", "a", "an", "of", "and", "in", "on", "for", "to", "with", "by", "at", "from"]
)


def _matcher(pipe: Pipeline) -> Matcher:
    matcher = Matcher(pipe.nlp.vocab)
    name: list[dict[str, Any]] = [
        {"IS_TITLE": True, "IS_ALPHA": True, "LOWER": {"NOT_IN": list(_NOT_NAMES)}},
        {"IS_TITLE": True, "IS_ALPHA": True},
        {"IS_TITLE": True, "IS_ALPHA": True, "OP": "?"},
    ]
    matcher.add("AFTER_TITLE", [[{"LOWER": {"IN": sorted(EXTRA_TITLES)}}, *name]], greedy="LONGEST")
    matcher.add("BEFORE_VERB", [[*name, {"LOWER": {"IN": sorted(SPEECH_VERBS)}}]], greedy="LONGEST")
    return matcher


def unknown_actors(pipe: Pipeline, a: Analysis) -> dict[str, dict[str, str]]:
    """Unknown names by slug id: name, type and the passage they were seen in."""
    matcher = _matcher(pipe)
    known = {(m.start, m.end) for m in a.mentions}
    out: dict[str, dict[str, str]] = {}
    for match_id, start, end in matcher(a.doc):
        rule = pipe.nlp.vocab.strings[match_id]
        s, e = (start + 1, end) if rule == "AFTER_TITLE" else (start, end - 1)
        span = a.doc[s:e]
        if any(ks < e and s < ke for ks, ke in known):
            continue
        if not a.src.in_body(span.start_char, span.end_char):
            continue
        _add(out, span.text, "person", a.doc[start:end].sent.text)
    for name in sorted(a.unknown_names):
        # "Yermak said": the fullest form the article gives ("Andriy Yermak").
        full = re.search(rf"(?:[A-Z][\w'’-]+ )*{re.escape(name)}\b", a.text)
        _add(out, full.group() if full else name, "person", name)
    for text, label in pipe.unknown_names(a.text):
        if pipe.gaz.resolve_name(text) is None and text.casefold() not in pipe.labels:
            _add(out, text, "person" if label == "PERSON" else "government-body", text)
    return out


def _add(out: dict[str, dict[str, str]], name: str, kind: str, seen: str) -> None:
    words = name.split()
    while len(words) > 1 and (
        words[0].lower() in EXTRA_TITLES | LEADING or words[0] in DEMONYM_SET
    ):
        words = words[1:]  # "Finnish President Alexander Stubb" -> "Alexander Stubb"
    name = " ".join(words)
    if any(other["name"].endswith(" " + name) for other in out.values()):
        return  # "Stubb" after "Alexander Stubb"
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    if slug and slug[0].isalnum() and slug not in out:
        out[slug] = {"name": name, "type": kind, "seen": " ".join(seen.split())[:160]}
