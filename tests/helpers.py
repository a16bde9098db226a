"""Helpers shared by several test modules (no test module imports another)."""

from __future__ import annotations

from pathlib import Path

from loader.embedded import EmbeddedStore

# How releases before ``ng:sourceDigest`` recorded each graph's source digest.
OLD_DIGESTS = """
PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
DELETE { GRAPH ?g { ?s ng:sourceDigest ?v } }
INSERT { GRAPH ?g { ?s owl:versionInfo ?v } }
WHERE { GRAPH ?g { ?s ng:sourceDigest ?v } }
"""


def with_old_digests(store_dir: Path) -> None:
    """Turn a store into one an earlier release wrote: digests in ``owl:versionInfo``."""
    store = EmbeddedStore(store_dir)
    try:
        store.update(OLD_DIGESTS)
    finally:
        store.close()
