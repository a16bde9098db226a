"""Facts as flat text fields, the shape annotation tools can hold.

Tools store a fact as a label plus a few strings (attributes, notes, choices,
a JSON body). This codec turns a meeting, sanctions package or statement into
such fields and back, so every format shares one set of rules for dates,
lists of ids and numbers. A structured value (participants with roles, dated
status changes, measures, a legal act, a date with an anchor) travels as JSON,
which every tool keeps as a string.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from loader.ingest.model import Interval, Meeting, Sanctions, Statement

FactKind = Literal["meeting", "sanctions", "statement"]
Fact = Meeting | Sanctions | Statement
MODELS: dict[FactKind, type[Meeting] | type[Sanctions] | type[Statement]] = {
    "meeting": Meeting,
    "sanctions": Sanctions,
    "statement": Statement,
}
LIST_FIELDS = frozenset({"participants", "targets", "about"})
SKIPPED = frozenset({"evidence", "review"})
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")


def kind_of(fact: Fact) -> FactKind:
    if isinstance(fact, Meeting):
        return "meeting"
    return "sanctions" if isinstance(fact, Sanctions) else "statement"


def to_fields(fact: Fact) -> dict[str, str]:
    """The fact's fields (all but evidence) as strings; lists are space-separated ids."""
    out: dict[str, str] = {}
    for name in type(fact).model_fields:
        if name in SKIPPED:
            continue
        value = getattr(fact, name)
        if value is None or (name in LIST_FIELDS and not value):
            continue
        out[name] = encode_value(value)
    return out


def encode_value(value: Any) -> str:
    if isinstance(value, Interval):
        plain = value.start is not None and value.end is not None
        if plain and value.model_dump(exclude_none=True).keys() == {"start", "end"}:
            return f"{encode_value(value.start)}/{encode_value(value.end)}"
        return _json(value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return " ".join(value)
    if isinstance(value, list | dict | BaseModel):
        return _json(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _json(value: Any) -> str:
    def plain(v: Any) -> Any:
        if isinstance(v, BaseModel):
            return v.model_dump(mode="json", by_alias=True, exclude_none=True)
        if isinstance(v, list):
            return [plain(x) for x in v]
        return v

    return json.dumps(plain(value), ensure_ascii=False, sort_keys=True)


def decode_date(text: str) -> Any:
    """2025-08-15 -> a date, 2025 -> a year, A/B of dates -> an interval, else the phrase."""
    text = text.strip()
    if "/" in text:
        left, _, right = text.partition("/")
        if all(
            _DAY.match(p) or _YEAR.match(p) or re.match(r"^\d{4}-\d{2}$", p) for p in (left, right)
        ):
            return {"from": decode_date(left), "to": decode_date(right)}
    if _DAY.match(text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return text
    if _YEAR.match(text):
        return int(text)
    return text


def from_fields(kind: FactKind, fields: dict[str, str], evidence: list[dict[str, Any]]) -> Fact:
    """Build the fact; raise pydantic's ValidationError (the caller names the place)."""
    data: dict[str, Any] = {}
    for name, raw in fields.items():
        text = raw.strip()
        if not text:
            continue
        if text[0] in "[{":
            try:
                data[name] = json.loads(text)
                continue
            except json.JSONDecodeError:
                pass  # not JSON after all: read as written
        if name in LIST_FIELDS:
            data[name] = [p for p in re.split(r"[\s,;]+", text) if p]
        elif name == "date":
            data[name] = decode_date(text)
        elif name == "number" and text.isdigit():
            data[name] = int(text)
        else:
            data[name] = text
    data["evidence"] = evidence
    model: type[BaseModel] = MODELS[kind]
    return model.model_validate(data)  # type: ignore[return-value]


def problem_text(exc: ValidationError) -> str:
    """One short line per pydantic problem: ``field: message``."""
    parts = []
    for err in exc.errors(include_url=False):
        where = ".".join(str(p) for p in err["loc"] if not str(p)[:1].isupper()) or "(fact)"
        msg = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            msg = "is not a field of this fact"
        parts.append(f"{where}: {msg}")
    return "; ".join(dict.fromkeys(parts))
