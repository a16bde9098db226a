"""Query results → text: a table, CSV, TSV, JSON, JSON Lines; Turtle for graphs; true/false for ASK.

JSON is an array of objects keyed by variable name, in the query's column
order: numbers for numeric literals, strings for everything else (IRIs, dates
as ISO strings), null for unbound. Rows are written as they come, so large
results stream. IRIs are shortened (``id:``, ``ng:``) in the table only.
"""

from __future__ import annotations

import csv
import itertools
import json
import os
import shutil
from collections.abc import Iterable
from typing import Literal as TypingLiteral
from typing import TextIO

from rdflib import Graph, Literal, URIRef

from loader.core.errors import UsageError
from loader.core.formats import curie
from loader.core.terms import Term
from loader.core.vocab import ID, NG, RDF, RDFS, SKOS, XSD
from loader.queries.table import write_rows
from loader.store.base import AskResult, GraphResult, QueryResult, SelectResult

Format = TypingLiteral["table", "csv", "tsv", "json", "jsonl"]
FORMATS: tuple[Format, ...] = ("table", "csv", "tsv", "json", "jsonl")

_INTEGERS = {
    str(XSD[name])
    for name in (
        "integer", "int", "long", "short", "byte", "nonNegativeInteger", "positiveInteger",
        "negativeInteger", "nonPositiveInteger", "unsignedInt", "unsignedLong",
        "unsignedShort", "unsignedByte",
    )
}  # fmt: skip
_FLOATS = {str(XSD.decimal), str(XSD.double), str(XSD.float)}
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
    return curie(str(term)) if isinstance(term, URIRef) else str(term)


def write_json(result: SelectResult, out: TextIO) -> None:
    names = result.variables
    encode = json.JSONEncoder(ensure_ascii=False).encode
    out.write("[")
    first = True
    for row in result.rows:
        item = {name: plain(value) for name, value in zip(names, row, strict=True)}
        out.write("\n  " if first else ",\n  ")
        out.write(encode(item))
        first = False
    out.write("]\n" if first else "\n]\n")


def write_delimited(result: SelectResult, out: TextIO, *, delimiter: str) -> None:
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(result.variables)
    for row in result.rows:
        if delimiter == "\t":
            # TSV has no quoting: tabs and newlines inside values become spaces.
            writer.writerow(["" if v is None else " ".join(str(v).split()) for v in row])
        else:
            writer.writerow(["" if v is None else str(v) for v in row])


PIPE_WIDTH = 200


def table_width(out: TextIO) -> int:
    """The width to fit: the terminal's (or $COLUMNS), else PIPE_WIDTH for a pipe or file."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if hasattr(out, "isatty") and out.isatty():
        return shutil.get_terminal_size().columns
    return PIPE_WIDTH


def write_table(
    result: SelectResult, out: TextIO, *, width: int | None = None, wide: bool = False
) -> None:
    """An aligned table that fits ``width`` (the terminal's by default), streamed row by row.

    Long cells end with an ellipsis instead of wrapping; ``wide`` keeps every cell whole.
    """
    target = None if wide else (width or table_width(out))
    rows = ([short(v) for v in row] for row in result.rows)
    count = write_rows(result.variables, rows, out, width=target)
    out.write(f"{count} row{'s' if count != 1 else ''}\n")


def write_jsonl(result: SelectResult, out: TextIO) -> None:
    """One JSON object per line (JSON Lines), keyed like ``--format json``."""
    names = result.variables
    encode = json.JSONEncoder(ensure_ascii=False).encode
    for row in result.rows:
        out.write(encode({name: plain(v) for name, v in zip(names, row, strict=True)}) + "\n")


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
                 width: int | None = None, wide: bool = False,
                 limit: int | None = None) -> None:  # fmt: skip
    """Write any query result in the chosen format (``table``, ``csv``, ``tsv``, ``json``,
    ``jsonl``); ``limit`` keeps the first rows only."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}", hint="use one of " + ", ".join(FORMATS))
    if isinstance(result, SelectResult) and limit is not None:
        result = SelectResult(result.variables, itertools.islice(iter(result.rows), limit))
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
    elif fmt == "jsonl":
        write_jsonl(result, out)
    else:
        write_table(result, out, width=width, wide=wide)


def rows_as_dicts(result: QueryResult) -> list[dict[str, Value]]:
    """A SELECT result as a list of plain dicts (the JSON form), for tests and callers."""
    if not isinstance(result, SelectResult):
        raise TypeError("not a SELECT result")
    return [{n: plain(v) for n, v in zip(result.variables, row, strict=True)}
            for row in result.rows]  # fmt: skip


__all__ = ["FORMATS", "Format", "graph_turtle", "plain", "rows_as_dicts", "short", "write_result"]
