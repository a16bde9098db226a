"""The small types every part of the annotation model shares: ids, dates, evidence.

Kept below :mod:`loader.ingest.model` and :mod:`loader.ingest.model_sanctions` so
that neither imports the other.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from loader.ingest.model_errors import SLUG_PATTERN

SCHEMA_BASE = "https://w3id.org/newsgraph/schema/"
ABOUT_PATTERN = r"^((event|sanctions)/)?[a-z0-9][a-z0-9-]*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, max_length=200),
    Field(description="A stable id: lower-case letters, digits and '-', e.g. sergei-lavrov."),
]
ActorType = Literal[
    "person", "state", "international-organization", "government-body", "company", "media-outlet"
]
MeetingKind = Literal[
    "meeting",
    "summit",
    "talks",
    "phone-call",
    "video-call",
    "visit",
    "press-conference",
    "joint-appearance",
    "negotiation-round",
    "council-meeting",
]
ParticipantRole = Literal["host", "mediator", "chair", "delegate", "observer", "guest"]
EventStatus = Literal["held", "planned", "proposed", "postponed", "cancelled"]
SpeechType = Literal["direct", "reported", "partial"]
Attribution = Literal["reportedly", "according-to", "citing-source"]
Medium = Literal[
    "interview", "press-conference", "broadcast", "social-media", "written-statement", "speech"
]
DateScalar = Annotated[
    dt.date | int | str,
    Field(description="2025-08-15, 2025-08, 2025, or a phrase such as 'last Friday'."),
]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


Direction = Literal["past", "future", "either"]
_DIRECTION = Field(
    default=None,
    description="Where bare phrases ('on March 3') look from publication; by default "
    "from the status (planned, proposed, postponed: future; others: past).",
)


class Interval(_Strict):
    """A date written as a mapping: an interval, or a phrase with a direction or an anchor.

    ``{from, to}`` is an interval (leave out one side for an open interval);
    ``{phrase, direction}`` reads a bare phrase the given way; ``{phrase, after|before|at}``
    counts from an anchor event or date. One class, so that a wrong key gets one clear
    message; which keys go together is checked when the date is resolved.
    """

    start: DateScalar | None = Field(default=None, alias="from")
    end: DateScalar | None = Field(default=None, alias="to")
    phrase: str | None = Field(
        default=None, min_length=1, description="The date as the article words it."
    )
    direction: Direction | None = _DIRECTION
    after: DateScalar | None = Field(
        default=None, description="Anchor: an event key dated in this article, or a date."
    )
    before: DateScalar | None = Field(default=None, description="Anchor, as for 'after'.")
    at: DateScalar | None = Field(
        default=None, description="Anchor for 'that day', 'that week', as for 'after'."
    )

    @model_validator(mode="after")
    def _something(self) -> Interval:
        if self.start is None and self.end is None and self.phrase is None:
            raise ValueError("a date mapping needs 'from', 'to' or 'phrase'")
        return self


DateValue = Annotated[
    Interval | dt.date | int | str,
    Field(
        description="A full date (2025-08-15), a month (2025-08), a year (2025), "
        "an interval {from, to} (one side may be left out), a phrase relative to the "
        "publication date, or {phrase, direction, after|before|at}."
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
