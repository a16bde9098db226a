"""A single-page HTML reference of the ontology, built from its RDF."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from loader.core.formats import PREFIXES, curie
from loader.core.vocab import NG, ONTOLOGY_IRI
from loader.owl.ontology import ontology_graph

__all__ = ["render_html", "write_docs"]

SECTIONS = (
    ("classes", "Classes", OWL.Class),
    ("object-properties", "Object properties", OWL.ObjectProperty),
    ("data-properties", "Data properties", OWL.DatatypeProperty),
    ("annotation-properties", "Annotation properties", OWL.AnnotationProperty),
    ("individuals", "Individuals", OWL.NamedIndividual),
)
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       line-height: 1.5; color: #222; }
code { background: #f3f3f3; padding: 0 .2em; }
section.term { border-top: 1px solid #ddd; padding: .5rem 0; }
dl { display: grid; grid-template-columns: 10rem 1fr; margin: 0; }
dt { font-weight: 600; color: #555; }
nav ul { columns: 3; }
"""


def _curie(term: Node) -> str:
    return curie(str(term), PREFIXES)


def _ref(g: Graph, term: Node) -> str:
    """A link to a term: inside the page for ng: terms, outside otherwise."""
    if isinstance(term, BNode):
        return _class_expression(g, term)
    text = escape(_curie(term))
    if str(term).startswith(str(NG)):
        return f'<a href="#{escape(str(term)[len(str(NG)) :])}"><code>{text}</code></a>'
    return f'<a href="{escape(str(term))}"><code>{text}</code></a>'


def _class_expression(g: Graph, node: BNode) -> str:
    union = g.value(node, OWL.unionOf)
    if union is not None:
        return " or ".join(_ref(g, m) for m in Collection(g, union))
    prop = g.value(node, OWL.onProperty)
    if prop is None:
        return "(an anonymous class)"
    for pred, word in ((OWL.allValuesFrom, "only"), (OWL.someValuesFrom, "some")):
        filler = g.value(node, pred)
        if filler is not None:
            return f"{_ref(g, prop)} {word} {_ref(g, filler)}"
    count = g.value(node, OWL.minQualifiedCardinality)
    if count is not None:
        on_class = g.value(node, OWL.onClass) or OWL.Thing
        return f"{_ref(g, prop)} min {escape(str(count))} {_ref(g, on_class)}"
    return f"a restriction on {_ref(g, prop)}"


def _sorted(nodes: Iterable[Node]) -> list[Node]:
    return sorted(nodes, key=str)


def _row(name: str, values: list[str]) -> str:
    return f"<dt>{escape(name)}</dt><dd>{', '.join(values)}</dd>" if values else ""


def _term(g: Graph, term: URIRef) -> str:
    local = str(term)[len(str(NG)) :]
    label = g.value(term, RDFS.label)
    rows = [
        _row("IRI", [f"<code>{escape(str(term))}</code>"]),
        _row("Definition", [escape(str(v)) for v in g.objects(term, SKOS.definition)]),
        _row("Note", [escape(str(v)) for v in g.objects(term, RDFS.comment)]),
        _row(
            "Types",
            [
                _ref(g, t)
                for t in _sorted(g.objects(term, RDF.type))
                if t not in (OWL.NamedIndividual,) and not str(t).startswith(str(OWL))
            ],
        ),
        _row("Subclass of", [_ref(g, c) for c in _sorted(g.objects(term, RDFS.subClassOf))]),
        _row("Subclasses", [_ref(g, c) for c in _sorted(g.subjects(RDFS.subClassOf, term))]),
        _row("Equivalent to", [_ref(g, c) for c in _sorted(g.objects(term, OWL.equivalentClass))]),
        _row("Disjoint with", [_ref(g, c) for c in _sorted(_disjoint(g, term))]),
        _row("Subproperty of", [_ref(g, p) for p in _sorted(g.objects(term, RDFS.subPropertyOf))]),
        _row("Domain", [_ref(g, d) for d in g.objects(term, RDFS.domain)]),
        _row("Range", [_ref(g, r) for r in g.objects(term, RDFS.range)]),
        _row("Functional", ["yes"] if (term, RDF.type, OWL.FunctionalProperty) in g else []),
        _row("Instances", [_ref(g, i) for i in _sorted(g.subjects(RDF.type, term))]),
    ]
    return (
        f'<section class="term" id="{escape(local)}">'
        f"<h3>{escape(str(label or local))} <small><code>ng:{escape(local)}</code></small></h3>"
        f"<dl>{''.join(rows)}</dl></section>"
    )


def _disjoint(g: Graph, term: URIRef) -> set[Node]:
    found = set(g.objects(term, OWL.disjointWith)) | set(g.subjects(OWL.disjointWith, term))
    for node in g.subjects(RDF.type, OWL.AllDisjointClasses):
        head = g.value(node, OWL.members)
        members = list(Collection(g, head)) if head is not None else []
        if term in members:
            found.update(m for m in members if m != term)
    return found


def render_html(graph: Graph | None = None) -> str:
    """The reference page of the ontology as one HTML document."""
    g = graph if graph is not None else ontology_graph()
    title = str(g.value(ONTOLOGY_IRI, DCTERMS.title) or "newsgraph ontology")
    meta = [
        _row("Ontology IRI", [f"<code>{escape(str(ONTOLOGY_IRI))}</code>"]),
        _row("Version", [escape(str(v)) for v in g.objects(ONTOLOGY_IRI, OWL.versionInfo)]),
        _row(
            "Version IRI",
            [f"<code>{escape(str(v))}</code>" for v in g.objects(ONTOLOGY_IRI, OWL.versionIRI)],
        ),
        _row("Namespace", [f"<code>ng: {escape(str(NG))}</code>"]),
        _row("Creator", [escape(str(v)) for v in g.objects(ONTOLOGY_IRI, DCTERMS.creator)]),
        _row("License", [_ref(g, v) for v in g.objects(ONTOLOGY_IRI, DCTERMS.license)]),
    ]
    nav, body = [], []
    for anchor, heading, kind in SECTIONS:
        terms = sorted(
            t
            for t in set(g.subjects(RDF.type, kind))
            if isinstance(t, URIRef) and str(t).startswith(str(NG))
        )
        nav.append(f'<li><a href="#{anchor}">{heading}</a> ({len(terms)})</li>')
        body.append(f'<h2 id="{anchor}">{heading}</h2>')
        body.extend(_term(g, t) for t in terms)
    description = " ".join(str(g.value(ONTOLOGY_IRI, DCTERMS.description) or "").split())
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>"
        f"<h1>{escape(title)}</h1><p>{escape(description)}</p><dl>{''.join(meta)}</dl>"
        f"<nav><ul>{''.join(nav)}</ul></nav>{''.join(body)}</body></html>\n"
    )


def write_docs(out_dir: Path) -> Path:
    """Write ``index.html`` into ``out_dir`` (created if needed); return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_html(), encoding="utf-8")
    return path
