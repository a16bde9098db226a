"""Keeping the consensus graph in step with the article graphs.

A write of article graphs changes the merged facts of exactly the meetings
and packages those articles mention now or mentioned before: those are read
(the old graphs before they are replaced, the new ones from the batch),
merged again by ``rules`` and written with the batch. On the embedded store
the batch and its consensus triples are one transaction, so a killed load
leaves the consensus equal to a recomputation from the article graphs; a
remote store gets one update per affected fact after the batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from rdflib import URIRef

from loader.consensus.claims import (
    Claim,
    all_facts,
    claims_from_quads,
    fact_nodes,
    mentioned_in,
    parsed_quads,
    stored_claims,
)
from loader.consensus.rules import merge
from loader.core.vocab import CONSENSUS_GRAPH, NG
from loader.store.base import AskResult, GraphPayload, Store, SubjectRewrite
from loader.store.embedded import EmbeddedStore


def consensus_triples(nodes: Iterable[str], claims: Iterable[Claim]) -> str:
    """The consensus graph's N-Triples for ``nodes``, from all their claims."""
    by_node: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_node[claim.node].append(claim)
    parts = []
    for node in sorted(nodes):
        merged = merge(node, by_node.get(node, []))
        if merged is not None:
            parts.append(merged.ntriples())
    return "".join(parts)


def _rewrite(nodes: set[str], claims: Iterable[Claim]) -> SubjectRewrite:
    return SubjectRewrite(
        CONSENSUS_GRAPH, [URIRef(n) for n in sorted(nodes)], consensus_triples(nodes, claims)
    )


def replace_articles(store: Store, payloads: Sequence[GraphPayload]) -> None:
    """Write article graphs and the consensus of every fact they touch (before or now)."""
    if not payloads:
        return
    graphs = {str(p.graph) for p in payloads}
    batch = parsed_quads("".join(p.nquads() for p in payloads))
    affected = fact_nodes(batch) | mentioned_in(store, sorted(graphs))
    claims = [*stored_claims(store, affected, skip=graphs), *claims_from_quads(batch, affected)]
    rewrite = _rewrite(affected, claims)
    if isinstance(store, EmbeddedStore):
        store.replace_graphs(payloads, rewrite=rewrite)
        return
    # Without one transaction for both, the merge goes first: if the write stops
    # between the two, the articles are not in the store yet, so a rerun writes
    # them and merges again; the other way round a rerun would skip them as unchanged.
    _per_fact(store, rewrite)
    store.replace_graphs(payloads)


def drop_articles(store: Store, graphs: Sequence[URIRef]) -> None:
    """Remove article graphs and merge again the facts they mentioned."""
    if not graphs:
        return
    names = {str(g) for g in graphs}
    affected = mentioned_in(store, sorted(names))
    rewrite = _rewrite(affected, stored_claims(store, affected, skip=names))
    if isinstance(store, EmbeddedStore):
        store.drop_graphs(graphs, rewrite=rewrite)
        return
    _per_fact(store, rewrite)  # first, for the same reason as in replace_articles
    store.drop_graphs(graphs)


def _per_fact(store: Store, rewrite: SubjectRewrite) -> None:
    """One update per fact: each is whole on its own, and a rerun repairs the rest."""
    lines: dict[str, list[str]] = defaultdict(list)
    roots = {str(n) for n in rewrite.subjects}
    for line in rewrite.ntriples.splitlines(keepends=True):
        subject = line[1 : line.index(">")]
        lines[_root(subject, roots)].append(line)
    for node in rewrite.subjects:
        one = SubjectRewrite(rewrite.graph, [node], "".join(lines.get(str(node), [])))
        ops = [*one.delete_ops(values=False), one.insert_op()]
        store.update(" ;\n".join(op for op in ops if op))


def _root(subject: str, roots: set[str]) -> str:
    # Nodes hanging off a fact have IRIs under the fact's own: <fact>/date, <fact>/measure/...
    cut = len(subject)
    while subject not in roots and (cut := subject.rfind("/", 0, cut)) > 0:
        if subject[:cut] in roots:
            return subject[:cut]
    return subject


def recompute(store: Store) -> str:
    """The whole consensus graph as a recomputation from the article graphs gives it."""
    nodes = all_facts(store)
    return consensus_triples(nodes, stored_claims(store, nodes, skip=set()))


def rebuild(store: Store) -> None:
    """Write the consensus graph from scratch (a store loaded before it existed)."""
    text = recompute(store)
    rewrite = SubjectRewrite(CONSENSUS_GRAPH, [], text)
    store.drop_graphs([CONSENSUS_GRAPH])
    if text:
        store.update(rewrite.insert_op())


def ensure_consensus(store: Store) -> None:
    """Build the consensus graph of a store whose articles predate it."""
    ask = f"ASK {{ GRAPH <{CONSENSUS_GRAPH}> {{ ?s <{NG.sourceCount}> ?n }} }}"
    result = store.query(ask)
    if isinstance(result, AskResult) and not result.value and all_facts(store):
        rebuild(store)


__all__ = ["drop_articles", "ensure_consensus", "rebuild", "recompute", "replace_articles"]
