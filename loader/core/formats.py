"""The one table of RDF formats and prefixes every reader, writer and printer uses."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import pyoxigraph as ox

from loader.core.vocab import ID, NG

DumpFormat = Literal["nquads", "trig", "ntriples", "turtle"]

OX_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "turtle": ox.RdfFormat.TURTLE,
}

# The vocabularies of the ontology and the exports, by their usual prefix.
PREFIXES: dict[str, str] = {
    "ng": str(NG),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "wd": "http://www.wikidata.org/entity/",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "prov": "http://www.w3.org/ns/prov#",
    "schema": "https://schema.org/",
    "time": "http://www.w3.org/2006/time#",
    "oa": "http://www.w3.org/ns/oa#",
}
# ... plus the instances: actors, events and articles, as tables print them.
ALL_PREFIXES: dict[str, str] = {**PREFIXES, "id": str(ID)}
# What tables and messages shorten: our own terms only, so other IRIs stay whole.
OUR_PREFIXES = ("id", "ng")


def curie(iri: str, prefixes: Iterable[str] = OUR_PREFIXES) -> str:
    """``id:actor/x`` for an IRI in one of the given namespaces, else the IRI unchanged."""
    for prefix in prefixes:
        ns = ALL_PREFIXES[prefix]
        if iri.startswith(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri
