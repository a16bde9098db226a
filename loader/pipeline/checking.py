"""Checking articles: parse, validate and map each one, in worker processes.

Each article becomes a :class:`Compiled` (its triples and what the report
needs) or the errors of its file. :func:`checked` gives them in the corpus's
order and skips what the cache of checked articles (``checked_cache``) shows
unchanged since the store's copy was written.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Sequence
from contextlib import closing
from pathlib import Path
from typing import TypeVar

from loader.core.errors import DuplicateIdError, InputError, Location, NewsgraphError
from loader.ingest.discover import Corpus
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.yamlsrc import read_article_yaml
from loader.pipeline.checked_cache import CheckedCache, checked_cache, file_digest
from loader.pipeline.collect import friendlier, problems
from loader.pipeline.outcome import Compiled
from loader.pipeline.stamps import digest_of, stamp
from loader.pipeline.workers import WorkerPool
from loader.rdf.compile import map_source

PARALLEL_FROM = 64

T = TypeVar("T")


# --- checking one article (runs in worker processes) -----------------------------

_GAZ: GazetteerIndex | None = None


def _init_worker(gaz: GazetteerIndex) -> None:
    global _GAZ
    _GAZ = gaz


def compile_article(path: Path, gaz: GazetteerIndex) -> Compiled:
    """Parse, check and map one article file; raise InputError with its location."""
    source = read_article_yaml(path)
    doc, payload, counts = map_source(source, gaz)
    # The graph records a digest of its own content, so an unchanged article is not rewritten.
    body = payload.ntriples()
    digest = digest_of(body)
    return Compiled(
        inputs=_inputs(path, doc.article.text_file),
        path=path,
        article_id=doc.article.id,
        graph=str(payload.graph),
        ntriples=body + stamp(payload.graph, digest),
        triples=len(payload) + 1,
        digest=digest,
        facts=(counts.meetings, counts.sanctions, counts.statements),
        id_at=source.location(("article", "id")),
        warnings=counts.warnings,
        event_dates=counts.event_dates,
        notes=counts.notes,
    )


def _inputs(path: Path, text_file: str | None) -> tuple[str, tuple[str, str] | None] | tuple[()]:
    """The digests of the files just read (for the cache of checked articles); () if unreadable."""
    file = file_digest(path)
    if file is None:
        return ()
    if text_file is None:
        return (file, None)
    text = (path.parent / text_file).resolve()
    text_sha = file_digest(text)
    return () if text_sha is None else (file, (str(text), text_sha))


def _compile_in_worker(path: Path) -> Compiled | NewsgraphError:
    assert _GAZ is not None
    try:
        return compile_article(path, _GAZ)
    except NewsgraphError as exc:
        return friendlier(exc, _GAZ)
    except RecursionError:
        return InputError("the document is nested too deeply", location=Location(path))


def validate_in_worker(path: Path) -> Compiled | list[NewsgraphError]:
    """The compiled article, or every problem of the file (not only the first)."""
    item = _compile_in_worker(path)
    if isinstance(item, NewsgraphError):
        assert _GAZ is not None
        try:
            return problems(path, _GAZ) or [item]
        except RecursionError:
            return [item]
    return item


def compile_all(
    paths: Sequence[Path],
    gaz: GazetteerIndex,
    *,
    workers: int,
    task: Callable[[Path], T],
) -> Generator[T, None, None]:
    _init_worker(gaz)  # forked workers inherit it
    if workers <= 1 or len(paths) < PARALLEL_FROM:
        yield from (task(p) for p in paths)
        return
    with WorkerPool(task, workers=workers) as pool:
        yield from pool.map(paths)


def default_workers() -> int:
    return max(1, min(4, os.cpu_count() or 1))


class Checker:
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


def checked(
    corpora: Sequence[Corpus],
    gazetteers: Sequence[GazetteerIndex],
    workers: int,
    *,
    unchanged: Callable[[Compiled], bool] | None,
) -> Generator[Compiled | NewsgraphError, None, None]:
    """Each article checked, in order; one whose inputs the cache of checked articles knows
    and whose graph in the store is ``unchanged`` is not checked again (it has no triples).
    ``unchanged`` None: the store holds no article yet, nothing is looked up."""
    checker = Checker()  # one for the whole run: the same id in two folders is caught too
    for corpus, gaz in zip(corpora, gazetteers, strict=True):
        with checked_cache(gaz) as cache:
            known = _known(cache, corpus.articles, unchanged) if unchanged is not None else {}
            todo = [p for p in corpus.articles if p not in known]
            fresh = compile_all(todo, gaz, workers=workers, task=_compile_in_worker)
            with closing(fresh):
                for path in corpus.articles:
                    hit = known.get(path)
                    if hit is not None:
                        cache.note_hit(hit)
                        yield checker.check(hit)
                        continue
                    item = next(fresh)
                    if isinstance(item, Compiled):
                        cache.put(item)
                    yield checker.check(item)


def _known(
    cache: CheckedCache, paths: Sequence[Path], unchanged: Callable[[Compiled], bool]
) -> dict[Path, Compiled]:
    """The articles the cache knows whose graph in the store is unchanged."""
    known: dict[Path, Compiled] = {}
    for path in paths:
        hit = cache.get(path)
        if hit is not None and unchanged(hit):
            known[path] = hit
    return known


__all__ = [
    "Checker",
    "checked",
    "compile_all",
    "compile_article",
    "default_workers",
    "validate_in_worker",
]
