"""What checking produces: one compiled article, and the report of a load or validation."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from loader.core.errors import Location, NewsgraphError
from loader.dates.checks import EventDate, overlap_warnings


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
    warnings: tuple[NewsgraphError, ...] = ()  # date plausibility
    event_dates: tuple[EventDate, ...] = ()  # for the cross-source overlap check
    notes: tuple[str, ...] = ()  # what validate tells the annotator (an inferred field)
    # What checking read: the annotation file's SHA-256 and the text file's (path, SHA-256);
    # () when unknown (see loader.pipeline.checked_cache).
    inputs: tuple[str, tuple[str, str] | None] | tuple[()] = ()
    reused: bool = False  # from the cache of checked articles: not checked again, no triples


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
    reused: int = 0  # unchanged articles the cache of checked articles spared a check
    meetings: int = 0
    sanctions: int = 0
    statements: int = 0
    seconds: float = 0.0
    warnings: list[NewsgraphError] = field(default_factory=list)
    event_dates: list[EventDate] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def count(
    report: Report, item: Compiled | NewsgraphError, *, strict: bool = False
) -> Compiled | NewsgraphError:
    """Count one checked article; under ``strict`` an article with warnings is invalid."""
    report.articles += 1
    if isinstance(item, NewsgraphError):
        report.errors.append(item)
        report.invalid += 1
        return item
    report.event_dates.extend(item.event_dates)
    if strict and item.warnings:
        report.errors.extend(item.warnings)
        report.invalid += 1
        return item.warnings[0]
    report.warnings.extend(item.warnings)
    report.ids.append(item.article_id)
    return item


def cross_checks(report: Report, *, strict: bool) -> None:
    """Warnings that need every article of the run: events dated apart by two sources."""
    found = overlap_warnings(report.event_dates)
    (report.errors if strict else report.warnings).extend(found)


def written(report: Report, c: Compiled) -> None:
    report.loaded.append(c.article_id)
    report.triples += c.triples
    report.meetings += c.facts[0]
    report.sanctions += c.facts[1]
    report.statements += c.facts[2]


def after_failure(report: Report, acknowledged: int) -> str:
    """What the store holds of this load, counted from the writes the server confirmed."""
    whole = len(report.loaded) - report.unchanged + acknowledged
    kept = f" ({report.unchanged} unchanged article(s) were already there)"
    if whole == 0:
        return "nothing was written" + (kept if report.unchanged else "")
    return f"{whole} article(s) of this load were written whole before the failure" + (
        kept if report.unchanged else ""
    )


__all__ = ["Compiled", "Report", "after_failure", "count", "cross_checks", "written"]
