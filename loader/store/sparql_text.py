"""Reading SPARQL query text for remote endpoints: its form, its prologue, paging.

The scanner below only needs to tell strings, IRIs and comments apart from
braces and keywords; it is not a full SPARQL parser.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TypeVar

from loader.core.errors import UsageError

T = TypeVar("T")

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_UPDATE_WORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00b7-\uffff]+)
  | (?P<word>[A-Za-z_][A-Za-z0-9_:.-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str
    text: str
    start: int
    depth: int  # brace depth before the token


def tokens(query: str) -> Iterator[Token]:
    """The tokens of a query (whitespace and comments dropped), with their brace depth."""
    depth = 0
    for m in _TOKEN.finditer(query):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        if kind == "close":
            depth -= 1
        yield Token(kind, m.group(), m.start(), depth)
        if kind == "open":
            depth += 1


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; a UsageError for anything else (updates included)."""
    for tok in tokens(query):
        if tok.kind == "word" and tok.depth == 0:
            word = tok.text.upper()
            if word in QUERY_FORMS:
                return word
            if word in _UPDATE_WORDS:
                raise UsageError(
                    "this is a SPARQL update, not a query",
                    hint="newsgraph changes the store only through load; use SELECT, ASK, "
                    "CONSTRUCT or DESCRIBE",
                )
    raise UsageError(
        "not a SPARQL query (no SELECT, ASK, CONSTRUCT or DESCRIBE found)",
        hint="check the query text",
    )


def update_operation(query: str) -> str | None:
    """The first update keyword outside braces (``INSERT``, ``DROP``…), or None: a query
    followed by an update operation is caught even though it starts with SELECT."""
    for tok in tokens(query):
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() in _UPDATE_WORDS:
            return tok.text.upper()
    return None


def _form_start(query: str) -> int:
    for tok in tokens(query):
        if tok.kind == "word" and tok.depth == 0 and tok.text.upper() in QUERY_FORMS:
            return tok.start
    raise UsageError("not a SPARQL query", hint="check the query text")


def split_prologue(query: str) -> tuple[str, str]:
    """(PREFIX/BASE declarations, the rest of the query starting at its form keyword)."""
    at = _form_start(query)
    return query[:at], query[at:]


def names_a_graph(query: str) -> bool:
    """Whether the query has a ``GRAPH`` pattern with a constant name (``GRAPH <iri>``)."""
    prev: Token | None = None
    for tok in tokens(query):
        if (
            prev is not None
            and prev.kind == "word"
            and prev.text.upper() == "GRAPH"
            and tok.kind != "var"
        ):
            return True
        prev = tok
    return False


def has_top_level_order(query: str) -> bool:
    """Whether the query (after its WHERE group) sorts its results."""
    prev: Token | None = None
    for tok in tokens(query):
        if (
            tok.depth == 0
            and tok.kind == "word"
            and tok.text.upper() == "BY"
            and prev is not None
            and prev.kind == "word"
            and prev.text.upper() == "ORDER"
        ):
            return True
        prev = tok
    return False


def paged(query: str, *, variables: Sequence[str], offset: int, limit: int) -> str:
    """One page of a SELECT query, in a stable order.

    The sort sits in a subquery and OFFSET/LIMIT outside, the form Virtuoso
    pages without running into its sorted-TOP limit.
    """
    prologue, body = split_prologue(query)
    projection = " ".join(f"?{v}" for v in variables) or "*"
    if not has_top_level_order(body):
        order = " ".join(f"?{v}" for v in variables)
        body = f"SELECT {projection} WHERE {{ {{ {body}\n }} }} ORDER BY {order}"
    return f"{prologue}SELECT {projection} WHERE {{ {{ {body}\n }} }} OFFSET {offset} LIMIT {limit}"


def insert_ops(graph: str, ntriples: str, *, max_triples: int | None = None) -> list[str]:
    """Update operations adding N-Triples lines to ``graph`` (an IRI in ``<>``).

    With ``max_triples`` the lines are spread over several operations (Virtuoso
    compiles each operation to SQL and refuses large ones). Lines with blank
    nodes stay in one operation, which then uses the ``INSERT { } WHERE { }``
    form: Virtuoso refuses blank nodes in INSERT DATA, and a label means one
    node only within one operation.
    """
    lines = [ln for ln in ntriples.splitlines(keepends=True) if ln.strip()]
    if not lines:
        return []
    if max_triples is None:
        return [f"INSERT DATA {{ GRAPH {graph} {{\n{''.join(lines)}}} }}"]
    with_bnodes = [ln for ln in lines if "_:" in ln]
    plain = [ln for ln in lines if "_:" not in ln]
    ops = []
    if with_bnodes:
        ops.append(f"INSERT {{ GRAPH {graph} {{\n{''.join(with_bnodes)}}} }} WHERE {{ }}")
    for start in range(0, len(plain), max_triples):
        chunk = "".join(plain[start : start + max_triples])
        ops.append(f"INSERT DATA {{ GRAPH {graph} {{\n{chunk}}} }}")
    return ops


def grouped(
    items: Iterable[T], size: Callable[[T], int], cap: int, max_items: int | None = None
) -> Iterator[list[T]]:
    """Consecutive items in groups of total size at most ``cap`` (a bigger item goes alone)."""
    group: list[T] = []
    total = 0
    for item in items:
        n = size(item)
        if group and (total + n > cap or (max_items is not None and len(group) >= max_items)):
            yield group
            group, total = [], 0
        group.append(item)
        total += n
    if group:
        yield group


def delete_data_ops(
    graph: str, lines: Sequence[str], *, max_triples: int | None = None
) -> list[str]:
    """``DELETE DATA`` operations removing these N-Triples lines (no blank nodes) from ``graph``."""
    step = max_triples or max(len(lines), 1)
    chunks = ("".join(ln + "\n" for ln in lines[i : i + step]) for i in range(0, len(lines), step))
    return [f"DELETE DATA {{ GRAPH {graph} {{\n{chunk}}} }}" for chunk in chunks]


def operations(update: str) -> list[str]:
    """The operations of an update request (split at top-level ``;``)."""
    ops: list[str] = []
    start = 0
    for tok in tokens(update):
        if tok.depth == 0 and tok.text == ";":
            ops.append(update[start : tok.start])
            start = tok.start + 1
    ops.append(update[start:])
    return [op.strip() for op in ops if op.strip()]


def split_insert_data(update: str, *, max_triples: int) -> str:
    """Each ``INSERT DATA { GRAPH <g> { N-Triples lines } }`` spread as :func:`insert_ops` does.

    Blocks of another shape are left as they are.
    """
    toks = list(tokens(update))
    edits: list[tuple[int, int, str]] = []
    i = 0
    while i < len(toks) - 5:
        a, b, c, d, e, f = toks[i : i + 6]
        if not (
            a.depth == 0
            and a.text.upper() == "INSERT"
            and b.text.upper() == "DATA"
            and c.kind == "open"
            and d.text.upper() == "GRAPH"
            and e.kind == "iri"
            and f.kind == "open"
        ):
            i += 1
            continue
        inner = next(
            (k for k in range(i + 6, len(toks)) if toks[k].kind == "close" and toks[k].depth == 1),
            None,
        )
        if inner is None or inner + 1 >= len(toks) or toks[inner + 1].kind != "close":
            break
        body = update[f.start + 1 : toks[inner].start]
        if all(ln.rstrip().endswith(".") for ln in body.splitlines() if ln.strip()):
            ops = insert_ops(e.text, body, max_triples=max_triples)
            end = toks[inner + 1].start + 1
            edits.append((a.start, end, " ;\n".join(ops) if ops else ""))
        i = inner + 2
    out = update
    for start, end, text in reversed(edits):
        out = out[:start] + text + out[end:]
    return out
