"""The store interface shared by the embedded store and remote SPARQL endpoints.

A store holds an RDF dataset: one named graph per article, one for the
gazetteer, one for the ontology. Writers hand it whole graphs; it replaces each
graph atomically. Readers run SPARQL with parameters bound as RDF terms.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, Literal, Protocol, runtime_checkable

from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Identifier

Term = URIRef | RdfLiteral | BNode
Triple = tuple[URIRef | BNode, URIRef, Term]

DumpFormat = Literal["nquads", "trig", "ntriples", "turtle"]


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

    What the graph says about each subject goes, with the nodes the subject
    links to inside that graph (and what is said about them); then the
    ``ntriples`` are inserted. Written in the same transaction as the graphs
    it goes with, where the store has transactions.
    """

    graph: URIRef
    subjects: list[URIRef]
    ntriples: str

    def delete_ops(self, *, values: bool = True) -> list[str]:
        """SPARQL operations removing the subjects' triples (one VALUES block, or per subject)."""
        g = nt_term(self.graph)
        if not self.subjects:
            return []
        groups = (
            [" ".join(nt_term(s) for s in self.subjects)]
            if values
            else [nt_term(s) for s in self.subjects]
        )
        ops = []
        for group in groups:
            head = f"VALUES ?x {{ {group} }} " if values else ""
            x = "?x" if values else group
            ops.append(
                f"DELETE {{ GRAPH {g} {{ ?n ?q ?v . }} }} "
                f"WHERE {{ {head}GRAPH {g} {{ {x} ?p ?n . ?n ?q ?v . }} }}"
            )
            ops.append(
                f"DELETE {{ GRAPH {g} {{ {x} ?p ?o . }} }} "
                f"WHERE {{ {head}GRAPH {g} {{ {x} ?p ?o . }} }}"
            )
        return ops

    def insert_op(self) -> str:
        if not self.ntriples:
            return ""
        return f"INSERT DATA {{ GRAPH {nt_term(self.graph)} {{\n{self.ntriples}}} }}"

    def nquads(self) -> str:
        return GraphPayload(self.graph, text=self.ntriples).nquads()


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

    def replace_graphs(self, payloads: Sequence[GraphPayload]) -> None:
        """Replace each payload's graph by its triples; each graph is replaced atomically."""
        ...

    def drop_graphs(self, graphs: Sequence[URIRef]) -> None:
        """Remove whole graphs (missing ones are ignored)."""
        ...

    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update built by newsgraph (terms serialized with nt_term)."""
        ...

    def graph_names(self) -> list[URIRef]:
        """Names of the named graphs in the store, sorted."""
        ...

    def query(
        self, sparql: str, *, bindings: Mapping[str, Identifier] | None = None
    ) -> QueryResult:
        """Run a SPARQL query over the union of all graphs, with variables bound to terms."""
        ...

    def dump(
        self, out: IO[bytes], *, fmt: DumpFormat, graphs: Sequence[URIRef] | None = None
    ) -> None:
        """Write the dataset (or the given graphs) to a binary stream."""
        ...

    def close(self) -> None: ...


# --- N-Triples terms -----------------------------------------------------------

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


@lru_cache(maxsize=65536)
def _nt_iri(iri: str) -> str:
    # Actor, class and property IRIs repeat in every article: check and format each once.
    if _BAD_IRI.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def nt_string(value: str) -> str:
    """A string as a quoted N-Triples literal (the escapes N-Triples and SPARQL both need)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


def nt_term(term: Identifier) -> str:
    """One term in N-Triples syntax; safe to place in SPARQL ``INSERT DATA`` / ``VALUES``."""
    if isinstance(term, URIRef):
        return _nt_iri(str(term))
    if isinstance(term, RdfLiteral):
        text = nt_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


def upsert_subjects_update(payload: GraphPayload) -> str:
    """A SPARQL update replacing, inside one graph, everything said about the payload's subjects.

    Used for the gazetteer: loading a corpus updates its actors and places
    without removing those another corpus brought. The deletes are in
    ``resources/sparql/upsert-subjects.ru``.
    """
    from loader.own_sparql import own_sparql  # local: it imports nt_term from here

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


HOLDS_ROLE = URIRef("https://w3id.org/newsgraph/ontology#holdsRole")


def without_subjects(triples: Sequence[Triple], payload: GraphPayload) -> list[Triple]:
    """The triples minus those about the payload's subjects and the roles they hold."""
    subjects = {s for s, _, _ in payload.triples}
    gone = subjects | {o for s, p, o in triples if s in subjects and p == HOLDS_ROLE}
    return [t for t in triples if t[0] not in gone]


# Everything newsgraph writes lives under this IRI space: the ontology, the
# gazetteer and one graph per article. A server's own graphs never do.
OUR_IRI_SPACE = "https://w3id.org/newsgraph/"


def ours(graph: str) -> bool:
    """Whether a graph name is one of newsgraph's (not a server's system graph)."""
    return graph.startswith(OUR_IRI_SPACE)
