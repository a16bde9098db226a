"""The store interface shared by the embedded store and remote SPARQL endpoints.

A store holds an RDF dataset: one named graph per article, one for the
gazetteer, one for the ontology. Writers hand it whole graphs; it replaces each
graph atomically. Readers run SPARQL with parameters bound as RDF terms.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Protocol, runtime_checkable

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.formats import DumpFormat
from loader.core.terms import Term, Triple, nt_term
from loader.store.own_sparql import own_sparql
from loader.store.sparql_text import delete_data_ops, insert_ops


@dataclass(slots=True)
class GraphPayload:
    """The full content of one named graph, as it should be after the write.

    Give either ``triples`` (rdflib terms) or ``text`` (N-Triples already
    serialized, e.g. by a worker process, with ``size`` its number of triples).
    """

    graph: URIRef
    triples: list[Triple] = field(default_factory=list)
    text: str | None = None
    size: int | None = None

    def __len__(self) -> int:
        if self.text is not None:
            return self.size if self.size is not None else self.text.count("\n")
        return len(self.triples)

    def ntriples(self) -> str:
        """The triples as N-Triples text (also valid inside SPARQL ``INSERT DATA``)."""
        if self.text is not None:
            return self.text
        return "".join(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n" for s, p, o in self.triples)

    def nquads(self) -> str:
        g = f" {nt_term(self.graph)} .\n"
        return "".join(line[:-2] + g for line in self.ntriples().split("\n") if line)


@dataclass(slots=True)
class SubjectRewrite:
    """New triples for some subjects of one graph, replacing what it said about them.

    What the graph says about each subject goes, with the nodes named under the
    subject's IRI that it links to (and what is said about them: another fact it
    links to, such as the package a renewal renews, keeps its triples); then the
    new triples are inserted. ``parts`` maps each subject to its new N-Triples,
    those of the nodes hanging off it included ("" when the subject goes), so
    a store without transactions can write one subject at a time, each whole.
    A store with transactions writes it in the same transaction as the
    graphs it goes with.
    """

    graph: URIRef
    parts: dict[URIRef, str]
    # What the graph holds about some subjects, known without reading it (this writer
    # wrote it): those are written as the difference, line by line, or not at all.
    before: dict[URIRef, str] = field(default_factory=dict)

    @property
    def subjects(self) -> list[URIRef]:
        return list(self.parts)

    def changed(self, subject: URIRef) -> tuple[list[str], list[str]]:
        """The N-Triples lines a subject with a known ``before`` loses and gains."""
        old = set(self.before[subject].splitlines())
        new = set(self.parts[subject].splitlines())
        return sorted(old - new), sorted(new - old)

    def delete_ops(self, subjects: Sequence[URIRef] | None = None) -> list[str]:
        """The SPARQL removing what the graph says about the subjects (all by default)."""
        chosen = self.subjects if subjects is None else list(subjects)
        if not chosen:
            return []
        return [own_sparql("subjects-forget.ru", graph=self.graph, subjects=chosen).strip()]

    def updates(self, *, max_triples: int | None = None) -> list[tuple[str, int]]:
        """One SPARQL update per subject (its deletes, then its inserts) and its triple count.

        Each is whole on its own. A subject whose stored triples are known
        (``before``) sends only the lines that change, as ``DELETE DATA`` and
        ``INSERT DATA``, and nothing when none do. ``max_triples`` spreads each
        data block over operations of at most that many triples (Virtuoso refuses
        large ones).
        """
        graph = nt_term(self.graph)
        out: list[tuple[str, int]] = []
        for s, text in self.parts.items():
            if s in self.before:
                gone, added = self.changed(s)
                ops = [
                    *delete_data_ops(graph, gone, max_triples=max_triples),
                    *insert_ops(
                        graph, "".join(f"{line}\n" for line in added), max_triples=max_triples
                    ),
                ]
                count = len(gone) + len(added)
            else:
                ops = [*self.delete_ops([s]), *insert_ops(graph, text, max_triples=max_triples)]
                count = text.count("\n") + 1
            if ops:
                out.append((" ;\n".join(ops), count))
        return out


@dataclass(slots=True)
class SelectResult:
    """Rows of a SELECT query; each value is an RDF term or None when unbound."""

    variables: list[str]
    rows: Iterator[list[Term | None]] | list[list[Term | None]]


@dataclass(slots=True)
class AskResult:
    value: bool


@dataclass(slots=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE query."""

    triples: list[Triple]


QueryResult = SelectResult | AskResult | GraphResult


@runtime_checkable
class Store(Protocol):
    """What the loader, the query catalog and the exporters need from a store."""

    @property
    def description(self) -> str:
        """Where the store is, for messages ("embedded store at .newsgraph")."""
        ...

    def replace_graphs(
        self, payloads: Sequence[GraphPayload], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        """Replace each payload's graph by its triples; each graph is replaced atomically.

        ``rewrite`` (triples derived from the graphs, e.g. the consensus of the facts
        they mention) is written with them: in the same transaction where the store
        has transactions, else one subject at a time before the graphs.
        """
        ...

    def drop_graphs(
        self, graphs: Sequence[URIRef], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        """Remove whole graphs (missing ones are ignored), writing ``rewrite`` as above."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update built by newsgraph (terms serialized with nt_term)."""
        ...

    def graph_names(self) -> list[URIRef]:
        """Names of the named graphs in the store, sorted."""
        ...

    def query(self, sparql: str) -> QueryResult:
        """Run a SPARQL query over the union of all graphs.

        Parameters are bound before this (see :mod:`loader.queries.binding`), as terms
        serialized by :func:`loader.core.terms.nt_term`, never as pasted text.
        """
        ...

    def dump(
        self, out: IO[bytes], *, fmt: DumpFormat, graphs: Sequence[URIRef] | None = None
    ) -> None:
        """Write the dataset (or the given graphs) to a binary stream."""
        ...

    def dataset(self) -> AbstractContextManager[Any]:
        """A ``pyoxigraph.Store`` holding the store's quads, for exporters to read.

        The embedded store gives itself; a remote store gives a copy in memory.
        """
        ...

    def close(self) -> None: ...


@runtime_checkable
class ReadsValues(Protocol):
    """A store that gives a SELECT's rows as strings without building rdflib terms."""

    def select_values(self, sparql: str) -> list[list[str | None]]: ...


def select_values(store: Store, sparql: str) -> list[list[str | None]]:
    """A SELECT's rows as plain strings (IRIs, literal values), for the loader's bookkeeping.

    The embedded store gives them directly: for the 100,000 digests or source files
    of a big store, three times faster than through rdflib terms.
    """
    if isinstance(store, ReadsValues):
        return store.select_values(sparql)
    result = store.query(sparql)
    if not isinstance(result, SelectResult):
        return []
    return [[None if t is None else str(t) for t in row] for row in result.rows]


@contextmanager
def dataset_copy(store: Store) -> Iterator[Any]:
    """The store's quads copied into a memory ``pyoxigraph.Store`` (for remote stores)."""
    with tempfile.TemporaryDirectory(prefix="newsgraph-export-") as tmp:
        dump = Path(tmp) / "dump.nq"
        with dump.open("wb") as fh:
            store.dump(fh, fmt="nquads")
        copy = ox.Store()
        copy.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        yield copy


# Everything newsgraph writes lives under this IRI space: the ontology, the
# gazetteer and one graph per article. A server's own graphs never do.
OUR_IRI_SPACE = "https://w3id.org/newsgraph/"


def ours(graph: str) -> bool:
    """Whether a graph name is one of newsgraph's (not a server's system graph)."""
    return graph.startswith(OUR_IRI_SPACE)
