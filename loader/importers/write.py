"""Read a corpus for export, and write imported articles as annotation files.

Writing goes through the same checks as ``newsgraph validate`` (schema,
gazetteer ids, evidence against the text) before any file is touched, so an
import either writes files that load or writes nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from loader.core.errors import NewsgraphError, ReadError
from loader.importers.common import Imported, ImportProblemsError, Problems
from loader.ingest.gazetteer import GazetteerIndex, find_gazetteer, load_gazetteer
from loader.ingest.model import ArticleDoc, parse_model
from loader.ingest.yamlsrc import parse_yaml, read_yaml
from loader.pipeline.corpus import discover
from loader.rdf.mapping import article_text, map_article

HEADER = "# yaml-language-server: $schema=https://w3id.org/newsgraph/schema/article.json\n"


@dataclass(frozen=True)
class Planned:
    """One file an import would write."""

    path: Path
    content: str


def read_corpus(paths: Sequence[Path]) -> tuple[list[Imported], list[GazetteerIndex]]:
    """The articles of annotation files or corpus directories, with their texts."""
    out: list[Imported] = []
    gazetteers: list[GazetteerIndex] = []
    for corpus in discover(paths):
        gazetteers.append(load_gazetteer(corpus.gazetteer))
        for path in corpus.articles:
            source = read_yaml(path)
            doc = parse_model(ArticleDoc, source)
            out.append(Imported(doc=doc, text=article_text(doc, source)))
    return out, gazetteers


def article_yaml(doc: ArticleDoc) -> str:
    data: dict[str, Any] = doc.model_dump(by_alias=True, exclude_none=True, exclude_defaults=True)
    data["article"] = doc.article.model_dump(by_alias=True, exclude_none=True)
    if doc.article.language == "en":
        del data["article"]["language"]
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000)
    return HEADER + body


def plan(articles: Sequence[Imported], corpus: Path, *, source: str) -> list[Planned]:
    """The files to write for ``articles`` in ``corpus``; raise every problem at once."""
    problems = Problems(source)
    gaz_path = find_gazetteer(corpus.resolve()) if corpus.is_dir() else None
    if gaz_path is None:
        raise ReadError(
            f"{corpus} is not a corpus directory with a gazetteer.yaml",
            hint="give --corpus the directory that holds gazetteer.yaml (or a folder below it)",
        )
    gaz = load_gazetteer(gaz_path)
    planned: list[Planned] = []
    seen: set[str] = set()
    for item in articles:
        aid = item.doc.article.id
        if aid in seen:
            problems.add(f"article {aid}", "the same article appears twice in the input")
            continue
        seen.add(aid)
        text_rel = f"texts/{aid}.txt"
        meta = item.doc.article.model_copy(update={"text_file": text_rel, "text": None})
        doc = item.doc.model_copy(update={"article": meta})
        content = article_yaml(doc)
        target = corpus / f"{aid}.yaml"
        problems.extend(_check(item, content, target, gaz))
        planned.append(Planned(target, content))
        planned.append(Planned(corpus / text_rel, item.text))
    problems.check()
    return planned


def _check(item: Imported, content: str, target: Path, gaz: GazetteerIndex) -> list[NewsgraphError]:
    """Run the loader's own checks on the file as it would be written."""
    source = parse_yaml(content, target)
    try:
        doc = parse_model(ArticleDoc, source)
        inline = doc.article.model_copy(update={"text": item.text, "text_file": None})
        map_article(doc.model_copy(update={"article": inline}), source, gaz)
    except NewsgraphError as exc:
        exc.problem = f"{item.origin_of(exc.field)}: {exc.problem}"
        exc.args = (exc.message,)
        return [exc]
    return []


def write(planned: Sequence[Planned]) -> None:
    for p in planned:
        p.path.parent.mkdir(parents=True, exist_ok=True)
        p.path.write_text(p.content, encoding="utf-8")


__all__ = ["ImportProblemsError", "Planned", "article_yaml", "plan", "read_corpus", "write"]
