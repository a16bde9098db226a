"""A report's scope in its URL: ``/report/?actor=Lavrov&from=2025-08`` on the live pages.

The pages link to each other by relative paths (the static site works from
``file://``), so a query string would be lost at the first click. A scope asked
for in the query string is therefore moved into the path, as one segment before
the page (``/report/actor=Lavrov&from=2025-08/index.html``): every relative link
of those pages then stays within the same scope. The segment is the query
string itself, its parameters in a fixed order; ``all`` is the unrestricted
report (for a server started with ``--actor``).

A URL names its whole scope, so a link means the same on any server: parameters
it leaves out are unrestricted, not those the server was started with.
"""

from __future__ import annotations

import urllib.parse
from dataclasses import dataclass

from loader.core.errors import UsageError

NAMES = ("actor", "from", "to")
EVERYTHING = "all"


@dataclass(frozen=True, slots=True)
class Asked:
    """A scope as the user wrote it (values not checked against the store yet)."""

    actor: str | None = None
    date_from: str | None = None
    date_to: str | None = None

    @property
    def segment(self) -> str:
        """The path segment that names this scope."""
        pairs = [(k, v) for k, v in zip(NAMES, self.values, strict=True) if v]
        return urllib.parse.urlencode(pairs, quote_via=urllib.parse.quote) or EVERYTHING

    @property
    def values(self) -> tuple[str | None, str | None, str | None]:
        return self.actor, self.date_from, self.date_to


def from_query(query: str) -> Asked:
    """The scope a URL's query string asks for; a UsageError names a parameter it cannot use."""
    try:
        pairs = urllib.parse.parse_qsl(query, keep_blank_values=True, strict_parsing=True)
    except ValueError:
        raise UsageError(f"cannot read the URL parameters {query!r}",
                         hint="write them as ?actor=NAME&from=DATE&to=DATE") from None  # fmt: skip
    given: dict[str, str] = {}
    for key, value in pairs:
        if key not in NAMES:
            raise UsageError(
                f"the report has no URL parameter {key!r}",
                hint="use actor, from and to, as the options of newsgraph report "
                "(e.g. ?actor=Lavrov&from=2025-08)",
            )
        if key in given:
            raise UsageError(f"the URL parameter {key!r} is given twice", hint="give it once")
        given[key] = value.strip()
    return Asked(
        actor=given.get("actor") or None,
        date_from=given.get("from") or None,
        date_to=given.get("to") or None,
    )


def split_path(path: str) -> tuple[Asked | None, str]:
    """(the scope named by the path's first segment, or None; the page's path after it)."""
    head, sep, rest = path.partition("/")
    if not sep or (head != EVERYTHING and "=" not in head):
        return None, path
    return (Asked() if head == EVERYTHING else from_query(head)), rest
