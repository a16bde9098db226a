"""Who imposed the sanctions, as an analyst would annotate it.

Two readings of news usage:

* "the Biden administration imposed ...": a person's administration or government is
  the state that person serves (by the gazetteer's roles);
* "Washington imposed sanctions ... The Treasury Department also listed 183 vessels":
  when a sentence close by names a government body of the issuing state doing the
  listing, that body is the issuer (with a review note), since it is the one that acts.
"""

from __future__ import annotations

from dataclasses import replace

from loader.draft.analysis import Analysis, Found
from loader.draft.nlp import Mention

GOVERNMENT_NOUNS = frozenset({"administration", "government", "cabinet"})
ACTING_WORDS = ("sanction", "listed", "designat", "blacklist", "froze", "freez")
NEARBY = 2  # sentences either side


def administration(a: Analysis, m: Mention) -> Mention:
    """ "the Biden administration": the state of the person's last role, else the mention."""
    if m.actor is None or a.actor_type(m.actor) != "person" or m.end >= len(a.doc):
        return m
    if a.doc[m.end].lower_ not in GOVERNMENT_NOUNS:
        return m
    states = [r.of for r in a.gaz.actors[m.actor].roles if r.of and a.actor_type(r.of) == "state"]
    return replace(m, actor=states[-1]) if states else m


def acting_body(a: Analysis, packages: list[Found]) -> None:
    """Replace a state issuer by its one government body acting on sanctions close by."""
    for f in packages:
        state = str(f.fields["issuer"])
        if a.actor_type(state) != "state":
            continue
        at = next(
            (n for n, s in enumerate(a.sentences) if s.start_char <= f.spans[0][0] < s.end_char),
            None,
        )
        if at is None:
            continue
        bodies: list[tuple[str, tuple[int, int]]] = []
        for sent in a.sentences[max(0, at - NEARBY) : at + NEARBY + 1]:
            if not any(w in sent.text.lower() for w in ACTING_WORDS):
                continue
            for m in a.actors_in(sent.start, sent.end):
                actor = a.gaz.actors[m.actor or ""]
                if actor.type == "government-body" and actor.part_of == state:
                    bodies.append((actor.id, a.char_span(sent.start, sent.end)))
        if len({b for b, _ in bodies}) == 1:
            body, span = bodies[0]
            f.fields["issuer"] = body
            if span not in f.spans:
                f.spans.append(span)  # the passage that names the body is evidence too
            f.review.append(f"issuer: {body!r}, the body of {state!r} acting close by")
