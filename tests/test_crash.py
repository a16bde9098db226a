"""Crash safety: a load killed at random moments leaves every article graph whole or absent,
and the consensus graph equal to a merge of the article graphs present.

A real ``newsgraph load`` process is killed with SIGKILL several times while it
writes a synthetic corpus of a few thousand articles; after each kill every
article graph in the store must equal the graph a clean load gives, and a
final rerun must complete the store with no duplicates.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pyoxigraph as ox

from loader import corpus
from loader.consensus.upkeep import recompute
from loader.embedded import PID_FILE, EmbeddedStore
from loader.vocab import CONSENSUS_GRAPH
from tests.test_errors import GAZETTEER

ARTICLES = 2000
KILLS = 5
SEED = 20251123
CLI = [sys.executable, "-c", "from loader.cli import main; main()"]

TEMPLATE = """\
article:
  id: crash-{n:05d}
  title: Talks number {n}
  published: 2025-11-10
  text: |
    Report {n}. Lavrov met Rubio in Geneva on Friday for round {n}.
    Lavrov said round {n} of the talks was useful.
meetings:
  - event: round-{round}
    kind: talks
    status: held
    participants: [sergei-lavrov, marco-rubio]
    date: last Friday
    place: geneva
    evidence:
      - met Rubio in Geneva on Friday for round {n}
statements:
  - speaker: sergei-lavrov
    speech: reported
    about: [marco-rubio]
    evidence:
      - round {n} of the talks was useful
"""


def synthetic_corpus(root: Path, articles: int = ARTICLES) -> Path:
    """A valid corpus of ``articles`` small articles (shared events, so graphs overlap)."""
    (root / "articles").mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    for n in range(articles):
        path = root / "articles" / f"crash-{n:05d}.yaml"
        path.write_text(TEMPLATE.format(n=n, round=n % 50), encoding="utf-8")
    return root


def graphs_of(store: Path) -> dict[str, list[str]]:
    """Each graph of a store as its sorted N-Triples lines (no blank nodes here)."""
    db = ox.Store.read_only(str(store))
    graphs: dict[str, list[str]] = defaultdict(list)
    for quad in db:
        graphs[str(quad.graph_name)].append(str(quad.triple))
    del db
    return {g: sorted(lines) for g, lines in graphs.items()}


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


def run_cli(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run the newsgraph command in a fresh interpreter, its output as text."""
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


def start_load(store: Path, root: Path, *, keep_going: bool) -> subprocess.Popen[bytes]:
    args = [*CLI, "--store", str(store), "load", "-q", "--workers", "2", str(root)]
    if keep_going:
        args.insert(-1, "--keep-going")
    # Its own process group, so the kill reaches the checking workers too.
    return subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True
    )


def test_killed_loads_leave_whole_graphs_and_a_rerun_completes(tmp_path: Path) -> None:
    root = synthetic_corpus(tmp_path / "corpus")
    reference_store = EmbeddedStore(tmp_path / "reference")
    report = corpus.load([root], reference_store, workers=1)
    reference_store.close()
    assert report.ok and len(report.loaded) == ARTICLES
    reference = graphs_of(tmp_path / "reference")
    article_prefix = "<https://w3id.org/newsgraph/id/article/"

    rng = random.Random(SEED)
    store = tmp_path / "store"
    kills = partial = 0
    for attempt in range(4 * KILLS):
        if kills >= KILLS:
            break
        proc = start_load(store, root, keep_going=attempt % 3 != 2)
        # Kill at a random moment of the load itself, not of the interpreter's start-up
        # (which takes seconds on a busy machine): wait until the store is open.
        opened = time.monotonic() + 60
        while not (store / PID_FILE).exists() and proc.poll() is None and time.monotonic() < opened:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.05, 1.5))
        if proc.poll() is not None:  # it finished first; try again with another delay
            assert proc.returncode == 0, proc.stderr.read() if proc.stderr else ""
            continue
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
        if not (store / PID_FILE).exists():
            continue  # killed while the interpreter exited, after the store was closed
        kills += 1  # the killed loader left a stale pid file behind, which must not block
        present = graphs_of(store)
        for graph, lines in present.items():
            if graph.startswith(article_prefix):
                missing = sorted(set(reference[graph]) - set(lines))[:3]
                extra = sorted(set(lines) - set(reference[graph]))[:3]
                assert lines == reference[graph], (
                    f"{graph} differs after kill {kills}: {len(lines)} of "
                    f"{len(reference[graph])} triples; missing {missing}; extra {extra}"
                )
        assert consensus_of(store) == recomputed(store), f"consensus after kill {kills}"
        loaded = sum(g.startswith(article_prefix) for g in present)
        partial += 0 < loaded < ARTICLES
    assert kills >= KILLS, "the load finished before it could be killed often enough"
    assert partial, "no kill landed while articles were being written"

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
