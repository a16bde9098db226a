"""A subject rewrite measured against an Oxigraph store: the quads that go and those that come.

The embedded store writes derived triples (the consensus of the facts a batch
touches) with the batch. Most of them are unchanged from one batch to the
next, and a batch with nothing to remove can take Oxigraph's N-Quads loader,
much faster than a SPARQL update; so what the graph says about the subjects
is read by pattern (no query) and compared with the new triples.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from loader.core.terms import nt_term
from loader.store.base import GraphPayload, SubjectRewrite
from loader.store.sparql_text import delete_data_ops, insert_ops


@dataclass(slots=True)
class QuadDiff:
    """What a rewrite removes from the store and what it adds.

    Quads read from the store and compared (``gone``, ``added``), and N-Triples
    lines nobody needs to parse: those of subjects the rewrite knows
    (``gone_lines``) and the added triples of ``text``.
    """

    gone: list[ox.Quad]
    added: list[ox.Quad]
    text: GraphPayload | None = None  # added triples not parsed (none were there before)
    gone_lines: list[str] = field(default_factory=list)

    @property
    def removes(self) -> bool:
        """Whether anything goes (the store then needs an update, not its loader)."""
        return bool(self.gone or self.gone_lines)

    def nquads(self) -> bytes:
        """The added quads as N-Quads (for the loader)."""
        if self.text is not None:
            return self.text.nquads().encode("utf-8")
        return ox.serialize(self.added, format=ox.RdfFormat.N_QUADS) or b""

    def update_ops(self) -> list[str]:
        """``DELETE DATA`` and ``INSERT DATA`` operations, inside one graph each."""
        graph = nt_term(self.text.graph) if self.text is not None else ""
        gone_text = delete_data_ops(graph, self.gone_lines) if self.gone_lines else []
        added_text = insert_ops(graph, self.text.ntriples()) if self.text is not None else []
        return [
            *_data_ops("DELETE", self.gone),
            *gone_text,
            *_data_ops("INSERT", self.added),
            *added_text,
        ]


def diff(store: ox.Store, rewrite: SubjectRewrite) -> QuadDiff:
    """The quads ``rewrite`` removes from ``store`` and those it adds.

    Subjects whose stored triples the rewrite knows (``before``) are compared
    line by line without reading the store; the others are read by pattern.
    """
    graph = ox.NamedNode(str(rewrite.graph))
    unknown = [s for s in rewrite.subjects if s not in rewrite.before]
    gone_lines: list[str] = []
    added_lines: list[str] = []
    for subject in rewrite.subjects:
        if subject in rewrite.before:
            gone, added = rewrite.changed(subject)
            gone_lines += gone
            added_lines += added
    fresh = "".join(rewrite.parts[s] for s in unknown)
    old = set(_stored(store, graph, unknown))
    if not old:  # nothing stored to compare: the known lines go, everything else comes
        text = fresh + "".join(line + "\n" for line in added_lines)
        return QuadDiff(
            gone=[], added=[], text=GraphPayload(rewrite.graph, text=text), gone_lines=gone_lines
        )
    new = _quads(fresh, graph)
    return QuadDiff(
        gone=sorted((old - new) | _quads("\n".join(gone_lines), graph), key=str),
        added=sorted((new - old) | _quads("\n".join(added_lines), graph), key=str),
    )


def _quads(ntriples: str, graph: ox.NamedNode) -> set[ox.Quad]:
    return {
        ox.Quad(t.subject, t.predicate, t.object, graph)
        for t in ox.parse(ntriples.encode("utf-8"), ox.RdfFormat.N_TRIPLES)
    }


def _stored(store: ox.Store, graph: ox.NamedNode, subjects: Iterable[object]) -> Iterable[ox.Quad]:
    """What the graph says about the subjects and the nodes named under a subject's IRI
    that it links to (as the rewrite's SPARQL deletes would find it): another fact a
    subject links to keeps its triples."""
    followed: set[object] = set()
    for subject in subjects:
        own = f"{subject}/"
        for quad in store.quads_for_pattern(ox.NamedNode(str(subject)), None, None, graph):
            yield quad
            node = quad.object
            if not isinstance(node, ox.NamedNode) or not node.value.startswith(own):
                continue
            if node not in followed:
                followed.add(node)
                yield from store.quads_for_pattern(node, None, None, graph)


def _data_ops(word: str, quads: list[ox.Quad]) -> list[str]:
    if not quads:
        return []
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        by_graph.setdefault(str(q.graph_name), []).append(q.triple)
    # Oxigraph writes the triples (N-Triples is valid inside DATA blocks) and the graph names.
    return [
        f"{word} DATA {{ GRAPH {g} {{\n{_ntriples(triples)}}} }}" for g, triples in by_graph.items()
    ]


def _ntriples(triples: list[ox.Triple]) -> str:
    return (ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"").decode("utf-8")


__all__ = ["QuadDiff", "diff"]
