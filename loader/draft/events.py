"""Event keys: reuse the key of a matching meeting already annotated, so drafts merge.

A drafted meeting takes the ``event`` key of an annotated meeting (in the
corpus given with ``--corpus``, or drafted earlier in the same run) with the
same participants and a compatible date or the same place. Otherwise it gets
a new key made of the participants, kind and date or place, or none at all
when neither is known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import yaml

from loader.core.errors import DateError
from loader.core.vocab import MEETING_CLASSES
from loader.dates.resolve import resolve_date
from loader.ingest.gazetteer import GAZETTEER_NAME
from loader.store.base import SelectResult, Store
from loader.store.own_sparql import own_sparql

Interval = tuple[dt.date, dt.date]
_KINDS = {str(iri): kind for kind, iri in MEETING_CLASSES.items()}


@dataclass(frozen=True)
class KnownEvent:
    key: str
    participants: frozenset[str]
    kind: str
    interval: Interval | None
    place: str | None


class EventIndex:
    """Meetings with an event key, from annotation files and earlier drafts."""

    def __init__(self) -> None:
        self.events: list[KnownEvent] = []
        self.packages: dict[tuple[str, int], str] = {}  # (issuer, number) -> package key
        self.regimes: dict[str, set[str]] = {}  # issuer -> keys of its standing regimes

    @classmethod
    def from_corpus(cls, root: Path | None) -> EventIndex:
        index = cls()
        if root is None:
            return index
        files = [root] if root.is_file() else sorted(root.rglob("*.y*ml"))
        for path in files:
            if path.name == GAZETTEER_NAME or path.name.startswith("gazetteer."):
                continue
            try:
                data = yaml.safe_load(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                continue  # not an annotation file; validation reports such files elsewhere
            if isinstance(data, dict):
                index._add_doc(data)
        return index

    def add_from_store(self, store: Store) -> None:
        """Meetings with an event key already loaded into a store (one source's view each)."""
        result = store.query(own_sparql("store-events.rq", kinds=list(MEETING_CLASSES.values())))
        if not isinstance(result, SelectResult):
            return
        seen: dict[tuple[str, str], dict[str, object]] = {}
        for key, person, kind, earliest, latest, where, graph in result.rows:
            if key is None or person is None:
                continue
            entry = seen.setdefault((str(key), str(graph)), {"people": set()})
            people = entry["people"]
            assert isinstance(people, set)
            people.add(str(person).rsplit("/actor/", 1)[-1])
            entry["kind"] = _KINDS.get(str(kind), "meeting")
            if earliest is not None and latest is not None:
                entry["interval"] = (
                    dt.date.fromisoformat(str(earliest)),
                    dt.date.fromisoformat(str(latest)),
                )
            if where is not None:
                entry["place"] = str(where).rsplit("/place/", 1)[-1]
        for (event_key, _), entry in sorted(seen.items()):
            interval = entry.get("interval")
            place = entry.get("place")
            self.add(
                event_key,
                participants=sorted(entry["people"]),  # type: ignore[call-overload]
                kind=str(entry["kind"]),
                interval=interval if isinstance(interval, tuple) else None,
                place=place if isinstance(place, str) else None,
            )

    def _add_doc(self, data: dict[str, object]) -> None:
        article = data.get("article")
        published = article.get("published") if isinstance(article, dict) else None
        sanctions = data.get("sanctions")
        for s in sanctions if isinstance(sanctions, list) else []:
            if isinstance(s, dict) and isinstance(s.get("package"), str):
                number = s.get("number")
                if isinstance(number, int):
                    self.packages[(str(s.get("issuer")), number)] = str(s["package"])
            if isinstance(s, dict):
                for key in ("regime", "renews"):
                    if isinstance(s.get(key), str):
                        self.regimes.setdefault(str(s.get("issuer")), set()).add(str(s[key]))
        meetings = data.get("meetings")
        for m in meetings if isinstance(meetings, list) else []:
            if not isinstance(m, dict) or not isinstance(m.get("event"), str):
                continue
            interval = _interval(m.get("date"), published)
            self.add(
                str(m["event"]),
                participants=[str(p) for p in m.get("participants") or []],
                kind=str(m.get("kind", "meeting")),
                interval=interval,
                place=m.get("place") if isinstance(m.get("place"), str) else None,
            )

    def add(
        self,
        key: str,
        *,
        participants: list[str],
        kind: str,
        interval: Interval | None,
        place: str | None,
    ) -> None:
        self.events.append(KnownEvent(key, frozenset(participants), kind, interval, place))

    def match(
        self, *, participants: list[str], kind: str, interval: Interval | None, place: str | None
    ) -> str | None:
        """The key of the best compatible known event, or None."""
        wanted = frozenset(participants)
        best: tuple[int, str] | None = None
        for e in self.events:
            if e.participants != wanted:
                continue
            if (
                interval
                and e.interval
                and (interval[1] < e.interval[0] or e.interval[1] < interval[0])
            ):
                continue  # the dates cannot be the same event
            if place and e.place and place != e.place:
                continue
            score = (
                2 * bool(interval and e.interval) + 2 * bool(place and e.place) + (kind == e.kind)
            )
            if score >= 2 and (best is None or score > best[0]):
                best = (score, e.key)
        return best[1] if best else None


def new_key(
    participants: list[str], *, kind: str, interval: Interval | None, place: str | None
) -> str | None:
    """A readable key for an event not seen before, or None if nothing pins it down."""
    names = "-".join(sorted(p.rsplit("-", 1)[-1] for p in participants)[:3])
    if interval is not None:
        when = (
            interval[0].isoformat() if interval[0] == interval[1] else interval[0].strftime("%Y-%m")
        )
        return f"{names}-{kind}-{when}"
    if place is not None:
        return f"{names}-{kind}-{place}"
    return None


def _interval(value: object, published: object) -> Interval | None:
    if value is None:
        return None
    try:
        pub = published if isinstance(published, dt.date) else None
        r = resolve_date(value, published=pub)
    except DateError:
        return None
    if r.earliest is None or r.latest is None:
        return None  # open-ended ("since March"): no interval to place an event in
    return (r.earliest, r.latest)
