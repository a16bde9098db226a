"""`newsgraph articles` and `newsgraph remove`: the articles a store holds."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Literal

import click
from rich.console import Console
from rich.table import Table

from loader.articles import list_articles, remove_articles
from loader.cli.app import AppContext, err_console, main, pass_app


@main.command("articles")
@click.option(
    "--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True
)
@pass_app
def articles_command(app: AppContext, fmt: Literal["table", "json"]) -> None:
    """List the articles in the store: id, title, publication date, triples.

    \b
    Example:
      newsgraph articles --format json
    """
    with app.store(read_only=True) as store:
        rows = list_articles(store)
    if fmt == "json":
        click.echo(json.dumps([asdict(a) for a in rows], indent=2))
        return
    table = Table("id", "title", "published", "triples")
    # Ids and dates are what a reader copies: only the title gives way on a narrow terminal.
    table.columns[0].no_wrap = True
    table.columns[0].min_width = max((len(a.id) for a in rows), default=2)
    table.columns[1].overflow = "ellipsis"
    table.columns[1].no_wrap = True
    table.columns[2].no_wrap = True
    table.columns[2].min_width = 10
    for a in rows:
        table.add_row(a.id, a.title, a.published, str(a.triples))
    Console().print(table)
    err_console.print(f"{len(rows)} article(s)")


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
