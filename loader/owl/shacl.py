"""SHACL validation of newsgraph data, with each violation traced to its evidence.

The data is the union of the article graphs and the gazetteer; the ontology is
mixed in so that ``sh:targetClass`` and ``sh:class`` follow the class hierarchy.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from loader.core.errors import UsageError
from loader.core.terms import from_ox
from loader.core.vocab import GAZETTEER_GRAPH, ID, NG, article_iri
from loader.owl.ontology import ontology_graph, shapes_graph
from loader.store.base import Store

__all__ = ["Source", "Violation", "sources_of", "store_data", "validate_graph"]


@dataclass(frozen=True, slots=True, order=True)
class Source:
    """An evidence passage that supports the node a violation is about."""

    article: str
    article_id: str
    start: int | None
    end: int | None
    text: str


@dataclass(frozen=True, slots=True)
class Violation:
    """One SHACL result: the node, the property path, the message and its sources.

    ``shape`` is the IRI of the node shape (``ngsh:MeetingShape``) that fired.
    """

    focus: str
    path: str | None
    message: str
    severity: str
    shape: str | None
    value: str | None
    sources: tuple[Source, ...]

    @property
    def article_id(self) -> str | None:
        return self.sources[0].article_id if self.sources else None


def validate_graph(data: Graph, *, shapes: Graph | None = None) -> list[Violation]:
    """Validate flattened data against the shapes; return violations sorted by source."""
    if shapes is None:
        shapes = shapes_graph()
    conforms, results, _text = shacl_validate(
        data,
        shacl_graph=shapes,
        ont_graph=ontology_graph(),
        inference="none",
        allow_warnings=True,
    )
    if conforms:
        return []
    report = cast(Graph, results)
    violations = [
        _violation(report, result, data=data, shapes=shapes)
        for result in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return sorted(violations, key=lambda v: (v.sources[:1], v.focus, v.path or "", v.message))


def _violation(report: Graph, result: Node, *, data: Graph, shapes: Graph) -> Violation:
    focus = report.value(result, SH.focusNode)
    path = report.value(result, SH.resultPath)
    message = report.value(result, SH.resultMessage)
    severity = report.value(result, SH.resultSeverity)
    shape = report.value(result, SH.sourceShape)
    value = report.value(result, SH.value)
    return Violation(
        focus=str(focus),
        path=str(path) if isinstance(path, URIRef) else None,
        message=str(message) if message is not None else "constraint violated",
        severity=str(severity).rsplit("#", 1)[-1] if severity is not None else "Violation",
        shape=_node_shape(shapes, shape),
        value=str(value) if value is not None else None,
        sources=tuple(sorted(sources_of(data, focus))) if focus is not None else (),
    )


def _node_shape(shapes: Graph, shape: Node | None) -> str | None:
    """The named node shape behind a result (property shapes are blank nodes)."""
    if shape is not None and not isinstance(shape, URIRef):
        shape = shapes.value(None, SH.property, shape) or shapes.value(None, SH.sparql, shape)
    return str(shape) if isinstance(shape, URIRef) else None


def sources_of(data: Graph, node: Node) -> set[Source]:
    """The evidence passages behind a node.

    An evidence node is its own source; an article is the source of itself;
    a fact has its ng:hasEvidence; a date interval or other helper node takes
    the evidence of the facts that point to it.
    """
    found = _direct_sources(data, node)
    if not found:
        for subject in data.subjects(None, node):
            found |= _direct_sources(data, subject)
    return found


def _direct_sources(data: Graph, node: Node) -> set[Source]:
    if (node, RDF.type, NG.Article) in data:
        return {Source(str(node), _article_id(data, node), None, None, "")}
    evidence = list(data.objects(node, NG.hasEvidence))
    if data.value(node, NG.inArticle) is not None:
        evidence.append(node)
    sources: set[Source] = set()
    for ev in evidence:
        article = data.value(ev, NG.inArticle)
        if article is None:
            continue
        sources.add(
            Source(
                article=str(article),
                article_id=_article_id(data, article),
                start=_int(data.value(ev, NG.startOffset)),
                end=_int(data.value(ev, NG.endOffset)),
                text=str(data.value(ev, NG.exactText) or ""),
            )
        )
    return sources


def _article_id(data: Graph, article: Node) -> str:
    given = data.value(article, NG.articleId)
    return str(given) if given is not None else str(article).rsplit("/", 1)[-1]


def _int(term: Node | None) -> int | None:
    if isinstance(term, Literal):
        value = term.toPython()
        return value if isinstance(value, int) else None
    return None


def store_data(store: Store, *, articles: Sequence[str] = ()) -> Graph:
    """The union of the gazetteer and the article graphs of a store (or of some articles).

    The ontology graph is left out: :func:`validate_graph` mixes in the packaged one.
    """
    names = [g for g in store.graph_names() if str(g).startswith(str(ID))]
    if articles:
        wanted = {article_iri(a): a for a in articles}
        missing = sorted(a for iri, a in wanted.items() if iri not in names)
        if missing:
            raise UsageError(
                f"no article {', '.join(missing)} in the {store.description}",
                hint="list the loaded articles with `newsgraph stats`",
            )
        names = [g for g in names if g == GAZETTEER_GRAPH or g in wanted]
    buffer = io.BytesIO()
    store.dump(buffer, fmt="ntriples", graphs=names)
    graph = Graph()
    for triple in ox.parse(buffer.getvalue(), format=ox.RdfFormat.N_TRIPLES):
        graph.add((from_ox(triple.subject), from_ox(triple.predicate), from_ox(triple.object)))
    return graph
