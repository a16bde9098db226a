"""The claims a load has already read or written, so each batch reads only facts new to it.

The batches of one load mention overlapping facts: a sanctions package is
reported by hundreds of articles, so reading every source of each fact again
for every batch made the upkeep grow with the square of the corpus. For the
facts it has met, the cache holds every claim the store's article graphs make
about them, as they stand after each batch written; beyond a bound it forgets
the facts used longest ago, so memory stays flat however big the corpus.
It also keeps the consensus triples each batch wrote for a fact, so the next
write of that fact sends only the lines that change, without reading them back.
It lives for one load: another writer may change the store between loads.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from rdflib import URIRef

from loader.consensus.claims import Claim, stored_claims
from loader.store.base import Store

LIMIT = 50_000  # claims kept (about 3.5 kB each in memory)


class KnownClaims:
    """Every claim about some facts, per fact and source graph, most recently used last."""

    def __init__(self, *, limit: int | None = None) -> None:
        self._facts: dict[str, dict[str, Claim]] = {}
        self._written: dict[str, str] = {}
        self._size = 0
        self._limit = LIMIT if limit is None else limit

    def claims(self, store: Store, nodes: set[str], *, skip: set[str]) -> list[Claim]:
        """The claims the store's graphs (except ``skip``) make about ``nodes``."""
        missing = nodes - self._facts.keys()
        out = stored_claims(store, missing, skip=skip) if missing else []
        for node in sorted(nodes - missing):
            out.extend(c for g, c in self._facts[node].items() if g not in skip)
        return out

    def written(self, nodes: Iterable[str]) -> dict[URIRef, str]:
        """The consensus triples last written for those of ``nodes`` this load wrote."""
        return {URIRef(n): self._written[n] for n in nodes if n in self._written}

    def settle(
        self,
        nodes: Iterable[str],
        claims: Iterable[Claim],
        written: Mapping[URIRef, str] | None = None,
    ) -> None:
        """After a write: ``claims`` are all the claims the store holds about ``nodes`` now,
        and ``written`` the consensus triples it holds for them."""
        by_node: dict[str, dict[str, Claim]] = defaultdict(dict)
        for claim in claims:
            by_node[claim.node][claim.graph] = claim
        for node in nodes:
            self._size -= len(self._facts.pop(node, {}))
            self._facts[node] = by_node.get(node, {})
            self._size += len(self._facts[node])
            self._written.pop(node, None)
        for subject, text in (written or {}).items():
            self._written[str(subject)] = text
        while self._size > self._limit and self._facts:
            oldest = next(iter(self._facts))
            self._size -= len(self._facts.pop(oldest))
            self._written.pop(oldest, None)

    def forget(self, nodes: Iterable[str]) -> None:
        """A write failed: what the store holds about ``nodes`` is no longer known."""
        for node in nodes:
            self._size -= len(self._facts.pop(node, {}))
            self._written.pop(node, None)


__all__ = ["KnownClaims"]
