"""Label Studio: the labeling configuration, and tasks with pre-annotations.

A fact is a trigger region (Meeting, Sanctions or Quote) over its passage;
actors, places and dates are regions linked to it by relations
(participant-of, issued-by, target-of, speaker-of, about, outlet-of,
addressee-of, place-of, date-of); closed choices and keys are per-region fields of the
trigger. :func:`results_for` turns an ArticleDoc (a draft, or an annotated
article) into such regions, for Label Studio to show as predictions.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

from loader.importers.fields import encode_value
from loader.ingest.anchor import ArticleText
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc, Evidence

TRIGGERS = {"meetings": "Meeting", "sanctions": "Sanctions", "statements": "Quote"}
STATUS_FIELD = {"meetings": "event_status", "sanctions": "package_status"}
MODEL_VERSION = "newsgraph-draft"


def labeling_config() -> str:
    """The shipped labeling configuration (also integrations/label-studio/config.xml)."""
    return resources.files("loader.resources").joinpath("labelstudio-config.xml").read_text("utf-8")


def task_for(doc: ArticleDoc, text: str) -> dict[str, Any]:
    """A task: the text and the article's metadata, for Label Studio to import."""
    meta = doc.article
    data: dict[str, Any] = {"text": text, "article_id": meta.id, "title": meta.title}
    for key in ("url", "publisher", "author", "language"):
        if getattr(meta, key):
            data[key] = getattr(meta, key)
    if isinstance(meta.published, dt.date):
        data["published"] = meta.published.isoformat()
    return {"data": data}


class _Regions:
    """Builds region results with stable ids, one region per labelled span."""

    def __init__(self, text: str, gaz: GazetteerIndex) -> None:
        self.text = ArticleText(text)
        self.gaz = gaz
        self.results: list[dict[str, Any]] = []
        self.by_span: dict[tuple[int, int, str], str] = {}
        self.ids: dict[str, tuple[int, int, str]] = {}
        self.entities: dict[str, list[tuple[int, int]]] = {}  # id -> its drawn mentions

    def region(self, start: int, end: int, label: str, *, own: bool = False) -> str:
        """The region over a span; ``own`` gives a fact its own region even on a shared span."""
        key = (start, end, label)
        if own or key not in self.by_span:
            rid = f"r{len(self.ids) + 1}"
            self.ids[rid] = key
            self.by_span.setdefault(key, rid)
            self.results.append(
                self._result(rid, "label", "labels", start, end, {"labels": [label]})
            )
            return rid
        return self.by_span[key]

    def field(self, rid: str, name: str, kind: str, value: dict[str, Any]) -> None:
        start, end, _ = self.ids[rid]
        self.results.append(self._result(rid, name, kind, start, end, value))

    def _result(
        self, rid: str, name: str, kind: str, start: int, end: int, extra: dict[str, Any]
    ) -> dict[str, Any]:
        value = {"start": start, "end": end, "text": self.text.text[start:end], **extra}
        if kind == "textarea":
            value["text"] = extra["text"]
        return {
            "id": rid,
            "from_name": name,
            "to_name": "text",
            "type": kind,
            "origin": "prediction",
            "value": value,
        }

    def relate(self, from_id: str, to_id: str, label: str) -> None:
        self.results.append(
            {
                "type": "relation",
                "from_id": from_id,
                "to_id": to_id,
                "direction": "right",
                "labels": [label],
            }
        )

    def _word(self, start: int, end: int) -> bool:
        """Whether text[start:end] is whole words ("Russia" is not in "Russian")."""
        t = self.text.text
        before = t[start - 1] if start > 0 else " "
        after = t[end] if end < len(t) else " "
        return not _is_word_char(before) and not _is_word_char(after)

    def mention(self, some_id: str, near: int) -> str | None:
        """The region of the mention of an actor or place nearest to ``near``.

        A mention that overlaps another region of the same label ("Witkoff"
        inside "Steve Witkoff") is not drawn: the entity's region already
        drawn is reused, as Label Studio keeps one region per passage.
        """
        entry = self.gaz.actors.get(some_id) or self.gaz.places.get(some_id)
        if entry is None:
            return None
        label = "Actor" if some_id in self.gaz.actors else "Place"
        taken = [(s, e) for (s, e, lab) in self.by_span if lab == label]
        mine = self.entities.setdefault(some_id, [])
        best: tuple[int, int, int] | None = None
        for name in sorted({entry.name, *entry.aliases}, key=len, reverse=True):
            i = self.text.text.find(name)
            while i != -1:
                end = i + len(name)
                clash = any(s < end and i < e and (s, e) != (i, end) for s, e in taken)
                if not clash and self._word(i, end) and (best is None or abs(i - near) < best[0]):
                    best = (abs(i - near), i, end)
                i = self.text.text.find(name, i + 1)
        if best is None:
            if not mine:
                return None
            start, end = min(mine, key=lambda span: abs(span[0] - near))
            return self.by_span[(start, end, label)]
        mine.append((best[1], best[2]))
        return self.region(best[1], best[2], label)


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def results_for(doc: ArticleDoc, text: str, gaz: GazetteerIndex) -> list[dict[str, Any]]:
    """The article's facts as Label Studio regions and relations."""
    r = _Regions(text, gaz)
    events: dict[str, str] = {}
    for list_name, label in TRIGGERS.items():
        for fact in getattr(doc, list_name):
            rid = _trigger(r, fact.evidence[0], label)
            start = r.text.anchor(
                quote=fact.evidence[0].quote,
                prefix=fact.evidence[0].prefix,
                suffix=fact.evidence[0].suffix,
                start=fact.evidence[0].start,
                end=fact.evidence[0].end,
            ).start
            if list_name in STATUS_FIELD:
                r.field(rid, STATUS_FIELD[list_name], "choices", {"choices": [fact.status]})
            key = getattr(fact, "event", None) or getattr(fact, "package", None)
            if key:
                r.field(rid, "key", "textarea", {"text": [key]})
                events[key] = rid
            if fact.date is not None:
                r.field(rid, "date", "textarea", {"text": [encode_value(fact.date)]})
            links: list[tuple[str, str, bool]] = []  # (id, relation, actor -> trigger)
            if list_name == "meetings":
                r.field(rid, "kind", "choices", {"choices": [fact.kind]})
                links += [(p, "participant-of", True) for p in fact.participants]
                links += [(fact.place, "place-of", True)] if fact.place else []
            elif list_name == "sanctions":
                links.append((fact.issuer, "issued-by", False))
                links += [(t, "target-of", True) for t in fact.targets]
                if fact.number is not None:
                    r.field(rid, "number", "textarea", {"text": [str(fact.number)]})
            else:
                r.field(rid, "speech", "choices", {"choices": [fact.speech]})
                if fact.medium:
                    r.field(rid, "medium", "choices", {"choices": [fact.medium]})
                links += [(fact.speaker, "speaker-of", True)] if fact.speaker else []
                links += [(fact.outlet, "outlet-of", True)] if fact.outlet else []
                links += [(fact.addressee, "addressee-of", True)] if fact.addressee else []
                for about in fact.about:
                    if about in events:
                        r.relate(rid, events[about], "about")
                    else:
                        links.append((about, "about", False))
            for some_id, relation, towards in links:
                other = r.mention(some_id, start)
                if other is not None:
                    r.relate(*((other, rid) if towards else (rid, other)), relation)
    return r.results


def _trigger(r: _Regions, ev: Evidence, label: str) -> str:
    a = r.text.anchor(
        quote=ev.quote, prefix=ev.prefix, suffix=ev.suffix, start=ev.start, end=ev.end
    )
    return r.region(a.start, a.end, label, own=True)
