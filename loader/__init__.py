"""newsgraph: annotated news about diplomacy as an RDF knowledge graph.

The public Python API (see ``docs/api.md``)::

    import loader
    store = loader.open_store("my-store")
    loader.load(store, "examples/")
    for row in loader.query(store, "who-met-whom"):
        print(row["a_name"], row["b_name"], row["earliest"])

The names below are imported on first use, so ``import loader`` stays cheap
and the sub-packages never import this module.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loader.core.version import __version__

if TYPE_CHECKING:
    from loader.api import (
        CorpusInvalidError,
        NewsgraphError,
        Report,
        Row,
        Store,
        export,
        load,
        open_store,
        query,
        sparql,
        validate,
    )

__all__ = [
    "CorpusInvalidError",
    "NewsgraphError",
    "Report",
    "Row",
    "Store",
    "__version__",
    "export",
    "load",
    "open_store",
    "query",
    "sparql",
    "validate",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from loader import api

        return getattr(api, name)
    raise AttributeError(f"module 'loader' has no attribute {name!r}")
