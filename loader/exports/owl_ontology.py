"""What the OWL export needs to know of the ontology: its terms by kind, and its
triples with the datatypes OWL 2 DL tools accept (``xsd:date`` → ``xsd:dateTime``).
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from loader.core.vocab import ID, NG, ONTOLOGY_GRAPH, SOURCE_DIGEST
from loader.owl.ontology import ontology_ntriples

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
VERSION_INFO = OWL + "versionInfo"
OLD_DIGEST = "source-sha256:"  # how stores written before ng:sourceDigest marked a digest
CLAIMS = {str(NG.hasStatus): "status", str(NG.hasDate): "date", str(NG.hasPlace): "place"}
ARTICLE_PREFIX = str(ID) + "article/"

_TYPE = ox.NamedNode(RDF_TYPE)
_LABEL = ox.NamedNode(LABEL)
_COMMENT = ox.NamedNode(COMMENT)
_NAMED_INDIVIDUAL = ox.NamedNode(OWL + "NamedIndividual")
_TRIPLE_OF = operator.attrgetter("triple")
_FIRST = operator.itemgetter(0)
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


def retyped(o: Any, declared: str | None) -> Any:
    """A data value with the datatype OWL tools expect for its property."""
    dt = o.datatype.value
    if dt == XSD_DATE:
        return as_datetime(o)
    if declared is None or dt != XSD + "integer" or declared not in INTEGER_RANGES:
        return o
    least = INTEGER_RANGES[declared]
    try:
        ok = least is None or int(o.value) >= least
    except ValueError:
        return o
    # A value out of range keeps xsd:integer, so the reasoner can report it.
    return ox.Literal(o.value, datatype=ox.NamedNode(declared)) if ok else o


def as_datetime(o: Any) -> Any:
    return ox.Literal(f"{o.value}T00:00:00", datatype=_DATETIME)


def bookkeeping(t: Any) -> bool:
    """Whether a triple is a digest the loader recorded on a graph it wrote."""
    p, o = t.predicate.value, t.object
    if p == str(SOURCE_DIGEST):
        return True
    return p == VERSION_INFO and type(o) is ox.Literal and o.value.startswith(OLD_DIGEST)


def owl_ontology(triples: Iterable[Any]) -> Iterator[Any]:
    """The ontology's triples with ``xsd:date`` replaced by ``xsd:dateTime`` (see above)."""
    for t in triples:
        s, o = t.subject, t.object
        if type(s) is ox.NamedNode and s.value == XSD_DATE:
            continue  # the declaration of xsd:date as a datatype
        if type(o) is ox.NamedNode and o.value == XSD_DATE:
            yield ox.Triple(s, t.predicate, _DATETIME)
        elif type(o) is ox.Literal and o.datatype.value == XSD_DATE:
            yield ox.Triple(s, t.predicate, as_datetime(o))
        else:
            yield t


def ontology_triples(raw: Any) -> list[Any]:
    """The ontology graph of the store, or the packaged ontology when the store has none."""
    graph = ox.NamedNode(str(ONTOLOGY_GRAPH))
    triples = [
        q.triple
        for q in raw.quads_for_pattern(None, None, None, graph)
        if not bookkeeping(q.triple)
    ]
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
