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

import pickle
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import closing
from pathlib import Path
from typing import IO

from rdflib import URIRef

from loader.consensus.upkeep import KnownClaims, drop_articles, ensure_consensus, replace_articles
from loader.core.errors import CorpusInvalidError, LoadInterruptedError, StoreError
from loader.core.vocab import article_iri
from loader.ingest.discover import Corpus, discover
from loader.ingest.gazetteer import GazetteerIndex, load_gazetteer
from loader.ingest.gazetteer_merge import merge_gazetteers
from loader.pipeline.articles import drop, gone_from
from loader.pipeline.checking import (
    Checker,
    checked,
    compile_all,
    compile_article,
    default_workers,
    validate_in_worker,
)
from loader.pipeline.gc_budget import fewer_collections
from loader.pipeline.outcome import Compiled, Report, after_failure, count, cross_checks, written
from loader.pipeline.stamps import GraphDigests, ensure_gazetteer, ensure_ontology
from loader.pipeline.write_ahead import WriteAhead
from loader.store.base import GraphPayload, Store
from loader.store.catalog import moved, now_literal, record, source_of

BATCH_ARTICLES = 256
BATCH_TRIPLES = 40_000
LOOKUP_ALL_FROM = 200  # articles; below this each graph is looked up on its own

Progress = Callable[[int, int], None]


# --- validate and load -------------------------------------------------------------


def validate(
    paths: Sequence[Path],
    *,
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
) -> Report:
    """Check every article without writing; the report lists every problem of every file.

    Date plausibility warnings go to ``report.warnings``; ``strict`` makes them errors.
    """
    start = time.perf_counter()
    report = Report()
    corpora = discover(paths)
    total = sum(len(c.articles) for c in corpora)
    gazetteers = [load_gazetteer(c.gazetteer) for c in corpora]
    merge_gazetteers(gazetteers)  # raises on contradictions between the corpora
    checker = Checker()
    every = workers or default_workers()
    for corpus, gaz in zip(corpora, gazetteers, strict=True):
        for item in compile_all(corpus.articles, gaz, workers=every, task=validate_in_worker):
            if isinstance(item, list):
                report.articles += 1
                report.invalid += 1
                report.errors.extend(item)
            else:
                report.notes.extend(item.notes)
                count(report, checker.check(item), strict=strict)
            if progress:
                progress(report.articles, total)
    cross_checks(report, strict=strict)
    report.seconds = time.perf_counter() - start
    return report


@fewer_collections()
def load(
    paths: Sequence[Path],
    store: Store,
    *,
    keep_going: bool = False,
    sync: bool = False,
    workers: int | None = None,
    progress: Progress | None = None,
    strict: bool = False,
    gazetteer_wins: bool = False,
    committed: Progress | None = None,  # (articles now in the store, total) after each batch
) -> Report:
    """Load articles into the store; see the module docstring for the guarantees.

    Date plausibility warnings go to ``report.warnings``; ``strict`` makes them errors.
    ``gazetteer_wins``: where a gazetteer contradicts the store's on an actor's type or
    Wikidata QID, the gazetteer being loaded wins (otherwise it is an error).

    With ``sync``, article graphs whose id is not among the articles given are
    removed afterwards, so the store holds exactly this corpus; nothing is
    removed when an article was invalid (its id is then unknown).

    Articles whose graph is new are written while the rest are still being
    checked (and dropped again if any article turns out invalid); articles that
    replace an existing graph wait on disk until every article has passed.
    """
    start = time.perf_counter()
    workers = workers or default_workers()
    report = Report()
    total: int | None = None
    batch: list[Compiled] = []
    seen = KnownClaims()  # claims read by one batch, kept for the next

    def write(items: list[Compiled]) -> None:
        _write(store, items, report, seen)
        if committed is not None and total is not None:
            committed(len(report.loaded), total)

    ahead: WriteAhead[Compiled] = WriteAhead(write, store)
    try:
        corpora = discover(paths)
        gazetteers = merge_gazetteers(
            [load_gazetteer(c.gazetteer) for c in corpora], store=store, wins=gazetteer_wins
        )
        total = sum(len(c.articles) for c in corpora)
        _load(
            store,
            corpora,
            gazetteers,
            report,
            batch,
            ahead,
            keep_going=keep_going,
            workers=workers,
            progress=progress,
            total=total,
            strict=strict,
        )
        if not report.errors:
            folders = [p for p in paths if p.is_dir()]
            report.gone = gone_from(store, folders, report.ids)
            if sync:
                drop(store, [article_iri(i) for i in report.gone])
                report.removed, report.gone = report.gone, []
    except KeyboardInterrupt:
        # Ctrl-C or SIGTERM: every batch is written whole or not at all, so say how far it got.
        unsent = [*ahead.settle(), *batch]
        raise LoadInterruptedError(in_store=_in_store(store, report, unsent), total=total) from None
    report.seconds = time.perf_counter() - start
    return report


def _load(
    store: Store,
    corpora: Sequence[Corpus],
    gazetteers: Sequence[GazetteerIndex],
    report: Report,
    batch: list[Compiled],
    ahead: WriteAhead[Compiled],
    *,
    keep_going: bool,
    workers: int,
    progress: Progress | None,
    total: int,
    strict: bool,
) -> None:
    ensure_consensus(store)  # a store whose articles were loaded before it had one
    existing = GraphDigests(store, many=total >= LOOKUP_ALL_FROM)
    written_new: list[URIRef] = []
    recorded: list[tuple[str, Path]] = []  # unchanged articles the catalog lacks
    relocated: list[tuple[str, Path]] = []  # unchanged articles whose file moved
    folders: dict[str, str] = {}  # resolved once for source_of
    fresh_store = existing.all is not None and not existing.all  # no graph at all yet
    items = checked(
        corpora,
        gazetteers,
        workers,
        unchanged=None if fresh_store else lambda c: existing.lookup(c.graph)[1] == c.digest,
    )
    with tempfile.TemporaryFile(prefix="newsgraph-") as spool, closing(items):
        for item in items:
            item = count(report, item, strict=strict)
            if progress:
                progress(report.articles, total)
            if not isinstance(item, Compiled) or (report.errors and not keep_going):
                continue
            known, digest = existing.lookup(item.graph)
            # A reused article was found unchanged when it was looked up: it has no triples.
            if item.reused or digest == item.digest:
                report.unchanged += 1
                report.reused += item.reused
                written(report, item)
                source = existing.source(item.graph)
                if source is None:
                    recorded.append((item.graph, item.path))
                elif source != source_of(item.path, folders):
                    relocated.append((item.graph, item.path))
            elif keep_going or not known:
                if not known:
                    written_new.append(URIRef(item.graph))
                batch.append(item)
                if _full(batch):
                    ahead.submit(batch)
            else:
                pickle.dump(item, spool, protocol=pickle.HIGHEST_PROTOCOL)
        ahead.wait()
        cross_checks(report, strict=strict)
        if report.errors and not keep_going:
            drop_articles(store, written_new)  # nothing of an invalid corpus stays
            raise CorpusInvalidError(report.errors)
        ahead.flush(batch)
        ensure_ontology(store)
        for gaz in gazetteers:
            ensure_gazetteer(store, gaz)
        spool.seek(0)
        for item in _spooled(spool):
            batch.append(item)
            if _full(batch):
                ahead.submit(batch)
        ahead.flush(batch)
        store.update(record(recorded, loaded_at=now_literal()))
        store.update(moved(relocated))


def _in_store(store: Store, report: Report, batch: Sequence[Compiled]) -> int:
    """How many of this load's articles the store holds now, in the version just checked.

    A batch interrupted while it was being written landed whole or not at all:
    look it up rather than guess.
    """
    done = set(report.loaded)
    lookup = GraphDigests(store, many=False)
    landed = sum(
        1 for c in batch if c.article_id not in done and lookup.lookup(c.graph)[1] == c.digest
    )
    return len(done) + landed


def _spooled(spool: IO[bytes]) -> Iterator[Compiled]:
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - our own temporary file
        except EOFError:
            return


def _write(store: Store, batch: list[Compiled], report: Report, known: KnownClaims) -> None:
    landed = 0  # the batch's graphs the store confirmed
    try:
        replace_articles(store, [_payload(c) for c in batch], known=known)
        landed = len(batch)  # whole, even when the catalog update below fails
        store.update(record([(c.graph, c.path) for c in batch], loaded_at=now_literal()))
    except StoreError as exc:
        exc.problem += "; " + after_failure(report, landed or exc.written)
        exc.hint = "fix it and rerun the same command: loaded graphs are replaced, not doubled"
        exc.args = (exc.message,)
        raise
    for c in batch:
        written(report, c)
    batch.clear()


def _full(batch: list[Compiled]) -> bool:
    """Whether a batch is big enough to write (articles or triples)."""
    return len(batch) >= BATCH_ARTICLES or sum(c.triples for c in batch) >= BATCH_TRIPLES


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
