"""The embedded store: Oxigraph (RocksDB) in a directory on disk."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pyoxigraph as ox
from rdflib import URIRef

from loader.core.errors import StoreError, StoreLockedError
from loader.core.formats import OX_FORMATS, DumpFormat
from loader.core.terms import Term, Triple, from_ox, nt_term, to_ox
from loader.store.base import (
    AskResult,
    GraphPayload,
    GraphResult,
    QueryResult,
    SelectResult,
    SubjectRewrite,
)
from loader.store.rewrite_diff import QuadDiff, diff

DEFAULT_STORE_DIR = Path(".newsgraph")
PID_FILE = "newsgraph.pid"
OPEN_ATTEMPTS = 5


class EmbeddedStore:
    """An Oxigraph store in a directory; one writer process at a time."""

    def __init__(self, path: Path | str = DEFAULT_STORE_DIR, *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not (self.path / "CURRENT").exists():
            raise StoreError(
                f"no store at {self.path}",
                hint="load some articles first (newsgraph load DIR) or point --store at a store",
            )
        if not read_only:
            _check_store_dir(self.path)
        try:
            self._store = self._open()
        except (OSError, RuntimeError) as exc:
            if "lock" in str(exc).lower() or (not read_only and self._held_by_another()):
                raise StoreLockedError(
                    f"store is locked by process {self._holder()}",
                    hint="wait for it to finish or use --store DIR for another store",
                    location=None,
                ) from exc
            raise (
                _no_space(self.path, exc)
                or _read_only(self.path, exc)
                or StoreError(
                    f"cannot open the store at {self.path}: {exc}",
                    hint="check the directory is a newsgraph store and is readable",
                )
            ) from exc
        if not read_only:
            try:
                (self.path / PID_FILE).write_text(str(os.getpid()), encoding="ascii")
            except OSError as exc:
                del self._store
                raise _no_space(self.path, exc) or StoreError(
                    f"cannot write to the store directory {self.path}: {exc.strerror or exc}",
                    hint="check that the directory is writable",
                ) from exc
        # A store that holds no graph yet is being built: its batches take the bulk path.
        self._building = not read_only and next(iter(self._store.named_graphs()), None) is None
        self._bulk_batches = 0

    def _open(self) -> Any:
        # Opening reads the store's manifest before taking the lock. While a loader in
        # another process rewrites it, an opener may read a half-written one: a writer
        # is then told the store is locked, and a reader tries again a few times.
        attempt = 1
        while True:
            try:
                if self.read_only:
                    return ox.Store.read_only(str(self.path))
                return ox.Store(str(self.path))
            except (OSError, RuntimeError):
                if not (self.read_only and attempt < OPEN_ATTEMPTS and self._held_by_another()):
                    raise
            attempt += 1
            time.sleep(0.2)

    def _held_by_another(self) -> bool:
        holder = self._holder()
        if not holder.isdigit() or int(holder) == os.getpid():
            return False
        try:
            os.kill(int(holder), 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _holder(self) -> str:
        try:
            return (self.path / PID_FILE).read_text(encoding="ascii").strip() or "?"
        except OSError:
            return "?"

    @property
    def description(self) -> str:
        return f"embedded store at {self.path}"

    @property
    def raw(self) -> Any:
        """The ``pyoxigraph.Store``: readers that only match patterns skip SPARQL with it."""
        return self._store

    @contextmanager
    def dataset(self) -> Iterator[Any]:
        """The underlying ``pyoxigraph.Store`` itself: exporters read it in place."""
        yield self._store

    def _write(self, update: str) -> None:
        try:
            self._store.update(update)
        except (OSError, RuntimeError) as exc:
            raise _write_error(self, exc) from exc

    def replace_graphs(
        self, payloads: Sequence[GraphPayload], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        """Replace the graphs of a batch in one transaction (all of them or none).

        ``rewrite`` (the derived triples that go with the batch) lands in the
        same transaction. Only what it changes is written: when it removes
        nothing and the graphs are new, the batch takes the N-Quads loader.
        """
        present = [p.graph for p in payloads if self._holds(p.graph)]
        change = diff(self._store, rewrite) if rewrite is not None else QuadDiff([], [])
        if not present and not change.removes:
            # New graphs: Oxigraph's N-Quads parser is faster than a SPARQL update.
            data = "".join(p.nquads() for p in payloads).encode("utf-8") + change.nquads()
            if data:
                self._load(data)
            return
        ops = [f"DROP SILENT GRAPH {nt_term(g)}" for g in present]
        ops.extend(change.update_ops())
        for payload in payloads:
            body = payload.ntriples()
            if body:
                ops.append(f"INSERT DATA {{ GRAPH {nt_term(payload.graph)} {{\n{body}}} }}")
        self._write(" ;\n".join(ops))

    def _holds(self, graph: URIRef) -> bool:
        return bool(self._store.contains_named_graph(ox.NamedNode(str(graph))))

    def _load(self, data: bytes) -> None:
        try:
            if self._building:
                # The bulk loader writes sorted files and hands all of them to RocksDB
                # in one ingestion: a batch lands whole or not at all, at about twice
                # the speed of load(). Its files are compacted on close().
                self._store.bulk_load(data, ox.RdfFormat.N_QUADS)
                self._bulk_batches += 1
            else:
                self._store.load(data, ox.RdfFormat.N_QUADS)  # one transaction
        except (OSError, RuntimeError, SyntaxError, ValueError) as exc:
            raise _write_error(self, exc) from exc

    def update(self, sparql: str) -> None:
        if sparql:
            self._write(sparql)

    def drop_graphs(
        self, graphs: Sequence[URIRef], *, rewrite: SubjectRewrite | None = None
    ) -> None:
        """Drop the graphs (and apply ``rewrite``) in one transaction."""
        ops = [f"DROP SILENT GRAPH {nt_term(g)}" for g in graphs if self._holds(g)]
        if rewrite is not None:
            ops.extend(diff(self._store, rewrite).update_ops())
        if ops:
            self._write(" ;\n".join(ops))

    def graph_names(self) -> list[URIRef]:
        try:
            return sorted(
                URIRef(g.value) for g in self._store.named_graphs() if isinstance(g, ox.NamedNode)
            )
        except OSError as exc:
            raise self._read_error(exc) from exc

    def _read_error(self, exc: OSError) -> StoreError:
        """A read that failed; a reader beside a running load may find files it just replaced."""
        if self.read_only and self._held_by_another():
            return StoreLockedError(
                f"store is locked by process {self._holder()}, which changed it while it was read",
                hint="wait for it to finish and run the command again",
                location=None,
            )
        return _no_space(self.path, exc) or StoreError(
            f"query failed on the {self.description}: {exc}"
        )

    def _guarded(self, rows: Iterator[list[Term | None]]) -> Iterator[list[Term | None]]:
        try:
            yield from rows
        except OSError as exc:
            raise self._read_error(exc) from exc

    def query(self, sparql: str) -> QueryResult:
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL query does not parse: {exc}") from exc
        except OSError as exc:
            raise self._read_error(exc) from exc
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = self._guarded(_rows(result, len(variables)))
            return SelectResult(variables=variables, rows=rows)
        if isinstance(result, ox.QueryBoolean):
            return AskResult(bool(result))
        triples: list[Triple] = [
            (from_ox(t.subject), from_ox(t.predicate), from_ox(t.object))  # type: ignore[misc]
            for t in result
        ]
        return GraphResult(triples)

    def select_values(self, sparql: str) -> list[list[str | None]]:
        """A SELECT's rows as strings, without rdflib terms (see ``base.select_values``)."""
        try:
            result = self._store.query(sparql, use_default_graph_as_union=True)
            return [[None if t is None else t.value for t in row] for row in result]
        except SyntaxError as exc:
            raise StoreError(f"the SPARQL query does not parse: {exc}") from exc
        except OSError as exc:
            raise self._read_error(exc) from exc

    def dump(
        self, out: IO[bytes], *, fmt: DumpFormat, graphs: Sequence[URIRef] | None = None
    ) -> None:
        oxfmt = OX_FORMATS[fmt]
        if graphs is None and fmt in ("nquads", "trig"):
            self._store.dump(out, oxfmt)
            return
        names = graphs if graphs is not None else self.graph_names()
        if fmt in ("nquads", "trig"):
            quads = (
                q for g in names for q in self._store.quads_for_pattern(None, None, None, to_ox(g))
            )
            ox.serialize(quads, out, oxfmt)
            return
        # Triple formats flatten the graphs; the same triple in two graphs is written once.
        seen: set[Any] = set()

        def triples() -> Iterator[Any]:
            for g in names:
                for q in self._store.quads_for_pattern(None, None, None, to_ox(g)):
                    t = q.triple
                    if t not in seen:
                        seen.add(t)
                        yield t

        ox.serialize(triples(), out, oxfmt)

    def quad_count(self) -> int:
        try:
            return len(self._store)
        except OSError as exc:
            raise self._read_error(exc) from exc

    def close(self) -> None:
        if not self.read_only:
            try:
                self._store.flush()
                if self._bulk_batches > 1:
                    # Each bulk batch left its own small files; reads would visit them all
                    # (a listing query ran four times slower) until they are compacted.
                    self._store.optimize()
            except (OSError, RuntimeError) as exc:
                raise _write_error(self, exc) from exc
            finally:
                (self.path / PID_FILE).unlink(missing_ok=True)
        del self._store


def _no_space(path: Path, exc: BaseException) -> StoreError | None:
    """The store error for a full disk, which RocksDB reports as a plain IO error."""
    full = getattr(exc, "errno", None) == errno.ENOSPC or "No space left on device" in str(exc)
    if not full:
        return None
    return StoreError(
        f"no space left on the device holding the store {path}",
        hint="free some space there (or point --store at another disk) and rerun the same "
        "command; every graph in the store is as it was or whole",
    )


def _read_only(path: Path, exc: BaseException) -> StoreError | None:
    """The store error for a store that cannot be written (read-only disk or permissions)."""
    text = str(exc)
    if not ("Read-only file system" in text or "Permission denied" in text):
        return None
    why = "is on a read-only file system" if "Read-only" in text else "is not writable"
    return StoreError(
        f"the store at {path} {why}, and this command writes to it",
        hint="queries, stats and exports still read it; to load, make it writable "
        "or point --store at a writable directory",
    )


def _write_error(store: EmbeddedStore, exc: BaseException) -> StoreError:
    return _no_space(store.path, exc) or StoreError(
        f"cannot write to the {store.description}: {exc}"
    )


def _check_store_dir(path: Path) -> None:
    """Refuse to write database files into a folder that holds something else; make a new one."""
    if path.exists() and not path.is_dir():
        raise StoreError(
            f"{path} is a file, not a store directory",
            hint="point --store at an empty or new directory, or at a newsgraph store",
        )
    if path.is_dir():
        if (path / "CURRENT").exists():
            return
        others = sorted(p.name for p in path.iterdir() if p.name != PID_FILE)
        if others:
            shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
            raise StoreError(
                f"{path} is not a newsgraph store and is not empty (it holds {shown})",
                hint="point --store at an empty or new directory, or at a newsgraph store",
            )
        return
    try:
        path.mkdir(parents=True)
    except OSError as exc:
        raise StoreError(
            f"cannot create the store directory {path}: {exc.strerror or exc}",
            hint="check that its parent directory exists and is writable",
        ) from exc


def _rows(result: Any, width: int) -> Iterator[list[Term | None]]:
    for solution in result:
        yield [None if solution[i] is None else from_ox(solution[i]) for i in range(width)]


def open_embedded(path: Path | str | None, *, read_only: bool = False) -> EmbeddedStore:
    return EmbeddedStore(path if path is not None else DEFAULT_STORE_DIR, read_only=read_only)


__all__ = [
    "DEFAULT_STORE_DIR",
    "EmbeddedStore",
    "GraphPayload",
    "open_embedded",
]
