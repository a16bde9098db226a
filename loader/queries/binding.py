"""Query parameters → RDF terms → a query with a ``VALUES`` block.

Parameters are never pasted into query text. Each value is converted by its
type into an RDF term (an actor name is looked up in the gazetteer graph, a
date becomes an ``xsd:date``...), serialized by :func:`loader.store.base.nt_term`,
and the terms travel in one ``VALUES (?a ?b) { (t1 t2) }`` block. The block
replaces every marker line ``#@values``; a user's query without the marker gets
it right after its first ``WHERE {``. Optional parameters left out are
``UNDEF``, so queries test them with ``BOUND(?name)``. The same text runs on
the embedded store and on any SPARQL 1.1 endpoint.
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Mapping, Sequence

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from loader.core.errors import DateError, UsageError
from loader.core.terms import nt_term
from loader.core.vocab import (
    EVENT_STATUSES,
    GAZETTEER_GRAPH,
    ID,
    NG,
    PACKAGE_STATUSES,
    XSD,
)
from loader.dates.resolve import parse_partial
from loader.queries.canned import MARKER, PARAM_TYPES, CannedQuery, Param, parse_query
from loader.queries.lookup import entries_by_id, events_by_key, gazetteer_names
from loader.store.base import AskResult, Store
from loader.store.sparql_text import query_form, tokens

STATUSES = {**EVENT_STATUSES, **PACKAGE_STATUSES}
_MARKER_LINE = re.compile(rf"^[ \t]*{re.escape(MARKER)}[ \t]*$", re.MULTILINE)
_LATEST_NAMES = re.compile(r"(?:^|_)(?:to|until|before)$")
_FACT_KINDS = ("event", "sanctions", "statement", "meeting", "actor", "place", "article")
_KEY = re.compile(r"[a-z0-9][a-z0-9-]*")
_PATH_KINDS = ("actor", "place", "event", "sanctions")
_FLAGS = {"true": "true", "yes": "true", "1": "true", "false": "false", "no": "false", "0": "false"}


def _bad(param: Param, value: str, problem: str, hint: str) -> UsageError:
    return UsageError(f"parameter {param.name}={value!r}: {problem}", hint=hint)


def _ambiguous(param: Param, text: str, found: Mapping[URIRef, tuple[str, str]]) -> UsageError:
    """Every entry a name fits, with the id to give and its type, so the user can pick one."""
    listed = "; ".join(
        f"{_short(iri)} ({kind}, {how})" for iri, (kind, how) in sorted(found.items())
    )
    first = _short(min(found))
    return _bad(param, text, f"the name fits {len(found)} entries: {listed}",
                f"give the one you mean by its id, e.g. -p {param.name}={first}")  # fmt: skip


def _short(iri: URIRef) -> str:
    return f"id:{iri[len(str(ID)) :]}" if str(iri).startswith(str(ID)) else str(iri)


def resolve_actor(store: Store, text: str, *, param: Param) -> URIRef:
    """The actor whose id, name or alias is ``text`` (``entity``: places and event keys too).

    The forms tables print (``id:actor/sergei-lavrov``), paths (``actor/sergei-lavrov``,
    ``event/KEY``) and full IRIs are accepted too. A gazetteer id or an event or package
    key given exactly names one entry; a name or alias that fits several entries (a city
    and a state's alias) is refused with the list of them.
    """
    iri = _printed_iri(text, paths=True)
    if iri is not None:
        return _checked_iri(store, iri, text, param=param)
    wanted = text.strip().casefold()
    entity = param.type == "entity"
    events = events_by_key(store, text.strip()) if entity else {}
    by_id = entries_by_id(store, text.strip(), places=entity)
    if len(by_id) == 1 and not events:
        return by_id[0]  # an id names one entry: no need to list every name
    names = gazetteer_names(store, places=entity, only=text.strip())
    if not any(key.casefold() == wanted for _, key, _, _ in names):
        names = gazetteer_names(store, places=entity)
    exact = {
        x: (kind, "its id") for x, key, rank, kind in names if rank == 0 and key == text.strip()
    }
    exact |= events
    if len(exact) > 1:
        raise _ambiguous(param, text, exact)
    if exact:
        return next(iter(exact))
    hits: dict[URIRef, tuple[str, str]] = {}
    for x, key, rank, kind in sorted(names, key=lambda n: (n[2] == 0, n[2])):
        if key.casefold() == wanted:
            hits.setdefault(x, (kind, ("its id", f"name {key}", f"alias {key}")[rank]))
    if len(hits) > 1:
        raise _ambiguous(param, text, hits)
    if hits:
        return next(iter(hits))
    pool = sorted({key for _, key, _, _ in names})
    close = difflib.get_close_matches(text, pool, n=5, cutoff=0.5)
    if not close:
        folded = {key.casefold(): key for key in pool}
        close = [folded[k] for k in difflib.get_close_matches(wanted, list(folded), n=5)]
    what = "actor, place, event or package key" if entity else "actor"
    hint = ("closest names: " + ", ".join(close) + "; " if close else "") + (
        "`newsgraph query actors` lists every actor"
    )
    raise _bad(param, text, f"no {what} with this id, name or alias in the store", hint)


def _checked_iri(store: Store, iri: URIRef, text: str, *, param: Param) -> URIRef:
    """An IRI the user gave: it must exist, and for an ``actor`` parameter be an actor."""
    if param.type == "actor":
        if _is_actor(store, iri):
            return iri
        if _exists(store, iri):
            raise _bad(param, text, "not an actor of the gazetteer",
                       "give a person, state, organisation, body, company or outlet")  # fmt: skip
    elif _exists(store, iri):
        return iri
    raise _bad(param, text, "no such IRI in the store",
               "`newsgraph query actors` lists every actor")  # fmt: skip


def _is_actor(store: Store, iri: URIRef) -> bool:
    result = store.query(
        f"ASK {{ GRAPH {nt_term(GAZETTEER_GRAPH)} {{ {nt_term(iri)} {nt_term(NG.actorId)} ?id }} }}"
    )
    return isinstance(result, AskResult) and result.value


# --- facts ----------------------------------------------------------------------------


def _printed_iri(text: str, *, paths: bool = False) -> URIRef | None:
    """An IRI as tables print it (``id:...``) or in full; None for anything else.

    With ``paths``, ``actor/KEY``, ``place/KEY``, ``event/KEY`` and ``sanctions/KEY`` too.
    """
    value = text.strip()
    kind, slash, key = value.partition("/")
    if value.startswith("id:") and len(value) > 3:
        value = f"{ID}{value[3:]}"
    elif paths and slash and kind in _PATH_KINDS and _KEY.fullmatch(key):
        value = f"{ID}{value}"
    elif not value.startswith(("http://", "https://")):
        return None
    iri = URIRef(value)
    try:
        nt_term(iri)
    except ValueError:
        return None
    return iri


def _exists(store: Store, iri: URIRef) -> bool:
    result = store.query(f"ASK {{ {nt_term(iri)} ?p ?o }}")
    return isinstance(result, AskResult) and result.value


def resolve_fact(store: Store, text: str, *, param: Param) -> URIRef:
    """A fact IRI from a full IRI, ``event/KEY``-style path, or a bare event or package key."""
    value = text.strip()
    if value.startswith("id:"):  # as tables print it
        value = value[3:]
    candidates: list[URIRef] = []
    if value.startswith(("http://", "https://")):
        candidates.append(URIRef(value))
    elif value.split("/", 1)[0] in _FACT_KINDS and "/" in value:
        candidates.append(ID[value])
    elif _KEY.fullmatch(value):
        candidates += [ID[f"event/{value}"], ID[f"sanctions/{value}"]]
    else:
        raise _bad(param, text, "not an IRI, an event/KEY path or an event key",
                   "give e.g. event/KEY, sanctions/eu-19 or a full IRI")  # fmt: skip
    found: dict[URIRef, tuple[str, str]] = {}
    for iri in candidates:
        try:
            nt_term(iri)
        except ValueError:
            raise _bad(param, text, "not a valid IRI", "remove spaces, quotes and <>{}|^`\\"
                       ) from None  # fmt: skip
        if _exists(store, iri):
            found[iri] = ("event" if "/event/" in iri else "sanctions package", "its key")
    if len(found) > 1:  # a bare key of an event and of a package alike
        raise _ambiguous(param, text, found)
    if found:
        return next(iter(found))
    raise _bad(param, text, "no such fact in the store",
               "copy a meeting, package or statement IRI from another query's output")  # fmt: skip


# --- conversion by type ---------------------------------------------------------------


def convert(store: Store, param: Param, value: str) -> Identifier:
    """The RDF term for one parameter value as the user typed it."""
    if param.type in ("actor", "entity"):
        return resolve_actor(store, value, param=param)
    if param.type == "date":
        try:
            resolved = parse_partial(value)
        except DateError as exc:
            raise _bad(param, value, exc.problem, "write YYYY-MM-DD, YYYY-MM or YYYY") from None
        if resolved is None:
            raise _bad(param, value, "not a date", "write YYYY-MM-DD, YYYY-MM or YYYY")
        day = resolved.latest if _LATEST_NAMES.search(param.name) else resolved.earliest
        assert day is not None  # parse_partial gives closed intervals only
        return Literal(day.isoformat(), datatype=XSD.date)
    if param.type == "status":
        status = STATUSES.get(value.strip().lower())
        if status is None:
            raise _bad(param, value, "unknown status", "use one of " + ", ".join(sorted(STATUSES)))
        return status
    if param.type == "integer":
        if not re.fullmatch(r"[+-]?\d{1,18}", value.strip()):
            raise _bad(param, value, "not an integer", "write digits only, e.g. 19")
        return Literal(str(int(value)), datatype=XSD.integer)
    if param.type == "iri":
        return resolve_fact(store, value, param=param)
    if param.type == "flag":
        flag = _FLAGS.get(value.strip().lower())
        if flag is None:
            raise _bad(param, value, "not true or false", "write true or false (yes/no, 1/0)")
        return Literal(flag, datatype=XSD.boolean)
    return Literal(value)


def _where_group(sparql: str) -> int | None:
    """Offset of the first ``WHERE {`` brace; for ASK/SELECT/DESCRIBE without WHERE, the first."""
    toks = list(tokens(sparql))
    for tok, nxt in itertools.pairwise(toks):
        if tok.kind == "word" and tok.text.upper() == "WHERE" and nxt.kind == "open":
            return nxt.start
    if query_form(sparql) != "CONSTRUCT":  # a CONSTRUCT's first group is its template
        return next((t.start for t in toks if t.kind == "open" and t.depth == 0), None)
    return None


def bind_terms(sparql: str, terms: Mapping[str, Identifier | None]) -> str:
    """The query with a VALUES block of ``terms`` (None → UNDEF) at its marker or first WHERE."""
    return bind_rows(sparql, list(terms), [list(terms.values())] if terms else [])


def bind_rows(
    sparql: str, names: Sequence[str], rows: Sequence[Sequence[Identifier | None]]
) -> str:
    """The query with a VALUES block of several rows of values for ``names``: the rows the
    query gives for each row of values, in one query (the report asks for many actors)."""
    if not names:
        return _MARKER_LINE.sub("", sparql)
    heads = " ".join(f"?{name}" for name in names)
    cells = " ".join(
        "(" + " ".join("UNDEF" if t is None else nt_term(t) for t in row) + ")" for row in rows
    )
    block = f"VALUES ({heads}) {{ {cells} }}"
    if _MARKER_LINE.search(sparql):
        return _MARKER_LINE.sub(lambda _: block, sparql)
    at = _where_group(sparql)
    if at is not None:
        return f"{sparql[: at + 1]}\n  {block}\n{sparql[at + 1 :]}"
    raise UsageError(
        "cannot place the parameters: the query has no 'WHERE {' and no '#@values' line",
        hint="add a line '#@values' inside the WHERE group where the parameters are used",
    )


def _terms(
    store: Store, params: Sequence[Param], given: Mapping[str, str], *, where: str
) -> dict[str, Identifier | None]:
    known = {p.name: p for p in params}
    for name in given:
        if name not in known:
            names = ", ".join(known) or "none"
            raise UsageError(f"{where} has no parameter {name!r}",
                             hint=f"its parameters: {names}")  # fmt: skip
    missing = [p.name for p in params if p.required and p.name not in given]
    if missing:
        example = " ".join(f"-p {n}={known[n].example}" for n in missing)
        raise UsageError(f"{where} needs parameter {', '.join(missing)}", hint=f"add {example}")
    terms = {p.name: convert(store, p, given[p.name]) if p.name in given else None for p in params}
    start, end = terms.get("from"), terms.get("to")
    if isinstance(start, Literal) and isinstance(end, Literal) and str(start) > str(end):
        raise UsageError(
            f"from={given['from']} is after to={given['to']}, so no row could match",
            hint="swap them, or give only one",
        )
    return terms


def bind_query(store: Store, query: CannedQuery, given: Mapping[str, str]) -> str:
    """The canned query's text with the user's parameter values bound."""
    terms = _terms(store, query.params, given, where=f"query {query.name!r}")
    return bind_terms(query.sparql, terms)


def _user_params(sparql: str, given: Mapping[str, str]) -> tuple[list[Param], dict[str, str], bool]:
    """Parameter specs for a user's query: its header if it has one, else ``KEY[:TYPE]``."""
    declared: tuple[Param, ...] = ()
    if sparql.lstrip().startswith("#") and "# title:" in sparql:
        declared = parse_query("query", sparql, source="the query").params
    params = {p.name: p for p in declared}
    values: dict[str, str] = {}
    for key, value in given.items():
        name, _, ptype = key.partition(":")
        if name not in params:
            ptype = ptype or "text"
            if ptype not in PARAM_TYPES:
                raise UsageError(f"unknown parameter type {ptype!r} in -p {key}=...",
                                 hint="use one of " + ", ".join(PARAM_TYPES))  # fmt: skip
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
                raise UsageError(f"-p {key}=...: not a SPARQL variable name",
                                 hint="use letters, digits and '_'")  # fmt: skip
            params[name] = Param(name, ptype, False, "", "")
        values[name] = value
    return list(params.values()), values, bool(declared)


def bind_user_query(store: Store, sparql: str, given: Mapping[str, str]) -> str:
    """A user's query (``--file`` / ``--sparql``) with ``-p`` values bound as ``?KEY``."""
    query_form(sparql)  # refuses updates and non-queries with a clear message
    params, values, declared = _user_params(sparql, given)
    terms = _terms(store, params, values, where="the query")
    if not declared:
        terms = {k: v for k, v in terms.items() if k in values}
    return bind_terms(sparql, terms)


__all__ = [
    "STATUSES",
    "bind_query",
    "bind_terms",
    "bind_user_query",
    "convert",
    "resolve_actor",
    "resolve_fact",
]
