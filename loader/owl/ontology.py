"""Where the packaged ontology and SHACL shapes live, and how to read them.

Both files ship inside the wheel as ``loader.resources.ontology``; in a source
checkout that package is the top-level ``ontology/`` directory.
"""

from __future__ import annotations

import importlib.resources
from functools import lru_cache
from pathlib import Path

from rdflib import Graph
from rdflib.compare import to_canonical_graph

from loader.core.errors import NewsgraphError

RESOURCE_PACKAGE = "loader.resources.ontology"
ONTOLOGY_FILE = "newsgraph.ttl"
SHAPES_FILE = "shapes.ttl"

__all__ = [
    "ONTOLOGY_FILE",
    "SHAPES_FILE",
    "ontology_graph",
    "ontology_ntriples",
    "ontology_path",
    "shapes_graph",
    "shapes_path",
]


def _resource(name: str) -> Path:
    try:
        path = Path(str(importlib.resources.files(RESOURCE_PACKAGE) / name))
    except ModuleNotFoundError:
        # A source checkout that was not installed: the package dir is ./ontology.
        path = Path(__file__).resolve().parents[2] / "ontology" / name
    if not path.is_file():
        raise NewsgraphError(
            f"the packaged file {name} is missing (looked at {path})",
            hint="reinstall newsgraph (pip install .) or restore ontology/ in the checkout",
        )
    return path


def ontology_path() -> Path:
    """Path of the ontology in Turtle (``newsgraph.ttl``)."""
    return _resource(ONTOLOGY_FILE)


def shapes_path() -> Path:
    """Path of the SHACL shapes in Turtle (``shapes.ttl``)."""
    return _resource(SHAPES_FILE)


@lru_cache(maxsize=1)
def _ontology_text() -> str:
    return ontology_path().read_text(encoding="utf-8")


def ontology_graph() -> Graph:
    """A fresh rdflib graph holding the ontology (callers may modify it)."""
    return Graph().parse(data=_ontology_text(), format="turtle")


def shapes_graph() -> Graph:
    """A fresh rdflib graph holding the SHACL shapes."""
    return Graph().parse(shapes_path(), format="turtle")


@lru_cache(maxsize=1)
def ontology_ntriples() -> str:
    """The ontology as sorted N-Triples with canonical blank node labels.

    OWL restrictions and lists need blank nodes; canonical labels make the
    text identical on every call and every run.
    """
    canonical = to_canonical_graph(ontology_graph())
    lines = canonical.serialize(format="nt", encoding="utf-8").decode("utf-8").splitlines()
    return "".join(f"{line}\n" for line in sorted(set(lines)) if line.strip())
