"""The store directory: a full disk and a folder that is not a store are store errors (exit 3)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import Result

from tests.conftest import EXAMPLE_ARTICLES, EXAMPLES, in_ci
from tests.helpers import graphs_of, synthetic_corpus

Cli = Callable[..., Result]
ARTICLE = "/id/article/"
CATALOG = "<https://w3id.org/newsgraph/catalog>"


def test_a_non_empty_folder_that_is_not_a_store_is_refused(cli: Cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "notes.txt").write_text("my notes\n", encoding="utf-8")
    result = cli("--store", notes, "load", EXAMPLES)
    assert result.exit_code == 3
    assert (
        f"{notes} is not a newsgraph store and is not empty (it holds notes.txt)" in result.output
    )
    assert sorted(p.name for p in notes.iterdir()) == ["notes.txt"]
    # A new directory, nested, is created; the store it becomes is accepted afterwards.
    nested = tmp_path / "a" / "b" / "store"
    assert cli("--store", nested, "load", EXAMPLES).exit_code == 0
    assert cli("--store", nested, "load", EXAMPLES).exit_code == 0


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 32 MB file system (tmpfs), so the store really runs out of space."""
    disk = tmp_path / "disk"
    disk.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs", str(disk)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        message = f"mounting a small tmpfs needs root: {mounted.stderr.strip()}"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], check=False)


def test_a_full_disk_is_a_store_error_and_the_store_stays_whole(
    cli: Cli, small_disk: Path, tmp_path: Path
) -> None:
    store = small_disk / "store"
    assert cli("--store", store, "load", EXAMPLES).exit_code == 0
    before = graphs_of(store)
    filler = small_disk / "filler"
    with filler.open("wb") as out:  # take what is left, less a little for the store's log
        free = shutil.disk_usage(small_disk).free
        out.write(b"\0" * max(0, free - 64 * 1024))
    more = synthetic_corpus(tmp_path / "more", 400)

    result = cli("--store", store, "load", more)
    assert result.exit_code == 3, result.output
    assert f"no space left on the device holding the store {store}" in result.output
    assert "internal error" not in result.output and "Traceback" not in result.output

    os.unlink(filler)
    after = graphs_of(store)
    for graph, lines in before.items():
        if graph != CATALOG:  # which records the load time of any batch that was written
            assert after[graph] == lines, graph
    assert all(g in before for g in after if ARTICLE not in g)
    rerun = cli("--store", store, "load", more)
    assert rerun.exit_code == 0, rerun.output
    assert sum(ARTICLE in g for g in graphs_of(store)) == EXAMPLE_ARTICLES + 400


def test_a_read_only_store_says_so_and_still_answers_queries(cli: Cli, small_disk: Path) -> None:
    store = small_disk / "store"
    assert cli("--store", store, "load", EXAMPLES).exit_code == 0
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = cli("--store", store, "load", EXAMPLES)
    assert result.exit_code == 3
    assert f"the store at {store} is on a read-only file system" in result.output
    assert "check the directory is a newsgraph store and is readable" not in result.output
    assert cli("--store", store, "stats").exit_code == 0
