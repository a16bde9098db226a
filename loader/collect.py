"""Every problem of one article file, for `validate` (a load stops at the first one).

Schema problems come all at once from the model's validation. Problems found
while mapping (unknown ids, evidence not in the text, dates) stop the mapping,
so the file is checked again without the fact that failed, until it passes:
each meeting, sanctions package and statement is reported on its own. A
problem outside those lists (the article's own fields) ends the search, since
nothing else can be checked without it.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any, cast

from pydantic import ValidationError

from loader.errors import NewsgraphError
from loader.gazetteer import GazetteerIndex
from loader.mapping import map_article
from loader.model import ArticleDoc, _schema_error, parse_model
from loader.yamlsrc import PathKey, SourceDoc, read_article_yaml

FACT_LISTS = ("meetings", "sanctions", "statements")
MAX_PROBLEMS = 100  # per file: past this, the file needs more than a list


class _OneError:
    """One entry of a ValidationError, shaped like one (for the model's message builder)."""

    def __init__(self, error: Any) -> None:
        self._error = error

    def errors(self, include_url: bool = True) -> list[Any]:
        return [self._error]


def problems(path: Any, gaz: GazetteerIndex) -> list[NewsgraphError]:
    """Every problem found in one article file, in file order ([] when it is valid)."""
    try:
        source = read_article_yaml(path)
        if not isinstance(source.data, dict):
            parse_model(ArticleDoc, source)  # raises the model's "not a mapping" error
    except NewsgraphError as exc:
        return [exc]
    found = [friendlier(e, gaz) for e in _schema_problems(source)]
    dropped = {name: {i for i in _items_of(found, name)} for name in FACT_LISTS}
    if any(_fact_of(e) is None for e in found):
        return _ordered(found)
    while len(found) < MAX_PROBLEMS:
        view, index = _without(source, dropped)
        try:
            map_article(parse_model(ArticleDoc, view), view, gaz)
            break
        except NewsgraphError as exc:
            fact = _fact_of(exc)
            if fact is not None:
                name, shown = fact
                fact = (name, index[name][shown])
                _renumber(exc, name, shown, fact[1])
            found.append(exc)
            if fact is None or fact[1] in dropped[fact[0]]:
                break
            dropped[fact[0]].add(fact[1])
    return _ordered(found)


_NOT_AN_ID = re.compile(r"^'(?P<text>.+)' is not a valid id$")
_UNKNOWN_FIELD = re.compile(r"^unknown field '(?P<name>[^']+)'$")
# Words analysts reach for, and the field that holds what they mean (by list).
SYNONYMS = {
    "meetings": {"venue": "place", "location": "place", "city": "place",
                 "attendees": "participants", "participant": "participants", "type": "kind"},
    "sanctions": {"issued_by": "issuer", "issuers": "issuer", "target": "targets"},
    "statements": {"speakers": "speaker", "said_by": "speaker", "topic": "about",
                   "subject": "about", "speech_type": "speech"},
}  # fmt: skip


def friendlier(exc: NewsgraphError, gaz: GazetteerIndex) -> NewsgraphError:
    """Better hints for two common slips: a synonym of a field, a name where an id belongs."""
    unknown = _UNKNOWN_FIELD.match(exc.problem)
    group = (exc.field or "").split(".")[0]
    if unknown and unknown.group("name") in SYNONYMS.get(group, {}):
        exc.hint = f"did you mean {SYNONYMS[group][unknown.group('name')]!r}?"
        exc.args = (exc.message,)
        return exc
    found = _NOT_AN_ID.match(exc.problem)
    actor_id = gaz.resolve_name(found.group("text")) if found else None
    if found and actor_id:
        exc.hint = f"did you mean {actor_id!r}? ({found.group('text')!r} is its name; use the id)"
        exc.args = (exc.message,)
    return exc


def _schema_problems(source: SourceDoc) -> list[NewsgraphError]:
    try:
        ArticleDoc.model_validate(source.data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        # A misspelt field also shows up as a missing one beside it: name the misspelling only.
        unknown = {tuple(e["loc"][:-1]) for e in errors if e["type"] == "extra_forbidden"}
        kept = [e for e in errors if e["type"] != "missing" or tuple(e["loc"][:-1]) not in unknown]
        return [
            _schema_error(ArticleDoc, cast(ValidationError, _OneError(e)), source) for e in kept
        ]
    return []


def _fact_of(exc: NewsgraphError) -> tuple[str, int] | None:
    """(list name, index) of the fact a problem belongs to, from its field path."""
    parts = (exc.field or "").split(".")
    if len(parts) >= 2 and parts[0] in FACT_LISTS and parts[1].isdigit():
        return parts[0], int(parts[1])
    return None


def _items_of(found: Iterable[NewsgraphError], name: str) -> Iterable[int]:
    for exc in found:
        fact = _fact_of(exc)
        if fact is not None and fact[0] == name:
            yield fact[1]


def _without(
    source: SourceDoc, dropped: dict[str, set[int]]
) -> tuple[SourceDoc, dict[str, list[int]]]:
    """The document without the dropped facts; positions keep pointing at the original lines."""
    data = copy.copy(source.data)
    index: dict[str, list[int]] = {}
    for name in FACT_LISTS:
        items = data.get(name)
        if not isinstance(items, list):
            continue
        index[name] = [i for i in range(len(items)) if i not in dropped[name]]
        data[name] = [items[i] for i in index[name]]
    moved = {name: {old: new for new, old in enumerate(kept)} for name, kept in index.items()}
    positions: dict[PathKey, tuple[int, int]] = {}
    for key, where in source.positions.items():
        if len(key) >= 2 and key[0] in moved and isinstance(key[1], int):
            new = moved[str(key[0])].get(key[1])
            if new is not None:
                positions[(key[0], new, *key[2:])] = where
        else:
            positions[key] = where
    return SourceDoc(path=source.path, data=data, positions=positions), index


def _renumber(exc: NewsgraphError, name: str, shown: int, original: int) -> None:
    """Give the field path the fact's index in the file, not in the shortened document."""
    prefix = f"{name}.{shown}"
    if exc.field and (exc.field == prefix or exc.field.startswith(prefix + ".")):
        exc.field = f"{name}.{original}{exc.field[len(prefix) :]}"
        exc.args = (exc.message,)


def _ordered(found: list[NewsgraphError]) -> list[NewsgraphError]:
    def key(exc: NewsgraphError) -> tuple[int, int]:
        return (exc.location.line or 0, exc.location.column or 0)

    return sorted(found, key=key)


__all__ = ["MAX_PROBLEMS", "friendlier", "problems"]
