"""The term model: RDF terms as the loader writes them, and their N-Triples form.

Every layer that serializes a term (the store writers, the loader's own SPARQL,
the exporters) goes through :func:`nt_term`, so escaping is done one way only.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.term import Identifier

Term = URIRef | RdfLiteral | BNode
Triple = tuple[URIRef | BNode, URIRef, Term]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_IRI = re.compile(r'[<>"{}|^`\\\x00-\x20]')


@lru_cache(maxsize=65536)
def _nt_iri(iri: str) -> str:
    # Actor, class and property IRIs repeat in every article: check and format each once.
    if _BAD_IRI.search(iri):
        raise ValueError(f"not a valid IRI: {iri!r}")
    return f"<{iri}>"


def nt_iri(iri: str) -> str:
    """An IRI given as a string in N-Triples syntax (what ``nt_term`` writes for its URIRef)."""
    return _nt_iri(iri)


def nt_string(value: str) -> str:
    """A string as a quoted N-Triples literal (the escapes N-Triples and SPARQL both need)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\n", "\\n").replace("\r", "\\r") + '"'


class NtLiteral(str):
    """A literal written in N-Triples syntax already (see :func:`nt_literal`)."""

    __slots__ = ()


_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"


@lru_cache(maxsize=65536)
def nt_literal(value: str, datatype: str | None = None) -> NtLiteral:
    """A literal in N-Triples syntax, as ``nt_term`` writes it, without an rdflib term.

    Derived triples repeat the same dates, counts and labels: each is written
    once. An integer's lexical form is canonical, as rdflib makes it.
    """
    if datatype is None or datatype == _XSD_STRING:
        return NtLiteral(nt_string(value))
    if datatype == _XSD_INTEGER:
        value = str(int(value))
    return NtLiteral(f"{nt_string(value)}^^{_nt_iri(datatype)}")


def nt_term(term: Identifier) -> str:
    """One term in N-Triples syntax; safe to place in SPARQL ``INSERT DATA`` / ``VALUES``."""
    if isinstance(term, URIRef):
        return _nt_iri(str(term))
    if isinstance(term, RdfLiteral):
        text = nt_string(str(term))
        if term.language:
            return f"{text}@{term.language}"
        if term.datatype and str(term.datatype) != _XSD_STRING:
            return f"{text}^^<{term.datatype}>"
        return text
    if isinstance(term, BNode):
        return f"_:{term}"
    raise TypeError(f"not an RDF term: {term!r}")


# --- pyoxigraph terms ---------------------------------------------------------------


def to_ox(term: Identifier) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, RdfLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def from_ox(term: Any) -> Term:
    """A pyoxigraph term as an rdflib term (plain literals stay untyped)."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == _XSD_STRING:
            return _plain_literal(term.value)
        return _typed_literal(term.value, dt)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise TypeError(f"unsupported term from the store: {term!r}")


@lru_cache(maxsize=65536)
def _plain_literal(value: str) -> RdfLiteral:
    # Names, statuses and kinds repeat down a result's rows: one immutable literal each.
    return RdfLiteral(value)


@lru_cache(maxsize=65536)
def _typed_literal(value: str, datatype: str) -> RdfLiteral:
    # Result rows repeat the same dates and counts; rdflib parses each typed literal's
    # value on construction, and literals are immutable, so one per distinct term will do.
    return RdfLiteral(value, datatype=URIRef(datatype))
