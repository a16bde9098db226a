"""Query results → text: a rich table, CSV, TSV, JSON; Turtle for graphs; true/false for ASK.

JSON is an array of objects keyed by variable name, in the query's column
order: numbers for numeric literals, strings for everything else (IRIs, dates
as ISO strings), null for unbound. Rows are written as they come, so large
results stream. IRIs are shortened (``id:``, ``ng:``) in the table only.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from typing import Literal as TypingLiteral
from typing import TextIO

from rdflib import Graph, Literal, URIRef

from loader.errors import UsageError
from loader.store import AskResult, GraphResult, QueryResult, SelectResult, Term
from loader.vocab import ID, NG, RDF, RDFS, SKOS, XSD

Format = TypingLiteral["table", "csv", "tsv", "json"]
FORMATS: tuple[Format, ...] = ("table", "csv", "tsv", "json")

_INTEGERS = {
    str(XSD[name])
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
_SHORT = (("id:", str(ID)), ("ng:", str(NG)))
Value = str | int | float | None


def plain(term: Term | None) -> Value:
    """The JSON value of a term: a number for numeric literals, else its string form."""
    if term is None:
        return None
    if isinstance(term, Literal) and term.datatype is not None:
        datatype = str(term.datatype)
        try:
            if datatype in _INTEGERS:
                return int(str(term))
            if datatype in _FLOATS:
                return float(str(term))
        except ValueError:
            return str(term)  # an ill-typed literal stays as written
    return str(term)


def short(term: Term | None) -> str:
    """The table form of a term: ``id:``/``ng:`` prefixes for our IRIs, '' for unbound."""
    if term is None:
        return ""
    text = str(term)
    if isinstance(term, URIRef):
        for prefix, ns in _SHORT:
            if text.startswith(ns):
                return prefix + text[len(ns) :]
    return text


def _rows(result: SelectResult) -> Iterator[list[Term | None]]:
    yield from result.rows


def write_json(result: SelectResult, out: TextIO) -> None:
    names = result.variables
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write("[")
    first = True
    for row in _rows(result):
        item = {name: plain(value) for name, value in zip(names, row, strict=True)}
        out.write("\n  " if first else ",\n  ")
        out.write(encode(item))
        first = False
    out.write("]\n" if first else "\n]\n")


def write_delimited(result: SelectResult, out: TextIO, *, delimiter: str) -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    for row in _rows(result):
        if delimiter == "\t":
            # TSV has no quoting: tabs and newlines inside values become spaces.
            writer.writerow(["" if v is None else " ".join(str(v).split()) for v in row])
        else:
            writer.writerow(["" if v is None else str(v) for v in row])


PIPE_WIDTH = 200


def write_table(result: SelectResult, out: TextIO, *, width: int | None = None) -> None:
    """A rich table that wraps its cells to fit the terminal (or ``width``)."""
    from rich.console import Console
    from rich.table import Table

    if (
        width is None
        and "COLUMNS" not in os.environ
        and not (hasattr(out, "isatty") and out.isatty())
    ):
        width = PIPE_WIDTH  # piped or redirected: no terminal to fit, keep rows on one line
    console = Console(file=out, width=width, highlight=False, soft_wrap=False)
    table = Table(show_lines=False, expand=False, pad_edge=False)
    for name in result.variables:
        table.add_column(name, overflow="fold")
    count = 0
    for row in _rows(result):
        table.add_row(*(short(v) for v in row))
        count += 1
    console.print(table)
    console.print(f"{count} row{'s' if count != 1 else ''}", style="dim")


def graph_turtle(triples: Iterable[tuple[Term, Term, Term]]) -> str:
    """Triples as Turtle with the newsgraph prefixes."""
    graph = Graph()
    for prefix, ns in (("ng", NG), ("id", ID), ("rdf", RDF), ("rdfs", RDFS), ("skos", SKOS),
                       ("xsd", XSD)):  # fmt: skip
        graph.bind(prefix, ns, override=True)
    for triple in triples:
        graph.add(triple)
    return graph.serialize(format="turtle")


def write_result(result: QueryResult, out: TextIO, fmt: str = "table", *,
                 width: int | None = None) -> None:  # fmt: skip
    """Write any query result in the chosen format (``table``, ``csv``, ``tsv``, ``json``)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    if isinstance(result, AskResult):
        out.write("true\n" if result.value else "false\n")
    elif isinstance(result, GraphResult):
        out.write(graph_turtle(result.triples))
    elif fmt == "json":
        write_json(result, out)
    elif fmt == "csv":
        write_delimited(result, out, delimiter=",")
    elif fmt == "tsv":
        write_delimited(result, out, delimiter="\t")
    else:
        write_table(result, out, width=width)


def rows_as_dicts(result: QueryResult) -> list[dict[str, Value]]:
    """A SELECT result as a list of plain dicts (the JSON form), for tests and callers."""
    if not isinstance(result, SelectResult):
        raise TypeError("not a SELECT result")
    return [{n: plain(v) for n, v in zip(result.variables, row, strict=True)}
            for row in result.rows]  # fmt: skip


__all__ = ["FORMATS", "Format", "graph_turtle", "plain", "rows_as_dicts", "short", "write_result"]
