"""What every importer shares: problems, passages, and the checked article.

An importer collects every problem it finds (one message each, naming the
place in the tool's own file: annotation id, task id, line) and raises them
together, so a bad export writes nothing. What it builds is an
:class:`Imported` article: the same ArticleDoc the YAML reader builds, plus
the text and, per fact, where in the tool's file it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from loader.core.errors import InputError, Location, NewsgraphError
from loader.ingest.model import ArticleDoc

MAX_PREFIX = 40


class ImportProblemsError(InputError):
    """An import found problems; ``problems`` holds one error per problem."""

    def __init__(
        self, problems: list[NewsgraphError], *, source: str, notes: Sequence[str] = ()
    ) -> None:
        self.problems = problems
        self.notes = list(notes)
        n = len(problems)
        super().__init__(
            f"{n} problem{'s' if n != 1 else ''} in {source}; nothing was written",
            hint="fix them in the annotation tool (or the file) and import again",
        )


@dataclass
class Problems:
    """Collects problems; ``check`` raises them all at once."""

    source: str
    items: list[NewsgraphError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # shown after the problems

    def add(
        self, where: str, problem: str, *, hint: str | None = None, line: int | None = None
    ) -> None:
        self.items.append(
            InputError(f"{where}: {problem}", hint=hint, location=Location(self.source, line))
        )

    def extend(self, errors: Iterable[NewsgraphError]) -> None:
        self.items.extend(errors)

    def check(self) -> None:
        if self.items:
            raise ImportProblemsError(self.items, source=self.source, notes=self.notes)


@dataclass
class Imported:
    """One article converted from a tool: the document, its text, where each fact came from."""

    doc: ArticleDoc
    text: str
    origins: dict[str, str] = field(default_factory=dict)  # "meetings.0" -> "annotation 7"

    def origin_of(self, field_path: str | None) -> str:
        parts = (field_path or "").split(".")
        return self.origins.get(".".join(parts[:2]), f"article {self.doc.article.id}")


def span_evidence(
    text: str, start: int, end: int, *, hints: dict[str, Any] | None = None
) -> dict[str, Any]:
    """An evidence item for a passage, in the form a person would write it.

    ``hints`` keeps the form the passage was given in: ``by: offsets`` gives
    offsets, ``by: both`` the quote and its offsets; a ``prefix``/``suffix``
    given by the tool is kept. Otherwise the quote alone when it is unique in
    the text, with the shortest prefix that makes it unique when it is not, and
    offsets as the last resort.
    """
    hints = hints or {}
    exact = text[start:end]
    if hints.get("by") == "offsets":
        return {"start": start, "end": end}
    if hints.get("by") == "both":
        return {"quote": exact, "start": start, "end": end}
    item: dict[str, Any] = {"quote": exact}
    for key in ("prefix", "suffix"):
        if hints.get(key):
            item[key] = hints[key]
    if "prefix" in item or "suffix" in item or _count(text, exact) == 1:
        return item
    for size in range(1, min(MAX_PREFIX, start) + 1):
        prefix = text[start - size : start]
        if _count(text, prefix + exact) == 1:
            return {"quote": exact, "prefix": prefix}
    return {"quote": exact, "start": start, "end": end}


def _count(text: str, needle: str) -> int:
    n, i = 0, text.find(needle)
    while i != -1 and n < 2:
        n += 1
        i = text.find(needle, i + 1)
    return n


def check_span(text: str, start: Any, end: Any) -> str | None:
    """Why a tool's offsets cannot be a passage of ``text``, or None when they can."""
    if not isinstance(start, int) or not isinstance(end, int) or isinstance(start, bool):
        return f"offsets must be whole numbers, got {start!r} and {end!r}"
    if not 0 <= start < end <= len(text):
        return f"offsets {start}-{end} are outside the text ({len(text)} characters)"
    return None


def evidence_hints(item: Any) -> dict[str, Any]:
    """The form an evidence item was written in, for :func:`span_evidence`."""
    if item.quote is None:
        return {"by": "offsets"}
    if item.start is not None:
        return {"by": "both"}
    return {k: v for k, v in (("prefix", item.prefix), ("suffix", item.suffix)) if v}
