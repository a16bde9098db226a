"""What every exporter shares: the formats it can write and the report it gives back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, get_args

ExportFormat = Literal["trig", "nquads", "turtle", "jsonld", "owl"]
OwlSyntax = Literal["rdfxml", "turtle"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)


@dataclass(slots=True)
class ExportReport:
    """What an export wrote (counts are filled in by the OWL export)."""

    fmt: ExportFormat
    triples: int | None = None
    individuals: int | None = None
    dropped: dict[str, int] = field(default_factory=dict)
