"""The annotation format as typed data classes, and its JSON Schema.

One YAML file per article (:class:`ArticleDoc`) and one gazetteer per corpus
(:class:`Gazetteer`). The JSON Schemas printed by ``newsgraph schema`` are
generated from these classes, so editors can autocomplete annotation files.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from loader.errors import SchemaError
from loader.yamlsrc import PathKey, SourceDoc

SCHEMA_BASE = "https://w3id.org/newsgraph/schema/"
M = TypeVar("M", bound=BaseModel)

SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=200),
    Field(description="A stable id: lower-case letters, digits and '-', e.g. sergei-lavrov."),
]
ActorType = Literal[
    "person", "state", "international-organization", "government-body", "company", "media-outlet"
]
MeetingKind = Literal["meeting", "summit", "talks", "phone-call", "video-call", "visit"]
EventStatus = Literal["held", "planned", "proposed", "postponed", "cancelled"]
PackageStatus = Literal["proposed", "adopted", "failed"]
SpeechType = Literal["direct", "reported"]
Medium = Literal[
    "interview", "press-conference", "broadcast", "social-media", "written-statement", "speech"
]
DateScalar = Annotated[
    dt.date | int | str,
    Field(description="2025-08-15, 2025-08, 2025, or a phrase such as 'last Friday'."),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Interval(_Strict):
    """An explicit interval of days."""

    start: DateScalar = Field(alias="from")
    end: DateScalar = Field(alias="to")


DateValue = Annotated[
    Interval | dt.date | int | str,
    Field(
        description="A full date (2025-08-15), a month (2025-08), a year (2025), "
        "an interval {from, to}, or a phrase relative to the publication date."
    ),
]


class Evidence(_Strict):
    """A passage of the article: an exact quote (with optional context) or offsets."""

    quote: str | None = Field(
        default=None, min_length=1, description="Exact text from the article."
    )
    prefix: str | None = Field(default=None, description="Text just before the quote.")
    suffix: str | None = Field(default=None, description="Text just after the quote.")
    start: int | None = Field(default=None, ge=0, description="Start offset (characters).")
    end: int | None = Field(default=None, ge=0, description="End offset (exclusive).")

    @model_validator(mode="after")
    def _quote_or_offsets(self) -> Evidence:
        if self.quote is None and (self.start is None or self.end is None):
            raise ValueError("evidence needs a quote, or both start and end offsets")
        if (self.start is None) != (self.end is None):
            raise ValueError("give both start and end offsets, or neither")
        return self


def _quote_shorthand(value: Any) -> Any:
    return {"quote": value} if isinstance(value, str) else value


EvidenceItem = Annotated[Evidence, BeforeValidator(_quote_shorthand)]
EvidenceList = Annotated[
    list[EvidenceItem],
    Field(min_length=1, description="Passages that support the fact; a string is a quote."),
]


class Role(_Strict):
    """A role or affiliation of an actor, with an optional time span."""

    title: str = Field(min_length=1)
    of: Slug | None = Field(default=None, description="Actor id of the organisation or state.")
    start: DateScalar | None = Field(default=None, alias="from")
    end: DateScalar | None = Field(default=None, alias="to")


class Actor(_Strict):
    id: Slug
    type: ActorType
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    roles: list[Role] = Field(default_factory=list)


class Place(_Strict):
    id: Slug
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    wikidata: str | None = Field(default=None, pattern=r"^Q[1-9][0-9]*$")
    country: Slug | None = Field(default=None, description="Actor id of the state it is in.")


class Gazetteer(_Strict):
    """The actors and places of a corpus (``gazetteer.yaml``)."""

    actors: list[Actor] = Field(default_factory=list)
    places: list[Place] = Field(default_factory=list)


class ArticleMeta(_Strict):
    id: Slug
    title: str = Field(min_length=1)
    url: str | None = None
    publisher: str | None = None
    author: str | None = None
    published: dt.date | None = Field(
        default=None, description="Publication date; needed for relative dates."
    )
    language: str = Field(default="en", pattern=r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]+)*$")
    text_file: str | None = Field(default=None, description="Path relative to the annotation file.")
    text: str | None = Field(default=None, description="The article text, inline.")

    @model_validator(mode="after")
    def _one_text(self) -> ArticleMeta:
        if (self.text_file is None) == (self.text is None):
            raise ValueError("give exactly one of text_file and text")
        return self


class Meeting(_Strict):
    event: Slug | None = Field(
        default=None, description="Key naming the same event across articles."
    )
    kind: MeetingKind = "meeting"
    status: EventStatus
    participants: list[Slug]
    date: DateValue | None = None
    place: Slug | None = None
    label: str | None = None
    evidence: EvidenceList
    review: str | None = Field(
        default=None,
        description="A note for the reviewer: what a draft was unsure about. Not loaded.",
    )


class Sanctions(_Strict):
    package: Slug | None = Field(
        default=None, description="Key naming the same package across articles."
    )
    issuer: Slug
    number: int | None = Field(default=None, gt=0, le=100000)
    targets: list[Slug] = Field(default_factory=list)
    status: PackageStatus
    date: DateValue | None = None
    evidence: EvidenceList
    review: str | None = Field(
        default=None,
        description="A note for the reviewer: what a draft was unsure about. Not loaded.",
    )


class Statement(_Strict):
    speaker: Slug | None = None
    quote: str | None = Field(default=None, description="Defaults to the first evidence passage.")
    speech: SpeechType = "direct"
    date: DateValue | None = None
    medium: Medium | None = None
    outlet: Slug | None = None
    about: list[Slug] = Field(default_factory=list)
    addressee: Slug | None = None
    evidence: EvidenceList
    review: str | None = Field(
        default=None,
        description="A note for the reviewer: what a draft was unsure about. Not loaded.",
    )


class ArticleDoc(_Strict):
    """One annotated article."""

    article: ArticleMeta
    meetings: list[Meeting] = Field(default_factory=list)
    sanctions: list[Sanctions] = Field(default_factory=list)
    statements: list[Statement] = Field(default_factory=list)


def json_schema(kind: Literal["article", "gazetteer"]) -> dict[str, Any]:
    """The published JSON Schema of an article file or a gazetteer file."""
    model: type[BaseModel] = ArticleDoc if kind == "article" else Gazetteer
    schema = model.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{SCHEMA_BASE}{kind}.json"
    return schema


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
        raise _schema_error(model, exc, doc) from None


def _schema_error(model: type[BaseModel], exc: ValidationError, doc: SourceDoc) -> SchemaError:
    errors = exc.errors(include_url=False)
    # A misspelt field also shows up as a missing one: name the misspelling.
    err = next((e for e in errors if e["type"] == "extra_forbidden"), errors[0])
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
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return SchemaError(
            f"{err['input']!r} is not allowed",
            hint=f"use one of {expected}",
            location=doc.location(loc),
            field=field,
        )
    if kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return SchemaError(
            f"{err['input']!r} is not a valid id",
            hint="ids use lower-case letters, digits and '-', e.g. sergei-lavrov",
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
