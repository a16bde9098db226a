"""Draft one article: run the rule families and shape the result as an annotation file.

Every passage becomes an evidence item with the exact text; where the text
occurs more than once the offsets are added, so the quote always anchors.
The resulting document is checked against the annotation model before it is
returned, so a draft that does not validate is a bug here, not a chore for
the reviewer.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loader.core.errors import UsageError
from loader.draft.analysis import Analysis, Found
from loader.draft.delegations import merge_delegations
from loader.draft.events import EventIndex, new_key
from loader.draft.meetings import find_meetings
from loader.draft.nlp import Pipeline
from loader.draft.sanctions import find_sanctions
from loader.draft.statements import find_statements
from loader.draft.suggest import unknown_actors
from loader.draft.text import read_source
from loader.ingest.model import ArticleDoc

KINDS = ("meetings", "sanctions", "statements")
# A closing ", the Kremlin said on Sunday." or an opening "According to EU officials, ".
_SOURCED = re.compile(
    r",\s*[^,]{1,60}\b(?:said|says|reported|confirmed|announced)(?:\s+\S+){0,3}\W*$"
    r"|^According to [^,]{1,60},",
)


@dataclass(frozen=True, kw_only=True)
class DraftOptions:
    """What the command line gives: publication date, metadata, which kinds to draft."""

    published: dt.date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    only: tuple[str, ...] = KINDS


@dataclass
class Draft:
    """A drafted annotation document and the unknown names seen in the article."""

    doc: dict[str, Any]
    unknown: dict[str, dict[str, str]] = field(default_factory=dict)
    # Statements whose speaker the gazetteer lacks: a statement needs a speaker to load, so
    # they are shown to the reviewer beside the draft rather than written into it.
    unattributed: list[dict[str, Any]] = field(default_factory=list)

    def count(self, kind: str) -> int:
        items = self.doc.get(kind, [])
        return len(items) if isinstance(items, list) else 0


def draft_text(
    text: str,
    *,
    pipe: Pipeline,
    article_id: str,
    text_file: str,
    options: DraftOptions,
    events: EventIndex | None = None,
) -> Draft:
    """Draft the annotation document of one article text."""
    src = read_source(text)
    published = options.published or _header_date(src.header.get("published"))
    if published is None:
        raise UsageError(
            f"no publication date for {text_file}",
            hint="pass --published YYYY-MM-DD or put 'Published: YYYY-MM-DD' in the header",
        )
    a = Analysis(pipe, src, published=published)
    meta: dict[str, Any] = {
        "id": article_id,
        "title": options.title or src.header.get("title") or src.first_line[:200] or article_id,
    }
    for key in ("url", "publisher", "author"):
        value = getattr(options, key, None) or src.header.get(key)
        if value:
            meta[key] = value
    meta["published"] = published
    meta["language"] = "en"
    meta["text_file"] = text_file
    doc: dict[str, Any] = {"article": meta}
    found: dict[str, list[Found]] = {
        "meetings": find_meetings(a, events) if "meetings" in options.only else [],
        "sanctions": find_sanctions(a) if "sanctions" in options.only else [],
        "statements": find_statements(a) if "statements" in options.only else [],
    }
    merge_delegations(a, found["meetings"])
    _merge_meetings(found["meetings"])
    _event_keys(a, found["meetings"], events or EventIndex())
    _events_talked_about(found["statements"], found["meetings"])
    facts = found["meetings"] + found["sanctions"]
    found["statements"] = [st for st in found["statements"] if not _sourcing(a, st, facts)]
    _package_keys(found["sanctions"], events or EventIndex())
    unattributed = [_item(a.text, f) for f in found["statements"] if "speaker" not in f.fields]
    found["statements"] = [f for f in found["statements"] if "speaker" in f.fields]
    for kind in KINDS:
        if found[kind]:
            doc[kind] = [_item(a.text, f) for f in found[kind]]
    ArticleDoc.model_validate(doc)
    return Draft(doc, unknown_actors(pipe, a), unattributed)


def _header_date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value.strip()[:10])
    except ValueError:
        return None


def _merge_meetings(items: list[Found]) -> None:
    """Mentions of the same meeting (same parties, kind, status, no other date) become one."""
    merged: list[Found] = []
    for f in items:
        same = next((m for m in merged if _same_meeting(m, f)), None)
        if same is None:
            merged.append(f)
            continue
        same.spans.extend(f.spans)
        for k in ("date", "place"):
            if k in f.fields and k not in same.fields:
                same.fields[k] = f.fields[k]
        same.review.extend(r for r in f.review if r not in same.review)
    items[:] = merged


def _same_meeting(a: Found, b: Found) -> bool:
    fa, fb = a.fields, b.fields
    if set(fa["participants"]) != set(fb["participants"]):  # type: ignore[call-overload]
        return False
    if (fa["kind"], fa["status"]) != (fb["kind"], fb["status"]):
        return False
    return "date" not in fa or "date" not in fb or fa["date"] == fb["date"]


def _event_keys(a: Analysis, meetings: list[Found], events: EventIndex) -> None:
    for f in meetings:
        participants = list(f.fields["participants"])  # type: ignore[call-overload]
        kind = str(f.fields["kind"])
        date = f.fields.get("date")
        interval = a.resolve(str(date)) if date is not None else None
        place = f.fields.get("place")
        place_id = str(place) if place is not None else None
        key = events.match(participants=participants, kind=kind, interval=interval, place=place_id)
        if key is None:
            key = new_key(participants, kind=kind, interval=interval, place=place_id)
            if key is not None:
                f.review.append(f"new event key {key!r}: check whether it names a known event")
        if key is not None:
            f.fields = {"event": key, **f.fields}
            events.add(key, participants=participants, kind=kind, interval=interval, place=place_id)


def _package_keys(packages: list[Found], events: EventIndex) -> None:
    """The corpus's key for the same issuer's package number, so the drafts merge with it;
    a renewal renews, and a numbered package belongs to, the issuer's one known regime."""
    for f in packages:
        issuer = str(f.fields["issuer"])
        number = f.fields.get("number")
        if isinstance(number, int):
            package = events.packages.get((issuer, number))
            if package is not None:
                f.fields = {"package": package, **f.fields}
        regimes = sorted(events.regimes.get(issuer, ()))
        if len(regimes) != 1:
            continue
        key = "renews" if f.fields.get("kind") in ("renewal", "extension") else "regime"
        if key == "renews" or isinstance(number, int):
            f.fields[key] = regimes[0]
            f.review.append(f"{key} {regimes[0]!r}: the issuer's only regime in the corpus")


def _events_talked_about(statements: list[Found], meetings: list[Found]) -> None:
    """A statement whose passage holds a drafted meeting is also `about` that event."""
    for st in statements:
        about = list(st.fields.get("about", []))  # type: ignore[call-overload]
        for m in meetings:
            key = m.fields.get("event")
            inside = any(s0 <= s and e <= e0 for s, e in m.spans for s0, e0 in st.spans)
            if key is not None and inside and key not in about:
                about.append(key)
        if about:
            st.fields["about"] = about


def _sourcing(a: Analysis, st: Found, facts: list[Found]) -> bool:
    """ "Witkoff met Putin on Sunday, the Kremlin said": an institution sourcing a reported
    fact, not a statement of its own. The fact carries the passage; a person's words, direct
    speech and a passage about anything else stay statements."""
    speaker = st.fields.get("speaker")
    if st.fields.get("speech") == "direct" or speaker is None:
        return False
    if isinstance(speaker, str) and a.actor_type(speaker) == "person":
        return False
    if not any(_SOURCED.search(a.text[s:e]) for s, e in st.spans):
        return False
    return any(s0 <= s and e <= e0 for f in facts for s, e in f.spans for s0, e0 in st.spans)


def _item(text: str, f: Found) -> dict[str, Any]:
    out = dict(f.fields)
    seen: set[tuple[int, int]] = set()
    evidence: list[Any] = []
    for start, end in f.spans:
        if (start, end) in seen:
            continue
        seen.add((start, end))
        evidence.append(_evidence(text, start, end))
    out["evidence"] = evidence
    if f.review:
        out["review"] = "; ".join(dict.fromkeys(f.review))
    return out


def _evidence(text: str, start: int, end: int) -> Any:
    """An exact quote; with offsets too when the same text occurs more than once."""
    quote = text[start:end]
    if text.count(quote) == 1:
        return quote
    return {"quote": quote, "start": start, "end": end}


def slug_for(path: Path) -> str:
    """An article id from a file name: lower-case letters, digits and '-'."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug if slug and slug[0].isalnum() else f"article-{slug or 'draft'}"
