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

from loader.core.terms import nt_term
from loader.core.vocab import NG, RDF, XSD
from loader.store.base import SelectResult, Store

CATALOG_GRAPH = URIRef("https://w3id.org/newsgraph/catalog")
CAT = Namespace("https://w3id.org/newsgraph/catalog#")
SOURCE_FILE = CAT.sourceFile
LOADED_AT = CAT.loadedAt
DEFINED_IN = CAT.definedIn  # the gazetteer file that last defined an actor

_G = nt_term(CATALOG_GRAPH)


def now_literal() -> Literal:
    """The load time, to the second, in UTC."""
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return Literal(stamp, datatype=XSD.dateTime)


def source_of(path: Path) -> str:
    """How a source file is recorded: its absolute path, symlinks resolved."""
    return str(path.resolve())


def record(entries: Iterable[tuple[str, Path]], *, loaded_at: Literal) -> str:
    """An update replacing the catalog entries of (graph, source file) pairs."""
    ops: list[str] = []
    lines: list[str] = []
    when = nt_term(loaded_at)
    for graph, path in entries:
        g = nt_term(URIRef(graph))  # checked IRIs and escaped literals: safe in the update
        ops.append(f"DELETE WHERE {{ GRAPH {_G} {{ {g} ?p ?o }} }}")
        lines.append(f"{g} {nt_term(SOURCE_FILE)} {nt_term(Literal(source_of(path)))} .\n")
        lines.append(f"{g} {nt_term(LOADED_AT)} {when} .\n")
    if not lines:
        return ""
    ops.append(f"INSERT DATA {{ GRAPH {_G} {{\n{''.join(lines)}}} }}")
    return " ;\n".join(ops)


def moved(entries: Iterable[tuple[str, Path]]) -> str:
    """An update changing only the recorded source file (an unchanged article that moved)."""
    ops: list[str] = []
    lines: list[str] = []
    for graph, path in entries:
        g = nt_term(URIRef(graph))
        ops.append(f"DELETE WHERE {{ GRAPH {_G} {{ {g} {nt_term(SOURCE_FILE)} ?o }} }}")
        lines.append(f"{g} {nt_term(SOURCE_FILE)} {nt_term(Literal(source_of(path)))} .\n")
    if not lines:
        return ""
    ops.append(f"INSERT DATA {{ GRAPH {_G} {{\n{''.join(lines)}}} }}")
    return " ;\n".join(ops)


def record_gazetteer(actors: Sequence[URIRef], path: Path, *, chunk: int = 50) -> list[str]:
    """Updates recording which gazetteer file defines these actors now.

    Chunked: Virtuoso refuses one update that deletes hundreds of subjects.
    """
    source = nt_term(Literal(source_of(path)))
    p = nt_term(DEFINED_IN)
    updates: list[str] = []
    for i in range(0, len(actors), chunk):
        part = [nt_term(a) for a in actors[i : i + chunk]]  # checked IRIs: safe in the update
        lines = "".join(f"{a} {p} {source} .\n" for a in part)
        updates.append(
            f"DELETE {{ GRAPH {_G} {{ ?a {p} ?o }} }} "
            f"WHERE {{ GRAPH {_G} {{ ?a {p} ?o }} VALUES ?a {{ {' '.join(part)} }} }} ;\n"
            f"INSERT DATA {{ GRAPH {_G} {{\n{lines}}} }}"
        )
    return updates


def gazetteer_sources(store: Store) -> dict[str, str]:
    """The gazetteer file recorded for each actor IRI."""
    result = store.query(f"SELECT ?a ?f WHERE {{ GRAPH {_G} {{ ?a {nt_term(DEFINED_IN)} ?f }} }}")
    if not isinstance(result, SelectResult):
        return {}
    return {str(a): str(f) for a, f in result.rows if a is not None and f is not None}


def forget(graphs: Sequence[URIRef]) -> str:
    """An update removing the catalog entries of removed articles."""
    return " ;\n".join(f"DELETE WHERE {{ GRAPH {_G} {{ {nt_term(g)} ?p ?o }} }}" for g in graphs)


def sources(store: Store, graph: str | None = None) -> dict[str, str]:
    """Recorded source file per article graph (all of them, or one)."""
    if graph is not None:
        g = nt_term(URIRef(graph))  # a checked IRI
        one = store.query(f"SELECT ?f WHERE {{ GRAPH {_G} {{ {g} {nt_term(SOURCE_FILE)} ?f }} }}")
        files = [r[0] for r in one.rows] if isinstance(one, SelectResult) else []
        return {graph: str(files[0])} if files and files[0] is not None else {}
    result = store.query(f"SELECT ?a ?f WHERE {{ GRAPH {_G} {{ ?a {nt_term(SOURCE_FILE)} ?f }} }}")
    if not isinstance(result, SelectResult):
        return {}
    return {str(a): str(f) for a, f in result.rows if a is not None and f is not None}


def loaded_under(store: Store, folder: Path) -> list[tuple[str, str, str]]:
    """(graph, article id, source file) of the stored articles loaded from inside ``folder``."""
    prefix = Literal(str(folder.resolve()).rstrip(os.sep) + os.sep)
    # Bound variables must be projected (an Oxigraph rule): ?prefix comes back unused.
    sparql = f"""SELECT ?a ?id ?f ?prefix WHERE {{
      GRAPH {_G} {{ ?a {nt_term(SOURCE_FILE)} ?f }}
      FILTER(STRSTARTS(?f, ?prefix))
      GRAPH ?a {{ ?a {nt_term(RDF.type)} {nt_term(NG.Article)} ; {nt_term(NG.articleId)} ?id }}
    }}"""
    result = store.query(sparql, bindings={"prefix": prefix})
    if not isinstance(result, SelectResult):
        return []
    return sorted(
        (str(a), str(i), str(f))
        for a, i, f, _ in result.rows
        if a is not None and i is not None and f is not None
    )


__all__ = [
    "CATALOG_GRAPH",
    "LOADED_AT",
    "SOURCE_FILE",
    "forget",
    "loaded_under",
    "moved",
    "now_literal",
    "record",
    "source_of",
    "sources",
]
