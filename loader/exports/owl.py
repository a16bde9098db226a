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
  (that would pun them as individuals);
- the store's bookkeeping is not data: the digest each graph records of its
  source (``ng:sourceDigest``, or ``owl:versionInfo`` in stores written before
  that property existed) is left out, from the ontology header too.

What is left out is counted in the report. A fact that several articles report
(a keyed meeting, a sanctions package) gets one value per article for status,
date and place; an ``rdfs:comment`` per article says which article said what.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Iterator
from typing import IO, Any
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.formats import PREFIXES
from loader.core.terms import nt_term
from loader.core.vocab import ID, ONTOLOGY_GRAPH, SOURCE_DIGEST
from loader.exports.base import ExportReport, OwlSyntax
from loader.exports.owl_ontology import (
    _COMMENT,
    _FIRST,
    _LABEL,
    _NAMED_INDIVIDUAL,
    _TRIPLE_OF,
    _TYPE,
    ARTICLE_PREFIX,
    CLAIMS,
    INTEGER_RANGES,
    LABEL,
    RDF_TYPE,
    VERSION_INFO,
    XSD,
    Vocabulary,
    bookkeeping,
    ontology_triples,
    owl_ontology,
    retyped,
    vocabulary,
)
from loader.store.catalog import CATALOG_GRAPH


class OwlPass:
    """The OWL triples of a pyoxigraph store's data graphs.

    Triples are read predicate by predicate (and class by class for ``rdf:type``)
    with ``quads_for_pattern``: that index orders the same triple from several
    graphs next to each other, so repeats are dropped by comparing neighbours, and
    most triples pass through without being taken apart in Python. SPARQL counts,
    which Oxigraph answers without decoding strings, find undeclared predicates and
    classes; the kind of each value (IRI or literal) is checked as triples stream by.
    """

    def __init__(self, raw: Any, vocab: Vocabulary) -> None:
        self.raw = raw
        self.vocab = vocab
        self.dropped: dict[str, int] = {}
        self.individuals: set[Any] = set()
        self._labelled: set[Any] = set()
        self._wanted: dict[Any, str] = {}
        self._claims: dict[tuple[Any, Any], dict[str, list[Any]]] = {}
        self._checks: dict[str, _Kind] = {}

    def triples(self, ontology: list[Any]) -> Iterator[Any]:
        """Class assertions with owl:NamedIndividual, property values, labels, comments."""
        v = self.vocab
        skip = set(ontology) | self._about_ontology_terms(ontology)
        # The counts below cover every graph: take out the ontology graph's own triples
        # and the catalog's (the store's bookkeeping of source files, not data).
        stored = [
            q
            for g in (ONTOLOGY_GRAPH, CATALOG_GRAPH)
            for q in self.raw.quads_for_pattern(None, None, None, ox.NamedNode(str(g)))
        ]
        present = self._present_predicates(stored)
        for c in sorted(self._present_classes(stored)):
            yield from self._class_assertions(c, skip)
        declared = v.object_properties | set(v.data_ranges) | v.annotation_properties
        ordered = sorted(present & declared, key=lambda p: (p == LABEL, p))
        for p in ordered:
            yield from self._values(p, skip)
        for p, check in sorted(self._checks.items()):
            if check.rejected:
                what = "a literal" if check.kind is ox.NamedNode else "an IRI"
                self._drop(f"<{p}> with {what} as value", check.rejected)
        for s in sorted(self.individuals - self._labelled, key=lambda n: n.value):
            yield ox.Triple(s, _LABEL, ox.Literal(_short(s.value)))
        yield from self._comments()

    # -- what to leave out ----------------------------------------------------------

    def _drop(self, reason: str, n: int = 1) -> None:
        self.dropped[reason] = self.dropped.get(reason, 0) + n

    def _counts(self, sparql: str) -> dict[str, int]:
        rows = self.raw.query(sparql)
        return {str(row[0].value): int(row[1].value) for row in rows}

    def _present_predicates(self, stored: list[Any]) -> set[str]:
        """Predicates of the data graphs; triples with undeclared ones are counted as dropped."""
        v = self.vocab
        counts = self._counts(
            "SELECT ?p (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?p"
        )
        for q in stored:
            counts[q.predicate.value] = counts.get(q.predicate.value, 0) - 1
        present = {p for p, n in counts.items() if n > 0} - {str(SOURCE_DIGEST)}
        declared = v.object_properties | set(v.data_ranges) | v.annotation_properties
        for p in sorted(present - declared - {RDF_TYPE}):
            self._drop(f"undeclared property <{p}>", counts[p])
        return present

    def _present_classes(self, stored: list[Any]) -> set[str]:
        counts = self._counts(
            f"SELECT ?c (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s {_iri(RDF_TYPE)} ?c }} }} "
            "GROUP BY ?c"
        )
        for q in stored:
            if q.predicate.value == RDF_TYPE:
                key = str(q.object.value)
                counts[key] = counts.get(key, 0) - 1
        present = {c for c, n in counts.items() if n > 0}
        for c in sorted(present - self.vocab.classes):
            self._drop(f"rdf:type to an undeclared class <{c}>", counts[c])
        return present & self.vocab.classes

    def _about_ontology_terms(self, ontology: list[Any]) -> set[Any]:
        """Data triples about classes and properties, or pointing at them (they would pun
        them as individuals): counted as dropped, and returned to be skipped."""
        v = self.vocab
        onto = ox.NamedNode(str(ONTOLOGY_GRAPH))
        found: set[Any] = set()
        for term in sorted(v.terms):
            node = ox.NamedNode(term)
            found.update(
                q.triple
                for q in self.raw.quads_for_pattern(node, None, None)
                if q.graph_name != onto
            )
            for p in sorted(v.object_properties):
                found.update(
                    q.triple
                    for q in self.raw.quads_for_pattern(None, ox.NamedNode(p), node)
                    if q.graph_name != onto
                )
        blocked = found - set(ontology)
        for t in sorted(blocked, key=str):
            term = t.subject.value if t.subject.value in v.terms else t.object.value
            self._drop(f"statement about the ontology term <{term}>")
        return blocked

    # -- the triples ----------------------------------------------------------------

    def _class_assertions(self, c: str, skip: set[Any]) -> Iterator[Any]:
        individuals = self.individuals
        before = None
        for q in self.raw.quads_for_pattern(None, _TYPE, ox.NamedNode(c)):
            t = q.triple
            if t == before or t in skip:
                continue
            before = t
            s = t.subject
            if s not in individuals:
                individuals.add(s)
                yield ox.Triple(s, _TYPE, _NAMED_INDIVIDUAL)
            yield t

    def _values(self, p: str, skip: set[Any]) -> Iterator[Any]:
        """The values of one property, each triple once, retyped where OWL needs it.

        Built from ``map``, ``groupby`` and ``filterfalse`` so that a plain value
        takes no Python-level step: this pass is most of the export's time.
        """
        declared = self.vocab.data_ranges.get(p)
        triples: Iterable[Any]
        if p in CLAIMS:
            quads = self.raw.quads_for_pattern(None, ox.NamedNode(p), None)
            triples = map(_TRIPLE_OF, self._note_claims(quads, CLAIMS[p]))
        else:
            triples = map(_TRIPLE_OF, self.raw.quads_for_pattern(None, ox.NamedNode(p), None))
        if p in self.vocab.object_properties or p in self.vocab.data_ranges:
            need = ox.Literal if p in self.vocab.data_ranges else ox.NamedNode
            check = self._checks[p] = _Kind(need)
            triples = filter(check, triples)
        if p == LABEL:
            triples = self._note_labels(triples)
        if p == VERSION_INFO:
            triples = itertools.filterfalse(bookkeeping, triples)
        if declared in INTEGER_RANGES or declared == XSD + "dateTime":
            triples = (
                ox.Triple(t.subject, t.predicate, retyped(t.object, declared)) for t in triples
            )
        # The index puts the same triple from several graphs side by side.
        unique: Iterator[Any] = map(_FIRST, itertools.groupby(triples))
        if any(t.predicate.value == p for t in skip):
            unique = itertools.filterfalse(skip.__contains__, unique)
        return unique

    def _note_labels(self, triples: Iterable[Any]) -> Iterator[Any]:
        labelled, wanted = self._labelled, self._wanted
        for t in triples:
            s = t.subject
            labelled.add(s)
            if s in wanted and not wanted[s]:
                wanted[s] = str(t.object.value)
            yield t

    def _note_claims(self, quads: Iterable[Any], kind: str) -> Iterator[Any]:
        claims, wanted = self._claims, self._wanted
        for q in quads:
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value.startswith(ARTICLE_PREFIX):
                o = q.object
                claims.setdefault((q.subject, g), {}).setdefault(kind, []).append(o)
                wanted.setdefault(o, "")
            yield q

    def _comments(self) -> Iterator[Any]:
        """Per article, what it says of a meeting's or package's status, date and place."""
        labels = self.vocab.labels
        for (s, g), claim in sorted(
            self._claims.items(), key=lambda kv: (kv[0][0].value, kv[0][1].value)
        ):
            if "status" not in claim:
                continue  # statements carry dates only; their evidence names the article
            parts = [
                f"{kind} "
                + ", ".join(
                    sorted(
                        labels.get(o.value) or self._wanted.get(o) or _short(o.value)
                        for o in claim[kind]
                    )
                )
                for kind in ("status", "date", "place")
                if kind in claim
            ]
            text = f"{_short(g.value)} reports: {'; '.join(parts)}"
            yield ox.Triple(s, _COMMENT, ox.Literal(text))


class _Kind:
    """A filter keeping triples whose value is an IRI (or a literal); counts the others."""

    __slots__ = ("kind", "rejected")

    def __init__(self, kind: type) -> None:
        self.kind = kind
        self.rejected = 0

    def __call__(self, t: Any) -> bool:
        if type(t.object) is self.kind:
            return True
        self.rejected += 1
        return False


def _iri(iri: str) -> str:
    return nt_term(URIRef(iri))


def _short(iri: str) -> str:
    """The readable tail of an instance IRI (``article/x`` → ``x``)."""
    if iri.startswith(ARTICLE_PREFIX):
        return unquote(iri[len(ARTICLE_PREFIX) :])
    if iri.startswith(str(ID)):
        return unquote(iri[len(str(ID)) :])
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def write_owl(raw: Any, out: IO[bytes], *, syntax: OwlSyntax = "rdfxml") -> ExportReport:
    """Write the ontology plus every individual of a pyoxigraph store as RDF/XML (or Turtle)."""
    ontology = list(owl_ontology(ontology_triples(raw)))
    vocab = vocabulary(ontology)
    owl = OwlPass(raw, vocab)
    report = ExportReport(fmt="owl", triples=0)
    counter = itertools.count()

    def counted(triples: Iterable[Any]) -> Iterator[Any]:
        # zip with a counter: counting without a Python-level step per triple
        return map(operator.itemgetter(0), zip(triples, counter, strict=False))

    fmt = ox.RdfFormat.TURTLE if syntax == "turtle" else ox.RdfFormat.RDF_XML
    everything = itertools.chain(ontology, owl.triples(ontology))
    ox.serialize(counted(everything), out, fmt, prefixes={**PREFIXES, "id": str(ID)})
    report.triples = next(counter)
    report.individuals = len(owl.individuals)
    report.dropped = dict(sorted(owl.dropped.items()))
    return report


__all__ = ["OwlPass", "Vocabulary", "ontology_triples", "owl_ontology", "vocabulary", "write_owl"]
