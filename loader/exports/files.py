"""Write the store's dataset as TriG, N-Quads, Turtle, JSON-LD or an OWL file for Protégé.

TriG and N-Quads keep every named graph, so loading an export into an empty
store gives the same dataset. Turtle flattens the graphs. JSON-LD keeps the
graphs and is compacted with the published context (``context.jsonld``), given
inline so the file reads offline. OWL is written by :mod:`loader.exports.owl`.

Quads are streamed from Oxigraph and written by Oxigraph's serializers; a
remote store is first copied into an in-memory Oxigraph store.
"""

from __future__ import annotations

import importlib.resources
import json
import os
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox
from rdflib import Graph

from loader.core.errors import Location, NewsgraphError, UsageError
from loader.core.formats import ALL_PREFIXES, OX_FORMATS
from loader.core.terms import from_ox
from loader.core.vocab import GAZETTEER_GRAPH, ID, NG, ONTOLOGY_GRAPH, article_iri
from loader.exports.base import FORMATS, ExportFormat, ExportReport, OwlSyntax
from loader.exports.owl import write_owl
from loader.store.base import Store
from loader.store.catalog import CATALOG_GRAPH

EXTENSIONS: dict[str, ExportFormat] = {
    ".trig": "trig",
    ".nq": "nquads",
    ".nquads": "nquads",
    ".ttl": "turtle",
    ".jsonld": "jsonld",
    ".owl": "owl",
    ".rdf": "owl",
}
CONTEXT_FILE = "context.jsonld"
EVIDENCE_PREFIX = str(ID) + "evidence/"
HAS_EVIDENCE = str(NG.hasEvidence)


@dataclass(frozen=True, slots=True)
class Selection:
    """What to export: all articles or some, with or without evidence passages."""

    articles: tuple[str, ...] | None = None
    evidence: bool = True

    @property
    def everything(self) -> bool:
        return self.articles is None and self.evidence


def format_for(out: str, fmt: str | None) -> ExportFormat:
    """The export format: ``fmt`` when given, else from the extension of ``out``."""
    if fmt is not None:
        if fmt not in FORMATS:
            raise UsageError(
                f"unknown export format {fmt!r}", hint=f"use one of {', '.join(FORMATS)}"
            )
        return cast(ExportFormat, fmt)
    if out == "-":
        raise UsageError(
            "writing to stdout needs --format", hint=f"add --format ({'|'.join(FORMATS)})"
        )
    suffix = Path(out).suffix.lower()
    if suffix not in EXTENSIONS:
        known = " ".join(sorted(EXTENSIONS))
        raise UsageError(
            f"cannot tell the export format from {out!r}",
            hint=f"give --format, or name the file with one of: {known}",
        )
    return EXTENSIONS[suffix]


# --- where the quads come from --------------------------------------------------


def graph_order(raw: Any, selection: Selection) -> list[Any]:
    """Graph names to export: ontology, gazetteer, then articles (sorted); unknown ids fail."""
    names = {g.value: g for g in raw.named_graphs() if isinstance(g, ox.NamedNode)}
    head = [names[n] for n in (str(ONTOLOGY_GRAPH), str(GAZETTEER_GRAPH)) if n in names]
    if selection.articles is None:
        # The catalog (source paths, load times) is this store's bookkeeping, not data.
        skip = (str(ONTOLOGY_GRAPH), str(GAZETTEER_GRAPH), str(CATALOG_GRAPH))
        rest = sorted(n for n in names if n not in skip)
        return head + [names[n] for n in rest]
    missing = [a for a in selection.articles if str(article_iri(a)) not in names]
    if missing:
        raise UsageError(
            f"no article {', '.join(map(repr, missing))} in the store",
            hint="give article ids as loaded (newsgraph stats lists the article graphs)",
        )
    wanted = dict.fromkeys(str(article_iri(a)) for a in selection.articles)
    return head + [names[n] for n in wanted]


def select_quads(raw: Any, selection: Selection, *, ontology: bool = True) -> Iterator[Any]:
    """The selected quads: the ontology, then the gazetteer (only what the articles use
    when articles are chosen), then the article graphs; evidence left out on request."""
    graphs = graph_order(raw, selection)
    head = [g for g in graphs if g.value == str(ONTOLOGY_GRAPH)] if ontology else []
    gazetteer = [g for g in graphs if g.value == str(GAZETTEER_GRAPH)]
    articles = [g for g in graphs if g.value not in (str(ONTOLOGY_GRAPH), str(GAZETTEER_GRAPH))]
    for g in head:
        yield from raw.quads_for_pattern(None, None, None, g)
    if selection.articles is None:
        for g in gazetteer:
            yield from raw.quads_for_pattern(None, None, None, g)
        # Quads in the default graph are not newsgraph's, but a full export keeps them.
        rest: Iterable[Any] = (
            q
            for g in [*articles, ox.DefaultGraph()]
            for q in raw.quads_for_pattern(None, None, None, g)
        )
        yield from rest if selection.evidence else _without_evidence(rest)
        return
    used: set[str] = set()
    for g in articles:
        quads = raw.quads_for_pattern(None, None, None, g)
        for q in quads if selection.evidence else _without_evidence(quads):
            if isinstance(q.object, ox.NamedNode):
                used.add(q.object.value)
            yield q
    for g in gazetteer:
        yield from _used_entries(raw, g, used)


def _without_evidence(quads: Iterable[Any]) -> Iterator[Any]:
    for q in quads:
        if q.predicate.value != HAS_EVIDENCE and not q.subject.value.startswith(EVIDENCE_PREFIX):
            yield q


def _used_entries(raw: Any, graph: Any, used: set[str]) -> Iterator[Any]:
    """The gazetteer quads about the used actors and places, and what they point to
    (their roles, the states a role or a place belongs to), transitively."""
    by_subject: dict[str, list[Any]] = {}
    for q in raw.quads_for_pattern(None, None, None, graph):
        by_subject.setdefault(q.subject.value, []).append(q)
    todo = sorted(used & by_subject.keys())
    seen = set(todo)
    while todo:
        subject = todo.pop()
        for q in by_subject[subject]:
            o = q.object
            if isinstance(o, ox.NamedNode) and o.value in by_subject and o.value not in seen:
                seen.add(o.value)
                todo.append(o.value)
    for subject in sorted(seen):
        yield from by_subject[subject]


# --- writers ------------------------------------------------------------------


def _write_rdf(raw: Any, out: IO[bytes], fmt: ExportFormat, selection: Selection) -> None:
    if fmt in ("trig", "nquads"):
        if selection.everything and not raw.contains_named_graph(ox.NamedNode(str(CATALOG_GRAPH))):
            raw.dump(out, OX_FORMATS[fmt])
            return
        ox.serialize(select_quads(raw, selection), out, OX_FORMATS[fmt])
        return
    # Turtle flattens the graphs; a triple stated in several graphs is written once.
    seen: set[Any] = set()

    def triples() -> Iterator[Any]:
        for q in select_quads(raw, selection):
            t = q.triple
            if t not in seen:
                seen.add(t)
                yield t

    ox.serialize(triples(), out, OX_FORMATS["turtle"], prefixes=ALL_PREFIXES)


@lru_cache(maxsize=1)
def jsonld_context() -> dict[str, Any]:
    """The published JSON-LD context (the value of its ``@context`` key)."""
    text = (importlib.resources.files("loader.resources") / CONTEXT_FILE).read_text("utf-8")
    context: dict[str, Any] = json.loads(text)["@context"]
    return context


def _write_jsonld(raw: Any, out: IO[bytes], selection: Selection) -> None:
    """One JSON-LD document: the context inline, then one ``@graph`` entry per named graph.

    Each graph is compacted on its own, so memory stays bounded by the largest graph.
    """
    context = jsonld_context()
    out.write(b'{\n"@context": ')
    out.write(json.dumps(context, indent=1, ensure_ascii=False).encode("utf-8"))
    out.write(b',\n"@graph": [')
    first = True
    for name, triples in _graphs(select_quads(raw, selection)):
        graph = Graph()
        for t in triples:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        doc = json.loads(graph.serialize(format="json-ld", context=context, auto_compact=True))
        nodes = doc.get("@graph", [doc]) if isinstance(doc, dict) else doc
        nodes = [{k: v for k, v in n.items() if k != "@context"} for n in nodes]
        entry = {"@id": name, "@graph": nodes} if name is not None else {"@graph": nodes}
        out.write(b"\n" if first else b",\n")
        out.write(json.dumps(entry, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        first = False
    out.write(b"\n]\n}\n")


def _graphs(quads: Iterable[Any]) -> Iterator[tuple[str | None, list[Any]]]:
    """Consecutive quads grouped by graph name (``None`` for the default graph)."""
    name: str | None = None
    batch: list[Any] = []
    started = False
    for q in quads:
        g = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else None
        if started and g != name:
            yield name, batch
            batch = []
        name, started = g, True
        batch.append(q.triple)
    if started:
        yield name, batch


def export(
    store: Store,
    out: IO[bytes],
    *,
    fmt: ExportFormat,
    selection: Selection | None = None,
    syntax: OwlSyntax = "rdfxml",
) -> ExportReport:
    """Write the store (or the selection) to a binary stream in ``fmt``."""
    selection = selection or Selection()
    report = ExportReport(fmt=fmt)
    with store.dataset() as raw:
        if fmt == "owl":
            if selection.everything:
                return write_owl(raw, out, syntax=syntax)
            # A selection is copied into a memory store, then written like a whole store.
            part = ox.Store()
            part.extend(select_quads(raw, selection))
            return write_owl(part, out, syntax=syntax)
        if fmt == "jsonld":
            _write_jsonld(raw, out, selection)
        else:
            _write_rdf(raw, out, fmt, selection)
    return report


def export_to_path(
    store: Store,
    path: Path,
    *,
    fmt: ExportFormat,
    selection: Selection | None = None,
    syntax: OwlSyntax = "rdfxml",
) -> ExportReport:
    """Export to a file, written next to it first and renamed, so a failure leaves no half file."""
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise NewsgraphError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="choose a writable file in an existing directory",
            location=Location(path),
        ) from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as fh:
            report = export(store, fh, fmt=fmt, selection=selection, syntax=syntax)
        tmp.chmod(0o666 & ~_umask())
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise NewsgraphError(
            f"cannot write {path}: {exc.strerror or exc}",
            hint="choose a writable file in an existing directory",
            location=Location(path),
        ) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


__all__ = [
    "EXTENSIONS",
    "Selection",
    "export",
    "export_to_path",
    "format_for",
    "jsonld_context",
    "select_quads",
]
