"""``newsgraph ontology``: where the ontology is, and its HTML reference page."""

from __future__ import annotations

from pathlib import Path

import click

from loader.cli.app import main
from loader.owl.htmldoc import write_docs
from loader.owl.ontology import ontology_path, shapes_path


@main.group()
def ontology() -> None:
    """The newsgraph ontology (OWL 2 DL, Turtle) and its SHACL shapes."""


@ontology.command("path")
@click.option("--shapes", is_flag=True, help="Print the path of the SHACL shapes instead.")
def path_command(shapes: bool) -> None:
    """Print the path of the packaged ontology file (newsgraph.ttl).

    \b
    Example:
      protege "$(newsgraph ontology path)"
    """
    click.echo(str(shapes_path() if shapes else ontology_path()))


@ontology.command()
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
def docs(out_dir: Path) -> None:
    """Write the ontology's HTML reference page to OUT_DIR/index.html.

    \b
    Example:
      newsgraph ontology docs site/ontology && xdg-open site/ontology/index.html
    """
    click.echo(f"wrote {write_docs(out_dir)}")
