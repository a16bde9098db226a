"""The annotation format as typed data classes, and its JSON Schema.

One YAML file per article (:class:`ArticleDoc`) and one gazetteer per corpus
(:class:`Gazetteer`). The JSON Schemas printed by ``newsgraph schema`` are
generated from these classes, so editors can autocomplete annotation files.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    StringConstraints,
    model_validator,
)
from pydantic_core import PydanticCustomError

from loader.ingest.model_errors import SLUG_PATTERN as SLUG_PATTERN
from loader.ingest.model_errors import parse_model as parse_model
from loader.ingest.model_sanctions import LegalAct as LegalAct
from loader.ingest.model_sanctions import Measure as Measure
from loader.ingest.model_sanctions import NamedTarget as NamedTarget
from loader.ingest.model_sanctions import PackageStatus as PackageStatus
from loader.ingest.model_sanctions import PackageStatusChange as PackageStatusChange
from loader.ingest.model_sanctions import Sanctions as Sanctions
from loader.ingest.model_sanctions import TargetGroup as TargetGroup
from loader.ingest.model_types import ABOUT_PATTERN as ABOUT_PATTERN
from loader.ingest.model_types import SCHEMA_BASE as SCHEMA_BASE
from loader.ingest.model_types import ActorType as ActorType
from loader.ingest.model_types import Attribution as Attribution
from loader.ingest.model_types import DateScalar as DateScalar
from loader.ingest.model_types import DateValue as DateValue
from loader.ingest.model_types import Direction as Direction
from loader.ingest.model_types import EventStatus as EventStatus
from loader.ingest.model_types import Evidence as Evidence
from loader.ingest.model_types import EvidenceItem as EvidenceItem
from loader.ingest.model_types import EvidenceList as EvidenceList
from loader.ingest.model_types import Interval as Interval
from loader.ingest.model_types import Medium as Medium
from loader.ingest.model_types import MeetingKind as MeetingKind
from loader.ingest.model_types import ParticipantRole as ParticipantRole
from loader.ingest.model_types import Slug as Slug
from loader.ingest.model_types import SpeechType as SpeechType
from loader.ingest.model_types import _Strict as _Strict


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
    part_of: Slug | None = Field(
        default=None,
        description="Actor id of the body this one is part of (the Treasury: united-states).",
    )
    member_of: list[Slug] = Field(
        default_factory=list,
        description="Actor ids of organisations it is a member of (hungary: [european-union]).",
    )


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


class Participant(_Strict):
    """A participant with the part it played and the delegation it belonged to."""

    actor: Slug = Field(description="Actor id of the participant.")
    role: ParticipantRole | None = Field(default=None, description="The part it played.")
    side: Slug | None = Field(
        default=None,
        description="Actor id of the delegation it belonged to (united-states for Rubio).",
    )


class StatusChange(_Strict):
    """A change of an event's status that the source dates: postponed on a day, then cancelled."""

    status: EventStatus
    date: DateValue | None = Field(default=None, description="When the status changed.")
    evidence: EvidenceList | None = Field(
        default=None, description="Passages reporting the change; default: the meeting's."
    )


class Meeting(_Strict):
    event: Slug | None = Field(
        default=None, description="Key naming the same event across articles."
    )
    kind: MeetingKind = "meeting"
    status: EventStatus | None = Field(
        default=None, description="Status the source gives; default: the last status change."
    )
    status_changes: list[StatusChange] = Field(default_factory=list)
    part_of: Slug | None = Field(
        default=None, description="Event key of the series this event belongs to (a round)."
    )
    participants: list[Slug | Participant] = Field(
        description="Actor ids, or {actor, role, side} mappings."
    )
    date: DateValue | None = None
    place: Slug | None = None
    label: str | None = None
    evidence: EvidenceList
    review: str | None = Field(
        default=None,
        description="A note for the reviewer: what a draft was unsure about. Not loaded.",
    )

    @model_validator(mode="after")
    def _some_status(self) -> Meeting:
        if self.status is None and not self.status_changes:
            raise PydanticCustomError("missing_status", "required field is missing")
        return self

    def current_status(self) -> EventStatus:
        """The status the source gives, or else the status of its last dated change."""
        if self.status is not None:
            return self.status
        return self.status_changes[-1].status

    def people(self) -> list[Participant]:
        """Every participant as a Participant, bare ids included."""
        return [Participant(actor=p) if isinstance(p, str) else p for p in self.participants]


# The sanctions classes build on the types above; their module imports them from here.


class UnnamedSpeaker(_Strict):
    """A speaker the article does not name: "a source familiar with the talks"."""

    unnamed: str = Field(min_length=1, description="How the article describes the speaker.")
    affiliation: Slug | None = Field(
        default=None, description="Actor id of the body the speaker belongs to, when given."
    )


AboutRef = Annotated[
    str,
    StringConstraints(pattern=ABOUT_PATTERN, max_length=210),
    Field(
        description="An actor or place id, an event or sanctions key of this article, "
        "or event/KEY or sanctions/KEY for a key defined in another article."
    ),
]


class Statement(_Strict):
    speaker: Slug | UnnamedSpeaker | None = None
    quote: str | None = Field(default=None, description="Defaults to the first evidence passage.")
    speech: SpeechType | None = Field(
        default=None,
        description="direct, reported or partial (a quoted fragment inside reported speech). "
        "When left out: direct if the quote stands inside quotation marks, else reported.",
    )
    attribution: Attribution | None = Field(
        default=None, description="How the article hedges it: reportedly, according-to, ..."
    )
    via: list[Slug] = Field(
        default_factory=list,
        description="Outlet ids the statement passed through, first to last.",
    )
    date: DateValue | None = None
    medium: Medium | None = None
    outlet: Slug | None = None
    about: list[AboutRef] = Field(default_factory=list)
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
