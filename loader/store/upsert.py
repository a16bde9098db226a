"""Replacing what the gazetteer graph says about some subjects, leaving the rest.

Loading a corpus updates its actors and places without removing those another
corpus brought.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import URIRef

from loader.core.terms import Triple, nt_term
from loader.core.vocab import NG
from loader.store.base import GraphPayload, Store
from loader.store.own_sparql import own_sparql


def upsert_subjects_update(payload: GraphPayload) -> str:
    """A SPARQL update replacing, inside one graph, everything said about the payload's subjects.

    Used for the gazetteer: loading a corpus updates its actors and places
    without removing those another corpus brought. The deletes are in
    ``resources/sparql/upsert-subjects.ru``.
    """
    if payload.text is not None:
        raise ValueError("upsert needs the payload's triples, not pre-serialized text")
    subjects = sorted({s for s, _, _ in payload.triples if isinstance(s, URIRef)})
    if not subjects:
        return ""
    # A few subjects per operation: Virtuoso compiles each to code of at most 32 KB.
    deletes = [
        own_sparql(
            "upsert-subjects.ru", graph=payload.graph, subjects=subjects[i : i + _UPSERT_SUBJECTS]
        ).strip()
        for i in range(0, len(subjects), _UPSERT_SUBJECTS)
    ]
    g = nt_term(payload.graph)
    return " ;\n".join([*deletes, f"INSERT DATA {{ GRAPH {g} {{\n{payload.ntriples()}}} }}"])


_UPSERT_SUBJECTS = 50


def upsert_subjects(store: Store, payload: GraphPayload) -> None:
    """Replace, inside the payload's graph, everything said about its subjects (and their roles).

    A store that can do better than the SPARQL update (a remote store that
    rewrites the graph with one Graph Store PUT) offers ``upsert_subjects``.
    """
    own = getattr(store, "upsert_subjects", None)
    if callable(own):
        own(payload)
    else:
        store.update(upsert_subjects_update(payload))


HOLDS_ROLE = NG.holdsRole


def without_subjects(triples: Sequence[Triple], payload: GraphPayload) -> list[Triple]:
    """The triples minus those about the payload's subjects and the roles they hold."""
    subjects = {s for s, _, _ in payload.triples}
    gone = subjects | {o for s, p, o in triples if s in subjects and p == HOLDS_ROLE}
    return [t for t in triples if t[0] not in gone]
