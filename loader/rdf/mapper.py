"""The writer of one article's graph: terms, dates and evidence, checked as they are written.

:func:`loader.rdf.mapping.map_article` creates one :class:`ArticleMapper` per
article and hands it to each fact module. Every reference, date and evidence
passage is checked here, with the file, line and field of the annotation in the
error. The output is deterministic:
the same input always gives the same IRIs and triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rdflib import URIRef

from loader.core.errors import DateError, NewsgraphError
from loader.core.terms import nt_string, nt_term
from loader.core.vocab import (
    NG,
    PRECISIONS,
    RDF,
    RDFS,
    XSD,
    actor_iri,
    article_iri,
    article_local_iri,
    event_iri,
    evidence_iri,
    place_iri,
)
from loader.dates.checks import EventDate, article_anchors, check_fact, direction_for, warnings_for
from loader.dates.resolve import Direction, ResolvedDate, resolve_date
from loader.ingest.anchor import Anchor, ArticleText
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc, DateValue, Evidence
from loader.ingest.yamlsrc import PathKey, SourceDoc

T = TypeVar("T")


class _FactFailed(Exception):  # noqa: N818 - a signal, not an error shown to anyone
    """A fact whose problems are already recorded: skip the rest of it."""


@dataclass(frozen=True, slots=True)
class FactCounts:
    meetings: int = 0
    sanctions: int = 0
    statements: int = 0
    notes: tuple[str, ...] = ()
    warnings: tuple[DateError, ...] = ()  # plausibility of dates; errors under --strict
    event_dates: tuple[EventDate, ...] = ()  # for the cross-article overlap check


class ArticleMapper:
    """Builds the triples of one article; errors carry the annotation's location."""

    def __init__(
        self,
        doc: ArticleDoc,
        source: SourceDoc,
        text: str,
        gaz: GazetteerIndex,
        index: dict[str, list[int]] | None = None,
    ) -> None:
        self.doc = doc
        # positions of the facts in the file, when only some of them are mapped
        self.index = index or {}
        self.source = source
        self.text = ArticleText(text)
        self.gaz = gaz
        self.aid = doc.article.id
        self.graph = article_iri(self.aid)
        self.lines: list[str] = []
        self.notes: list[str] = []
        self.errors: list[NewsgraphError] = []
        self.warnings: list[DateError] = []
        self.event_dates: list[EventDate] = []
        self.anchors = article_anchors(
            [
                (m.event, _raw(m.date), m.current_status())
                for m in doc.meetings
                if m.event and m.date
            ],
            published=doc.article.published,
        )

    # -- helpers ------------------------------------------------------------------

    def at(self, path: PathKey, fn: Callable[[], T]) -> T:
        """Run ``fn``; give any NewsgraphError it raises the location of ``path``."""
        try:
            return fn()
        except NewsgraphError as exc:
            raise exc.at(self.source.location(path), ".".join(map(str, path))) from None

    def check(self, path: PathKey, fn: Callable[[], T]) -> T | None:
        """Like ``at``, but record the error and go on, so one pass finds every problem."""
        try:
            return self.at(path, fn)
        except NewsgraphError as exc:
            self.errors.append(exc)
            return None

    def add(self, s: URIRef, p: URIRef, o: URIRef) -> None:
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")

    def lit(self, s: URIRef, p: URIRef, text: str) -> None:
        """A plain string literal, written straight to N-Triples (no rdflib Literal needed)."""
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {nt_string(text)} .\n")

    def typed(self, s: URIRef, p: URIRef, lexical: str, datatype: URIRef) -> None:
        literal = f"{nt_string(lexical)}^^{nt_term(datatype)}"
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {literal} .\n")

    def actor(self, actor_id: str, path: PathKey, what: str = "actor") -> URIRef:
        self.check(path, lambda: self.gaz.require_actor(actor_id, what=what))
        return actor_iri(actor_id)

    def place(self, place_id: str, path: PathKey) -> URIRef:
        self.check(path, lambda: self.gaz.require_place(place_id))
        return place_iri(place_id)

    def note(self, path: PathKey, text: str) -> None:
        """Something `validate` should tell the annotator, which is not an error."""
        field = ".".join(map(str, path))
        self.notes.append(f"{self.source.location(path)}: {field}: {text}")

    def event_keys(self) -> set[str]:
        """Event keys this article defines, series keys included."""
        keys = {m.event for m in self.doc.meetings} | {m.part_of for m in self.doc.meetings}
        return {k for k in keys if k}

    def package_keys(self) -> set[str]:
        """Sanctions package keys this article defines (given, or issuer-number)."""
        return {
            s.package or f"{s.issuer}-{s.number}"
            for s in self.doc.sanctions
            if s.package or s.number is not None
        }

    def date(
        self,
        fact: URIRef,
        value: DateValue | None,
        path: PathKey,
        *,
        kind: str = "statement",
        status: str | None = None,
        event: str | None = None,
        prop: URIRef = NG.hasDate,
        role: str | None = None,
        direction: Direction | None = None,
    ) -> ResolvedDate | None:
        """Resolve and write a fact's date (``prop``; a second date of one fact needs a
        ``role`` for its IRI). Bare phrases look the way ``kind`` and ``status`` say,
        unless ``direction`` is given."""
        if value is None:
            return None
        raw, published = _raw(value), self.doc.article.published
        way = direction or direction_for(kind, status)
        resolved = self.check(
            path,
            lambda: resolve_date(raw, published=published, direction=way, anchors=self.anchors),
        )
        if resolved is None:
            return None
        where, field = self.source.location(path), ".".join(map(str, path))
        found = check_fact(kind=kind, status=status, date=resolved, published=published)
        self.warnings.extend(warnings_for(found, where, field))
        if event:
            self.event_dates.append(
                EventDate(event, resolved.earliest, resolved.latest, where, field, status)
            )
        d = article_local_iri("date", self.aid, str(fact), *([role] if role else []))
        self.add(fact, prop, d)
        self.add(d, RDF.type, NG.DateInterval)
        self.lit(d, RDFS.label, resolved.label)
        for prop, day in ((NG.earliest, resolved.earliest), (NG.latest, resolved.latest)):
            if day is not None:  # an open side has no triple: the day is not known
                self.typed(d, prop, day.isoformat(), XSD.date)
        self.add(d, NG.hasPrecision, PRECISIONS[str(resolved.precision)])
        self.lit(d, NG.originalPhrase, resolved.phrase)
        if resolved.anchor is not None:
            self.typed(d, NG.anchorDate, resolved.anchor.isoformat(), XSD.date)
        if resolved.anchor_event is not None:
            self.add(d, NG.anchorEvent, event_iri(resolved.anchor_event))
        if resolved.uncertain:
            self.typed(d, NG.uncertain, "true", XSD.boolean)
        if resolved.rule is not None:
            self.lit(d, NG.resolutionRule, resolved.rule)
        return resolved

    def evidence(self, fact: URIRef, items: Sequence[Evidence], path: PathKey) -> list[Anchor]:
        anchors: list[Anchor] = []
        failed = False
        for i, item in enumerate(items):
            a = self.check(
                (*path, i),
                lambda item=item: self.text.anchor(  # type: ignore[misc]
                    quote=item.quote,
                    prefix=item.prefix,
                    suffix=item.suffix,
                    start=item.start,
                    end=item.end,
                ),
            )
            if a is None:
                failed = True
                continue
            anchors.append(a)
            e = evidence_iri(self.aid, a.start, a.end)
            self.add(fact, NG.hasEvidence, e)
            self.add(e, RDF.type, NG.Evidence)
            self.lit(e, RDFS.label, f"{self.aid} [{a.start}-{a.end}]")
            self.add(e, NG.inArticle, self.graph)
            self.typed(e, NG.startOffset, str(a.start), XSD.nonNegativeInteger)
            self.typed(e, NG.endOffset, str(a.end), XSD.nonNegativeInteger)
            self.lit(e, NG.exactText, a.exact)
            self.lit(e, NG.prefixText, a.prefix)
            self.lit(e, NG.suffixText, a.suffix)
        if failed:
            raise _FactFailed
        return anchors

    # -- the article and its facts ---------------------------------------------------

    def article(self) -> None:
        meta = self.doc.article
        a = self.graph
        self.add(a, RDF.type, NG.Article)
        self.lit(a, RDFS.label, meta.title)
        self.lit(a, NG.title, meta.title)
        self.lit(a, NG.articleId, meta.id)
        self.lit(a, NG.language, meta.language)
        digest = hashlib.sha256(self.text.text.encode("utf-8")).hexdigest()
        self.lit(a, NG.textSha256, digest)
        if meta.url:
            self.typed(a, NG.url, meta.url, XSD.anyURI)
        if meta.publisher:
            self.lit(a, NG.publisherName, meta.publisher)
        if meta.author:
            self.lit(a, NG.authorName, meta.author)
        if meta.published:
            self.typed(a, NG.publishedOn, meta.published.isoformat(), XSD.date)

    def path_of(self, key: str, i: int) -> PathKey:
        positions = self.index.get(key)
        return (key, positions[i] if positions is not None else i)

    def fact(self, fn: Callable[[], None]) -> None:
        """Map one fact; a problem stops this fact only, so the others are checked too."""
        before = len(self.errors)
        try:
            fn()
        except NewsgraphError as exc:
            self.errors.append(exc)
        except (_FactFailed, KeyError, IndexError):
            # consequences of a problem already recorded (an unknown id, a missing quote)
            if len(self.errors) == before:
                raise


def _raw(value: object) -> object:
    """A date as resolve_date reads it: interval and phrase models become mappings."""
    dump = getattr(value, "model_dump", None)
    return dump(by_alias=True, exclude_none=True) if dump else value


__all__ = ["ArticleMapper", "FactCounts"]
