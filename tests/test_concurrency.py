"""Two processes on one embedded store: a second writer gets a clear message, readers work."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

from tests.helpers import CLI, graphs_of, run_cli, synthetic_corpus

ARTICLES = 800


def _wait_for_pid_file(store: Path, proc: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        pid_file = store / "newsgraph.pid"
        if pid_file.exists() and pid_file.read_text().strip() == str(proc.pid):
            return proc.pid
        assert proc.poll() is None, "the first load ended before the test could start"
        time.sleep(0.05)
    raise AssertionError("the first load never opened the store")


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
    )
    pid = _wait_for_pid_file(store, first)

    second = run_cli("--store", str(store), "load", "-q", str(small), timeout=60)
    assert second.returncode == 3, second.stderr
    assert f"store is locked by process {pid}" in second.stderr
    assert "wait" in second.stderr and "--store" in second.stderr
    assert "Traceback" not in second.stderr

    # A reader while the load runs: stats opens read-only and works (or is told it is locked).
    reader = run_cli("--store", str(store), "stats", "--format", "json", timeout=60)
    if reader.returncode == 0:
        assert json.loads(reader.stdout)["articles"] >= 0
    else:
        assert reader.returncode == 3 and "store is locked by process" in reader.stderr
    assert "Traceback" not in reader.stderr

    _out, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    graphs = graphs_of(store)
    assert sum(g.startswith("<https://w3id.org/newsgraph/id/article/") for g in graphs) == ARTICLES
    assert not (store / "newsgraph.pid").exists()


def test_a_stale_pid_file_does_not_block_a_load(tmp_path: Path) -> None:
    root = synthetic_corpus(tmp_path / "corpus", 2)
    store = tmp_path / "store"
    proc = subprocess.Popen(
        [*CLI, "--store", str(store), "load", "-q", str(root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.communicate(timeout=120)
    (store / "newsgraph.pid").write_text("999999", encoding="ascii")  # a process long gone
    again = run_cli("--store", str(store), "load", str(root), timeout=120)
    assert again.returncode == 0, again.stderr
    assert "loaded 2 of 2 articles" in again.stderr
