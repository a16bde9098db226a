"""The store's catalog: which file each article was loaded from, and when.

The catalog is store bookkeeping, not a claim of any article, so it lives in a
graph of its own outside the data graphs (exports and checks leave it out).
It is what lets a load tell that the store holds articles of the same folder
that are no longer in it, and ``load --sync`` remove them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from rdflib import Literal, Namespace, URIRef

from loader.core.terms import Triple
from loader.core.vocab import XSD
from loader.store.base import SelectResult, Store, select_values
from loader.store.own_sparql import own_sparql, own_updates

CATALOG_GRAPH = URIRef("https://w3id.org/newsgraph/catalog")
CAT = Namespace("https://w3id.org/newsgraph/catalog#")
SOURCE_FILE = CAT.sourceFile
LOADED_AT = CAT.loadedAt
DEFINED_IN = CAT.definedIn  # the gazetteer file that last defined an actor


def now_literal() -> Literal:
    """The load time, to the second, in UTC."""
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Literal(stamp, datatype=XSD.dateTime)


def source_of(path: Path, dirs: dict[str, str] | None = None) -> str:
    """How a source file is recorded: its absolute path, symlinks resolved.

    ``dirs``: folders already resolved in this run (absolute path -> resolved), so
    a corpus of many files in few folders resolves each folder once.
    """
    if dirs is None or path.is_symlink():
        return str(path.resolve())
    folder = str(path.parent.absolute())
    if folder not in dirs:
        dirs[folder] = str(Path(folder).resolve())
    return str(Path(dirs[folder]) / path.name)


def record(entries: Iterable[tuple[str, Path]], *, loaded_at: Literal) -> str:
    """An update replacing the catalog entries of (graph, source file) pairs."""
    graphs: list[URIRef] = []
    triples: list[Triple] = []
    for graph, path in entries:
        g = URIRef(graph)
        graphs.append(g)
        triples += [(g, SOURCE_FILE, Literal(source_of(path))), (g, LOADED_AT, loaded_at)]
    return _replace("catalog-forget.ru", graphs, triples)


def moved(entries: Iterable[tuple[str, Path]]) -> str:
    """An update changing only the recorded source file (an unchanged article that moved)."""
    graphs = [URIRef(graph) for graph, _ in entries]
    triples: list[Triple] = [
        (URIRef(graph), SOURCE_FILE, Literal(source_of(path))) for graph, path in entries
    ]
    return _replace("catalog-forget-source.ru", graphs, triples)


def _replace(forget: str, graphs: Sequence[URIRef], triples: Sequence[Triple]) -> str:
    if not triples:
        return ""
    return _forget(forget, graphs) + " ;\n" + own_sparql("catalog-insert.ru", triples=triples)


def _forget(name: str, graphs: Sequence[URIRef], *, chunk: int = 50) -> str:
    """One delete per ``chunk`` graphs (Virtuoso refuses one that names hundreds)."""
    parts = [graphs[i : i + chunk] for i in range(0, len(graphs), chunk)]
    return own_updates(name, [{"graphs": part} for part in parts])


def record_gazetteer(actors: Sequence[URIRef], path: Path, *, chunk: int = 50) -> list[str]:
    """Updates recording which gazetteer file defines these actors now.

    Chunked: Virtuoso refuses one update that deletes hundreds of subjects.
    """
    source = Literal(source_of(path))
    updates: list[str] = []
    for i in range(0, len(actors), chunk):
        part = actors[i : i + chunk]
        triples: list[Triple] = [(a, DEFINED_IN, source) for a in part]
        forget = own_sparql("catalog-forget-defined-in.ru", actors=part).strip()
        updates.append(forget + " ;\n" + own_sparql("catalog-insert.ru", triples=triples))
    return updates


def gazetteer_sources(store: Store) -> dict[str, str]:
    """The gazetteer file recorded for each actor IRI."""
    return _pairs(select_values(store, own_sparql("catalog-defined-in.rq")))


def forget(graphs: Sequence[URIRef]) -> str:
    """An update removing the catalog entries of removed articles."""
    return _forget("catalog-forget.ru", graphs)


def sources(store: Store, graph: str | None = None) -> dict[str, str]:
    """Recorded source file per article graph (all of them, or one)."""
    if graph is not None:
        one = store.query(own_sparql("catalog-source-of.rq", graph=URIRef(graph)))
        files = [r[0] for r in one.rows] if isinstance(one, SelectResult) else []
        return {graph: str(files[0])} if files and files[0] is not None else {}
    return _pairs(select_values(store, own_sparql("catalog-sources.rq")))


def _pairs(rows: list[list[str | None]]) -> dict[str, str]:
    return {a: f for a, f in rows if a is not None and f is not None}


def loaded_under(store: Store, folder: Path) -> list[tuple[str, str, str]]:
    """(graph, article id, source file) of the stored articles loaded from inside ``folder``."""
    prefix = Literal(str(folder.resolve()).rstrip(os.sep) + os.sep)
    rows = select_values(store, own_sparql("catalog-loaded-under.rq", prefix=prefix))
    found: list[tuple[str, str, str]] = []
    for a, i, f in rows:
        if a is not None and i is not None and f is not None:
            found.append((a, i, f))
    return sorted(found)
