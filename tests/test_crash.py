"""Crash safety: a load killed mid-write leaves every article graph whole or absent,
and the consensus graph equal to a merge of the article graphs present.

A real ``newsgraph load`` process is killed with SIGKILL several times while it
writes a synthetic corpus of a few thousand articles. The loader says on stderr
each time a batch is in the store (``NEWSGRAPH_PROGRESS=lines``): each kill
comes right after such a line, and the store then proves that it landed
mid-load (it holds at least the articles reported, and not all of them). After
each kill every article graph in the store must equal the graph a clean load
gives, and a final rerun must complete the store with no duplicates.
"""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from loader.consensus.upkeep import recompute
from loader.core.vocab import CONSENSUS_GRAPH
from loader.pipeline import corpus
from loader.store.embedded import PID_FILE, EmbeddedStore
from tests.helpers import CLI, PROGRESS_LINES, first_batch, graphs_of, run_cli, synthetic_corpus

ARTICLES = 2000  # eight batches of 256: each attempt writes one more, then is killed
KILLS = 5

pytestmark = pytest.mark.slow


def consensus_of(store: Path) -> list[str]:
    """The consensus graph's triples, sorted."""
    return graphs_of(store).get(f"<{CONSENSUS_GRAPH}>", [])


def recomputed(store: Path) -> list[str]:
    """The consensus graph a merge of the store's article graphs from scratch gives."""
    opened = EmbeddedStore(store, read_only=True)
    try:
        text = recompute(opened).encode("utf-8")
    finally:
        opened.close()
    return sorted(str(t) for t in ox.parse(text, ox.RdfFormat.N_TRIPLES))


def start_load(store: Path, root: Path, *, keep_going: bool) -> subprocess.Popen[bytes]:
    args = [*CLI, "--store", str(store), "load", "-q", "--workers", "2", str(root)]
    if keep_going:
        args.insert(-1, "--keep-going")
    # Its own process group, so the kill reaches the checking workers too.
    return subprocess.Popen(
        args,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env={**os.environ, **PROGRESS_LINES},
    )


def test_killed_loads_leave_whole_graphs_and_a_rerun_completes(tmp_path: Path) -> None:
    root = synthetic_corpus(tmp_path / "corpus", ARTICLES)
    reference_store = EmbeddedStore(tmp_path / "reference")
    report = corpus.load([root], reference_store, workers=1)
    reference_store.close()
    assert report.ok and len(report.loaded) == ARTICLES
    reference = graphs_of(tmp_path / "reference")
    article_prefix = "<https://w3id.org/newsgraph/id/article/"

    store = tmp_path / "store"
    for kill in range(1, KILLS + 1):
        proc = start_load(store, root, keep_going=kill % 3 != 0)
        reported, total = first_batch(proc)
        assert total == ARTICLES and reported < total
        os.killpg(proc.pid, signal.SIGKILL)
        assert proc.wait() == -signal.SIGKILL
        # The killed loader left its pid file behind; the next load must not be blocked by it.
        assert (store / PID_FILE).exists()
        present = graphs_of(store)
        for graph, lines in present.items():
            if graph.startswith(article_prefix):
                missing = sorted(set(reference[graph]) - set(lines))[:3]
                extra = sorted(set(lines) - set(reference[graph]))[:3]
                assert lines == reference[graph], (
                    f"{graph} differs after kill {kill}: {len(lines)} of "
                    f"{len(reference[graph])} triples; missing {missing}; extra {extra}"
                )
        loaded = sum(g.startswith(article_prefix) for g in present)
        # Mid-load: what the loader reported is there, and not the whole corpus.
        assert reported <= loaded < ARTICLES, (kill, reported, loaded)
        assert consensus_of(store) == recomputed(store), f"consensus after kill {kill}"

    rerun = run_cli("--store", str(store), "load", "-q", str(root), timeout=300)
    assert rerun.returncode == 0, rerun.stderr
    final = graphs_of(store)
    assert set(final) == set(reference)
    # The ontology graph comes from ontology/ at load time; the data graphs must match exactly.
    # The ontology graph's blank nodes are relabelled on every write, and the catalog
    # records load times: the data graphs must match exactly.
    skip = ("<https://w3id.org/newsgraph/ontology>", "<https://w3id.org/newsgraph/catalog>")
    for graph, lines in reference.items():
        if graph not in skip:
            assert final[graph] == lines, graph
    data = sum(len(v) for g, v in final.items() if g not in skip)
    assert data == sum(len(v) for g, v in reference.items() if g not in skip)
    catalog = [line for line in final[skip[1]] if "#sourceFile>" in line]
    assert len(catalog) == ARTICLES, "every article's source file is recorded"
