"""``newsgraph dates``: see how a date or a relative phrase resolves."""

from __future__ import annotations

import datetime as dt

import click

from loader.cli.app import main
from loader.core.errors import DateError, UsageError
from loader.dates.resolve import (
    FORMS,
    NEEDS_PUBLISHED_HINT,
    Direction,
    Precision,
    explain,
    parse_partial,
)

_HELP = "\n".join(
    [
        "Check how dates and phrases like 'last Friday' resolve to intervals.",
        "",
        "Every accepted form, with examples (see docs/annotation-format.md):",
        "",
        "\b",
        *(f"  {form}: {example}" for form, example in FORMS),
        "",
        "Bare phrases (on March 3, on Thursday, in May, in the spring, the weekend) look",
        "back from publication for held meetings, statements and sanctions, forward for",
        "planned, proposed and postponed meetings, and both ways for cancelled ones.",
        "Refused: 'recently'",
        "(write {to: <published>}) and numeric dates such as 01/02/2025 (write YYYY-MM-DD).",
    ]
)


@main.group(help=_HELP)
def dates() -> None:
    pass


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
@click.option(
    "--future",
    "direction",
    flag_value=Direction.FUTURE.value,
    help="Read bare phrases forward from publication, as for a planned meeting.",
)
@click.option(
    "--past",
    "direction",
    flag_value=Direction.PAST.value,
    default=True,
    help="Read bare phrases back from publication, as for a held meeting (the default).",
)
@click.option(
    "--either",
    "direction",
    flag_value=Direction.EITHER.value,
    help="Direction unknown: span both candidates.",
)
def explain_command(phrase: str, published: str | None, direction: str) -> None:
    """Show how PHRASE resolves: earliest, latest, precision, anchor and rule.

    PHRASE is anything an annotation's date may hold: 2025-08-15, 2025-08,
    2025, 2025-10-21/2025-10-22, or a phrase relative to the publication date.

    \b
    Examples:
      newsgraph dates explain "last Friday" --published 2025-04-15
      newsgraph dates explain "on March 3" --published 2025-02-27 --future
    """
    try:
        click.echo(explain(phrase, published=_published(published), direction=Direction(direction)))
    except DateError as exc:
        if exc.hint != NEEDS_PUBLISHED_HINT:
            raise
        raise UsageError(exc.problem, hint="pass --published YYYY-MM-DD") from None
