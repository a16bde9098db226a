"""``newsgraph dates``: see how a date or a relative phrase resolves."""

from __future__ import annotations

import datetime as dt

import click

from loader.cli.app import main
from loader.dates import NEEDS_PUBLISHED_HINT, Precision, explain, parse_partial
from loader.errors import DateError, UsageError


@main.group()
def dates() -> None:
    """Check how dates and phrases like 'last Friday' resolve to intervals."""


def _published(text: str | None) -> dt.date | None:
    if text is None:
        return None
    hint = "write the publication date as YYYY-MM-DD, e.g. --published 2025-04-15"
    try:
        parsed = parse_partial(text)
    except DateError as exc:
        raise UsageError(f"--published: {exc.problem}", hint=hint) from None
    if parsed is None or parsed.precision is not Precision.DAY:
        raise UsageError(f"--published {text!r} is not a full date", hint=hint)
    return parsed.earliest


@dates.command("explain")
@click.argument("phrase")
@click.option(
    "--published",
    metavar="YYYY-MM-DD",
    default=None,
    help="Publication date of the article; needed for relative phrases.",
)
def explain_command(phrase: str, published: str | None) -> None:
    """Show how PHRASE resolves: earliest, latest, precision, anchor and rule.

    PHRASE is anything an annotation's date may hold: 2025-08-15, 2025-08,
    2025, 2025-10-21/2025-10-22, or a phrase relative to the publication date.

    \b
    Example:
      newsgraph dates explain "last Friday" --published 2025-04-15
    """
    try:
        click.echo(explain(phrase, published=_published(published)))
    except DateError as exc:
        if exc.hint != NEEDS_PUBLISHED_HINT:
            raise
        raise UsageError(exc.problem, hint="pass --published YYYY-MM-DD") from None
