"""Sorting a SELECT's rows here when the server cannot sort them (Virtuoso's SR319).

Virtuoso sorts in a temporary table whose rows must fit in about 4 KB: a result
with a longer value (the targets of a sanctions package that lists 250 people)
makes ``ORDER BY`` fail with ``SR319: Max row length is exceeded``, though the
same query without it runs. That query is then sent without its ``ORDER BY``
and the rows are sorted here by SPARQL 1.1's ordering (section 15.1): unbound
first, then blank nodes, IRIs and literals; numbers, dates and times by value,
other literals by their text. Only a plain list of variables (each optionally
in ``ASC()``/``DESC()``) with nothing after it qualifies: with ``LIMIT`` or an
expression as a key the server's order cannot be rebuilt here.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from decimal import Decimal, InvalidOperation

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from loader.core.errors import EndpointError
from loader.core.terms import Term
from loader.store.sparql_text import Token, tokens

# Virtuoso's message when a sorted row does not fit its temporary table.
SORT_ROW_TOO_LONG = "SR319"

_NUMERIC_TYPES = (
    "integer",
    "decimal",
    "float",
    "double",
    "long",
    "int",
    "short",
    "byte",
    "nonPositiveInteger",
    "negativeInteger",
    "nonNegativeInteger",
    "positiveInteger",
    "unsignedLong",
    "unsignedInt",
    "unsignedShort",
    "unsignedByte",
)
_NUMERIC = {str(XSD[t]) for t in _NUMERIC_TYPES}
_TEMPORAL = {str(XSD.date), str(XSD.dateTime), str(XSD.gYearMonth), str(XSD.gYear)}

Key = tuple[str, bool]  # (variable name, descending)
Rows = list[list[Term | None]]

log = logging.getLogger("newsgraph.remote")


def select_ordered(
    select: Callable[[str], tuple[list[str], Rows]], text: str
) -> tuple[list[str], Rows]:
    """``select(text)``; when the server cannot sort rows that long, the query without
    its ``ORDER BY``, sorted here."""
    try:
        return select(text)
    except EndpointError as exc:
        split = split_order(text) if SORT_ROW_TOO_LONG in exc.problem else None
        if split is None:
            raise
    unordered, keys = split
    log.info("the server cannot sort rows this long; sorting them here")
    variables, rows = select(unordered)
    return variables, sort_rows(variables, rows, keys)


def split_order(query: str) -> tuple[str, list[Key]] | None:
    """The query without its top-level ``ORDER BY``, and the sort keys; None when
    it has no such clause or the clause is not a plain list of variables at its end."""
    toks = list(tokens(query))
    for i, tok in enumerate(toks[:-1]):
        if tok.depth == 0 and _word(tok, "ORDER") and _word(toks[i + 1], "BY"):
            keys, end = _keys(toks, i + 2)
            if not keys or end < len(toks):
                return None
            return query[: tok.start], keys
    return None


def _keys(toks: Sequence[Token], at: int) -> tuple[list[Key], int]:
    """The variables from ``at`` on (``?v``, ``ASC(?v)``, ``DESC(?v)``) and where they stop."""
    keys: list[Key] = []
    while at < len(toks):
        tok = toks[at]
        if tok.kind == "var":
            keys.append((tok.text[1:], False))
            at += 1
        elif (
            (_word(tok, "ASC") or _word(tok, "DESC"))
            and at + 3 < len(toks)
            and toks[at + 1].text == "("
            and toks[at + 2].kind == "var"
            and toks[at + 3].text == ")"
        ):
            keys.append((toks[at + 2].text[1:], _word(tok, "DESC")))
            at += 4
        else:
            break
    return keys, at


def _word(tok: Token, word: str) -> bool:
    return tok.kind == "word" and tok.text.upper() == word


def sort_rows(variables: Sequence[str], rows: Rows, keys: Sequence[Key]) -> Rows:
    """The rows in the order ``ORDER BY keys`` gives (a stable sort, last key first)."""
    index = {name: i for i, name in enumerate(variables)}
    ordered = list(rows)
    for name, descending in reversed(keys):
        column = index.get(name)
        if column is None:
            continue  # a key not projected orders nothing that can be seen
        ordered.sort(key=lambda row, c=column: _rank(row[c]), reverse=descending)  # type: ignore[misc]
    return ordered


def _rank(term: Term | None) -> tuple[int, int, object]:
    """A sort key: kind of term, then the value where it is comparable, else the text."""
    if term is None:
        return (0, 0, "")
    if isinstance(term, BNode):
        return (1, 0, str(term))
    if isinstance(term, URIRef):
        return (2, 0, str(term))
    if isinstance(term, Literal):
        datatype = str(term.datatype) if term.datatype is not None else ""
        if datatype in _NUMERIC:
            try:
                number = Decimal(str(term))
            except InvalidOperation:
                number = None
            if number is not None and not number.is_nan():  # NaN compares with nothing
                return (3, 0, number)
        if datatype in _TEMPORAL:
            return (3, 1, _temporal(str(term)))
    return (3, 2, str(term))


def _temporal(text: str) -> str:
    """The lexical form, normalised so text order is time order (a date sorts as its midnight)."""
    try:
        return dt.date.fromisoformat(text).isoformat() + "T00:00:00"
    except ValueError:
        return text
