"""Find, check and load a corpus of annotated articles.

Loading is all or nothing: without ``keep_going`` one bad article leaves the
store as it was (graphs new to the store, written while the rest is checked,
are dropped again; replacements wait until every article has passed). Each
batch of articles is written atomically (one transaction; on a store being
built, one bulk ingestion), so a killed load leaves every article graph
complete or absent.
Articles are checked in parallel worker processes and streamed to the store
in batches, so memory does not grow with the size of the corpus.
"""

from __future__ import annotations

import hashlib
import multiprocessing as mp
import os
import pickle
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from rdflib import Literal, URIRef

from loader import __version__
from loader.errors import (
    DuplicateIdError,
    InputError,
    Location,
    NewsgraphError,
    ReadError,
    StoreError,
)
from loader.gazetteer import (
    GAZETTEER_NAME,
    GazetteerIndex,
    find_gazetteer,
    gazetteer_payload,
    load_gazetteer,
)
from loader.mapping import map_article
from loader.model import ArticleDoc, parse_model
from loader.ontology import ontology_ntriples, ontology_path
from loader.store import (
    AskResult,
    GraphPayload,
    SelectResult,
    Store,
    nt_term,
    upsert_subjects_update,
)
from loader.vocab import GAZETTEER_GRAPH, ONTOLOGY_GRAPH, ONTOLOGY_IRI, OWL, article_iri
from loader.yamlsrc import read_yaml

SUFFIXES = (".yaml", ".yml")
BATCH_ARTICLES = 256
BATCH_TRIPLES = 40_000
PARALLEL_FROM = 64
IN_FLIGHT = 256  # articles checked ahead of the writer, at most
LOOKUP_ALL_FROM = 200  # articles; below this each graph is looked up on its own

Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Corpus:
    """The articles to load, grouped under the gazetteer each one uses."""

    gazetteer: Path
    articles: tuple[Path, ...]


@dataclass(slots=True)
class Compiled:
    """One checked article, ready to write."""

    path: Path
    article_id: str
    graph: str
    ntriples: str
    triples: int
    facts: tuple[int, int, int]
    id_at: Location = field(default_factory=Location)
    digest: str = ""


@dataclass
class Report:
    """What a load or a validation did."""

    articles: int = 0
    loaded: list[str] = field(default_factory=list)
    errors: list[NewsgraphError] = field(default_factory=list)
    triples: int = 0
    unchanged: int = 0
    meetings: int = 0
    sanctions: int = 0
    statements: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def discover(paths: Sequence[Path]) -> list[Corpus]:
    """Expand files and directories into corpora (one per gazetteer), in a stable order."""
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise ReadError(
                "no such file or directory", hint="check the path", location=Location(path)
            )
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.name != GAZETTEER_NAME
                and not p.name.startswith("gazetteer.")  # e.g. gazetteer.suggested.yaml
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            start = path
        else:
            files = [] if path.name == GAZETTEER_NAME else [path]
            start = path.parent
        gaz = find_gazetteer(start.resolve())
        if gaz is None:
            raise ReadError(
                f"no {GAZETTEER_NAME} found in {start} or its parent directories",
                hint=f"put the corpus's actors and places in {start / GAZETTEER_NAME}",
                location=Location(path),
            )
        groups.setdefault(gaz, []).extend(files)
    return [Corpus(g, tuple(dict.fromkeys(files))) for g, files in groups.items()]


# --- checking one article (runs in worker processes) -----------------------------

_GAZ: GazetteerIndex | None = None


def _init_worker(gaz: GazetteerIndex) -> None:
    global _GAZ
    _GAZ = gaz


def compile_article(path: Path, gaz: GazetteerIndex) -> Compiled:
    """Parse, check and map one article file; raise InputError with its location."""
    source = read_yaml(path)
    doc = parse_model(ArticleDoc, source)
    payload, counts = map_article(doc, source, gaz)
    # The graph records a digest of its own content, so an unchanged article is not rewritten.
    body = payload.ntriples()
    digest = _digest(body)
    return Compiled(
        path=path,
        article_id=doc.article.id,
        graph=str(payload.graph),
        ntriples=body + _stamp(payload.graph, digest),
        triples=len(payload) + 1,
        digest=digest,
        facts=(counts.meetings, counts.sanctions, counts.statements),
        id_at=source.location(("article", "id")),
    )


def _compile_in_worker(path: Path) -> Compiled | NewsgraphError:
    assert _GAZ is not None
    try:
        return compile_article(path, _GAZ)
    except NewsgraphError as exc:
        return exc
    except RecursionError:
        return InputError("the document is nested too deeply", location=Location(path))


def _compile_all(
    paths: Sequence[Path], gaz: GazetteerIndex, *, workers: int
) -> Iterator[Compiled | NewsgraphError]:
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        _init_worker(gaz)
        yield from (_compile_in_worker(p) for p in paths)
        return
    # Pool.imap hands out every path at once and queues each result until it is read:
    # when the store writes slower than the workers check, compiled articles would pile
    # up in memory. The feed waits for a free slot, so at most IN_FLIGHT are ahead.
    slots = threading.Semaphore(IN_FLIGHT)
    stop = threading.Event()

    def feed() -> Iterator[Path]:
        for path in paths:
            slots.acquire()
            if stop.is_set():
                return
            yield path

    ctx = mp.get_context("fork")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(gaz,)) as pool:
        try:
            for item in pool.imap(_compile_in_worker, feed(), chunksize=16):
                slots.release()
                yield item
        finally:
            stop.set()  # the pool's feeding thread must not stay blocked on a slot
            slots.release(IN_FLIGHT)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


# --- validate and load -------------------------------------------------------------


class _Checker:
    """Tracks duplicate article ids across a run."""

    def __init__(self) -> None:
        self.seen: dict[str, Location] = {}

    def check(self, item: Compiled | NewsgraphError) -> Compiled | NewsgraphError:
        if isinstance(item, NewsgraphError):
            return item
        other = self.seen.setdefault(item.article_id, item.id_at)
        if other.file != item.path:
            return DuplicateIdError(
                f"article id {item.article_id!r} is also used at {other}",
                hint="give every article its own id",
                location=item.id_at,
                field="article.id",
            )
        return item


def validate(
    paths: Sequence[Path], *, workers: int | None = None, progress: Progress | None = None
) -> Report:
    """Check every article without writing; the report lists every invalid one."""
    start = time.perf_counter()
    report = Report()
    corpora = discover(paths)
    total = sum(len(c.articles) for c in corpora)
    for corpus in corpora:
        gaz = load_gazetteer(corpus.gazetteer)
        checker = _Checker()
        for item in _compile_all(corpus.articles, gaz, workers=workers or default_workers()):
            _count(report, checker.check(item))
            if progress:
                progress(report.articles, total)
    report.seconds = time.perf_counter() - start
    return report


def load(
    paths: Sequence[Path],
    store: Store,
    *,
    keep_going: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Load articles into the store; see the module docstring for the guarantees.

    Articles whose graph is new are written while the rest are still being
    checked (and dropped again if any article turns out invalid); articles that
    replace an existing graph wait on disk until every article has passed.
    """
    start = time.perf_counter()
    workers = workers or default_workers()
    corpora = discover(paths)
    gazetteers = [load_gazetteer(c.gazetteer) for c in corpora]
    total = sum(len(c.articles) for c in corpora)
    existing = _GraphDigests(store, many=total >= LOOKUP_ALL_FROM)
    report = Report()
    written_new: list[URIRef] = []
    with tempfile.TemporaryFile(prefix="newsgraph-") as spool:
        batch: list[Compiled] = []
        for item in _checked(corpora, gazetteers, workers):
            _count(report, item)
            if progress:
                progress(report.articles, total)
            if not isinstance(item, Compiled) or (report.errors and not keep_going):
                continue
            known, digest = existing.lookup(item.graph)
            if digest == item.digest:
                report.unchanged += 1
                _written(report, item)
            elif keep_going or not known:
                if not known:
                    written_new.append(URIRef(item.graph))
                batch.append(item)
                if _full(batch):
                    _write(store, batch, report)
            else:
                pickle.dump(item, spool, protocol=pickle.HIGHEST_PROTOCOL)
        if report.errors and not keep_going:
            store.drop_graphs(written_new)  # nothing of an invalid corpus stays
            raise CorpusInvalidError(report.errors)
        _write(store, batch, report)
        _ensure_ontology(store)
        for gaz in gazetteers:
            _ensure_gazetteer(store, gaz)
        spool.seek(0)
        for item in _spooled(spool):
            batch.append(item)
            if _full(batch):
                _write(store, batch, report)
        _write(store, batch, report)
    report.seconds = time.perf_counter() - start
    return report


def _checked(
    corpora: Sequence[Corpus], gazetteers: Sequence[GazetteerIndex], workers: int
) -> Iterator[Compiled | NewsgraphError]:
    for corpus, gaz in zip(corpora, gazetteers, strict=True):
        checker = _Checker()
        for item in _compile_all(corpus.articles, gaz, workers=workers):
            yield checker.check(item)


def _ensure_ontology(store: Store) -> None:
    """Put the ontology in its graph, unless this very version is there already.

    The ontology travels with the data so SPARQL users and exports see its
    labels. Its OWL restrictions are blank nodes, which get new labels on every
    insert: rewriting an unchanged ontology would make a reload differ.
    """
    marker = _stamp(
        ONTOLOGY_IRI, _digest(ontology_path().read_text(encoding="utf-8") + __version__)
    )
    if not _has(store, ONTOLOGY_GRAPH, marker):
        store.replace_graphs([GraphPayload(ONTOLOGY_GRAPH, text=ontology_ntriples() + marker)])


def _ensure_gazetteer(store: Store, gaz: GazetteerIndex) -> None:
    """Upsert the gazetteer's actors and places, unless this very gazetteer is there already."""
    digest = _digest(gaz.digest)
    if _has(store, GAZETTEER_GRAPH, _stamp(GAZETTEER_GRAPH, digest)):
        return
    payload = gazetteer_payload(gaz)
    payload.triples.append((GAZETTEER_GRAPH, OWL.versionInfo, Literal(digest)))
    if GAZETTEER_GRAPH not in store.graph_names():
        # A first load has nothing to update: write the graph without the (slow) delete.
        store.replace_graphs([payload])
        return
    store.update(upsert_subjects_update(payload))


def _stamp(subject: URIRef, digest: str) -> str:
    """The triple recording the digest of what was written, so an unchanged source is skipped."""
    return f"{nt_term(subject)} {nt_term(OWL.versionInfo)} {nt_term(Literal(digest))} .\n"


def _digest(text: str) -> str:
    return f"source-sha256:{hashlib.sha256(text.encode('utf-8')).hexdigest()}"


def _has(store: Store, graph: URIRef, triple_line: str) -> bool:
    present = store.query(f"ASK {{ GRAPH {nt_term(graph)} {{ {triple_line.rstrip()[:-1]} }} }}")
    return isinstance(present, AskResult) and present.value


def _spooled(spool: IO[bytes]) -> Iterator[Compiled]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own temporary file
        except EOFError:
            return


class CorpusInvalidError(InputError):
    """Some articles are invalid, so nothing was written."""

    def __init__(self, errors: Sequence[NewsgraphError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        more = (
            f" (and {len(self.errors) - 1} more invalid article(s))" if len(self.errors) > 1 else ""
        )
        super().__init__(
            first.problem + more,
            hint=(first.hint or "fix it")
            + "; nothing was written (use --keep-going to load the valid articles)",
            location=first.location,
            field=first.field,
        )


def _count(report: Report, item: Compiled | NewsgraphError) -> None:
    report.articles += 1
    if isinstance(item, NewsgraphError):
        report.errors.append(item)


def _write(store: Store, batch: list[Compiled], report: Report) -> None:
    if not batch:
        return
    try:
        store.replace_graphs([_payload(c) for c in batch])
    except StoreError as exc:
        done = len(report.loaded)
        last = f" (the last: {report.loaded[-1]})" if report.loaded else ""
        exc.problem += f"; {done} article(s) were loaded before the failure{last}"
        exc.hint = "fix it and rerun the same command: loaded graphs are replaced, not doubled"
        exc.args = (exc.message,)
        raise
    for c in batch:
        _written(report, c)
    batch.clear()


def _full(batch: list[Compiled]) -> bool:
    """Whether a batch is big enough to write (articles or triples)."""
    return len(batch) >= BATCH_ARTICLES or sum(c.triples for c in batch) >= BATCH_TRIPLES


def _written(report: Report, c: Compiled) -> None:
    report.loaded.append(c.article_id)
    report.triples += c.triples
    report.meetings += c.facts[0]
    report.sanctions += c.facts[1]
    report.statements += c.facts[2]


class _GraphDigests:
    """Which article graphs exist, and the content digest each records.

    For a big load, one query fetches them all; for a few files (the usual
    "edit and reload one article"), each graph is looked up on its own, so
    the cost does not grow with the size of the store.
    """

    def __init__(self, store: Store, *, many: bool) -> None:
        self.store = store
        self.all: dict[str, str | None] | None = None
        if many:
            self.all = {str(g): None for g in store.graph_names()}
            rows = store.query(
                f"SELECT ?g ?v WHERE {{ GRAPH ?g {{ ?g {nt_term(OWL.versionInfo)} ?v }} }}"
            )
            if isinstance(rows, SelectResult):
                for g, v in rows.rows:
                    if g is not None and v is not None:
                        self.all[str(g)] = str(v)

    def lookup(self, graph: str) -> tuple[bool, str | None]:
        """(whether the graph exists, its recorded digest or None)."""
        if self.all is not None:
            return graph in self.all, self.all.get(graph)
        ask = self.store.query(f"ASK {{ GRAPH {nt_term(URIRef(graph))} {{ ?s ?p ?o }} }}")
        if not (isinstance(ask, AskResult) and ask.value):
            return False, None
        g = nt_term(URIRef(graph))  # a checked IRI: safe to place in the query
        rows = self.store.query(
            f"SELECT ?v WHERE {{ GRAPH {g} {{ {g} {nt_term(OWL.versionInfo)} ?v }} }}"
        )
        values = [r[0] for r in rows.rows] if isinstance(rows, SelectResult) else []
        return True, (str(values[0]) if values and values[0] is not None else None)


def _payload(c: Compiled) -> GraphPayload:
    return GraphPayload(URIRef(c.graph), text=c.ntriples, size=c.triples)


__all__ = [
    "Compiled",
    "Corpus",
    "CorpusInvalidError",
    "Report",
    "article_iri",
    "compile_article",
    "discover",
    "load",
    "validate",
]
