"""The one error hierarchy of newsgraph.

Every error the library raises is a :class:`NewsgraphError`. Its message has one
format, so users and editors can jump to the spot::

    FILE:LINE:COLUMN: field.path: what is wrong — what to do

The CLI is the only place that prints errors and picks exit codes; it reads
``exit_code`` from the error class.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_STORE = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report it


@dataclass(frozen=True, slots=True)
class Location:
    """Where in an input file a problem sits (line and column are 1-based)."""

    file: Path | str | None = None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        if self.file is None:
            return ""
        parts = [str(self.file)]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


class NewsgraphError(Exception):
    """Base of every error newsgraph raises on purpose."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        problem: str,
        *,
        hint: str | None = None,
        location: Location | None = None,
        field: str | None = None,
    ) -> None:
        self.problem = problem
        self.hint = hint
        self.location = location or Location()
        self.field = field
        super().__init__(self.message)

    @property
    def message(self) -> str:
        """The full one-line message: ``FILE:LINE:COL: field: problem — hint``."""
        head = [p for p in (str(self.location), self.field) if p]
        text = self.problem if not self.hint else f"{self.problem} — {self.hint}"
        return ": ".join([*head, text])

    def at(self, location: Location, field: str | None = None) -> NewsgraphError:
        """Fill in the location and field path if they are not known yet; return self."""
        if self.location.file is None:
            self.location = location
        elif self.location.line is None and location.line is not None:
            self.location = Location(self.location.file, location.line, location.column)
        if self.field is None and field:
            self.field = field
        self.args = (self.message,)
        return self

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Errors cross process boundaries in parallel loads; keep every part.
        return (_rebuild, (type(self), self.problem, self.hint, self.location, self.field))


def _rebuild(
    cls: type[NewsgraphError], problem: str, hint: str | None, location: Location, field: str | None
) -> NewsgraphError:
    return cls(problem, hint=hint, location=location, field=field)


# --- bad input (exit 1) -------------------------------------------------------


class InputError(NewsgraphError):
    """The annotation input is wrong; the message says where and how to fix it."""


class FileProblemsError(InputError):
    """Several problems in one file, all found in one pass (``validate`` lists each).

    The message is the first problem's, with how many more there are; ``errors``
    holds every problem in the order of the file.
    """

    def __init__(self, errors: list[NewsgraphError]) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        more = len(self.errors) - 1
        hint = first.hint or ""
        if more:
            hint = f"{hint} (and {more} more problem{'s' if more > 1 else ''} in this file)"
        super().__init__(first.problem, hint=hint or None, location=first.location,
                         field=first.field)  # fmt: skip

    def __reduce__(self) -> tuple[object, ...]:
        return (FileProblemsError, (self.errors,))


def one_or_many(errors: list[NewsgraphError]) -> NewsgraphError:
    """The error to raise for a file's problems: the only one, or all of them together."""
    return errors[0] if len(errors) == 1 else FileProblemsError(errors)


class ReadError(InputError):
    """A file cannot be read, is not UTF-8, or is too large."""


class YamlSyntaxError(InputError):
    """A file is not valid YAML, or uses YAML features we refuse (aliases)."""


class SchemaError(InputError):
    """A document does not match the annotation schema (shape, field, type)."""


class UnknownIdError(InputError):
    """A reference names an actor, place or article id that does not exist."""


class DuplicateIdError(InputError):
    """The same id is defined twice."""


class EvidenceError(InputError):
    """An evidence quote is not in the text, is ambiguous, or offsets are out of range."""


class DateError(InputError):
    """A date is impossible, reversed, or cannot be resolved."""


class ConstraintError(InputError):
    """A fact breaks a rule of the model (a meeting with fewer than two participants...)."""


class CorpusInvalidError(InputError):
    """Some articles are invalid, so nothing was written; ``errors`` lists every one."""

    # How the caller asks for the valid articles to be written anyway: the library's
    # keyword here; the command line puts its own option in (``--keep-going``).
    retry = "load with keep_going=True to write the valid articles"

    def __init__(self, errors: Sequence[NewsgraphError], *, retry: str | None = None) -> None:
        self.errors = list(errors)
        first = self.errors[0]
        more = (
            f" (and {len(self.errors) - 1} more invalid article(s))" if len(self.errors) > 1 else ""
        )
        super().__init__(
            first.problem + more,
            hint=f"{first.hint or 'fix it'}; nothing was written ({retry or self.retry})",
            location=first.location,
            field=first.field,
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (CorpusInvalidError, (self.errors,))


# --- usage (exit 2) -----------------------------------------------------------


class UsageError(NewsgraphError):
    """The command was called wrongly (unknown query, bad parameter, bad option)."""

    exit_code = EXIT_USAGE


# --- store and endpoint (exit 3) ----------------------------------------------


class StoreError(NewsgraphError):
    """The store cannot be opened, read or written."""

    exit_code = EXIT_STORE
    # How many graphs a multi-graph write had written (each whole) before it failed.
    written: int = 0


class StoreLockedError(StoreError):
    """Another process holds the embedded store open for writing."""


class EndpointError(StoreError):
    """A remote SPARQL endpoint is unreachable, not SPARQL, or failed."""


class AuthError(EndpointError):
    """A remote SPARQL endpoint refused the credentials."""


# --- interrupted (exit 130) ------------------------------------------------------


class LoadInterruptedError(NewsgraphError):
    """A load was stopped by Ctrl-C or SIGTERM; what it wrote is whole."""

    exit_code = EXIT_INTERRUPTED

    def __init__(self, *, in_store: int, total: int | None) -> None:
        self.in_store = in_store
        self.total = total
        of = f" of {total}" if total is not None else ""
        super().__init__(
            f"interrupted: {in_store}{of} articles are in the store, each whole",
            hint="run the same load again to finish",
        )

    def __reduce__(self) -> tuple[object, ...]:
        return (_rebuild_interrupted, (self.in_store, self.total))


def _rebuild_interrupted(in_store: int, total: int | None) -> LoadInterruptedError:
    return LoadInterruptedError(in_store=in_store, total=total)
