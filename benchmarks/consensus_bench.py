"""What the consensus graph costs at load time and what it buys at query time.

For a synthetic corpus of N articles: the load with consensus upkeep and the
same load without it (the article writes only), so the upkeep's share of the
load time, in wall time and in CPU time (the loading process and its checking
workers: on a shared machine the wall time moves with everything else that
runs, the CPU time much less). With ``--repeat K`` the two loads alternate K
times and the medians are compared. Then the full ``who-met-whom`` listing as
JSON against the listing ceiling and the per-actor queries (``queries_bench``);
the time to load the whole corpus again after editing one article, with the
cache of checked articles the loads filled and with an empty one.

    python benchmarks/consensus_bench.py --articles 10000 --repeat 3
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import queries_bench
from generate import edit_article, generate

from loader.pipeline import corpus
from loader.store.base import GraphPayload, Store
from loader.store.embedded import EmbeddedStore


def _plain_write(store: Store, payloads: Sequence[GraphPayload], **_: object) -> None:
    store.replace_graphs(payloads)


def _cpu_s() -> float:
    """CPU seconds of this process and of its children that have ended (the workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    ended = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + ended.ru_utime + ended.ru_stime


def timed_load(src: Path, store_dir: Path, *, upkeep: bool) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of loading ``src`` into a new store at ``store_dir``."""
    shutil.rmtree(store_dir, ignore_errors=True)
    store = EmbeddedStore(store_dir)
    cpu = _cpu_s()
    start = time.perf_counter()
    try:
        if upkeep:
            report = corpus.load([src], store)
        else:
            with mock.patch.object(corpus, "replace_articles", _plain_write):
                report = corpus.load([src], store)
        assert report.ok, report.errors[:3]
    finally:
        store.close()
    return time.perf_counter() - start, _cpu_s() - cpu


def upkeep_figures(src: Path, work: Path, *, repeat: int = 1) -> dict[str, Any]:
    """Loads without and with the upkeep, alternated ``repeat`` times; medians and shares.

    The last store loaded with the upkeep stays at ``work / "store"``.
    """
    times: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for _ in range(repeat):
        for upkeep in (False, True):
            times[upkeep].append(
                timed_load(src, work / ("store" if upkeep else "plain"), upkeep=upkeep)
            )
    fig: dict[str, Any] = {"upkeep_runs": repeat}
    for upkeep, name in ((False, "without"), (True, "with")):
        fig[f"load_{name}_upkeep_s"] = statistics.median(t for t, _ in times[upkeep])
        fig[f"load_{name}_upkeep_cpu_s"] = statistics.median(c for _, c in times[upkeep])
    fig["upkeep_share"] = 1 - fig["load_without_upkeep_s"] / fig["load_with_upkeep_s"]
    fig["upkeep_share_cpu"] = 1 - fig["load_without_upkeep_cpu_s"] / fig["load_with_upkeep_cpu_s"]
    return fig


def run(articles: int, work: Path, *, repeat: int = 1) -> dict[str, Any]:
    src = work / "corpus"
    generate(src, articles=articles)
    fig: dict[str, Any] = {"articles": articles}
    fig.update(upkeep_figures(src, work, repeat=repeat))
    q = queries_bench.run(work / "store")
    for key in (
        "rows_per_s",
        "listing_ceiling_rows_per_s",
        "listing_ceiling_disk_rows_per_s",
        "meetings_of_s",
        "who_met_whom_actor_s",
        "who_met_whom_all_s",
        "timeline_s",
        "who_met_whom_all_rows",
        "conflicting_reports_s",
        "conflicting_reports_rows",
    ):
        fig[key] = q.get(key)
    if q.get("rows_per_s") and q.get("listing_ceiling_rows_per_s"):
        fig["listing_over_ceiling"] = q["rows_per_s"] / q["listing_ceiling_rows_per_s"]
        fig["listing_over_disk_ceiling"] = q["rows_per_s"] / q["listing_ceiling_disk_rows_per_s"]
    # The corpus loaded again after one edit: with the cache of checked articles the
    # loads above filled, then (another edit) with an empty one: every article checked.
    fig["reload_one_article_s"] = _reload_one_edited(src, work / "store", articles, revision=1)
    with mock.patch.dict(os.environ, {"XDG_CACHE_HOME": str(work / "empty-cache")}):
        fig["reload_one_article_uncached_s"] = _reload_one_edited(
            src, work / "store", articles, revision=2
        )
    fig["reload_uncached_over_cached"] = (
        fig["reload_one_article_uncached_s"] / fig["reload_one_article_s"]
    )
    return fig


def _reload_one_edited(src: Path, store_dir: Path, articles: int, *, revision: int) -> float:
    """Seconds to load the whole corpus again after editing one of its articles."""
    edit_article(src, articles // 2, articles=articles, revision=revision)
    store = EmbeddedStore(store_dir)
    start = time.perf_counter()
    try:
        report = corpus.load([src], store)
        assert report.ok and report.unchanged == articles - 1
    finally:
        store.close()
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument(
        "--repeat", type=int, default=1, help="load without and with the upkeep K times each"
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsgraph-consensus-") as tmp:
        fig = run(args.articles, Path(tmp), repeat=args.repeat)
    json.dump(fig, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
