"""`newsgraph load`, `validate`, `stats` and `schema`."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import click
from rdflib import URIRef
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from loader.cli.app import (
    AppContext,
    err_console,
    main,
    pass_app,
    sigterm_interrupts,
)
from loader.core.errors import EXIT_INPUT, CorpusInvalidError, UsageError
from loader.ingest.model import json_schema
from loader.pipeline import corpus
from loader.pipeline.articles import gone_from
from loader.queries.results import short
from loader.queries.stats import FACT_KINDS, describe_facts, fact_counts, store_stats

PATHS = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


@contextmanager
def _progress(enabled: bool) -> Iterator[corpus.Progress | None]:
    """A rich progress bar on stderr for long runs on a terminal; nothing otherwise."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    columns = (
        TextColumn("articles"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task("load", total=None)

        def update(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield update


PROGRESS_ENV = "NEWSGRAPH_PROGRESS"


def _in_store_line(in_store: int, total: int) -> None:
    click.echo(f"in the store: {in_store} of {total} articles", err=True)


def _print_errors(report: corpus.Report) -> None:
    for warning in report.warnings:
        err_console.print(f"[bold yellow]warning:[/] {escape(warning.message)}", highlight=False)
    for error in report.errors:
        # every problem of a file, one per line, in the file's order
        for problem in getattr(error, "errors", None) or [error]:
            err_console.print(f"[bold red]error:[/] {problem.message}")


STRICT = click.option(
    "--strict",
    is_flag=True,
    help="Treat date warnings (implausible or uncertain dates) as errors.",
)


@main.command()
@PATHS
@click.option(
    "--keep-going", is_flag=True, help="Load the valid articles and report the invalid ones."
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Parallel checking processes."
)
@click.option(
    "--sync",
    is_flag=True,
    help="Also remove the articles in the store whose id is not in PATHS any more.",
)
@click.option(
    "--dry-run", is_flag=True, help="With --sync: check PATHS and list what would be removed."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@STRICT
@click.option(
    "--gazetteer-wins",
    is_flag=True,
    help="Where this corpus's gazetteer gives an actor another type or Wikidata QID than "
    "the store's, this one wins (otherwise the load stops with both places named).",
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 32),
    default=None,
    help="Parallel write requests to a remote store (default 4 for Virtuoso, else 2).",
)
@pass_app
def load(
    app: AppContext,
    paths: tuple[Path, ...],
    keep_going: bool,
    workers: int | None,
    sync: bool,
    dry_run: bool,
    quiet: bool,
    strict: bool,
    gazetteer_wins: bool,
    jobs: int | None,
) -> None:
    """Load annotation files or corpus directories into the store.

    Each article's graph is replaced as a whole, so loading the same corpus
    twice leaves the store as it was. Without --keep-going one invalid article
    stops the load before anything is written. Articles unchanged since they
    were loaded (file, text file, gazetteer) are not checked again: what
    checking gave is cached in ~/.cache/newsgraph ($XDG_CACHE_HOME).

    For logs and scripts, NEWSGRAPH_PROGRESS=lines prints a line on stderr
    each time a batch of articles is in the store ("in the store: N of M
    articles").

    \b
    Examples:
      newsgraph load examples/
      newsgraph --store /data/ng load corpus/ --keep-going
      newsgraph --endpoint http://127.0.0.1:7878 --server oxigraph load corpus/
      newsgraph load --sync --dry-run corpus/   # which stored articles left corpus/
    """
    if jobs is not None:
        app.store_options = dataclasses.replace(app.store_options, jobs=jobs)
    if dry_run:
        if not sync:
            raise UsageError("--dry-run goes with --sync", hint="add --sync, or drop --dry-run")
        _sync_dry_run(app, paths, workers, strict=strict)
        return
    with sigterm_interrupts(), app.store() as store, _progress(not quiet) as progress:
        try:
            report = corpus.load(
                list(paths), store, keep_going=keep_going, sync=sync, workers=workers,
                progress=progress, strict=strict, gazetteer_wins=gazetteer_wins,
                committed=_in_store_line if os.environ.get(PROGRESS_ENV) == "lines" else None,
            )  # fmt: skip
        except CorpusInvalidError as exc:
            retry = "use --keep-going to load the valid articles"
            raise CorpusInvalidError(exc.errors, retry=retry) from None
        held = None if quiet else describe_facts(fact_counts(store))
    _print_errors(report)
    if report.removed:
        err_console.print(
            f"removed {len(report.removed)} article(s) no longer in the corpus: "
            + ", ".join(report.removed)
        )
    elif sync and report.errors:
        err_console.print("--sync removed nothing: the invalid articles' ids are not known")
    if report.gone:
        folders = " ".join(str(p) for p in paths if p.is_dir())
        err_console.print(
            "[bold yellow]warning:[/] "
            + escape(
                f"the store holds {len(report.gone)} article(s) loaded earlier from {folders} "
                f"that are not there any more: {', '.join(report.gone)} — "
                f"`newsgraph load --sync {folders}` removes them (or `newsgraph remove ID...`)"
            ),
            markup=True,
        )
    if not quiet:
        click.echo(
            f"loaded {len(report.loaded)} of {report.articles} articles "
            f"into the {store.description}: "
            f"{report.triples} triples, {report.meetings} meeting mentions, {report.sanctions} "
            f"sanctions package mentions, {report.statements} statement mentions "
            f"in {report.seconds:.2f} s"
            + (f"; {report.unchanged} unchanged, left as they were" if report.unchanged else "")
            + (f"; {report.invalid} invalid" if report.invalid else "")
            + (f"; {len(report.warnings)} date warnings" if report.warnings else ""),
            err=True,
        )
        click.echo(f"the store now holds {held}", err=True)
    if report.errors:
        sys.exit(EXIT_INPUT)


def _sync_dry_run(
    app: AppContext, paths: tuple[Path, ...], workers: int | None, *, strict: bool
) -> None:
    report = corpus.validate(list(paths), workers=workers, strict=strict)
    _print_errors(report)
    if report.errors:
        err_console.print("nothing to compare: fix the invalid articles first")
        sys.exit(EXIT_INPUT)
    with app.store(read_only=True) as store:
        gone = gone_from(store, [p for p in paths if p.is_dir()], report.ids)
    for article_id in gone:
        click.echo(article_id)
    err_console.print(
        f"--sync would remove {len(gone)} article(s) no longer in the corpus (dry run: "
        "nothing was written)"
    )


@main.command()
@PATHS
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Parallel checking processes."
)
@STRICT
def validate(paths: tuple[Path, ...], workers: int | None, strict: bool) -> None:
    """Check annotation files without loading them; list every problem.

    \b
    Example:
      newsgraph validate examples/
    """
    report = corpus.validate(list(paths), workers=workers, strict=strict)
    for note in report.notes:
        err_console.print(f"[bold yellow]note:[/] {escape(note)}", highlight=False)
    _print_errors(report)
    valid = report.articles - report.invalid
    click.echo(
        f"{valid} of {report.articles} articles are valid ({report.seconds:.2f} s)"
        + (f"; {len(report.warnings)} date warnings" if report.warnings else ""),
        err=True,
    )
    if report.errors:
        sys.exit(EXIT_INPUT)


@main.command()
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_app
def stats(app: AppContext, fmt: Literal["table", "json"]) -> None:
    """Count individuals per class and triples per article graph.

    \b
    Example:
      newsgraph stats --format json
    """
    with app.store(read_only=True) as store:
        result = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(result, indent=2, sort_keys=True))
        return
    console = Console()
    facts = Table("facts", "distinct", "mentions", title="Facts (mentions: in how many articles)")
    for name, label in FACT_KINDS.items():
        counts = result["facts"][name]
        facts.add_row(label, str(counts["distinct"]), str(counts["mentions"]))
    console.print(facts)
    classes = Table("class", "individuals", title="Individuals per class")
    for name, count in result["classes"].items():
        classes.add_row(name, str(count))
    graphs = Table("graph", "triples", title="Triples per graph")
    for name, count in result["graphs"].items():
        graphs.add_row(short(URIRef(name)), str(count))
    console.print(classes)
    console.print(graphs)
    console.print(f"{result['articles']} articles, {result['triples']} triples in all")


@main.command()
@click.argument("kind", type=click.Choice(["article", "gazetteer"]), default="article")
def schema(kind: Literal["article", "gazetteer"]) -> None:
    """Print the JSON Schema of article files or of the gazetteer.

    Save it next to the corpus and start each annotation file with the line
    that points your editor at it, relative to the file (VS Code with the YAML
    extension); `newsgraph init DIR` sets this up:

    \b
      # yaml-language-server: $schema=schema/article.schema.json

    \b
    Example:
      newsgraph schema article > schema/article.schema.json
    """
    click.echo(json.dumps(json_schema(kind), indent=2, sort_keys=True))
