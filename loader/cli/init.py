"""`newsgraph init DIR`: start a corpus."""

from __future__ import annotations

from pathlib import Path

import click

from loader.cli.app import err_console, main
from loader.ingest.starter import write_starter


@main.command("init")
@click.argument("folder", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Start a corpus in a new FOLDER: a gazetteer, one annotated article and its text.

    The files validate and load as they are; copy the article file for each
    new article. The JSON Schemas go to FOLDER/schema/, and each YAML file
    starts with the editor hint that points at them.

    \b
    Example:
      newsgraph init my-corpus && newsgraph validate my-corpus
    """
    for path in write_starter(folder):
        click.echo(path)
    err_console.print(f"next: newsgraph validate {folder}", markup=False)
