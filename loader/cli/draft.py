"""``newsgraph draft``: draft annotation files from raw articles, or score drafts."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
import yaml
from rich.console import Console
from rich.table import Table

from loader.cli.app import AppContext, main, pass_app
from loader.core.errors import Location, ReadError, UsageError
from loader.ingest.gazetteer import GAZETTEER_NAME, find_gazetteer, load_gazetteer
from loader.ingest.yamlsrc import read_text
from loader.store.embedded import DEFAULT_STORE_DIR

if TYPE_CHECKING:
    from loader.draft.build import Draft
    from loader.draft.score import ScoreReport

# spaCy takes a second to import: the draft modules load when the command runs, not for
# every other command.
KINDS = ("meetings", "sanctions", "statements")
SUGGESTED = "gazetteer.suggested.yaml"
SCHEMA_LINE = "# yaml-language-server: $schema=https://w3id.org/newsgraph/schema/article.json\n"


@main.command("draft")
@click.argument("articles", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--published", metavar="YYYY-MM-DD", help="Publication date (or a header line).")
@click.option(
    "--corpus",
    type=click.Path(path_type=Path),
    help="Corpus directory: its gazetteer, and events whose keys drafts reuse.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path(),
              show_default=True, help="Directory for the drafts.")  # fmt: skip
@click.option("--only", default=",".join(KINDS), show_default=True,
              help="Kinds to draft, comma-separated.")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["yaml", "json"]), default="yaml",
              show_default=True, help="Drafts (or the --score report) as YAML/JSON.")  # fmt: skip
@click.option("--title", help="Article title (else a 'Title:' header line, else the first line).")
@click.option("--publisher", help="Publisher (else a 'Publisher:' header line).")
@click.option("--url", help="Article URL (else a 'URL:' header line).")
@click.option(
    "--score",
    "gold",
    type=click.Path(path_type=Path),
    help="Draft every article of this hand-annotated corpus and report precision/recall/F1.",
)
@pass_app
def draft(
    app: AppContext,
    articles: tuple[Path, ...],
    published: str | None,
    corpus: Path | None,
    out: Path,
    only: str,
    fmt: str,
    title: str | None,
    publisher: str | None,
    url: str | None,
    gold: Path | None,
) -> None:
    """Draft one annotation file per ARTICLE text, for a person to review and correct.

    Finds meetings, statements and sanctions packages with rules over the
    gazetteer's names; every item has exact evidence quotes and, where the
    rules were unsure, a `review:` note. Names the gazetteer lacks go to
    gazetteer.suggested.yaml in --out. A text may start with a header block
    ("Title: ...", "Publisher: ...", "URL: ...", "Published: 2025-11-13") and a
    blank line. Drafts pass `newsgraph validate` as written. Meetings take the
    event key of a matching meeting in --corpus or in the store (--store,
    --endpoint, or ./.newsgraph when it exists).

    \b
    Examples:
      newsgraph draft story.txt --published 2025-10-21 --corpus examples/ --out drafts/
      newsgraph validate drafts/
      newsgraph draft --score examples/ --format json
    """
    from loader.draft.build import DraftOptions, draft_text, slug_for
    from loader.draft.events import EventIndex
    from loader.draft.nlp import Pipeline
    from loader.draft.score import score_corpus

    if gold is not None:
        _print_score(score_corpus(gold), fmt)
        return
    if not articles:
        raise UsageError("no article given", hint="newsgraph draft ARTICLE.txt --published DATE")
    kinds = tuple(k.strip() for k in only.split(",") if k.strip())
    unknown = [k for k in kinds if k not in KINDS]
    if unknown or not kinds:
        raise UsageError(
            f"--only {only!r}", hint=f"use a comma-separated list of {', '.join(KINDS)}"
        )
    gaz_path = _gazetteer(corpus, articles[0])
    pipe = Pipeline(load_gazetteer(gaz_path))
    events = EventIndex.from_corpus(corpus)
    where = app.store_options
    if where.remote or (where.store_dir or DEFAULT_STORE_DIR).exists():
        # Event keys already in the store are reused too, so drafts merge with loaded articles.
        with app.store(read_only=True) as store:
            events.add_from_store(store)
    options = DraftOptions(
        published=_date(published), title=title, publisher=publisher, url=url, only=kinds
    )
    out.mkdir(parents=True, exist_ok=True)
    if find_gazetteer(out.resolve()) is None:
        # Drafts validate against the gazetteer they were drafted with: keep a copy beside them.
        shutil.copyfile(gaz_path, out / GAZETTEER_NAME)
        click.echo(f"{out / GAZETTEER_NAME}: a copy of {gaz_path}, so the drafts validate here")
    suggested: dict[str, dict[str, str]] = {}
    for path in articles:
        text = read_text(path, what="article text")
        target = out / f"{slug_for(path)}.{fmt}"
        rel = os.path.relpath(path.resolve(), out.resolve())
        result = draft_text(
            text,
            pipe=pipe,
            article_id=slug_for(path),
            text_file=rel,
            options=options,
            events=events,
        )
        target.write_text(_render(result, fmt), encoding="utf-8")
        for key, value in result.unknown.items():
            suggested.setdefault(key, value)
        counts = ", ".join(f"{result.count(k)} {k}" for k in KINDS)
        click.echo(f"{target}: {counts}")
    if suggested:
        (out / SUGGESTED).write_text(_suggestions(suggested), encoding="utf-8")
        click.echo(f"{out / SUGGESTED}: {len(suggested)} names the gazetteer lacks")


def _gazetteer(corpus: Path | None, first: Path) -> Path:
    start = corpus if corpus is not None else first.parent
    if corpus is not None and not corpus.exists():
        raise ReadError(
            "no such file or directory", hint="check --corpus", location=Location(corpus)
        )
    found = find_gazetteer(start.resolve())
    if found is None:
        raise UsageError(
            f"no {GAZETTEER_NAME} found in {start} or its parent directories",
            hint="pass --corpus DIR with the gazetteer of actors and places",
        )
    return found


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(
            f"--published {text!r} is not a full date", hint="write it as YYYY-MM-DD"
        ) from None


def _render(result: Draft, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(result.doc, indent=2, ensure_ascii=False, default=str) + "\n"
    body = yaml.safe_dump(result.doc, allow_unicode=True, sort_keys=False, width=100)
    if result.unattributed:
        # Kept as comments: they load once their speaker is in the gazetteer.
        extra = yaml.safe_dump(
            {"statements by speakers the gazetteer lacks": result.unattributed},
            allow_unicode=True,
            sort_keys=False,
            width=100,
        )
        body += "\n" + "".join(f"# {line}\n" for line in extra.splitlines())
    return SCHEMA_LINE + body


def _suggestions(found: dict[str, dict[str, str]]) -> str:
    lines = [
        "# Names the drafts found that the gazetteer lacks. Check each, fix type and name,",
        "# then move it into gazetteer.yaml (and replace the drafts' notes with its id).",
        "actors:",
    ]
    for key in sorted(found):
        item = found[key]
        lines.append(f"  # seen in: {json.dumps(item['seen'], ensure_ascii=False)}")
        lines.append(f"  - id: {key}")
        lines.append(f"    type: {item['type']}")
        lines.append(f"    name: {json.dumps(item['name'], ensure_ascii=False)}")
    return "\n".join(lines) + "\n"


def _print_score(report: ScoreReport, fmt: str) -> None:
    data = report.as_json()
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    table = Table(title=f"draft vs hand annotations ({report.articles} articles)")
    for col in ("kind", "gold", "drafted", "matched", "precision", "recall", "F1", "date", "place"):
        table.add_column(col, justify="left" if col == "kind" else "right")
    for kind in KINDS:
        row: dict[str, Any] = data[kind]
        extra = [row.get("date_exact"), row.get("place_exact")]
        table.add_row(
            kind,
            *(str(row[c]) for c in ("gold", "drafted", "matched")),
            *(f"{row[c]:.2f}" for c in ("precision", "recall", "f1")),
            *("" if x is None else f"{x:.2f}" for x in extra),
        )
    Console(width=120).print(table)
