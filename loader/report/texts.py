"""Article texts for the fact pages, and the passages to highlight in them.

The store keeps each passage's offsets and exact text (``sources-of`` gives
them) but not the whole article, so the texts come from the annotation files
the user names (``newsgraph report --texts examples/``). A text is used only
when its SHA-256 equals the ``ng:textSha256`` the store recorded at load time:
otherwise the offsets could point at the wrong words. That digest is read with
one fixed query here (no canned query returns it), through the store API.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from loader.core.errors import NewsgraphError, ReadError
from loader.ingest.model import ArticleMeta
from loader.ingest.yamlsrc import read_text, read_yaml
from loader.pipeline.corpus import discover
from loader.store.base import SelectResult, Store
from loader.store.own_sparql import own_sparql


def stored_digests(store: Store) -> dict[str, str]:
    """Article IRI → SHA-256 of the text it was loaded with."""
    result = store.query(own_sparql("text-digests.rq"))
    assert isinstance(result, SelectResult)
    return {str(a): str(sha) for a, sha in result.rows if a is not None and sha is not None}


@dataclass(slots=True)
class Texts:
    """Texts by article IRI, and the articles whose text was found but differs from the store's."""

    by_article: dict[str, str]
    stale: list[str]


def read_texts(paths: Sequence[Path], *, digests: dict[str, str]) -> Texts:
    """Read the texts of the annotation files under ``paths`` that the store holds unchanged."""
    from loader.core.vocab import article_iri

    found: dict[str, str] = {}
    stale: list[str] = []
    for corpus in discover(list(paths)):
        for path in corpus.articles:
            try:
                meta, body = _article(path)
            except NewsgraphError:
                continue  # not an article file, or unreadable: `newsgraph validate` reports it
            iri = str(article_iri(meta.id))
            if iri not in digests:
                continue
            if hashlib.sha256(body.encode("utf-8")).hexdigest() == digests[iri]:
                found[iri] = body
            else:
                stale.append(str(path))
    return Texts(found, sorted(stale))


def _article(path: Path) -> tuple[ArticleMeta, str]:
    source = read_yaml(path)
    data = source.data
    raw = data.get("article") if isinstance(data, dict) else None
    try:
        meta = ArticleMeta.model_validate(raw)
    except ValidationError:
        raise ReadError("not an article file", hint="see docs/annotation-format.md") from None
    if meta.text is not None:
        return meta, meta.text
    assert meta.text_file is not None
    return meta, read_text(path.parent / meta.text_file, what="text file")


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of the article text, highlighted (``mark``) or not, with its offsets."""

    text: str
    start: int
    end: int
    mark: bool


def segments(body: str, spans: Iterable[tuple[int, int]]) -> list[Segment]:
    """Cut the text at the passages' offsets; overlapping passages merge into one mark."""
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(len(body), e)) for s, e in spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Segment] = []
    at = 0
    for start, end in merged:
        if start > at:
            out.append(Segment(body[at:start], at, start, False))
        out.append(Segment(body[start:end], start, end, True))
        at = end
    if at < len(body):
        out.append(Segment(body[at:], at, len(body), False))
    return out


__all__ = ["Segment", "Texts", "read_texts", "segments", "stored_digests"]
