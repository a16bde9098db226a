"""One article's annotation → the triples of its graph.

:class:`~loader.rdf.mapper.ArticleMapper` holds the article and writes triples;
the fact modules (:mod:`loader.rdf.meetings`, :mod:`loader.rdf.statements`,
:mod:`loader.rdf.sanctions`) map one fact each; this module runs them in order.
"""

from __future__ import annotations

from loader.core.errors import ReadError, one_or_many
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc
from loader.ingest.yamlsrc import SourceDoc, read_text
from loader.rdf.mapper import ArticleMapper, FactCounts
from loader.rdf.meetings import map_meeting
from loader.rdf.sanctions import map_sanctions
from loader.rdf.statements import map_statement
from loader.store.base import GraphPayload


def _map_facts(mapper: ArticleMapper) -> GraphPayload:
    """Map the article and each fact; gather every fact's problem before raising."""
    mapper.article()
    for i, m in enumerate(mapper.doc.meetings):
        path = mapper.path_of("meetings", i)
        mapper.fact(lambda m=m, p=path: map_meeting(mapper, m, p))  # type: ignore[misc]
    for i, s in enumerate(mapper.doc.sanctions):
        path = mapper.path_of("sanctions", i)
        mapper.fact(lambda s=s, p=path: map_sanctions(mapper, s, p))  # type: ignore[misc]
    for i, st in enumerate(mapper.doc.statements):
        path = mapper.path_of("statements", i)
        mapper.fact(lambda st=st, p=path: map_statement(mapper, st, p))  # type: ignore[misc]
    if mapper.errors:
        order = sorted(mapper.errors, key=lambda e: (e.location.line or 0, e.location.column or 0))
        raise one_or_many(order)
    # The same triple can come from two facts (a shared evidence passage): keep one.
    lines = list(dict.fromkeys(mapper.lines))
    return GraphPayload(mapper.graph, text="".join(lines), size=len(lines))


def article_text(doc: ArticleDoc, source: SourceDoc) -> str:
    """The article's text, inline or read from ``text_file`` relative to the annotation."""
    if doc.article.text is not None:
        return doc.article.text
    assert doc.article.text_file is not None
    path = source.path.parent / doc.article.text_file
    try:
        return read_text(path, what="text file")
    except ReadError as exc:
        exc.problem = f"{exc.problem} ({path})"
        exc.location = source.location(("article", "text_file"))
        exc.field = "article.text_file"
        raise exc.at(exc.location) from None


def map_article(
    doc: ArticleDoc,
    source: SourceDoc,
    gaz: GazetteerIndex,
    *,
    index: dict[str, list[int]] | None = None,
) -> tuple[GraphPayload, FactCounts]:
    """Check one article against its text and the gazetteer; return its graph."""
    text = article_text(doc, source)
    mapper = ArticleMapper(doc, source, text, gaz, index)
    payload = _map_facts(mapper)
    counts = FactCounts(
        len(doc.meetings),
        len(doc.sanctions),
        len(doc.statements),
        tuple(mapper.notes),
        warnings=tuple(mapper.warnings),
        event_dates=tuple(mapper.event_dates),
    )
    return payload, counts


__all__ = ["article_text", "map_article"]
