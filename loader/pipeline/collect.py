"""Every problem of one article file, for `validate` (a load stops at the first one).

The file is checked in one pass (:func:`loader.rdf.compile.map_source`): schema
problems and, in the facts that fit the schema, unknown ids, evidence not in the
text and dates. Here each problem gets the friendlier hints analysts need (a
synonym of a field, a name where an id belongs).
"""

from __future__ import annotations

import re
from typing import Any

from loader.core.errors import NewsgraphError
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc, parse_model
from loader.ingest.yamlsrc import read_article_yaml
from loader.rdf.compile import map_source

MAX_PROBLEMS = 100  # per file: past this, the file needs more than a list


def problems(path: Any, gaz: GazetteerIndex) -> list[NewsgraphError]:
    """Every problem found in one article file, in file order ([] when it is valid)."""
    try:
        source = read_article_yaml(path)
        if not isinstance(source.data, dict):
            parse_model(ArticleDoc, source)  # raises the model's "not a mapping" error
        map_source(source, gaz)
    except NewsgraphError as exc:
        found = list(getattr(exc, "errors", None) or [exc])
        return [friendlier(e, gaz) for e in found[:MAX_PROBLEMS]]
    return []


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
