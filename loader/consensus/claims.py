"""What each article graph claims about a meeting or a sanctions package.

A claim is one source's view of one fact node, read from the quads of its
article graph: the node's own triples, its date interval and its
participations (a package's measures, groups, legal act and validity dates),
plus the article's publication date. The same reader serves
the store (through SPARQL, on any endpoint) and a batch not yet written (its
N-Quads parsed in memory), so a load can merge both before it writes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.vocab import CONSENSUS_GRAPH, MEETING_CLASSES, NG, RDF, RDFS
from loader.store.base import SelectResult, Store
from loader.store.own_sparql import own_sparql

Quad = tuple[str, str, str, str]  # graph, subject, predicate, object (IRIs and lexical values)

PACKAGE_CLASS = str(NG.SanctionsPackage)
# What a package links to beyond its direct values: read with the linked node's own
# triples (a measure, a legal act, a validity date), merged by ``packages``.
PACKAGE_LINKS = frozenset(
    str(p)
    for p in (
        NG.hasMeasure,
        NG.hasTargetGroup,
        NG.hasLegalBasis,
        NG.expectedDate,
        NG.inForceFrom,
        NG.inForceUntil,
        NG.renews,
        NG.inRegime,
        NG.targetsSubsidiariesOf,
    )
)
# Links whose node is the article's own (its triples are read one hop on).
HOPS = frozenset(
    {str(NG.hasDate), str(NG.hasParticipation), str(NG.hasStatusChange)}
    | PACKAGE_LINKS - {str(NG.renews), str(NG.inRegime), str(NG.targetsSubsidiariesOf)}
)
Pairs = tuple[tuple[str, str], ...]
FACT_CLASSES = frozenset({*(str(c) for c in MEETING_CLASSES.values()), PACKAGE_CLASS})
_CHUNK = 100  # nodes per query: Virtuoso compiles long VALUES blocks slowly


@dataclass(slots=True)
class Claim:
    """One article's statements about one meeting or package."""

    graph: str
    node: str
    published: str | None = None
    classes: set[str] = field(default_factory=set)
    statuses: set[str] = field(default_factory=set)
    labels: set[str] = field(default_factory=set)
    # (earliest, latest, precision) of each date interval the article gives.
    dates: list[tuple[str | None, str | None, str]] = field(default_factory=list)
    places: set[str] = field(default_factory=set)
    participants: set[str] = field(default_factory=set)
    # (actor, role or "", side or "") of each participation node.
    participations: set[tuple[str, str, str]] = field(default_factory=set)
    issuers: set[str] = field(default_factory=set)
    targets: set[str] = field(default_factory=set)
    numbers: set[str] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)
    # (earliest or None, latest or None) of each date interval, with or without a precision.
    spans: list[tuple[str | None, str | None]] = field(default_factory=list)
    # (status, earliest or None, latest or None) of each status change the article reports.
    changes: set[tuple[str, str | None, str | None]] = field(default_factory=set)
    # PACKAGE_LINKS: predicate -> (linked node, that node's (predicate, value) pairs).
    links: dict[str, list[tuple[str, Pairs]]] = field(default_factory=dict)

    @property
    def package(self) -> bool:
        return PACKAGE_CLASS in self.classes

    @property
    def counts(self) -> bool:
        """Whether the article is a source of the fact (the canned queries' test)."""
        return bool(self.statuses) and bool(self.classes & FACT_CLASSES)


def fact_nodes(quads: Iterable[Quad]) -> set[str]:
    """The meetings and packages the quads type (the facts an article graph mentions)."""
    return {node for _, node in typed_facts(quads)}


def typed_facts(quads: Iterable[Quad]) -> set[tuple[str, str]]:
    """(graph, fact) for each meeting and package a graph of the quads types."""
    rdf_type = str(RDF.type)
    return {(g, s) for g, s, p, o in quads if p == rdf_type and o in FACT_CLASSES}


def claims_from_quads(quads: Iterable[Quad], nodes: set[str]) -> list[Claim]:
    """The claims about ``nodes`` in the quads (graphs that do not count are left out)."""
    by_graph: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    for g, s, p, o in quads:
        if g != str(CONSENSUS_GRAPH):
            by_graph[g][s].append((p, o))
    claims: list[Claim] = []
    for g, subjects in by_graph.items():
        published = next((o for p, o in subjects.get(g, ()) if p == str(NG.publishedOn)), None)
        for node in sorted(nodes & subjects.keys()):
            claim = _claim(g, node, subjects, published)
            if claim.counts:
                claims.append(claim)
    return claims


def _claim(
    g: str, node: str, subjects: dict[str, list[tuple[str, str]]], published: str | None
) -> Claim:
    c = Claim(graph=g, node=node, published=published)
    simple = {
        str(RDF.type): c.classes,
        str(NG.hasStatus): c.statuses,
        str(RDFS.label): c.labels,
        str(NG.hasPlace): c.places,
        str(NG.hasParticipant): c.participants,
        str(NG.issuedBy): c.issuers,
        str(NG.hasTarget): c.targets,
        str(NG.packageNumber): c.numbers,
        str(NG.hasSanctionsKind): c.kinds,
    }
    for p, o in subjects[node]:
        if p in simple:
            simple[p].add(o)
        elif p == str(NG.hasDate):
            c.dates.extend(_intervals(subjects.get(o, [])))
            c.spans.extend(_spans(subjects.get(o, [])))
        elif p == str(NG.hasStatusChange):
            c.changes.update(_changes(subjects, o))
        elif p == str(NG.hasParticipation):
            part = subjects.get(o, ())
            actor = next((v for q, v in part if q == str(NG.participant)), None)
            if actor is None:
                continue
            roles = [v for q, v in part if q == str(NG.participantRole)] or [""]
            sides = [v for q, v in part if q == str(NG.onSide)] or [""]
            c.participations.update((actor, r, s) for r in roles for s in sides)
        elif p in PACKAGE_LINKS:
            pairs = tuple(sorted(subjects.get(o, ()))) if p in HOPS else ()
            c.links.setdefault(p, []).append((o, pairs))
    return c


def _intervals(date: list[tuple[str, str]]) -> list[tuple[str | None, str | None, str]]:
    """A date node's intervals: one, unless an article gave one node two values (every pair)."""
    values: dict[str, list[str]] = defaultdict(list)
    for q, v in date:
        values[q].append(v)
    starts: list[str | None] = [*values[str(NG.earliest)]] or [None]
    ends: list[str | None] = [*values[str(NG.latest)]] or [None]
    return [(e, x, p) for p in values[str(NG.hasPrecision)] for e in starts for x in ends]


def _spans(date: list[tuple[str, str]]) -> list[tuple[str | None, str | None]]:
    """Every (earliest, latest) pair of a date node, an open side as None."""
    starts: list[str | None] = [v for q, v in date if q == str(NG.earliest)] or [None]
    ends: list[str | None] = [v for q, v in date if q == str(NG.latest)] or [None]
    return [(e, x) for e in starts for x in ends]


def _changes(
    subjects: dict[str, list[tuple[str, str]]], change: str
) -> set[tuple[str, str | None, str | None]]:
    """A status change's (status, earliest, latest): one per date pair, (None, None) undated."""
    triples = subjects.get(change, [])
    spans = [s for q, d in triples if q == str(NG.hasDate) for s in _spans(subjects.get(d, []))]
    statuses = [v for q, v in triples if q == str(NG.hasStatus)]
    return {(s, e, x) for s in statuses for e, x in spans or [(None, None)]}


# --- reading the store ------------------------------------------------------------


def _rows(store: Store, sparql: str) -> list[list[str]]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return [[str(v) if v is not None else "" for v in row] for row in result.rows]


def _chunks(items: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _iris(items: Iterable[str]) -> list[URIRef]:
    return [URIRef(i) for i in items]


_CLASSES = _iris(sorted(FACT_CLASSES))


def mentioned_in(store: Store, graphs: Sequence[str]) -> set[str]:
    """The meetings and packages the stored graphs mention (before they are replaced)."""
    raw = getattr(store, "raw", None)
    if isinstance(raw, ox.Store):
        return _embedded_mentions(raw, graphs)
    found: set[str] = set()
    for chunk in _chunks(sorted(graphs)):
        sparql = own_sparql("consensus-mentioned.rq", graphs=_iris(chunk), classes=_CLASSES)
        found.update(row[0] for row in _rows(store, sparql))
    return found


def _embedded_mentions(raw: ox.Store, graphs: Sequence[str]) -> set[str]:
    """The same facts read by pattern (a graph new to the store costs one lookup)."""
    rdf_type = ox.NamedNode(str(RDF.type))
    found: set[str] = set()
    for name in graphs:
        g = ox.NamedNode(name)
        if raw.contains_named_graph(g):
            found.update(
                q.subject.value
                for q in raw.quads_for_pattern(None, rdf_type, None, g)
                if isinstance(q.subject, ox.NamedNode) and _value(q.object) in FACT_CLASSES
            )
    return found


def all_facts(store: Store) -> set[str]:
    """Every meeting and package some article graph of the store types."""
    sparql = own_sparql("consensus-all-facts.rq", classes=_CLASSES, consensus=CONSENSUS_GRAPH)
    return {row[0] for row in _rows(store, sparql)}


def stored_claims(store: Store, nodes: set[str], *, skip: set[str]) -> list[Claim]:
    """The claims the store's article graphs (except ``skip``) make about ``nodes``."""
    raw = getattr(store, "raw", None)
    if isinstance(raw, ox.Store):
        return claims_from_quads(_embedded_quads(raw, nodes, skip), nodes)
    quads: list[Quad] = []
    for chunk in _chunks(sorted(nodes)):
        values = _iris(chunk)
        node_triples = own_sparql(
            "consensus-node-triples.rq", nodes=values, consensus=CONSENSUS_GRAPH
        )
        for g, x, p, o in _rows(store, node_triples):
            if g not in skip:
                quads.append((g, x, p, o))
        hop_reads = (
            own_sparql(
                "consensus-hop-triples.rq",
                nodes=values,
                consensus=CONSENSUS_GRAPH,
                hops=[URIRef(h) for h in sorted(HOPS)],
            ),
            own_sparql(
                "consensus-change-dates.rq",
                nodes=values,
                consensus=CONSENSUS_GRAPH,
                has_change=NG.hasStatusChange,
                has_date=NG.hasDate,
            ),
        )
        for hop in hop_reads:
            for g, n, q, v in _rows(store, hop):
                if g not in skip:
                    quads.append((g, n, q, v))
    graphs = sorted({q[0] for q in quads})
    for chunk in _chunks(graphs):
        sparql = own_sparql("consensus-published.rq", graphs=_iris(chunk), published=NG.publishedOn)
        quads.extend((g, g, str(NG.publishedOn), pub) for g, pub in _rows(store, sparql))
    return claims_from_quads(quads, nodes)


def _embedded_quads(raw: ox.Store, nodes: set[str], skip: set[str]) -> list[Quad]:
    """The same quads read by pattern from an embedded store (no SPARQL, no term conversion)."""
    has_date = ox.NamedNode(str(NG.hasDate))
    has_change = ox.NamedNode(str(NG.hasStatusChange))
    hops = {ox.NamedNode(h) for h in HOPS}
    published = ox.NamedNode(str(NG.publishedOn))
    out: list[Quad] = []
    graphs: dict[str, ox.NamedNode] = {}
    for node in sorted(nodes):
        for q in raw.quads_for_pattern(ox.NamedNode(node), None, None, None):
            g = q.graph_name
            if (
                not isinstance(g, ox.NamedNode)
                or g.value == str(CONSENSUS_GRAPH)
                or g.value in skip
            ):
                continue
            graphs[g.value] = g
            out.append((g.value, node, q.predicate.value, _value(q.object)))
            if q.predicate in hops and isinstance(q.object, ox.NamedNode):
                for h in raw.quads_for_pattern(q.object, None, None, g):
                    out.append((g.value, _value(h.subject), h.predicate.value, _value(h.object)))
                    # The second hop, as consensus-change-dates.rq: a status change's date.
                    second = q.predicate == has_change and h.predicate == has_date
                    if second and isinstance(h.object, ox.NamedNode):
                        out.extend(
                            (g.value, _value(d.subject), d.predicate.value, _value(d.object))
                            for d in raw.quads_for_pattern(h.object, None, None, g)
                        )
    for name, g in graphs.items():
        out.extend(
            (name, name, published.value, _value(h.object))
            for h in raw.quads_for_pattern(g, published, None, g)
        )
    return out


def _value(term: object) -> str:
    # Quoted triples never occur in newsgraph's graphs.
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


def parsed_quads(nquads: str) -> list[Quad]:
    """N-Quads text (a batch about to be written) as quads of plain strings."""
    out: list[Quad] = []
    for q in ox.parse(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS):
        out.append((_value(q.graph_name), _value(q.subject), q.predicate.value, _value(q.object)))
    return out


__all__ = [
    "Claim",
    "all_facts",
    "claims_from_quads",
    "fact_nodes",
    "mentioned_in",
    "parsed_quads",
    "stored_claims",
    "typed_facts",
]
