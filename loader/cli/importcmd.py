"""`newsgraph import`: annotations from Web Annotation, brat or Label Studio into a corpus."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import click

from loader.cli.app import err_console, main
from loader.importers.common import Imported, ImportProblemsError
from loader.importers.write import plan, write

CORPUS_HELP = "The corpus directory (with gazetteer.yaml) to write the annotation files into."


@main.group("import")
def import_group() -> None:
    """Turn another tool's annotations into newsgraph annotation files.

    Every importer builds the same annotation data as the YAML files, checks
    it as `newsgraph validate` does, and writes `<article-id>.yaml` plus
    `texts/<article-id>.txt` into the corpus; a problem anywhere writes nothing
    and prints one message per problem. Then `newsgraph load DIR` as usual.
    """


def run_import(
    read: Callable[[], Sequence[Imported]], *, corpus: Path, dry_run: bool, source: str
) -> None:
    """Read, check and write (or show, with --dry-run); print every problem."""
    try:
        articles = read()
        planned = plan(articles, corpus, source=source)
    except ImportProblemsError as exc:
        for problem in exc.problems:
            err_console.print(f"error: {problem.message}", markup=False, highlight=False)
        for note in exc.notes:
            err_console.print(note, markup=False, highlight=False)
        raise
    if dry_run:
        for p in planned:
            if p.path.suffix == ".yaml":
                click.echo(f"--- would write {p.path}")
                click.echo(p.content, nl=False)
            else:
                click.echo(f"--- would write {p.path} ({len(p.content)} characters)")
        err_console.print(f"dry run: {len(planned)} file(s) not written", markup=False)
        return
    write(planned)
    docs = [p for p in planned if p.path.suffix == ".yaml"]
    err_console.print(
        f"wrote {len(docs)} article file(s) and their texts into {corpus}; "
        f"next: newsgraph validate {corpus}",
        markup=False,
    )


@import_group.command("web-annotation")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path), required=True, help=CORPUS_HELP
)
@click.option(
    "--texts",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Directory of the article texts, <article-id>.txt (default: texts/ beside FILE).",
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_web_annotation(file: Path, corpus: Path, texts: Path | None, dry_run: bool) -> None:
    """W3C Web Annotation JSON-LD (Hypothesis, archives, `newsgraph export`).

    Each annotation selects a passage (TextQuoteSelector or TextPositionSelector)
    and is tagged with a fact type (meeting, sanctions, statement) and
    field:value tags such as status:held or participants:sergei-lavrov marco-rubio.

    \b
    Example:
      newsgraph import web-annotation team.jsonld --corpus corpus/ --dry-run
    """
    from loader.importers.webanno_read import read_web_annotation

    text_dir = texts or file.parent / "texts"
    run_import(
        lambda: read_web_annotation(file, texts=text_dir),
        corpus=corpus,
        dry_run=dry_run,
        source=str(file),
    )


@import_group.command("brat")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path), required=True, help=CORPUS_HELP
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_brat(directory: Path, corpus: Path, dry_run: bool) -> None:
    """A brat standoff folder: X.txt beside X.ann, typed as in our annotation.conf.

    \b
    Example:
      newsgraph import brat brat-data/newsgraph --corpus corpus/
    """
    from loader.importers.brat_read import read_brat

    run_import(lambda: read_brat(directory), corpus=corpus, dry_run=dry_run, source=str(directory))


@import_group.command("label-studio")
@click.argument("export", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option(
    "--url",
    default=None,
    help="Pull the export from this Label Studio server "
    "(token from LABEL_STUDIO_API_KEY) instead of reading EXPORT.",
)
@click.option("--project", type=int, default=None, help="The project id, with --url.")
@click.option(
    "--corpus", type=click.Path(file_okay=False, path_type=Path), required=True, help=CORPUS_HELP
)
@click.option("--dry-run", is_flag=True, help="Show what would be written; write nothing.")
def import_label_studio(
    export: Path | None, url: str | None, project: int | None, corpus: Path, dry_run: bool
) -> None:
    """A Label Studio JSON export of a project using `newsgraph labelstudio config`.

    Each task becomes one article, from its latest submitted annotation. Names
    the gazetteer lacks are reported with suggested gazetteer entries.

    \b
    Examples:
      newsgraph import label-studio project-1-export.json --corpus corpus/
      LABEL_STUDIO_API_KEY=... newsgraph import label-studio --url http://localhost:8080 \\
          --project 1 --corpus corpus/
    """
    from loader.importers.labelstudio_read import read_label_studio
    from loader.ingest.gazetteer import find_gazetteer, load_gazetteer

    export = _export_file(export, url, project, corpus)

    def read() -> Sequence[Imported]:
        gaz_path = find_gazetteer(corpus.resolve()) if corpus.is_dir() else None
        if gaz_path is None:
            return []  # plan() reports the missing gazetteer, with its hint
        return read_label_studio(export, gaz=load_gazetteer(gaz_path)).articles

    run_import(read, corpus=corpus, dry_run=dry_run, source=str(export))


def _export_file(export: Path | None, url: str | None, project: int | None, corpus: Path) -> Path:
    """EXPORT, or the export pulled from --url, saved beside the corpus for the record."""
    import os

    from loader.core.errors import UsageError
    from loader.importers.labelstudio_pull import fetch_export

    if (export is None) == (url is None):
        raise UsageError(
            "give EXPORT or --url (with --project), not both or neither",
            hint="newsgraph import label-studio export.json --corpus DIR",
        )
    if url is None:
        assert export is not None
        return export
    token = os.environ.get("LABEL_STUDIO_API_KEY")
    if project is None or not token:
        raise UsageError(
            "--url needs --project ID and a token in LABEL_STUDIO_API_KEY",
            hint="copy a personal access token from Account & Settings",
        )
    target = corpus / ".label-studio" / f"project-{project}-export.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(fetch_export(url, project, token))
    err_console.print(f"pulled {target} from {url}", markup=False)
    return target
