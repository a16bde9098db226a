"""Schema errors that name the file, line and field of an annotation, and what to do.

pydantic reports problems by their path through the model; this module turns them
into :class:`SchemaError` with the location the YAML reader remembered for that path.
"""

from __future__ import annotations

import difflib
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from loader.core.errors import NewsgraphError, SchemaError, one_or_many
from loader.ingest.yamlsrc import PathKey, SourceDoc

M = TypeVar("M", bound=BaseModel)
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


def parse_model(model: type[M], doc: SourceDoc) -> M:
    """Validate a parsed YAML document, turning the first problem into a SchemaError."""
    if not isinstance(doc.data, dict):
        shape = "empty" if doc.data is None else type(doc.data).__name__
        raise SchemaError(
            f"the file holds a {shape}, not a mapping",
            hint="an annotation file starts with `article:`; a gazetteer with `actors:`",
            location=doc.location(),
        )
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise one_or_many(schema_errors(model, exc, doc)) from None


def schema_errors(
    model: type[BaseModel], exc: ValidationError, doc: SourceDoc
) -> list[NewsgraphError]:
    """Every problem pydantic found, one per place in the file, in the file's order.

    A value that fits no member of a union gets one error per member: the first
    stands for all. A misspelt field also shows up as a missing one: the
    misspelling is named, the missing field is not.
    """
    by_path: dict[PathKey, Any] = {}
    for err in exc.errors(include_url=False):
        by_path.setdefault(_data_path(err["loc"], doc.data), err)
    misspelt = {p[:-1] for p, e in by_path.items() if e["type"] == "extra_forbidden"}
    found = [
        _schema_error(model, err, doc)
        for path, err in by_path.items()
        if not (err["type"] == "missing" and path[:-1] in misspelt)
    ]
    return sorted(found, key=lambda e: (e.location.line or 0, e.location.column or 0))


def _schema_error(model: type[BaseModel], err: Any, doc: SourceDoc) -> SchemaError:
    loc = _data_path(err["loc"], doc.data)
    kind = err["type"]
    field = ".".join(str(p) for p in loc) or "(top)"
    if kind == "extra_forbidden":
        name = str(loc[-1])
        allowed = _fields_at(model, loc[:-1])
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = (
            f"did you mean {close[0]!r}?"
            if close
            else f"allowed fields: {', '.join(sorted(allowed))}"
        )
        return SchemaError(
            f"unknown field {name!r}", hint=hint, location=doc.location(loc), field=field
        )
    if kind == "missing":
        return SchemaError(
            "required field is missing",
            hint=f"add `{loc[-1]}:`",
            location=doc.location(loc[:-1]),
            field=field,
        )
    if kind == "missing_status":
        return SchemaError(
            "required field is missing",
            hint="add `status:` (or dated `status_changes:`, the latest last)",
            location=doc.location(loc),
            field=".".join(str(p) for p in (*loc, "status")),
        )
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return SchemaError(
            f"{err['input']!r} is not allowed",
            hint=f"use one of {expected}",
            location=doc.location(loc),
            field=field,
        )
    if kind == "string_pattern_mismatch" and SLUG_PATTERN[1:-1] in err.get("ctx", {}).get(
        "pattern", ""
    ):
        keys = "" if err["ctx"]["pattern"] == SLUG_PATTERN else "; event/KEY or sanctions/KEY"
        return SchemaError(
            f"{err['input']!r} is not a valid id",
            hint=f"ids use lower-case letters, digits and '-', e.g. sergei-lavrov{keys}",
            location=doc.location(loc),
            field=field,
        )
    msg = str(err["msg"]).removeprefix("Value error, ")
    got = "" if isinstance(err.get("input"), dict) else f" (got {_short(err.get('input'))})"
    return SchemaError(
        f"{msg}{got}",
        hint="see `newsgraph schema` for the expected shape",
        location=doc.location(loc),
        field=field,
    )


def _data_path(loc: tuple[str | int, ...], data: Any) -> PathKey:
    """The error's location as a path into the data, without the union member names.

    pydantic adds union member names ("Interval", "date", "function-before[...]") to
    locations; a part that is not a key or index of the data at that point is one.
    The last part stays when it is a name (an unknown or missing field).
    """
    path: list[str | int] = []
    node = data
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        if in_dict or (isinstance(node, list) and isinstance(part, int) and part < len(node)):
            node = node[part]
        elif i < len(loc) - 1 or _is_union_tag(part):
            continue
        path.append(part)
    return tuple(path)


def _is_union_tag(part: str | int) -> bool:
    return isinstance(part, str) and (
        part[:1].isupper() or "[" in part or part in ("date", "int", "str", "constrained-str")
    )


def _fields_at(model: type[BaseModel], loc: PathKey) -> list[str]:
    current: Any = model
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _model_of(info.annotation) if info else None
    if current is None:
        return []
    return [f.alias or name for name, f in current.model_fields.items()]


def _model_of(annotation: Any, depth: int = 0) -> Any:
    """The first pydantic model inside a type annotation (list[Meeting] -> Meeting)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if depth > 5:
        return None
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg, depth + 1)
        if found is not None:
            return found
    origin = getattr(annotation, "__origin__", None)
    return _model_of(origin, depth + 1) if origin is not None else None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
