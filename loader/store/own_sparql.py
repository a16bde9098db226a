"""The SPARQL the loader sends for itself, kept as files in ``loader/resources/sparql``.

Kept apart from the code, each request can be read, and tried in a query
editor against any server, as it is. A placeholder ``$name`` is replaced by an
RDF term serialized by :func:`loader.store.base.nt_term` (a list of terms: the terms
separated by spaces); nothing else is substituted, so no caller text ever
becomes SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from importlib.resources import files

from rdflib.term import Identifier

from loader.core.terms import nt_term

_PLACEHOLDER = re.compile(r"\$([a-z_]+)")


@cache
def _text(name: str) -> str:
    return files("loader.resources").joinpath("sparql", name).read_text(encoding="utf-8")


def own_sparql(name: str, **terms: Identifier | Sequence[Identifier]) -> str:
    """The request ``name`` (a file in resources/sparql) with its placeholders filled."""

    def fill(m: re.Match[str]) -> str:
        value = terms[m.group(1)]
        if isinstance(value, Identifier):
            return nt_term(value)
        return " ".join(nt_term(t) for t in value)

    return _PLACEHOLDER.sub(fill, _text(name))
