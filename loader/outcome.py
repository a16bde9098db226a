"""What checking produces: one compiled article, and the report of a load or validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loader.errors import Location, NewsgraphError


@dataclass(slots=True)
class Compiled:
    """One checked article, ready to write."""

    path: Path
    article_id: str
    graph: str
    ntriples: str
    triples: int
    facts: tuple[int, int, int]
    id_at: Location = field(default_factory=Location)
    digest: str = ""


@dataclass
class Report:
    """What a load or a validation did."""

    articles: int = 0
    ids: list[str] = field(default_factory=list)  # of every valid article seen
    loaded: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    invalid: int = 0  # articles with at least one problem
    gone: list[str] = field(default_factory=list)  # loaded from these folders, not in them now
    errors: list[NewsgraphError] = field(default_factory=list)
    triples: int = 0
    unchanged: int = 0
    meetings: int = 0
    sanctions: int = 0
    statements: int = 0
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.errors


def count(report: Report, item: Compiled | NewsgraphError) -> None:
    report.articles += 1
    if isinstance(item, NewsgraphError):
        report.errors.append(item)
        report.invalid += 1
    else:
        report.ids.append(item.article_id)


def written(report: Report, c: Compiled) -> None:
    report.loaded.append(c.article_id)
    report.triples += c.triples
    report.meetings += c.facts[0]
    report.sanctions += c.facts[1]
    report.statements += c.facts[2]


__all__ = ["Compiled", "Report", "count", "written"]
