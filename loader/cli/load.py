"""`newsgraph load`, `validate`, `stats` and `schema`."""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

import click
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from loader import corpus
from loader.cli.app import AppContext, err_console, main, pass_app
from loader.errors import EXIT_INPUT
from loader.model import json_schema
from loader.stats import store_stats

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


def _print_errors(report: corpus.Report) -> None:
    for error in report.errors:
        err_console.print(f"[bold red]error:[/] {error.message}")


@main.command()
@PATHS
@click.option(
    "--keep-going", is_flag=True, help="Load the valid articles and report the invalid ones."
)
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Parallel checking processes."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
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
    quiet: bool,
    jobs: int | None,
) -> None:
    """Load annotation files or corpus directories into the store.

    Each article's graph is replaced as a whole, so loading the same corpus
    twice leaves the store as it was. Without --keep-going one invalid article
    stops the load before anything is written.

    \b
    Examples:
      newsgraph load examples/
      newsgraph --store /data/ng load corpus/ --keep-going
      newsgraph --endpoint http://127.0.0.1:7878 --server oxigraph load corpus/
    """
    if jobs is not None:
        app.store_options = dataclasses.replace(app.store_options, jobs=jobs)
    with app.store() as store, _progress(not quiet) as progress:
        report = corpus.load(
            list(paths), store, keep_going=keep_going, workers=workers, progress=progress
        )
    _print_errors(report)
    if not quiet:
        click.echo(
            f"loaded {len(report.loaded)} of {report.articles} articles "
            f"into the {store.description}: "
            f"{report.triples} triples, {report.meetings} meetings, {report.sanctions} sanctions "
            f"packages, {report.statements} statements in {report.seconds:.2f} s"
            + (f"; {report.unchanged} unchanged, left as they were" if report.unchanged else "")
            + (f"; {len(report.errors)} invalid" if report.errors else ""),
            err=True,
        )
    if report.errors:
        sys.exit(EXIT_INPUT)


@main.command()
@PATHS
@click.option(
    "--workers", type=click.IntRange(1, 64), default=None, help="Parallel checking processes."
)
def validate(paths: tuple[Path, ...], workers: int | None) -> None:
    """Check annotation files without loading them; list every problem.

    \b
    Example:
      newsgraph validate examples/
    """
    report = corpus.validate(list(paths), workers=workers)
    _print_errors(report)
    valid = report.articles - len(report.errors)
    click.echo(
        f"{valid} of {report.articles} articles are valid ({report.seconds:.2f} s)", err=True
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
    classes = Table("class", "individuals", title="Individuals per class")
    for name, count in result["classes"].items():
        classes.add_row(name, str(count))
    graphs = Table("graph", "triples", title="Triples per graph")
    for name, count in result["graphs"].items():
        graphs.add_row(name, str(count))
    console.print(classes)
    console.print(graphs)
    console.print(f"{result['articles']} articles, {result['triples']} triples in all")


@main.command()
@click.argument("kind", type=click.Choice(["article", "gazetteer"]), default="article")
def schema(kind: Literal["article", "gazetteer"]) -> None:
    """Print the JSON Schema of article files or of the gazetteer.

    Save it and point your editor at it, or put this line at the top of an
    annotation file (VS Code with the YAML extension):

    \b
      # yaml-language-server: $schema=https://w3id.org/newsgraph/schema/article.json

    \b
    Example:
      newsgraph schema article > article.schema.json
    """
    click.echo(json.dumps(json_schema(kind), indent=2, sort_keys=True))
