"""The Python API: open a store, load a corpus, ask a canned query, export.

Everything the CLI does goes through these functions or the modules they call;
see ``docs/api.md`` for a worked example. Errors are
:class:`~loader.core.errors.NewsgraphError` subclasses whose ``problem`` and
``hint`` say what went wrong and what to do.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from loader.core.errors import CorpusInvalidError, NewsgraphError, UsageError
from loader.exports.base import ExportFormat, ExportReport, OwlSyntax
from loader.exports.files import Selection, export_to_path, format_for
from loader.pipeline import corpus
from loader.pipeline.outcome import Report
from loader.queries.results import Value, rows_as_dicts
from loader.queries.run import run_query, run_sparql
from loader.store.base import Store
from loader.store.connect import StoreOptions
from loader.store.connect import open_store as _open_store

Row = dict[str, Value]


def open_store(
    path: str | Path | None = None,
    *,
    endpoint: str | None = None,
    user: str | None = None,
    password: str | None = None,
    read_only: bool = False,
) -> Store:
    """The embedded store at ``path`` (default ``.newsgraph``), or a remote SPARQL endpoint.

    Close it with ``store.close()`` (or use it in a ``with contextlib.closing(...)``).
    """
    options = StoreOptions(
        store_dir=Path(path) if path is not None else None,
        endpoint=endpoint,
        user=user,
        password=password,
    )
    return _open_store(options, read_only=read_only)


def _paths(paths: str | Path | Iterable[str | Path]) -> list[Path]:
    if isinstance(paths, str | Path):
        return [Path(paths)]
    return [Path(p) for p in paths]


def load(
    store: Store,
    paths: str | Path | Iterable[str | Path],
    *,
    keep_going: bool = False,
    sync: bool = False,
    workers: int | None = None,
) -> Report:
    """Load corpus folders or article files; each article lands whole or not at all.

    Invalid articles raise :class:`~loader.core.errors.CorpusInvalidError` listing
    every problem, and nothing is written; with ``keep_going=True`` the valid
    articles are loaded and the problems are in ``report.errors``.
    """
    return corpus.load(_paths(paths), store, keep_going=keep_going, sync=sync, workers=workers)


def validate(paths: str | Path | Iterable[str | Path], *, strict: bool = False) -> Report:
    """Check articles without a store; ``report.errors`` lists every problem found."""
    return corpus.validate(_paths(paths), strict=strict)


def query(store: Store, name: str, **params: str | bool) -> list[Row]:
    """The rows of a canned query (``query(store, "meetings-of", actor="Lavrov")``).

    Flags take Python booleans too: ``dated_only=True`` is ``-p dated_only=true``.
    """
    given = {k: ("true" if v else "false") if isinstance(v, bool) else v for k, v in params.items()}
    return rows_as_dicts(run_query(store, name, given))


def sparql(store: Store, text: str, **params: str) -> list[Row]:
    """The rows of your own SELECT query; ``params`` bind ``?KEY`` variables safely."""
    return rows_as_dicts(run_sparql(store, text, params))


def export(
    store: Store,
    path: str | Path,
    *,
    fmt: ExportFormat | None = None,
    articles: Iterable[str] | None = None,
    evidence: bool = True,
    syntax: OwlSyntax = "rdfxml",
) -> ExportReport:
    """Write the store (or some articles) to a file; the format comes from the extension.

    ``.owl`` writes the OWL 2 DL file Protégé opens; ``.trig``/``.nq`` keep one
    named graph per article.
    """
    target = Path(path)
    if str(target) == "-":
        raise UsageError("the API writes to files", hint="give a file path")
    chosen = format_for(str(target), fmt)
    selection = Selection(
        articles=tuple(articles) if articles is not None else None, evidence=evidence
    )
    return export_to_path(store, target, fmt=chosen, selection=selection, syntax=syntax)


__all__ = [
    "CorpusInvalidError",
    "NewsgraphError",
    "Report",
    "Row",
    "Store",
    "export",
    "load",
    "open_store",
    "query",
    "sparql",
    "validate",
]
