"""Consistency checking with HermiT (through owlready2), and naming the culprits.

owlready2 only says *that* an ontology is inconsistent. To say *which*
individuals are to blame, :func:`find_culprits` re-derives each individual's
classes in Python (asserted types, property domains and ranges, universal
restrictions, the subclass closure) and reports disjoint classes that meet,
two values of a functional property, and ill-typed literals.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import owlready2
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS
from rdflib.term import Node

from loader.core.errors import NewsgraphError
from loader.core.formats import curie
from loader.owl.ontology import ontology_graph

__all__ = [
    "ConsistencyReport",
    "Culprit",
    "ReasonerError",
    "check_consistency",
    "check_graph",
    "find_culprits",
]


class ReasonerError(NewsgraphError):
    """The reasoner cannot run (no Java) or failed on the input."""


@dataclass(frozen=True, slots=True, order=True)
class Culprit:
    """An individual that makes the ontology inconsistent, and why."""

    individual: str
    reason: str


@dataclass(frozen=True, slots=True)
class ConsistencyReport:
    """HermiT's verdict: consistent or not, unsatisfiable classes, and the culprits found."""

    consistent: bool
    unsatisfiable: list[str] = field(default_factory=list)
    culprits: list[str] = field(default_factory=list)
    reasons: list[Culprit] = field(default_factory=list)


def _require_java() -> None:
    if shutil.which(owlready2.JAVA_EXE) is None:
        raise ReasonerError(
            "the reasoner needs Java, and no `java` is on PATH",
            hint="install a Java runtime (Debian: apt-get install default-jre-headless)",
        )


def check_consistency(path: Path, *, explain_with: Graph | None = None) -> ConsistencyReport:
    """Run HermiT on an RDF/XML or N-Triples file (ontology plus any individuals).

    When the file is inconsistent, culprits are searched in ``explain_with``
    (the same content as an rdflib graph), or in the file itself.
    """
    _require_java()
    fmt = "ntriples" if path.suffix == ".nt" else "rdfxml"
    world = owlready2.World()
    try:
        world.get_ontology(path.resolve().as_uri()).load(format=fmt)
        try:
            # xsd:date is outside the OWL 2 datatype map that HermiT implements.
            owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            graph = explain_with
            if graph is None:
                graph = Graph().parse(path, format="nt" if fmt == "ntriples" else "xml")
            reasons = find_culprits(graph)
            return ConsistencyReport(
                consistent=False,
                culprits=sorted({r.individual for r in reasons}),
                reasons=reasons,
            )
        except owlready2.OwlReadyJavaError as exc:
            raise ReasonerError(
                f"HermiT failed: {str(exc).strip().splitlines()[-1]}",
                hint="check that the file is OWL 2 DL (the OWL API profile checker lists problems)",
            ) from exc
        unsatisfiable = sorted(
            str(c.iri) for c in world.inconsistent_classes() if c is not owlready2.Nothing
        )
        return ConsistencyReport(consistent=True, unsatisfiable=unsatisfiable)
    finally:
        world.close()


def check_graph(data: Graph | None = None, *, with_ontology: bool = True) -> ConsistencyReport:
    """Run HermiT on the ontology plus ``data`` (an rdflib graph of individuals)."""
    graph = ontology_graph() if with_ontology else Graph()
    if data is not None:
        for triple in data:
            graph.add(triple)
    with tempfile.TemporaryDirectory(prefix="newsgraph-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        graph.serialize(path, format="nt", encoding="utf-8")
        return check_consistency(path, explain_with=graph)


# --- culprits ---------------------------------------------------------------


@dataclass
class _Axioms:
    """The parts of the TBox that decide which classes an individual falls into."""

    supers: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    domains: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    ranges: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))
    all_values: dict[Node, list[tuple[Node, Node]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    disjoint: set[frozenset[Node]] = field(default_factory=set)
    functional: set[Node] = field(default_factory=set)
    different: set[frozenset[Node]] = field(default_factory=set)
    datatype_ranges: dict[Node, set[Node]] = field(default_factory=lambda: defaultdict(set))


def _members(graph: Graph, head: Node | None) -> list[Node]:
    return list(Collection(graph, head)) if head is not None else []


def _read_axioms(graph: Graph) -> _Axioms:
    ax = _Axioms()
    for c, d in graph.subject_objects(RDFS.subClassOf):
        if isinstance(d, URIRef):
            ax.supers[c].add(d)
        elif (d, RDF.type, OWL.Restriction) in graph:
            prop, filler = graph.value(d, OWL.onProperty), graph.value(d, OWL.allValuesFrom)
            if prop is not None and isinstance(filler, URIRef):
                ax.all_values[c].append((prop, filler))
    for p, d in graph.subject_objects(RDFS.domain):
        if isinstance(d, URIRef):
            ax.domains[p].add(d)
    for p, r in graph.subject_objects(RDFS.range):
        if (p, RDF.type, OWL.DatatypeProperty) in graph:
            ax.datatype_ranges[p].add(r)
        elif isinstance(r, URIRef):
            ax.ranges[p].add(r)
    for a, b in graph.subject_objects(OWL.disjointWith):
        ax.disjoint.add(frozenset((a, b)))
    for node in graph.subjects(RDF.type, OWL.AllDisjointClasses):
        members = _members(graph, graph.value(node, OWL.members))
        ax.disjoint.update(frozenset((a, b)) for a in members for b in members if a != b)
    for node in graph.subjects(RDF.type, OWL.AllDifferent):
        members = _members(graph, graph.value(node, OWL.distinctMembers))
        ax.different.update(frozenset((a, b)) for a in members for b in members if a != b)
    for a, b in graph.subject_objects(OWL.differentFrom):
        ax.different.add(frozenset((a, b)))
    ax.functional = set(graph.subjects(RDF.type, OWL.FunctionalProperty))
    # Properties inherit the domains and ranges of their super-properties.
    for p, q in _closure(graph, RDFS.subPropertyOf):
        ax.domains[p] |= ax.domains.get(q, set())
        ax.ranges[p] |= ax.ranges.get(q, set())
    return ax


def _closure(graph: Graph, prop: URIRef) -> Iterable[tuple[Node, Node]]:
    for s in set(graph.subjects(prop, None)):
        for o in graph.transitive_objects(s, prop):
            if o is not None and o != s:
                yield s, o


def _ancestors(ax: _Axioms, cls: Node, seen: set[Node] | None = None) -> set[Node]:
    seen = seen if seen is not None else set()
    if cls not in seen:
        seen.add(cls)
        for sup in ax.supers.get(cls, ()):
            _ancestors(ax, sup, seen)
    return seen


_SCHEMA_NODES = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.Restriction,
    OWL.Ontology,
    RDFS.Datatype,
    OWL.AllDisjointClasses,
    OWL.AllDifferent,
)


def _individual_types(graph: Graph, ax: _Axioms) -> dict[Node, dict[Node, str]]:
    """For each individual: every class it belongs to, with why (first reason found)."""
    types: dict[Node, dict[Node, str]] = defaultdict(dict)

    def add(ind: Node, cls: Node, why: str) -> None:
        for anc in _ancestors(ax, cls):
            types[ind].setdefault(anc, why if anc == cls else f"{why}, so {_short(anc)}")

    for ind, cls in graph.subject_objects(RDF.type):
        if isinstance(cls, URIRef) and cls not in _SCHEMA_NODES and cls != OWL.NamedIndividual:
            add(ind, cls, f"asserted {_short(cls)}")
    for s, p, o in graph:
        for d in ax.domains.get(p, ()):
            add(s, d, f"subject of {_short(p)} (domain {_short(d)})")
        if not isinstance(o, Literal):
            for r in ax.ranges.get(p, ()):
                add(o, r, f"value of {_short(p)} on {_short(s)} (range {_short(r)})")
    for ind in list(types):
        for cls in list(types[ind]):
            for prop, filler in ax.all_values.get(cls, ()):
                for value in graph.objects(ind, prop):
                    why = f"{_short(prop)} of a {_short(cls)} must be {_short(filler)}"
                    add(value, filler, why)
    return types


def find_culprits(graph: Graph) -> list[Culprit]:
    """Individuals whose assertions contradict the ontology in ``graph``, with reasons."""
    ax = _read_axioms(graph)
    found: set[Culprit] = set()
    for ind, classes in _individual_types(graph, ax).items():
        if isinstance(ind, BNode):
            continue
        for pair in ax.disjoint:
            a, b = sorted(pair, key=str)
            if a in classes and b in classes:
                found.add(
                    Culprit(
                        str(ind),
                        f"is both {_short(a)} ({classes[a]}) and "
                        f"{_short(b)} ({classes[b]}), which are disjoint",
                    )
                )
    for prop in ax.functional:
        for subject in set(graph.subjects(prop, None)):
            values = sorted(set(graph.objects(subject, prop)), key=str)
            if len(values) < 2:
                continue
            literals = [v for v in values if isinstance(v, Literal)]
            clash = len({v.value if v.value is not None else v for v in literals}) > 1 or any(
                frozenset((a, b)) in ax.different for a in values for b in values
            )
            if clash:
                shown = ", ".join(_short(v) for v in values)
                found.add(
                    Culprit(
                        str(subject),
                        f"has several values of the functional property {_short(prop)}: {shown}",
                    )
                )
    for s, p, o in graph:
        if isinstance(o, Literal) and o.ill_typed and ax.datatype_ranges.get(p):
            found.add(
                Culprit(
                    str(s),
                    f"{_short(p)} has a value that is not a valid {_short(o.datatype)}: {o!s}",
                )
            )
    return sorted(found)


def _short(term: Node | None) -> str:
    return curie(str(term), ("ng", "id", "xsd"))
