"""Keeping the consensus graph in step with the article graphs.

A write of article graphs changes the merged facts of exactly the meetings
and packages those articles mention now or mentioned before: their claims are
read (the stored ones, except from the graphs being replaced, and the new
ones from the batch's own text), merged again by ``rules`` and handed to the
store with the batch as a :class:`SubjectRewrite`. The store writes both as
one transaction where it has them (the embedded store: a killed load leaves
the consensus equal to a recomputation from the article graphs), else the
merge first, one update per fact (a remote store; see ``RemoteStore``).
Within a load, :class:`KnownClaims` keeps the claims already read, so a
fact reported by many articles is not read again for every batch.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import partial

from rdflib import URIRef

from loader.consensus.claims import (
    FACT_CLASSES,
    Claim,
    Quad,
    all_facts,
    claims_from_quads,
    fact_nodes,
    mentioned_in,
    parsed_quads,
    stored_claims,
    typed_facts,
)
from loader.consensus.known import KnownClaims
from loader.consensus.rules import merge
from loader.core.terms import nt_term
from loader.core.vocab import CONSENSUS_GRAPH, NG, RDF
from loader.store.base import AskResult, GraphPayload, Store, SubjectRewrite
from loader.store.own_sparql import own_sparql


def consensus_parts(nodes: Iterable[str], claims: Iterable[Claim]) -> dict[URIRef, str]:
    """Each node's consensus triples (N-Triples, "" when no source is left), from its claims."""
    by_node: dict[str, list[Claim]] = defaultdict(list)
    for claim in claims:
        by_node[claim.node].append(claim)
    parts: dict[URIRef, str] = {}
    for node in sorted(nodes):
        # One order whichever way the claims were read, so a merge gives one answer.
        merged = merge(node, sorted(by_node.get(node, []), key=lambda c: c.graph))
        parts[URIRef(node)] = merged.ntriples() if merged is not None else ""
    return parts


def replace_articles(
    store: Store, payloads: Sequence[GraphPayload], *, known: KnownClaims | None = None
) -> None:
    """Write article graphs and the consensus of every fact they touch (before or now).

    ``known`` carries the claims already read from one batch of a load to the next.
    """
    if not payloads:
        return
    graphs = {str(p.graph) for p in payloads}
    batch = batch_quads(payloads)
    before = mentioned_in(store, sorted(graphs))
    affected = fact_nodes(batch) | before
    cache = known if known is not None else KnownClaims()
    stored = cache.claims(store, affected, skip=graphs)
    claims = [*stored, *claims_from_quads(batch, affected)]
    parts = [(payloads, affected)]
    if not before:
        parts = _apart(payloads, batch, {c.node for c in stored})
    for group, nodes in parts:
        mine = [c for c in claims if c.node in nodes]
        rewrite = SubjectRewrite(
            CONSENSUS_GRAPH, consensus_parts(nodes, mine), before=cache.written(nodes)
        )
        _write(cache, nodes, partial(store.replace_graphs, group, rewrite=rewrite))
        cache.settle(nodes, mine, rewrite.parts)


Group = tuple[Sequence[GraphPayload], set[str]]


def _apart(payloads: Sequence[GraphPayload], batch: Sequence[Quad], held: set[str]) -> list[Group]:
    """New articles in two writes: those about facts new to the store, then the others.

    A fact the store already has a consensus for changes it, which needs a
    delete; the first group holds only facts no stored article reports (and
    no article of the second group), so the store can write it as an insert
    only (Oxigraph's loader). Each write is whole on its own.
    """
    facts: dict[str, set[str]] = {str(p.graph): set() for p in payloads}
    for g, node in typed_facts(batch):
        facts[g].add(node)
    touched = set(held)
    later: set[str] = set()
    grown = True
    while grown:  # an article sharing a fact with one of the second group joins it
        grown = False
        for g, nodes in facts.items():
            if g not in later and nodes & touched:
                later.add(g)
                touched |= nodes
                grown = True
    first = [p for p in payloads if str(p.graph) not in later]
    second = [p for p in payloads if str(p.graph) in later]
    fresh = set().union(*(facts[str(p.graph)] for p in first))
    return [(group, nodes) for group, nodes in ((first, fresh), (second, touched)) if group]


def drop_articles(
    store: Store, graphs: Sequence[URIRef], *, known: KnownClaims | None = None
) -> None:
    """Remove article graphs and merge again the facts they mentioned."""
    if not graphs:
        return
    names = {str(g) for g in graphs}
    affected = mentioned_in(store, sorted(names))
    cache = known if known is not None else KnownClaims()
    claims = cache.claims(store, affected, skip=names)
    rewrite = SubjectRewrite(
        CONSENSUS_GRAPH, consensus_parts(affected, claims), before=cache.written(affected)
    )
    _write(cache, affected, partial(store.drop_graphs, graphs, rewrite=rewrite))
    cache.settle(affected, claims, rewrite.parts)


def _write(cache: KnownClaims, nodes: set[str], write: Callable[[], None]) -> None:
    """Run a write; if it fails, part of it may be in a store without transactions."""
    try:
        write()
    except BaseException:
        cache.forget(nodes)
        raise


_TYPE = f" {nt_term(RDF.type)} "
_FACT_TYPES = {nt_term(URIRef(c)) for c in FACT_CLASSES}
_EVIDENCE = f" {nt_term(NG.hasEvidence)} "  # the passages: no claim reads them


def batch_quads(payloads: Sequence[GraphPayload]) -> list[Quad]:
    """The batch's quads its claims are read from, parsed from the text about to be written.

    Only the lines about the facts an article types, the nodes they link to
    and those nodes' own (a status change's date; never evidence) and the
    article itself are parsed: most of an
    article's triples (statements, evidence) say nothing a claim reads.
    """
    out: list[str] = []
    for payload in payloads:
        g = f" {nt_term(payload.graph)} .\n"
        by_subject: dict[str, list[str]] = defaultdict(list)
        facts: list[str] = []
        for line in payload.ntriples().split("\n"):
            if not line:
                continue
            subject = line[: line.find(" ")]
            by_subject[subject].append(line)
            if _TYPE in line and line[line.index(_TYPE) + len(_TYPE) : -2] in _FACT_TYPES:
                facts.append(subject)
        keep = {nt_term(payload.graph), *facts}
        # Two hops: a status change's date hangs off the change node.
        frontier = facts
        for _ in range(2):
            linked = []
            for node in frontier:
                for line in by_subject[node]:
                    value = line[line.find(" ", line.find(" ") + 1) + 1 : -2]
                    if value in by_subject and value not in keep and _EVIDENCE not in line:
                        keep.add(value)
                        linked.append(value)
            frontier = linked
        out.extend(line[:-2] + g for s in keep for line in by_subject.get(s, ()))
    return parsed_quads("".join(out))


def recompute(store: Store) -> str:
    """The whole consensus graph as a recomputation from the article graphs gives it."""
    nodes = all_facts(store)
    return "".join(consensus_parts(nodes, stored_claims(store, nodes, skip=set())).values())


def rebuild(store: Store) -> None:
    """Write the consensus graph from scratch (a store loaded before it existed)."""
    text = recompute(store)
    store.replace_graphs([GraphPayload(CONSENSUS_GRAPH, text=text, size=text.count("\n"))])


def ensure_consensus(store: Store) -> None:
    """Build the consensus graph of a store whose articles predate it."""
    ask = own_sparql("consensus-exists.rq", consensus=CONSENSUS_GRAPH, source_count=NG.sourceCount)
    result = store.query(ask)
    if isinstance(result, AskResult) and not result.value and all_facts(store):
        rebuild(store)


__all__ = [
    "KnownClaims",
    "batch_quads",
    "drop_articles",
    "ensure_consensus",
    "rebuild",
    "recompute",
    "replace_articles",
]
