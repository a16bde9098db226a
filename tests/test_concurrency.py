"""Two processes on one embedded store: a second writer gets a clear message, readers work.

Each test fixes the moment it checks instead of racing the loader: the running
load is held still (SIGSTOP) right after it reported a batch in the store, and
the reader reads beside a writer that holds the store open between writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

import pytest

from loader.pipeline import corpus
from loader.store.embedded import EmbeddedStore
from tests.helpers import CLI, PROGRESS_LINES, first_batch, graphs_of, run_cli, synthetic_corpus

ARTICLES = 800


@pytest.mark.slow
def test_second_loader_is_told_the_store_is_locked_and_the_first_is_unaffected(
    tmp_path: Path,
) -> None:
    root = synthetic_corpus(tmp_path / "corpus", ARTICLES)
    small = synthetic_corpus(tmp_path / "small", 3)
    store = tmp_path / "store"
    first = subprocess.Popen(
        [*CLI, "--store", str(store), "load", "-q", "--keep-going", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, **PROGRESS_LINES},
    )
    in_store, total = first_batch(first)
    assert 0 < in_store < total == ARTICLES  # mid-load, holding the store
    os.kill(first.pid, signal.SIGSTOP)  # and it stays so while the second one tries
    try:
        second = run_cli("--store", str(store), "load", "-q", str(small), timeout=120)
    finally:
        os.kill(first.pid, signal.SIGCONT)
    assert second.returncode == 3, second.stderr
    assert f"store is locked by process {first.pid}" in second.stderr
    assert "wait" in second.stderr and "--store" in second.stderr
    assert "Traceback" not in second.stderr

    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    graphs = graphs_of(store)
    assert sum(g.startswith("<https://w3id.org/newsgraph/id/article/") for g in graphs) == ARTICLES
    assert not (store / "newsgraph.pid").exists()


def test_a_reader_beside_a_writer_reads_what_the_writer_wrote(tmp_path: Path) -> None:
    root = synthetic_corpus(tmp_path / "corpus", 4)
    later = root / "articles" / "crash-00003.yaml"
    held_back = later.rename(tmp_path / later.name)
    store = tmp_path / "store"
    assert run_cli("--store", str(store), "load", "-q", str(root), timeout=120).returncode == 0
    held_back.rename(later)
    writer = EmbeddedStore(store)  # holds the store for writing, as a running load does
    try:
        assert len(corpus.load([root], writer, workers=1).loaded) == 4
        reader = run_cli("--store", str(store), "stats", "--format", "json", timeout=120)
        holder = (store / "newsgraph.pid").read_text(encoding="ascii")
    finally:
        writer.close()
    assert holder == str(os.getpid())
    assert reader.returncode == 0, reader.stderr
    assert json.loads(reader.stdout)["articles"] == 4, "the reader sees the last batch written"


def test_a_stale_pid_file_does_not_block_a_load(tmp_path: Path) -> None:
    root = synthetic_corpus(tmp_path / "corpus", 2)
    store = tmp_path / "store"
    first = run_cli("--store", str(store), "load", "-q", str(root), timeout=120)
    assert first.returncode == 0, first.stderr
    (store / "newsgraph.pid").write_text("999999", encoding="ascii")  # a process long gone
    again = run_cli("--store", str(store), "load", str(root), timeout=120)
    assert again.returncode == 0, again.stderr
    assert "loaded 2 of 2 articles" in again.stderr
