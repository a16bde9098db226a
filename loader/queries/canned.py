"""The canned query catalog: ``queries/NAME.rq`` files that describe themselves.

Header format
-------------
A canned query file starts with a header: the comment lines (``#``) before the
first line that is not a comment. Blank comment lines (``#`` alone) are
ignored. Every other header line is ``# FIELD: VALUE`` with FIELD one of:

``title`` (required, once)
    A short title, e.g. ``Who met whom``.
``description`` (required, once)
    What the query answers. A following line of the form ``#   more text``
    (``#`` then at least two spaces) continues the description.
``param`` (zero or more)
    ``NAME | TYPE | optional|required | EXAMPLE | DESCRIPTION``: NAME is a
    SPARQL variable name (letters, digits, ``_``); TYPE one of ``actor``
    (a gazetteer id, name or alias), ``entity`` (an actor, a place or an event
    key), ``date``
    (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), ``status``, ``text``,
    ``integer``, ``iri`` (a fact: a full IRI, ``event/KEY``, ``sanctions/KEY``,
    ``statement/...``, ``meeting/...`` or a bare event key), ``flag`` (``true`` or
    ``false``, bound as an ``xsd:boolean``; ``newsgraph query --dated-only`` sets the
    ``dated_only`` flag). Names are unique.
``columns`` (required for SELECT queries)
    The variables the query returns, comma-separated, in order.

Parameter ``NAME`` is bound to the variable ``?NAME`` by a ``VALUES`` block
that replaces each marker line ``#@values`` in the query body (see
:mod:`loader.queries.binding`); a query with parameters has at least one marker (more
than one when several subqueries use the parameters).
A malformed header is a :class:`~loader.core.errors.UsageError` naming the file
and the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from loader.core.errors import Location, UsageError

PARAM_TYPES = ("actor", "entity", "date", "status", "text", "integer", "iri", "flag")
MARKER = "#@values"
_FIELD = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_QUERY_PACKAGE = "loader.resources.queries"


@dataclass(frozen=True, slots=True)
class Param:
    """One parameter of a canned query."""

    name: str
    type: str
    required: bool
    example: str
    description: str


@dataclass(frozen=True, slots=True)
class CannedQuery:
    """A query of the catalog: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    sparql: str
    summary: str = ""  # what it answers, in one line (the docs' query tables)
    params: tuple[Param, ...] = ()
    columns: tuple[str, ...] = ()
    source: str = ""

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def usage(self) -> str:
        """``who-met-whom [-p actor=Lavrov] ...`` for help and messages."""
        parts = [self.name]
        for p in self.params:
            item = f"-p {p.name}={p.example}"
            parts.append(item if p.required else f"[{item}]")
        return " ".join(parts)


def _error(source: str, line: int, problem: str, hint: str) -> UsageError:
    return UsageError(problem, hint=hint, location=Location(source, line, 1))


def _param(value: str, *, source: str, line: int) -> Param:
    parts = [p.strip() for p in value.split("|")]
    if len(parts) != 5:
        raise _error(
            source,
            line,
            f"a param line needs 5 fields separated by '|', got {len(parts)}",
            "write '# param: NAME | TYPE | optional|required | EXAMPLE | DESCRIPTION'",
        )
    name, ptype, need, example, description = parts
    if not _NAME.fullmatch(name):
        raise _error(source, line, f"parameter name {name!r} is not a SPARQL variable name",
                     "use letters, digits and '_'")  # fmt: skip
    if ptype not in PARAM_TYPES:
        raise _error(source, line, f"unknown parameter type {ptype!r}",
                     "use one of " + ", ".join(PARAM_TYPES))  # fmt: skip
    if need not in ("optional", "required"):
        raise _error(source, line, f"expected 'optional' or 'required', got {need!r}",
                     "the third field says whether the parameter must be given")  # fmt: skip
    return Param(name, ptype, need == "required", example, description)


def parse_query(name: str, text: str, *, source: str | None = None) -> CannedQuery:
    """Read the header of one ``.rq`` file; raise UsageError at the first malformed line."""
    source = source or f"{name}.rq"
    fields: dict[str, str] = {}
    params: list[Param] = []
    last: str | None = None
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.rstrip()
        if not line.startswith("#") or line.startswith(MARKER):
            break
        if line.strip() == "#":
            continue
        m = _FIELD.fullmatch(line)
        if m is None:
            if last in ("description", "summary") and line.startswith("#  "):
                fields[last] += " " + line[1:].strip()
                continue
            raise _error(source, number, f"header line not understood: {line!r}",
                         "write '# FIELD: VALUE' with FIELD title, summary, description, "
                         "param or columns")  # fmt: skip
        key, value = m["key"], m["value"].strip()
        if key == "param":
            params.append(_param(value, source=source, line=number))
        elif key in ("title", "summary", "description", "columns"):
            if key in fields:
                raise _error(source, number, f"{key} given twice", f"keep one '# {key}:' line")
            if not value:
                raise _error(source, number, f"{key} is empty", f"write the {key} after '{key}:'")
            fields[key] = value
        else:
            raise _error(source, number, f"unknown header field {key!r}",
                         "use title, summary, description, param or columns")  # fmt: skip
        last = key
    for key in ("title", "description"):
        if key not in fields:
            raise _error(source, 1, f"the header has no {key}", f"add '# {key}: ...' at the top")
    names = [p.name for p in params]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise _error(source, 1, f"parameter {dupes[0]!r} declared twice", "keep one")
    if params and MARKER not in text:
        raise _error(source, 1, f"a query with parameters needs a '{MARKER}' marker line",
                     "put it where the parameters' VALUES block belongs")  # fmt: skip
    columns = tuple(c.strip() for c in fields.get("columns", "").split(",") if c.strip())
    return CannedQuery(
        name=name,
        title=fields["title"],
        description=fields["description"],
        sparql=text,
        summary=fields.get("summary", ""),
        params=tuple(params),
        columns=columns,
        source=source,
    )


@cache
def catalog() -> dict[str, CannedQuery]:
    """Every canned query shipped with newsgraph, by name, sorted."""
    found: dict[str, CannedQuery] = {}
    for item in sorted(resources.files(_QUERY_PACKAGE).iterdir(), key=lambda t: t.name):
        if item.name.endswith(".rq"):
            name = item.name[: -len(".rq")]
            found[name] = parse_query(name, item.read_text(encoding="utf-8"),
                                      source=f"queries/{item.name}")  # fmt: skip
    return found


def get_query(name: str) -> CannedQuery:
    """The canned query called ``name``; a UsageError naming the closest ones otherwise."""
    queries = catalog()
    if name in queries:
        return queries[name]
    import difflib

    close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
    hint = ("did you mean " + " or ".join(close) + "? " if close else "") + (
        "`newsgraph queries` lists them all"
    )
    raise UsageError(f"no canned query called {name!r}", hint=hint)


__all__ = [
    "MARKER",
    "PARAM_TYPES",
    "CannedQuery",
    "Param",
    "catalog",
    "get_query",
    "parse_query",
]
