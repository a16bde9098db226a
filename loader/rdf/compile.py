"""Check one article file in one pass and report every problem it has.

A file whose shape is wrong in one fact is still checked everywhere else: the
facts that fit the schema are mapped too, so an unknown id or a missing quote
in another fact is reported in the same run (``validate`` lists them all).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from loader.core.errors import NewsgraphError, one_or_many
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc, ArticleMeta, Meeting, Sanctions, Statement, parse_model
from loader.ingest.yamlsrc import SourceDoc
from loader.rdf.mapper import FactCounts
from loader.rdf.mapping import map_article
from loader.store.base import GraphPayload

FACTS: dict[str, type[BaseModel]] = {
    "meetings": Meeting,
    "sanctions": Sanctions,
    "statements": Statement,
}


def map_source(
    source: SourceDoc, gaz: GazetteerIndex
) -> tuple[ArticleDoc, GraphPayload, FactCounts]:
    """Parse, check and map an article file; raise every problem it has at once."""
    try:
        doc = parse_model(ArticleDoc, source)
    except NewsgraphError as exc:
        problems = list(getattr(exc, "errors", None) or [exc])
        partial = _valid_parts(source.data)
        if partial is not None:
            try:
                map_article(partial[0], source, gaz, index=partial[1])
            except NewsgraphError as more:
                problems += list(getattr(more, "errors", None) or [more])
        problems.sort(key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise one_or_many(problems) from None
    payload, counts = map_article(doc, source, gaz)
    return doc, payload, counts


def _valid_parts(data: Any) -> tuple[ArticleDoc, dict[str, list[int]]] | None:
    """The facts of the file that fit the schema, with their positions in the file."""
    if not isinstance(data, dict):
        return None
    try:
        meta = ArticleMeta.model_validate(data.get("article"))
    except ValidationError:
        return None
    kept: dict[str, list[Any]] = {}
    index: dict[str, list[int]] = {}
    for key, model in FACTS.items():
        items = data.get(key)
        kept[key], index[key] = [], []
        for i, item in enumerate(items if isinstance(items, list) else []):
            try:
                kept[key].append(model.model_validate(item))
            except ValidationError:
                continue
            index[key].append(i)
    doc = ArticleDoc.model_construct(
        article=meta,
        meetings=kept["meetings"],
        sanctions=kept["sanctions"],
        statements=kept["statements"],
    )
    return doc, index
