"""Map one annotated article to the triples of its named graph.

Every reference, date and evidence passage is checked here, with the file,
line and field of the annotation in the error. The output is deterministic:
the same input always gives the same IRIs and triples.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from rdflib import URIRef

from loader.anchor import Anchor, ArticleText
from loader.date_checks import EventDate, article_anchors, check_fact, direction_for, warnings_for
from loader.dates import ResolvedDate, resolve_date
from loader.errors import ConstraintError, DateError, NewsgraphError, ReadError
from loader.gazetteer import GazetteerIndex
from loader.mapping_sanctions import map_sanctions
from loader.model import ArticleDoc, DateValue, Evidence, Meeting, Sanctions, Statement
from loader.store import GraphPayload, nt_string, nt_term
from loader.vocab import (
    EVENT_STATUSES,
    MEDIA,
    MEETING_CLASSES,
    NG,
    PRECISIONS,
    RDF,
    RDFS,
    SPEECH_TYPES,
    XSD,
    actor_iri,
    article_iri,
    article_local_iri,
    event_iri,
    evidence_iri,
    place_iri,
)
from loader.yamlsrc import PathKey, SourceDoc, read_text

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FactCounts:
    meetings: int = 0
    sanctions: int = 0
    statements: int = 0
    warnings: tuple[DateError, ...] = ()  # plausibility of dates; errors under --strict
    event_dates: tuple[EventDate, ...] = ()  # for the cross-article overlap check


class _ArticleMapper:
    """Builds the triples of one article; errors carry the annotation's location."""

    def __init__(self, doc: ArticleDoc, source: SourceDoc, text: str, gaz: GazetteerIndex) -> None:
        self.doc = doc
        self.source = source
        self.text = ArticleText(text)
        self.gaz = gaz
        self.aid = doc.article.id
        self.graph = article_iri(self.aid)
        self.lines: list[str] = []
        self.warnings: list[DateError] = []
        self.event_dates: list[EventDate] = []
        self.anchors = article_anchors(
            [(m.event, _raw(m.date), m.status) for m in doc.meetings if m.event and m.date],
            published=doc.article.published,
        )

    # -- helpers ------------------------------------------------------------------

    def at(self, path: PathKey, fn: Callable[[], T]) -> T:
        """Run ``fn``; give any NewsgraphError it raises the location of ``path``."""
        try:
            return fn()
        except NewsgraphError as exc:
            raise exc.at(self.source.location(path), ".".join(map(str, path))) from None

    def add(self, s: URIRef, p: URIRef, o: URIRef) -> None:
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n")

    def lit(self, s: URIRef, p: URIRef, text: str) -> None:
        """A plain string literal, written straight to N-Triples (no rdflib Literal needed)."""
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {nt_string(text)} .\n")

    def typed(self, s: URIRef, p: URIRef, lexical: str, datatype: URIRef) -> None:
        literal = f"{nt_string(lexical)}^^{nt_term(datatype)}"
        self.lines.append(f"{nt_term(s)} {nt_term(p)} {literal} .\n")

    def actor(self, actor_id: str, path: PathKey, what: str = "actor") -> URIRef:
        self.at(path, lambda: self.gaz.require_actor(actor_id, what=what))
        return actor_iri(actor_id)

    def place(self, place_id: str, path: PathKey) -> URIRef:
        self.at(path, lambda: self.gaz.require_place(place_id))
        return place_iri(place_id)

    def actor_or_place(self, some_id: str, path: PathKey) -> URIRef:
        if some_id in self.gaz.places and some_id not in self.gaz.actors:
            return place_iri(some_id)
        if some_id not in self.gaz.actors and some_id in {m.event for m in self.doc.meetings}:
            return event_iri(some_id)  # the format lets `about` name an event key
        return self.actor(some_id, path)

    def date(
        self,
        fact: URIRef,
        value: DateValue | None,
        path: PathKey,
        *,
        kind: str = "statement",
        status: str | None = None,
        event: str | None = None,
    ) -> ResolvedDate | None:
        if value is None:
            return None
        raw, published = _raw(value), self.doc.article.published
        resolved = self.at(
            path,
            lambda: resolve_date(
                raw,
                published=published,
                direction=direction_for(kind, status),
                anchors=self.anchors,
            ),
        )
        where, field = self.source.location(path), ".".join(map(str, path))
        found = check_fact(kind=kind, status=status, date=resolved, published=published)
        self.warnings.extend(warnings_for(found, where, field))
        if event:
            self.event_dates.append(
                EventDate(event, resolved.earliest, resolved.latest, where, field, status)
            )
        d = article_local_iri("date", self.aid, str(fact))
        self.add(fact, NG.hasDate, d)
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
        for i, item in enumerate(items):
            a = self.at(
                (*path, i),
                lambda item=item: self.text.anchor(  # type: ignore[misc]
                    quote=item.quote,
                    prefix=item.prefix,
                    suffix=item.suffix,
                    start=item.start,
                    end=item.end,
                ),
            )
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

    def meeting(self, m: Meeting, path: PathKey) -> None:
        if len(set(m.participants)) < 2:
            raise ConstraintError(
                "a meeting needs at least two different participants, "
                f"got {len(set(m.participants))}",
                hint="list every actor who took part in `participants`",
                location=self.source.location((*path, "participants")),
                field=".".join(map(str, (*path, "participants"))),
            )
        people = [self.actor(p, (*path, "participants", i)) for i, p in enumerate(m.participants)]
        if m.event:
            node = event_iri(m.event)
        else:
            node = article_local_iri(
                "meeting", self.aid, m.kind, *sorted(m.participants), str(m.date)
            )
        self.add(node, RDF.type, MEETING_CLASSES[m.kind])
        names = ", ".join(self.gaz.actors[p].name for p in sorted(set(m.participants)))
        label = m.label or f"{m.kind.replace('-', ' ').capitalize()}: {names}"
        self.lit(node, RDFS.label, label)
        if m.event:
            self.lit(node, NG.eventKey, m.event)
        for p in people:
            self.add(node, NG.hasParticipant, p)
        self.add(node, NG.hasStatus, EVENT_STATUSES[m.status])
        if m.place:
            self.add(node, NG.hasPlace, self.place(m.place, (*path, "place")))
        self.date(node, m.date, (*path, "date"), kind="meeting", status=m.status, event=m.event)
        self.evidence(node, m.evidence, (*path, "evidence"))

    def sanctions(self, s: Sanctions, path: PathKey) -> None:
        map_sanctions(self, s, path)

    def statement(self, st: Statement, path: PathKey) -> None:
        if st.speaker is None:
            raise ConstraintError(
                "a statement needs a speaker",
                hint="add `speaker:` with the actor id of who said it",
                location=self.source.location(path),
                field=".".join(map(str, (*path, "speaker"))),
            )
        speaker = self.actor(st.speaker, (*path, "speaker"), what="speaker")
        content = [
            st.speaker,
            st.quote or "",
            *(f"{e.quote}|{e.start}|{e.end}" for e in st.evidence),
        ]
        node = article_local_iri("statement", self.aid, *content)
        anchors = self.evidence(node, st.evidence, (*path, "evidence"))
        quote = st.quote if st.quote is not None else anchors[0].exact
        self.add(node, RDF.type, NG.Statement)
        short = " ".join(quote.split())
        short = short if len(short) <= 60 else short[:57] + "..."
        self.lit(node, RDFS.label, f"{self.gaz.actors[st.speaker].name}: {short}")
        self.add(node, NG.speaker, speaker)
        self.lit(node, NG.quoteText, quote)
        self.add(node, NG.hasSpeechType, SPEECH_TYPES[st.speech])
        if st.medium:
            self.add(node, NG.hasMedium, MEDIA[st.medium])
        if st.outlet:
            self.add(node, NG.viaOutlet, self.actor(st.outlet, (*path, "outlet"), what="outlet"))
        for i, about in enumerate(st.about):
            self.add(node, NG.about, self.actor_or_place(about, (*path, "about", i)))
        if st.addressee:
            self.add(
                node, NG.addressee, self.actor(st.addressee, (*path, "addressee"), what="addressee")
            )
        self.date(node, st.date, (*path, "date"))

    def run(self) -> GraphPayload:
        self.article()
        for i, m in enumerate(self.doc.meetings):
            self.meeting(m, ("meetings", i))
        for i, s in enumerate(self.doc.sanctions):
            self.sanctions(s, ("sanctions", i))
        for i, st in enumerate(self.doc.statements):
            self.statement(st, ("statements", i))
        # The same triple can come from two facts (a shared evidence passage): keep one.
        lines = list(dict.fromkeys(self.lines))
        return GraphPayload(self.graph, text="".join(lines), size=len(lines))


def _raw(value: object) -> object:
    """A date as resolve_date reads it: interval and phrase models become mappings."""
    dump = getattr(value, "model_dump", None)
    return dump(by_alias=True, exclude_none=True) if dump else value


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
    doc: ArticleDoc, source: SourceDoc, gaz: GazetteerIndex
) -> tuple[GraphPayload, FactCounts]:
    """Check one article against its text and the gazetteer; return its graph."""
    text = article_text(doc, source)
    mapper = _ArticleMapper(doc, source, text, gaz)
    payload = mapper.run()
    counts = FactCounts(
        len(doc.meetings),
        len(doc.sanctions),
        len(doc.statements),
        warnings=tuple(mapper.warnings),
        event_dates=tuple(mapper.event_dates),
    )
    return payload, counts


__all__ = ["FactCounts", "article_text", "map_article"]
