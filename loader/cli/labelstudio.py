"""`newsgraph labelstudio`: the labeling configuration and task files for Label Studio."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import click

from loader.cli.app import err_console, main
from loader.core.errors import UsageError
from loader.ingest.gazetteer import find_gazetteer, load_gazetteer


@main.group("labelstudio")
def labelstudio_group() -> None:
    """Annotate in Label Studio: labeling config, tasks with pre-annotations.

    \b
    The round trip:
      newsgraph labelstudio config > config.xml      # the project's labeling interface
      newsgraph labelstudio tasks texts/*.txt --corpus corpus/ --published 2025-10-21 \\
          --predictions --out tasks.json              # import into the project
      ... annotate, review, then export the project as JSON ...
      newsgraph import label-studio export.json --corpus corpus/
    """


@labelstudio_group.command("config")
def config_command() -> None:
    """Print the labeling configuration (integrations/label-studio/config.xml).

    Paste it into the project's Labeling Setup (Custom template), or send it
    as `label_config` when creating the project through the API.

    \b
    Example:
      newsgraph labelstudio config > config.xml
    """
    from loader.importers.labelstudio import labeling_config

    click.echo(labeling_config(), nl=False)


@labelstudio_group.command("tasks")
@click.argument(
    "articles",
    nargs=-1,
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The task file to write (JSON), for Label Studio's import.",
)
@click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Corpus directory whose gazetteer names actors (default: the one above "
    "the first article).",
)
@click.option(
    "--predictions",
    is_flag=True,
    help="Add pre-annotations: the draft annotator's output for a text, the "
    "annotations themselves for an annotation file.",
)
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    default=None,
    help="Publication date of text articles (else their 'Published:' header).",
)
def tasks_command(
    articles: tuple[Path, ...],
    out: Path,
    corpus: Path | None,
    predictions: bool,
    published: str | None,
) -> None:
    """Write a Label Studio task file for ARTICLES (texts, or annotation YAML files).

    Each task holds the text and the article's metadata (article_id, title,
    published...), which `newsgraph import label-studio` reads back.

    \b
    Examples:
      newsgraph labelstudio tasks texts/*.txt --corpus corpus/ --published 2025-10-21 \\
          --predictions --out tasks.json
      newsgraph labelstudio tasks corpus/*.yaml --predictions --out review.json
    """
    from loader.importers.labelstudio import MODEL_VERSION, results_for, task_for

    start = corpus if corpus is not None else articles[0].parent
    gaz_path = find_gazetteer(start.resolve())
    if gaz_path is None:
        raise UsageError(
            f"no gazetteer.yaml in {start} or above",
            hint="pass --corpus DIR, the corpus whose gazetteer names the actors",
        )
    gaz = load_gazetteer(gaz_path)
    tasks: list[dict[str, Any]] = []
    drafted = (
        _drafter(gaz_path, published)
        if any(p.suffix not in (".yaml", ".yml") for p in articles)
        else None
    )
    for path in articles:
        if path.name.startswith("gazetteer."):
            continue  # `corpus/*.yaml` also matches the gazetteer
        if path.suffix in (".yaml", ".yml"):
            from loader.importers.write import read_corpus

            item = read_corpus([path])[0][0]
            doc, text, version = item.doc, item.text, "newsgraph-annotations"
        else:
            assert drafted is not None
            doc, text = drafted(path, predictions)
            version = MODEL_VERSION
        task = task_for(doc, text)
        if predictions:
            task["predictions"] = [
                {"model_version": version, "result": results_for(doc, text, gaz)}
            ]
        tasks.append(task)
    out.write_text(json.dumps(tasks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    err_console.print(
        f"wrote {out}: {len(tasks)} task(s)" + (" with predictions" if predictions else ""),
        markup=False,
    )


def _drafter(gaz_path: Path, published: str | None) -> Any:
    from loader.draft.build import DraftOptions, draft_text, slug_for
    from loader.draft.nlp import Pipeline
    from loader.ingest.model import ArticleDoc
    from loader.ingest.yamlsrc import read_text

    try:
        day = dt.date.fromisoformat(published) if published else None
    except ValueError as exc:
        raise UsageError(f"--published {published!r} is not a date", hint="use YYYY-MM-DD") from exc
    pipe = Pipeline(load_gazetteer(gaz_path))

    def draft(path: Path, full: bool) -> tuple[ArticleDoc, str]:
        text = read_text(path, what="article text")
        kinds = ("meetings", "sanctions", "statements") if full else ()
        result = draft_text(
            text,
            pipe=pipe,
            article_id=slug_for(path),
            text_file=path.name,
            options=DraftOptions(published=day, only=kinds),
        )
        meta = {**result.doc["article"], "text": text}
        del meta["text_file"]
        return ArticleDoc.model_validate({**result.doc, "article": meta}), text

    return draft
