"""How long `newsgraph report` takes on a large store, and how fast its pages open.

    python benchmarks/report_bench.py WORKDIR [--articles 10000] [--seed 42] [--texts]

Generates a synthetic corpus (benchmarks/generate.py) in WORKDIR and loads it,
unless WORKDIR already holds both (``corpus/`` and ``store/``); then times
``newsgraph report`` as a whole process (wall and CPU time, peak RSS; the
machine's load average is recorded, since it is shared), and
opens the network page and the timeline in headless Chromium (Debian's
``chromium``, through Playwright), timing each from navigation until the page
has loaded and its script has drawn (the network: Cytoscape's graph object
exists; the timeline: its SVG), then one filter change on the network page.
Prints one JSON object on its last line.

With ``--phases`` the benchmark also builds the report in this process twice,
timing each phase (gathering, ``sources-of``, rendering) and each canned query:
first without ``conflicting-reports`` (its rows replaced by none), to show what
the report costs without that query, then with it; between the two it times
``conflicting-reports`` alone. The report code is not changed for
this: the benchmark wraps its functions.

Targets (issue 22): the report in under 60 s at 10,000 articles, the network
page interactive in under 5 s.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import measure
import psutil
from run import newsgraph_cmd

REPORT_TARGET_S = 60.0
PAGE_TARGET_S = 5.0


def prepare(workdir: Path, *, articles: int, seed: int) -> tuple[Path, Path, dict[str, Any]]:
    corpus, store = workdir / "corpus", workdir / "store"
    fig: dict[str, Any] = {}
    if not (corpus.is_dir() and store.is_dir()):
        shutil.rmtree(workdir, ignore_errors=True)
        workdir.mkdir(parents=True)
        generate.generate(corpus, articles=articles, seed=seed)
        loaded = measure.run([*newsgraph_cmd(), "--store", str(store), "load", str(corpus), "-q"])
        fig["load_s"] = round(loaded.check("load").seconds, 1)
    return corpus, store, fig


def time_report(store: Path, site: Path, *, texts: Path | None) -> dict[str, Any]:
    shutil.rmtree(site, ignore_errors=True)
    cmd = [*newsgraph_cmd(), "--store", str(store), "report", str(site)]
    if texts is not None:
        cmd += ["--texts", str(texts)]
    # CPU time of the report process (user + system), which a busy machine does not inflate
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = measure.run(cmd).check("report")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {
        "report_s": round(done.seconds, 1),
        "report_peak_rss_mb": round(done.peak_rss_mb),
        "report_output": done.stdout.strip().splitlines()[0],
        "fact_pages": len(list((site / "facts").iterdir())),
        "site_mb": round(sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 2**20, 1),
        "report_cpu_s": round(cpu, 1),
    }


def time_pages(site: Path) -> dict[str, Any]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    fig: dict[str, Any] = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        for name, ready in (
            ("network", "window.newsgraphNetwork !== undefined"),
            ("timeline", "document.querySelector('#timeline svg') !== null"),
        ):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            errors: list[str] = []
            page.on("pageerror", lambda exc, errors=errors: errors.append(str(exc)))
            url = (site / ("index.html" if name == "network" else "timeline.html")).as_uri()
            t0 = time.perf_counter()
            page.goto(url, timeout=120_000)
            page.wait_for_function(ready, timeout=120_000)
            fig[f"{name}_load_s"] = round(time.perf_counter() - t0, 2)
            if name == "network":
                fig["network_nodes"] = page.evaluate("window.newsgraphNetwork.nodes().length")
                fig["network_edges"] = page.evaluate("window.newsgraphNetwork.edges().length")
                t0 = time.perf_counter()
                page.uncheck("input[name=status][value=held]")
                page.wait_for_function("/shown/.test(document.getElementById('network-status')"
                                       ".textContent)")  # fmt: skip
                fig["network_filter_s"] = round(time.perf_counter() - t0, 2)
            fig[f"{name}_errors"] = errors
            page.close()
        browser.close()
    return fig


def _timed(func: Callable[..., Any], into: dict[str, float], key: Callable[..., str]) -> Any:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            into[key(*args, **kwargs)] += time.perf_counter() - t0

    return wrapper


@contextmanager
def _instrumented(times: dict[str, float], *, skip: str | None) -> Iterator[None]:
    """Wrap the report's phases and canned-query calls with timers (``skip``: a query whose
    rows are replaced by none)."""
    import loader.report as report
    import loader.report.data as data

    saved = {(m, n): getattr(m, n) for m, n in (
        (report, "gather"), (report, "fetch_sources"), (report, "write_site"),
        (data, "canned"), (data, "canned_for_each"))}  # fmt: skip

    def canned(store: Any, name: str, terms: Any = None) -> Any:
        return [] if name == skip else saved[data, "canned"](store, name, terms)

    report.gather = _timed(report.gather, times, lambda *a, **k: "phase: gather")
    report.fetch_sources = _timed(report.fetch_sources, times, lambda *a, **k: "phase: sources-of")
    report.write_site = _timed(report.write_site, times, lambda *a, **k: "phase: render+write")
    data.canned = _timed(canned, times, lambda store, name, *a, **k: f"query: {name}")
    data.canned_for_each = _timed(data.canned_for_each, times,
                                  lambda store, name, *a, **k: f"query: {name} (batched)")  # fmt: skip
    try:
        yield
    finally:
        for (module, name), value in saved.items():
            setattr(module, name, value)


def time_phases(store_dir: Path, workdir: Path) -> dict[str, Any]:
    """The report built in this process with and without ``conflicting-reports``, timed by
    phase and by query (queries run two at a time, so their times overlap)."""
    from loader.report import build_report
    from loader.report.data import canned
    from loader.store.embedded import EmbeddedStore

    fig: dict[str, Any] = {}
    store = EmbeddedStore(store_dir, read_only=True)
    try:
        # The report without conflicting-reports, the query alone, then the report with it;
        # each figure is printed as soon as it is known (the whole can take long).
        for label, skip in (("without", "conflicting-reports"), ("alone", ""), ("with", None)):
            if label == "alone":
                t0 = time.perf_counter()
                fig["conflicting_reports_rows"] = len(canned(store, "conflicting-reports"))
                fig["conflicting_reports_alone_s"] = round(time.perf_counter() - t0, 1)
                print(json.dumps(fig), file=sys.stderr, flush=True)
                continue
            site = workdir / f"site-phases-{label}"
            shutil.rmtree(site, ignore_errors=True)
            times: dict[str, float] = defaultdict(float)
            t0, cpu0 = time.perf_counter(), time.process_time()
            with _instrumented(times, skip=skip):
                build_report(store, site)
            times["total"] = time.perf_counter() - t0
            # CPU of this process, the store's threads included: what a loaded machine does
            # not inflate
            times["total_cpu"] = time.process_time() - cpu0
            fig[f"phases_{label}_conflicting_reports_s"] = {
                k: round(v, 1) for k, v in sorted(times.items())}  # fmt: skip
            print(json.dumps(fig), file=sys.stderr, flush=True)
    finally:
        store.close()
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("workdir", type=Path)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--texts", action="store_true", help="also read the article texts")
    parser.add_argument(
        "--phases",
        action="store_true",
        help="also time each phase and query, with and without conflicting-reports",
    )
    parser.add_argument(
        "--no-report",
        action="store_true",
        help="skip the timed report process (with --phases: only the phases)",
    )
    args = parser.parse_args(argv)
    corpus, store, fig = prepare(args.workdir, articles=args.articles, seed=args.seed)
    fig["articles"] = args.articles
    fig["load_average_1m"] = round(psutil.getloadavg()[0], 1)
    site = args.workdir / "site"
    if not args.no_report:
        fig.update(time_report(store, site, texts=corpus if args.texts else None))
        fig.update(time_pages(site))
        fig["report_target_met"] = fig["report_s"] < REPORT_TARGET_S
        fig["network_target_met"] = fig["network_load_s"] < PAGE_TARGET_S
    if args.phases:
        fig.update(time_phases(store, args.workdir))
    fig["machine"] = measure.machine()
    print(json.dumps(fig))
    return 0


if __name__ == "__main__":
    sys.exit(main())
