"""Options the report takes wherever it is made: ``newsgraph report`` and ``newsgraph serve``.

Declared once so both commands read the same names, defaults and help: the
scope (``--actor``, ``--from``, ``--to``) and the site's ``--texts`` and ``--title``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import click

F = TypeVar("F", bound=Callable[..., object])

DEFAULT_TITLE = "newsgraph report"


def scope_options(command: F) -> F:
    """``--actor``, ``--from`` and ``--to``: one actor's facts, within a date window."""
    for option in reversed(
        [
            click.option(
                "--actor",
                default=None,
                help="Only this actor's meetings, statements and sanctions "
                "(gazetteer id, name or alias).",
            ),
            click.option(
                "--from",
                "date_from",
                default=None,
                metavar="DATE",
                help="Only facts whose dates overlap [from, to]: YYYY-MM-DD, YYYY-MM or YYYY.",
            ),
            click.option("--to", "date_to", default=None, metavar="DATE", help="See --from."),
        ]
    ):
        command = option(command)
    return command


def site_options(command: F) -> F:
    """``--texts`` (article texts for the fact pages) and ``--title``."""
    command = click.option(
        "--title", default=DEFAULT_TITLE, show_default=True, help="The report's title."
    )(command)
    return click.option(
        "--texts",
        "texts",
        multiple=True,
        type=click.Path(exists=True, path_type=Path),
        help="Annotation files or corpus directories whose article texts the fact pages show, "
        "with the evidence passages highlighted (repeatable; texts must match what was loaded).",
    )(command)
