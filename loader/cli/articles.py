"""`newsgraph articles` and `newsgraph remove`: the articles a store holds."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Literal

import click
from rich.console import Console
from rich.table import Table

from loader.cli.app import AppContext, err_console, main, pass_app
from loader.pipeline.articles import list_articles, remove_articles


@main.command("articles")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_app
def articles_command(app: AppContext, fmt: Literal["table", "json"]) -> None:
    """List the articles in the store: id, title, publication date, source file, load time.

    The source file and load time are those of the last load that wrote the
    article (empty for articles loaded by a version of newsgraph that did not
    record them).

    \b
    Example:
      newsgraph articles --format json
    """
    with app.store(read_only=True) as store:
        rows = list_articles(store)
    if fmt == "json":
        click.echo(json.dumps([asdict(a) for a in rows], indent=2))
        return
    table = Table("id", "title", "published", "source", "loaded at")
    # Ids and dates are what a reader copies: only the title gives way on a narrow terminal.
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(a.id) for a in rows), default=2)
    table.columns[1].overflow = "ellipsis"
    table.columns[1].no_wrap = True
    table.columns[2].no_wrap = True
    table.columns[2].min_width = 10
    table.columns[3].overflow = "ellipsis"
    table.columns[3].no_wrap = True
    table.columns[4].no_wrap = True
    for a in rows:
        table.add_row(a.id, a.title, a.published, _shown(a.source), a.loaded_at)
    Console().print(table)
    err_console.print(f"{len(rows)} article(s)")


def _shown(source: str) -> str:
    """A source file relative to the current directory when it lies inside it."""
    if not source:
        return ""
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


@main.command("remove")
@click.argument("ids", nargs=-1, required=True)
@pass_app
def remove_command(app: AppContext, ids: tuple[str, ...]) -> None:
    """Remove articles from the store, by id (their whole graphs).

    Facts other articles report about the same events and actors stay. An id
    the store does not hold is an error and nothing is removed.

    \b
    Example:
      newsgraph remove ex-budapest-postponed ex-old-draft
    """
    with app.store() as store:
        gone = remove_articles(store, list(ids))
    err_console.print(f"removed {len(gone)} article(s): {', '.join(a.id for a in gone)}")
