"""`newsgraph query` and `newsgraph queries` (list, show)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from loader.cli.app import AppContext, main, pass_app
from loader.cli.pager import paged
from loader.core.errors import ReadError, UsageError
from loader.queries.canned import CannedQuery, catalog, get_query
from loader.queries.results import FORMATS, write_result
from loader.queries.run import run_query, run_sparql


def _params(items: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"-p {item!r} is not KEY=VALUE", hint="write e.g. -p actor=Lavrov")
        if key.strip() in params:
            raise UsageError(f"parameter {key.strip()!r} given twice", hint="give it once")
        params[key.strip()] = value
    return params


def _read_query(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadError(f"cannot read the query file {path}: {exc}",
                        hint="give a UTF-8 text file with a SPARQL query") from None  # fmt: skip


@main.command("query")
@click.argument("name", required=False)
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value (repeatable); see `newsgraph queries show NAME`.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="table",
    show_default=True,
    help="Output format (CONSTRUCT/DESCRIBE always print Turtle, ASK true/false).",
)
@click.option(
    "--file",
    "file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Run the SPARQL query in this file instead of a canned one.",
)
@click.option("--sparql", help="Run this SPARQL query text instead of a canned one.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="Print the first N rows.")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the result to this file instead of the screen.",
)
@click.option("--wide", is_flag=True, help="Tables: keep every cell whole, however wide.")
@click.option(
    "--dated-only",
    is_flag=True,
    help="With a from/to window, leave out facts no source dates (by default they stay "
    "when their sources' publication days overlap the window, with dated_by "
    "'publication'); sets -p dated_only=true.",
)
@click.option(
    "--no-pager",
    is_flag=True,
    help="Print a long table straight to the terminal, not through the pager.",
)
@pass_app
def query(
    app: AppContext,
    name: str | None,
    params: tuple[str, ...],
    fmt: str,
    file: Path | None,
    sparql: str | None,
    limit: int | None,
    output: Path | None,
    wide: bool,
    dated_only: bool,
    no_pager: bool,
) -> None:  # fmt: skip
    """Run a canned query by NAME, or your own with --file or --sparql.

    Parameters are bound as RDF terms, never pasted into the query: actors by
    gazetteer id, name or alias; dates as YYYY-MM-DD, YYYY-MM or YYYY. In your
    own query, -p KEY=VALUE binds ?KEY (a plain literal; -p KEY:TYPE=VALUE
    converts like a canned parameter, e.g. -p who:actor=Lavrov) through a
    VALUES block placed at a '#@values' line, or else after the first 'WHERE {'.

    \b
    Examples:
      newsgraph query who-met-whom -p actor=Lavrov -p from=2025-08
      newsgraph query meetings -p from=2025-10 -p to=2025-10 --dated-only
      newsgraph query sources-of -p fact=event/anchorage-summit-2025 --format json
      newsgraph query --sparql "ASK { ?m a <https://w3id.org/newsgraph/ontology#Summit> }"
      newsgraph query who-met-whom --limit 5 --wide
      newsgraph query timeline -p actor=Lavrov --format jsonl -o lavrov.jsonl

    Tables fit the terminal: long cells end with '…' (--wide keeps them whole)
    and IRIs are shortened (id:, ng:); other formats print every value whole.
    A table longer than the screen goes through a pager, as git does:
    $NEWSGRAPH_PAGER, else $PAGER, else less ('' or 'cat' turns it off, and so
    does --no-pager); only on a terminal, never in a pipe or a file.
    """
    chosen = [x for x in (name, file, sparql) if x is not None]
    if len(chosen) != 1:
        raise UsageError("give one of NAME, --file or --sparql",
                         hint="`newsgraph queries` lists the canned queries")  # fmt: skip
    values = _params(params)
    if dated_only:
        _dated_only(name, values)
    with app.store(read_only=True) as store:
        if name is not None:
            result = run_query(store, name, values)
        else:
            text = sparql if sparql is not None else _read_query(file)  # type: ignore[arg-type]
            result = run_sparql(store, text, values)
        if output is None:
            with paged(sys.stdout, enabled=fmt == "table" and not no_pager) as out:
                write_result(result, out, fmt, wide=wide, limit=limit)
            return
        try:
            with output.open("w", encoding="utf-8", newline="") as out:
                write_result(result, out, fmt, wide=wide, limit=limit)
        except OSError as exc:
            raise ReadError(
                f"cannot write {output}: {exc.strerror or exc}",
                hint="check the directory exists and is writable",
            ) from None


def _dated_only(name: str | None, values: dict[str, str]) -> None:
    """``--dated-only`` as the ``dated_only`` flag parameter of the query."""
    if any(key.partition(":")[0].strip() == "dated_only" for key in values):
        raise UsageError("--dated-only and -p dated_only=... both given", hint="give one")
    if name is None:  # a user's query: typed as a flag unless its header says otherwise
        values["dated_only:flag"] = "true"
        return
    query = get_query(name)
    if query.param("dated_only") is not None:
        values["dated_only"] = "true"
    elif query.param("from") is None:
        windowed = [q.name for q in catalog().values() if q.param("dated_only") is not None]
        raise UsageError(f"query {name!r} has no date window, so --dated-only does not apply",
                         hint="queries with from/to: " + ", ".join(windowed))  # fmt: skip
    # else: a window without the switch keeps dated facts only already


def _param_summary(q: CannedQuery) -> str:
    return ", ".join(p.name if p.required else f"[{p.name}]" for p in q.params) or "-"


@main.group("queries", invoke_without_command=True)
@click.pass_context
def queries(ctx: click.Context) -> None:
    """List the canned queries (name, title, parameters; [optional] in brackets).

    \b
    Examples:
      newsgraph queries
      newsgraph queries show who-met-whom
    """
    if ctx.invoked_subcommand is not None:
        return
    table = Table(pad_edge=False)
    table.add_column("name", no_wrap=True)
    table.add_column("title")
    table.add_column("parameters")
    for q in catalog().values():
        table.add_row(q.name, escape(q.title), escape(_param_summary(q)))
    Console(file=sys.stdout, highlight=False).print(table)


@queries.command("show")
@click.argument("name")
def show(name: str) -> None:
    """Print a canned query's description, parameters, columns and SPARQL.

    \b
    Example:
      newsgraph queries show who-met-whom
    """
    q = get_query(name)
    console = Console(file=sys.stdout, highlight=False)
    console.print(f"[bold]{q.name}[/]: {escape(q.title)}")
    console.print(q.description, markup=False)
    console.print(f"usage: newsgraph query {q.usage()}", markup=False)
    if q.params:
        table = Table(pad_edge=False)
        for column in ("parameter", "type", "required", "example", "description"):
            table.add_column(column)
        for p in q.params:
            table.add_row(p.name, p.type, "yes" if p.required else "no", escape(p.example),
                          escape(p.description))  # fmt: skip
        console.print(table)
    if q.columns:
        console.print("columns: " + ", ".join(q.columns), markup=False)
    click.echo("")
    click.echo(q.sparql.rstrip("\n"))
