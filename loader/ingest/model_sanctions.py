"""Sanctions in the annotation format: packages as they happen, their measures and legal basis.

Real coverage is mostly about packages that do not exist yet (a package being drafted,
expected next week), that fail, that are renewed or extended for six months, and about
what they do (an asset freeze, an LNG import ban, 117 vessels listed) under which legal
act. These classes build on the shared types of :mod:`loader.ingest.model`, which re-exports
them; import them from there.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from loader.ingest.model_types import DateValue, EvidenceList, Slug, _Strict

PackageStatus = Literal[
    "planned",
    "drafting",
    "proposed",
    "adopted",
    "in-force",
    "extended",
    "failed",
    "lifted",
    "expired",
]
PackageKind = Literal["package", "renewal", "extension", "listing", "delisting"]
MeasureType = Literal[
    "asset-freeze",
    "travel-ban",
    "export-ban",
    "import-ban",
    "price-cap",
    "secondary-sanctions",
    "financial-restrictions",
    "transaction-ban",
    "service-ban",
    "vessel-listing",
    "entity-listing",
    "other",
]


class TargetGroup(_Strict):
    """Targets the article counts but does not name: "over thirty subsidiaries"."""

    count: int | None = Field(default=None, gt=0, le=1_000_000, description="How many, if given.")
    description: str = Field(min_length=1, description="What they are, as the article puts it.")
    of: Slug | None = Field(
        default=None, description="Actor id they belong to (the parent company, the state)."
    )


class NamedTarget(_Strict):
    """A target named in the gazetteer, optionally with its subsidiaries."""

    actor: Slug
    subsidiaries: bool = Field(
        default=False, description="The actor's subsidiaries are targeted too."
    )


# A bare id stays a string (not a NamedTarget) so the published JSON Schema accepts the
# plain lists of ids that annotation files have always used.
TargetItem = Annotated[
    Slug | NamedTarget | TargetGroup,
    Field(
        description="An actor id, {actor, subsidiaries: true}, or an unnamed group "
        "{count, description, of}."
    ),
]


class Measure(_Strict):
    """One restrictive measure of a package: what it does, to what, how many."""

    type: MeasureType
    object: str | None = Field(
        default=None, min_length=1, description="What it applies to: LNG, crude oil, vessels."
    )
    count: int | None = Field(
        default=None, gt=0, le=1_000_000, description="How many: 117 (vessels), 45 (entities)."
    )
    targets: list[Slug] = Field(
        default_factory=list, description="Actor ids it hits; default: the package's targets."
    )
    evidence: EvidenceList


class LegalAct(_Strict):
    """The legal act a package is issued under: an Executive Order, a Council Regulation."""

    label: str | None = Field(default=None, min_length=1, description="Its name or title.")
    identifier: str | None = Field(
        default=None,
        min_length=1,
        description="Its official number: E.O. 14024, Council Regulation (EU) 833/2014.",
    )
    url: str | None = Field(default=None, pattern=r"^https?://\S+$")

    @model_validator(mode="after")
    def _named(self) -> LegalAct:
        if self.label is None and self.identifier is None:
            raise ValueError("a legal act needs a label or an identifier")
        return self


class PackageStatusChange(_Strict):
    """A dated change of a package's status: proposed on one day, adopted on another."""

    status: PackageStatus
    date: DateValue | None = Field(default=None, description="When the status changed.")
    evidence: EvidenceList | None = Field(
        default=None, description="Passages reporting the change; default: the package's."
    )


class Sanctions(_Strict):
    package: Slug | None = Field(
        default=None, description="Key naming the same package across articles."
    )
    issuer: Slug
    number: int | None = Field(default=None, gt=0, le=100000)
    kind: PackageKind = Field(
        default="package",
        description="A new package, the renewal or extension of standing measures, "
        "or a listing or delisting of targets.",
    )
    renews: Slug | None = Field(
        default=None, description="Key of the package or regime this one renews or extends."
    )
    regime: Slug | None = Field(
        default=None, description="Key of the standing sanctions regime the package belongs to."
    )
    targets: list[TargetItem] = Field(default_factory=list)
    status: PackageStatus | None = Field(
        default=None, description="Status the source gives; default: the last status change."
    )
    status_changes: list[PackageStatusChange] = Field(default_factory=list)
    date: DateValue | None = Field(
        default=None, description="When the package reached its status (adopted, failed...)."
    )
    expected: DateValue | None = Field(
        default=None,
        description='When the next step is expected ("expected to be adopted next week"); '
        "never the date it happened.",
    )
    in_force_from: DateValue | None = Field(default=None, description="Start of validity.")
    in_force_until: DateValue | None = Field(
        default=None, description='End of validity ("extended until 31 July").'
    )
    measures: list[Measure] = Field(default_factory=list)
    legal_act: LegalAct | None = None
    evidence: EvidenceList
    review: str | None = Field(
        default=None,
        description="A note for the reviewer: what a draft was unsure about. Not loaded.",
    )

    @model_validator(mode="after")
    def _some_status(self) -> Sanctions:
        if self.status is None and not self.status_changes:
            raise ValueError("a package needs `status:` or at least one `status_changes:` entry")
        return self

    def current_status(self) -> PackageStatus:
        """The status the source gives, or else the status of its last dated change."""
        if self.status is not None:
            return self.status
        return self.status_changes[-1].status

    def target_items(self) -> list[NamedTarget | TargetGroup]:
        """Every target as a NamedTarget or TargetGroup, bare ids included."""
        return [NamedTarget(actor=t) if isinstance(t, str) else t for t in self.targets]

    def target_key(self) -> list[str]:
        """The targets as strings, a bare actor id as itself (stable package digests)."""
        return [
            t if isinstance(t, str) else t.model_dump_json(exclude_none=True) for t in self.targets
        ]


__all__ = [
    "LegalAct",
    "Measure",
    "MeasureType",
    "NamedTarget",
    "PackageKind",
    "PackageStatus",
    "PackageStatusChange",
    "Sanctions",
    "TargetGroup",
    "TargetItem",
]
