"""The SPARQL the loader sends for itself, kept as files in ``loader/resources/sparql``.

Kept apart from the code, each request can be read, and tried in a query
editor against any server, as it is. A placeholder ``$name`` is replaced by an
RDF term serialized by :func:`loader.core.terms.nt_term` (a list of terms: the
terms separated by spaces; a list of triples: N-Triples lines, for ``INSERT
DATA``); nothing else is substituted, so no caller text ever becomes SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.resources import files

from rdflib.term import Identifier

from loader.core.terms import Triple, nt_term

_PLACEHOLDER = re.compile(r"\$([a-z_]+)")


@cache
def _text(name: str) -> str:
    return files("loader.resources").joinpath("sparql", name).read_text(encoding="utf-8")


Fill = Identifier | Sequence[Identifier] | Sequence[Triple]


def own_sparql(name: str, **terms: Fill) -> str:
    """The request ``name`` (a file in resources/sparql) with its placeholders filled."""

    def fill(m: re.Match[str]) -> str:
        value = terms[m.group(1)]
        if isinstance(value, Identifier):
            return nt_term(value)
        return "".join(_one(t) for t in value).strip()

    return _PLACEHOLDER.sub(fill, _text(name))


def _one(item: Identifier | Triple) -> str:
    if isinstance(item, tuple):
        s, p, o = item
        return f"{nt_term(s)} {nt_term(p)} {nt_term(o)} .\n"
    return nt_term(item) + " "


def own_updates(name: str, each: Sequence[Mapping[str, Fill]]) -> str:
    """The update ``name`` once per set of terms, as one request (operations joined by ";")."""
    return " ;\n".join(own_sparql(name, **terms).strip() for terms in each)
