"""``newsgraph report``: write the static report site (network, timeline, fact pages)."""

from __future__ import annotations

from pathlib import Path

import click

from loader.cli.app import AppContext, main, pass_app
from loader.cli.report_options import scope_options, site_options

MAX_PAGES = 10_000  # the library's default (loader.report.MAX_PAGES), without importing Jinja2


@main.command("report")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@scope_options
@site_options
@click.option(
    "--max-pages",
    type=click.IntRange(0),
    default=MAX_PAGES,
    show_default=True,
    help="At most this many fact pages (each needs its fact's sources-of rows): meetings and "
    "packages first, the most reported first, then statements.",
)
@pass_app
def report(
    app: AppContext,
    out_dir: Path,
    date_from: str | None,
    date_to: str | None,
    actor: str | None,
    texts: tuple[Path, ...],
    max_pages: int,
    title: str,
) -> None:
    """Write a static site to OUT_DIR: who met whom, a timeline, and a page per fact and actor.

    The site works from file:// with no network: open OUT_DIR/index.html. Every
    page is built from the canned queries' results. The store keeps each
    passage's offsets but not whole articles: give the annotation files with
    --texts to show each article with its evidence highlighted.

    \b
    Examples:
      newsgraph report site/ --texts examples/
      newsgraph report site-lavrov/ --actor Lavrov --from 2025-08 --to 2025-10
    """
    from loader.report import build_report

    with app.store(read_only=True) as store:
        written = build_report(store, out_dir, actor=actor, date_from=date_from,
                               date_to=date_to, texts=texts, title=title,
                               max_pages=max_pages)  # fmt: skip
    click.echo(
        f"wrote {out_dir}/index.html: {written.actors} actor pages, {written.meetings} meetings "
        f"({written.edges} edges), {written.packages} sanctions packages, "
        f"{written.statements} statements; {written.pages} fact pages"
    )
    if texts:
        click.echo(f"article texts shown on {written.with_text} source panels")
    for path in written.stale:
        click.echo(f"warning: {path}: its text differs from the loaded one; passages shown "
                   "without it (reload the file to refresh the store)", err=True)  # fmt: skip
