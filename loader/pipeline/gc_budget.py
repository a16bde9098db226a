"""Fewer garbage collections while a load runs.

A load makes millions of short-lived objects (parsed quads, claims, rows)
while it holds tens of thousands of long-lived ones (the claims of the facts
already met, see ``loader.consensus.known``). With Python's default
thresholds the collector then runs a full pass every few batches, and each
pass walks every long-lived object: about 6 s of the loading process's CPU
for 10,000 articles, most of it in the consensus upkeep. Nothing the loader
builds needs the cycle collector to be freed in time (reference counting
frees it), so the thresholds are raised while a load runs and put back after.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

THRESHOLDS = (50_000, 20, 10)  # net allocations before a young pass; passes before an older one


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Raise the collector's thresholds (never lower them) for the block, then restore them."""
    before = gc.get_threshold()
    gc.set_threshold(*(max(old, new) for old, new in zip(before, THRESHOLDS, strict=False)))
    try:
        yield
    finally:
        gc.set_threshold(*before)


__all__ = ["THRESHOLDS", "fewer_collections"]
