"""What the store already holds: digests recorded beside each graph written.

Each article graph, the ontology graph and the gazetteer graph carry one
``ng:sourceDigest`` triple with the digest of the source they were written
from, so a reload skips what did not change and an interrupted load can tell
which graphs landed. It is bookkeeping, not a fact: the OWL export leaves it
out. Stores written before it existed kept the digest in ``owl:versionInfo``;
such a graph finds no ``ng:sourceDigest``, counts as changed, and a reload
rewrites it (the old triple goes with the rest of the graph).
"""

from __future__ import annotations

import hashlib

from rdflib import Literal, URIRef

from loader.core.terms import nt_term
from loader.core.version import __version__
from loader.core.vocab import (
    GAZETTEER_GRAPH,
    ONTOLOGY_GRAPH,
    ONTOLOGY_IRI,
    SOURCE_DIGEST,
    actor_iri,
)
from loader.ingest.gazetteer import GazetteerIndex, gazetteer_payload
from loader.owl.ontology import ontology_ntriples, ontology_path
from loader.store.base import AskResult, GraphPayload, SelectResult, Store, select_values
from loader.store.catalog import record_gazetteer, sources
from loader.store.own_sparql import own_sparql
from loader.store.upsert import upsert_subjects


def ensure_ontology(store: Store) -> None:
    """Put the ontology in its graph, unless this very version is there already.

    The ontology travels with the data so SPARQL users and exports see its
    labels. Its OWL restrictions are blank nodes, which get new labels on every
    insert: rewriting an unchanged ontology would make a reload differ.
    """
    digest = digest_of(ontology_path().read_text(encoding="utf-8") + __version__)
    if not has_digest(store, ONTOLOGY_GRAPH, ONTOLOGY_IRI, digest):
        marker = stamp(ONTOLOGY_IRI, digest)
        store.replace_graphs([GraphPayload(ONTOLOGY_GRAPH, text=ontology_ntriples() + marker)])


def ensure_gazetteer(store: Store, gaz: GazetteerIndex) -> None:
    """Upsert the gazetteer's actors and places, unless this very gazetteer is there already."""
    digest = digest_of(gaz.digest)
    if has_digest(store, GAZETTEER_GRAPH, GAZETTEER_GRAPH, digest):
        return
    payload = gazetteer_payload(gaz)
    payload.triples.append((GAZETTEER_GRAPH, SOURCE_DIGEST, Literal(digest)))
    if GAZETTEER_GRAPH not in store.graph_names():
        # A first load has nothing to update: write the graph without the (slow) delete.
        store.replace_graphs([payload])
    else:
        upsert_subjects(store, payload)
    # Which file defines each actor: a later edit of that same file replaces the actor
    # (a rename is a rename), while another corpus's gazetteer is merged with it.
    if gaz.path is None:
        return
    for update in record_gazetteer([actor_iri(a) for a in sorted(gaz.actors)], gaz.path):
        store.update(update)


def stamp(subject: URIRef, digest: str) -> str:
    """The triple recording the digest of what was written, so an unchanged source is skipped."""
    return f"{nt_term(subject)} {nt_term(SOURCE_DIGEST)} {nt_term(Literal(digest))} .\n"


def digest_of(text: str) -> str:
    return f"source-sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def has_digest(store: Store, graph: URIRef, subject: URIRef, digest: str) -> bool:
    """Whether ``graph`` records ``digest`` on ``subject`` (the source is unchanged)."""
    sparql = own_sparql("graph-has-digest.rq", graph=graph, subject=subject, digest=Literal(digest))
    present = store.query(sparql)
    return isinstance(present, AskResult) and present.value


class GraphDigests:
    """Which article graphs exist, and the content digest each records.

    For a big load, one query fetches them all; for a few files (the usual
    "edit and reload one article"), each graph is looked up on its own, so
    the cost does not grow with the size of the store.
    """

    def __init__(self, store: Store, *, many: bool) -> None:
        self.store = store
        self.all: dict[str, str | None] | None = None
        self.asked: dict[str, tuple[bool, str | None]] = {}  # graphs looked up one by one
        self.sources: dict[str, str] | None = sources(store) if many else None
        if many:
            self.all = {str(g): None for g in store.graph_names()}
            for g, v in select_values(store, own_sparql("graph-digests.rq")):
                if g is not None and v is not None:
                    self.all[g] = v

    def lookup(self, graph: str) -> tuple[bool, str | None]:
        """(whether the graph exists, its recorded digest or None), as it was first asked."""
        if self.all is not None:
            return graph in self.all, self.all.get(graph)
        if graph not in self.asked:
            self.asked[graph] = self._ask(graph)
        return self.asked[graph]

    def _ask(self, graph: str) -> tuple[bool, str | None]:
        ask = self.store.query(own_sparql("graph-exists.rq", graph=URIRef(graph)))
        if not (isinstance(ask, AskResult) and ask.value):
            return False, None
        rows = self.store.query(own_sparql("graph-digest.rq", graph=URIRef(graph)))
        values = [r[0] for r in rows.rows] if isinstance(rows, SelectResult) else []
        return True, (str(values[0]) if values and values[0] is not None else None)

    def source(self, graph: str) -> str | None:
        """The source file the catalog records for an article graph, if any."""
        if self.sources is not None:
            return self.sources.get(graph)
        return sources(self.store, graph).get(graph)


__all__ = [
    "GraphDigests",
    "digest_of",
    "ensure_gazetteer",
    "ensure_ontology",
    "has_digest",
    "stamp",
]
