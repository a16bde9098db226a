"""The OWL export: the ontology and every individual in one triples-only file for Protégé.

Named graphs flatten into one graph. To keep the file in OWL 2 DL:

- every individual is typed ``owl:NamedIndividual`` as well as its class;
- a data triple is kept only when its predicate is declared by the ontology
  (or is a built-in annotation property such as ``rdfs:label``) and its object
  has the right kind: an IRI for an object property, a literal for a data
  property, a declared class for ``rdf:type``;
- integer literals get back the datatype the ontology declares for their
  property (Oxigraph stores ``xsd:nonNegativeInteger`` as ``xsd:integer``);
- days are written as ``xsd:dateTime`` at 00:00, in the literals and in the
  ontology's ranges: ``xsd:date`` is not in the OWL 2 datatype map, so the OWL
  API counts every ``xsd:date`` literal as a DL violation and HermiT ignores it;
- nothing the data says about the ontology's own classes and properties is kept
  (that would pun them as individuals).

What is left out is counted in the report. A fact that several articles report
(a keyed meeting, a sanctions package) gets one value per article for status,
date and place; an ``rdfs:comment`` per article says which article said what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any
from urllib.parse import unquote

import pyoxigraph as ox

from loader.export import PREFIXES, ExportReport, OwlSyntax, Selection, select_quads
from loader.ontology import ontology_ntriples
from loader.vocab import ID, NG, ONTOLOGY_GRAPH

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_DATE = XSD + "date"
LABEL = RDFS + "label"
COMMENT = RDFS + "comment"
BUILTIN_ANNOTATIONS = frozenset(
    {LABEL, COMMENT, RDFS + "seeAlso", RDFS + "isDefinedBy", OWL + "versionInfo"}
)
# Ranges a stored xsd:integer is given back, with the least value each allows.
INTEGER_RANGES: dict[str, int | None] = {
    XSD + "nonNegativeInteger": 0,
    XSD + "positiveInteger": 1,
    XSD + "integer": None,
}
CLAIMS = {str(NG.hasStatus): "status", str(NG.hasDate): "date", str(NG.hasPlace): "place"}
ARTICLE_PREFIX = str(ID) + "article/"

_TYPE = ox.NamedNode(RDF_TYPE)
_NAMED_INDIVIDUAL = ox.NamedNode(OWL + "NamedIndividual")
_LABEL = ox.NamedNode(LABEL)
_COMMENT = ox.NamedNode(COMMENT)
_DATETIME = ox.NamedNode(XSD + "dateTime")


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The terms the ontology declares, by kind (IRIs as strings)."""

    classes: frozenset[str]
    object_properties: frozenset[str]
    data_ranges: dict[str, str | None]
    annotation_properties: frozenset[str]
    datatypes: frozenset[str]
    individuals: frozenset[str]
    labels: dict[str, str]

    @property
    def terms(self) -> frozenset[str]:
        """Classes, properties and datatypes: IRIs the data must not use as individuals."""
        return (
            self.classes
            | self.object_properties
            | frozenset(self.data_ranges)
            | self.annotation_properties
            | self.datatypes
        )


def vocabulary(triples: Iterable[Any]) -> Vocabulary:
    """Read the declarations of an ontology given as pyoxigraph triples."""
    kinds: dict[str, set[str]] = {}
    ranges: dict[str, str] = {}
    labels: dict[str, str] = {}
    for t in triples:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p, o = t.subject.value, t.predicate.value, t.object
        if p == RDF_TYPE and isinstance(o, ox.NamedNode):
            kinds.setdefault(o.value, set()).add(s)
        elif p == RDFS + "range" and isinstance(o, ox.NamedNode):
            ranges[s] = o.value
        elif p == LABEL and isinstance(o, ox.Literal):
            labels.setdefault(s, o.value)
    data = kinds.get(OWL + "DatatypeProperty", set())
    return Vocabulary(
        classes=frozenset(kinds.get(OWL + "Class", set())),
        object_properties=frozenset(kinds.get(OWL + "ObjectProperty", set())),
        data_ranges={p: ranges.get(p) for p in data},
        annotation_properties=frozenset(kinds.get(OWL + "AnnotationProperty", set()))
        | BUILTIN_ANNOTATIONS,
        datatypes=frozenset(kinds.get(RDFS + "Datatype", set())),
        individuals=frozenset(kinds.get(OWL + "NamedIndividual", set())),
        labels=labels,
    )


class OwlFlattener:
    """One streaming pass over the data quads, yielding the OWL triples."""

    def __init__(self, vocab: Vocabulary) -> None:
        self.vocab = vocab
        self.individuals: set[str] = set()
        self.referenced: set[str] = set()
        self.labelled: set[str] = set()
        self.claims: dict[tuple[str, str], dict[str, list[str]]] = {}
        self.dropped: dict[str, int] = {}

    def _drop(self, reason: str) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + 1

    def triples(self, quads: Iterable[Any]) -> Iterator[Any]:
        """The kept triples of ``quads``, each once, with ``owl:NamedIndividual`` typing."""
        v = self.vocab
        classes, objects, data, annotations = (
            v.classes,
            v.object_properties,
            v.data_ranges,
            v.annotation_properties,
        )
        terms = v.terms
        individuals, referenced, labelled = self.individuals, self.referenced, self.labelled
        seen: set[Any] = set()
        named, literal = ox.NamedNode, ox.Literal
        for q in quads:
            s, p, o = q.subject, q.predicate, q.object
            if type(s) is not named:
                self._drop("blank node subject")
                continue
            sv, pv = s.value, p.value
            if sv in terms:
                self._drop(f"statement about the ontology term <{sv}>")
                continue
            if pv == RDF_TYPE:
                if type(o) is not named or o.value not in classes:
                    self._drop(f"rdf:type to an undeclared class <{getattr(o, 'value', o)}>")
                    continue
                if sv not in individuals:
                    individuals.add(sv)
                    yield ox.Triple(s, _TYPE, _NAMED_INDIVIDUAL)
            elif pv in objects:
                if type(o) is not named or o.value in terms:
                    self._drop(f"<{pv}> with a value that is not an individual")
                    continue
                referenced.add(o.value)
                claim = CLAIMS.get(pv)
                if claim is not None and type(q.graph_name) is named:
                    self._claim(sv, q.graph_name.value, claim, o.value)
            elif pv in data:
                if type(o) is not literal:
                    self._drop(f"<{pv}> with a value that is not a literal")
                    continue
                o = _retyped(o, data[pv])
            elif pv in annotations:
                if pv == LABEL:
                    labelled.add(sv)
                elif type(o) is literal and o.datatype.value == XSD_DATE:
                    o = _as_datetime(o)
            else:
                self._drop(f"undeclared property <{pv}>")
                continue
            t = ox.Triple(s, p, o)
            if t not in seen:
                seen.add(t)
                yield t

    def _claim(self, subject: str, graph: str, kind: str, value: str) -> None:
        if graph.startswith(ARTICLE_PREFIX):
            self.claims.setdefault((subject, graph), {}).setdefault(kind, []).append(value)

    def closing_triples(self, label_of: Any) -> Iterator[Any]:
        """Typing and labels for individuals only referenced, then the per-article comments."""
        known = self.vocab.individuals
        for iri in sorted(self.referenced - self.individuals - known):
            self.individuals.add(iri)
            yield ox.Triple(ox.NamedNode(iri), _TYPE, _NAMED_INDIVIDUAL)
        for iri in sorted(self.individuals - self.labelled - known):
            yield ox.Triple(ox.NamedNode(iri), _LABEL, ox.Literal(_short(iri)))
        for (subject, graph), claim in sorted(self.claims.items()):
            if "status" not in claim:
                continue  # statements carry dates only; their evidence names the article
            parts = [
                f"{kind} {', '.join(sorted(label_of(v) for v in claim[kind]))}"
                for kind in ("status", "date", "place")
                if kind in claim
            ]
            text = f"{_short(graph)} reports: {'; '.join(parts)}"
            yield ox.Triple(ox.NamedNode(subject), _COMMENT, ox.Literal(text))


def _retyped(o: Any, declared: str | None) -> Any:
    """A data value with the datatype OWL tools expect for its property."""
    dt = o.datatype.value
    if dt == XSD_DATE:
        return _as_datetime(o)
    if declared is None or dt != XSD + "integer" or declared not in INTEGER_RANGES:
        return o
    least = INTEGER_RANGES[declared]
    try:
        ok = least is None or int(o.value) >= least
    except ValueError:
        return o
    # A value out of range keeps xsd:integer, so the reasoner can report it.
    return ox.Literal(o.value, datatype=ox.NamedNode(declared)) if ok else o


def _as_datetime(o: Any) -> Any:
    return ox.Literal(f"{o.value}T00:00:00", datatype=_DATETIME)


def owl_ontology(triples: Iterable[Any]) -> Iterator[Any]:
    """The ontology's triples with ``xsd:date`` replaced by ``xsd:dateTime`` (see above)."""
    for t in triples:
        s, o = t.subject, t.object
        if type(s) is ox.NamedNode and s.value == XSD_DATE:
            continue  # the declaration of xsd:date as a datatype
        if type(o) is ox.NamedNode and o.value == XSD_DATE:
            yield ox.Triple(s, t.predicate, _DATETIME)
        elif type(o) is ox.Literal and o.datatype.value == XSD_DATE:
            yield ox.Triple(s, t.predicate, _as_datetime(o))
        else:
            yield t


def _short(iri: str) -> str:
    """The readable tail of an instance IRI (``article/x`` → ``x``)."""
    if iri.startswith(ARTICLE_PREFIX):
        return unquote(iri[len(ARTICLE_PREFIX) :])
    if iri.startswith(str(ID)):
        return unquote(iri[len(str(ID)) :])
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def ontology_triples(raw: Any) -> list[Any]:
    """The ontology graph of the store, or the packaged ontology when the store has none."""
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    triples = [q.triple for q in raw.quads_for_pattern(None, None, None, graph)]
    if not triples:
        triples = list(ox.parse(ontology_ntriples().encode("utf-8"), format=ox.RdfFormat.N_TRIPLES))
    # The store's order follows its hashes; sort so the file reads like the ontology.
    header = str(ONTOLOGY_GRAPH)
    return sorted(
        triples,
        key=lambda t: (
            t.subject.value != header,
            type(t.subject) is not ox.NamedNode,
            str(t.subject),
            str(t.predicate),
            str(t.object),
        ),
    )


def write_owl(
    raw: Any, out: IO[bytes], *, selection: Selection, syntax: OwlSyntax = "rdfxml"
) -> ExportReport:
    """Write the ontology plus the selected individuals as one RDF/XML (or Turtle) file."""
    ontology = list(owl_ontology(ontology_triples(raw)))
    vocab = vocabulary(ontology)
    flat = OwlFlattener(vocab)
    report = ExportReport(fmt="owl", triples=0)

    def label_of(iri: str) -> str:
        if iri in vocab.labels:
            return vocab.labels[iri]
        for q in raw.quads_for_pattern(ox.NamedNode(iri), _LABEL, None, None):
            return str(q.object.value)
        return _short(iri)

    def everything() -> Iterator[Any]:
        yield from ontology
        yield from flat.triples(select_quads(raw, selection, ontology=False))
        yield from flat.closing_triples(label_of)

    def counted() -> Iterator[Any]:
        n = 0
        for t in everything():
            n += 1
            yield t
        report.triples = n

    fmt = ox.RdfFormat.TURTLE if syntax == "turtle" else ox.RdfFormat.RDF_XML
    ox.serialize(counted(), out, fmt, prefixes={**PREFIXES, "id": str(ID)})
    report.individuals = len(flat.individuals)
    report.dropped = dict(sorted(flat.dropped.items()))
    return report


__all__ = ["OwlFlattener", "Vocabulary", "ontology_triples", "vocabulary", "write_owl"]
