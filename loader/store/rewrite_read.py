"""A subject rewrite for a remote store, made a difference against what the store holds.

A rewrite with nothing known of a subject's stored triples deletes them all
and inserts the new ones, so a triple that stays is deleted and inserted again
in the same transaction. Virtuoso 7.2 does not always recover such a
transaction from its log after a crash: some of those triples are gone once it
restarts, beside article graphs written after them, and a rerun (which leaves
unchanged articles alone) would never write them again. So the subjects are
read first (one query per chunk, then the nodes named under a subject's IRI
that it links to, as ``subjects-forget.ru`` finds them) and only the triples
that change are sent. A subject whose triples hold a blank node is left to
the delete and insert.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rdflib import BNode, URIRef

from loader.core.terms import Term, nt_term
from loader.store.base import SubjectRewrite
from loader.store.own_sparql import own_sparql

Select = Callable[[str], list[list[Term | None]]]

_CHUNK = 200  # subjects per VALUES block


def with_stored(rewrite: SubjectRewrite, select: Select) -> SubjectRewrite:
    """``rewrite`` with ``before`` filled in, from the store, for every subject it lacks."""
    unknown = [s for s in rewrite.subjects if s not in rewrite.before]
    if not unknown:
        return rewrite
    lines: dict[URIRef, list[str]] = {s: [] for s in unknown}
    owner: dict[URIRef, URIRef] = {}
    unreadable: set[URIRef] = set()

    def keep(subject: URIRef, s: URIRef, p: Term, o: Term) -> None:
        lines[subject].append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")
        if isinstance(o, BNode):
            unreadable.add(subject)

    for s, p, o in _triples(rewrite.graph, unknown, select):
        keep(s, s, p, o)
        if isinstance(o, URIRef) and str(o).startswith(f"{s}/"):
            owner[o] = s
    for n, p, o in _triples(rewrite.graph, sorted(owner), select):
        keep(owner[n], n, p, o)
    read = {s: "".join(lines[s]) for s in unknown if s not in unreadable}
    return SubjectRewrite(rewrite.graph, rewrite.parts, before={**rewrite.before, **read})


def _triples(
    graph: URIRef, subjects: Sequence[URIRef], select: Select
) -> list[tuple[URIRef, Term, Term]]:
    out: list[tuple[URIRef, Term, Term]] = []
    for start in range(0, len(subjects), _CHUNK):
        chunk = subjects[start : start + _CHUNK]
        for s, p, o in select(own_sparql("subjects-triples.rq", graph=graph, subjects=chunk)):
            if isinstance(s, URIRef) and p is not None and o is not None:
                out.append((s, p, o))
    return out


__all__ = ["with_stored"]
