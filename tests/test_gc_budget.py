"""A load raises the garbage collector's thresholds while it runs and puts them back after.

The library is used from notebooks and servers: a load must leave the
interpreter's collector as it found it, whether the load succeeds or fails.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from pathlib import Path

import pytest

from loader.core.errors import NewsgraphError
from loader.pipeline import corpus
from loader.pipeline.gc_budget import THRESHOLDS
from loader.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLES


@pytest.fixture
def default_thresholds() -> Iterator[tuple[int, int, int]]:
    before = gc.get_threshold()
    gc.set_threshold(700, 10, 10)
    yield gc.get_threshold()
    gc.set_threshold(*before)


def test_a_load_collects_less_often_and_restores_the_thresholds(
    tmp_path: Path, default_thresholds: tuple[int, int, int]
) -> None:
    during: list[tuple[int, int, int]] = []
    store = EmbeddedStore(tmp_path / "store")
    try:
        report = corpus.load(
            [EXAMPLES], store, progress=lambda done, total: during.append(gc.get_threshold())
        )
    finally:
        store.close()
    assert report.ok and report.loaded
    assert during and all(t == THRESHOLDS for t in during)
    assert gc.get_threshold() == default_thresholds


def test_a_failed_load_restores_them_too(
    tmp_path: Path, default_thresholds: tuple[int, int, int]
) -> None:
    store = EmbeddedStore(tmp_path / "store")
    try:
        with pytest.raises(NewsgraphError):
            corpus.load([tmp_path / "no-such-folder"], store)
    finally:
        store.close()
    assert gc.get_threshold() == default_thresholds


def test_thresholds_a_caller_raised_further_are_kept(tmp_path: Path) -> None:
    before = gc.get_threshold()
    gc.set_threshold(1_000_000, 100, 100)
    seen: list[tuple[int, int, int]] = []
    store = EmbeddedStore(tmp_path / "store")
    try:
        corpus.load([EXAMPLES], store, progress=lambda *_: seen.append(gc.get_threshold()))
        assert seen and set(seen) == {(1_000_000, 100, 100)}
        assert gc.get_threshold() == (1_000_000, 100, 100)
    finally:
        store.close()
        gc.set_threshold(*before)
