"""Load a synthetic corpus into the embedded store, an Oxigraph server and Virtuoso, in one run.

    python benchmarks/remote_bench.py --articles 10000 [--articles 100000] [--jobs N]

For each size: ``newsgraph load`` (whole process) into an empty embedded
store, then into a fresh Oxigraph server and a fresh Virtuoso 7 on loopback
(started as the tests start them, see tests/servers.py), and the ratios of the
remote loads to the embedded one, measured in the same run. On Virtuoso it then
times the per-actor canned queries for the typical person (median of 5 runs)
and checks the quads equal the embedded store's. Prints one JSON object per
size, and a summary line for RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate  # noqa: E402
import measure  # noqa: E402
from queries_bench import pick_actors  # noqa: E402

from loader.core.errors import StoreError  # noqa: E402
from loader.queries.results import rows_as_dicts  # noqa: E402
from loader.queries.run import run_query  # noqa: E402
from loader.store.embedded import EmbeddedStore  # noqa: E402
from tests.servers import Server, cli_args, cli_env, start_oxigraph, start_virtuoso  # noqa: E402

PER_ACTOR = ("who-met-whom", "meetings-of", "timeline", "statements-by")


def newsgraph() -> list[str]:
    return [str(Path(sys.executable).parent / "newsgraph")]


def timed_load(args: list[str], env: dict[str, str] | None = None) -> float:
    old = dict(os.environ)
    os.environ.update(env or {})
    try:
        return measure.run([*newsgraph(), *args]).check(" ".join(args[:4])).seconds
    finally:
        os.environ.clear()
        os.environ.update(old)


def remote_load(server: Server, corpus: Path, jobs: int | None) -> float:
    extra = ["--jobs", str(jobs)] if jobs else []
    options = server.options()
    seconds = timed_load([*cli_args(options), "load", "-q", *extra, str(corpus)], cli_env(options))
    print(f"{server.kind} load: {seconds:.1f} s", file=sys.stderr, flush=True)
    return seconds


def timed_query(fig: dict[str, Any], key: str, fn: Any) -> None:
    """The median time and row count of a query, or the server's refusal."""
    try:
        seconds, rows, _ = measure.median_time(fn)
    except StoreError as exc:
        fig[f"{key}_error"] = exc.problem.splitlines()[0][:300]
        return
    fig[f"{key}_s"] = seconds
    fig[f"{key}_rows"] = len(rows)


def measure_size(n: int, *, workdir: Path, jobs: int | None) -> dict[str, Any]:
    corpus = workdir / f"corpus-{n}"
    generate.generate(corpus, articles=n)
    fig: dict[str, Any] = {"articles": n}
    store = workdir / f"emb-{n}"
    fig["embedded_load_s"] = timed_load(["--store", str(store), "load", "-q", str(corpus)])
    print(f"embedded load: {fig['embedded_load_s']:.1f} s", file=sys.stderr, flush=True)
    emb = EmbeddedStore(store, read_only=True)
    fig["quads"] = emb.quad_count()
    actors = pick_actors(emb)
    fig["typical_actor"] = actors["typical_actor"]
    emb.close()
    ox = start_oxigraph(workdir / f"ox-{n}")
    try:
        fig["oxigraph_load_s"] = remote_load(ox, corpus, jobs)
        fig["oxigraph_quads"] = ox.store().quad_count()
    finally:
        ox.stop()
    virt = start_virtuoso(workdir / f"virt-{n}")
    try:
        fig["virtuoso_load_s"] = remote_load(virt, corpus, jobs)
        remote = virt.store()
        fig["virtuoso_quads"] = remote.quad_count()
        for name in PER_ACTOR:
            params = {"actor": actors["typical_actor"]}
            timed_query(
                fig,
                f"virtuoso_{name}",
                lambda name=name, params=params: rows_as_dicts(run_query(remote, name, params)),
            )
        timed_query(
            fig,
            "virtuoso_who_met_whom_all",
            lambda: rows_as_dicts(run_query(remote, "who-met-whom", {})),
        )
    finally:
        virt.stop()
    fig["oxigraph_ratio"] = fig["oxigraph_load_s"] / fig["embedded_load_s"]
    fig["virtuoso_ratio"] = fig["virtuoso_load_s"] / fig["embedded_load_s"]
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="corpus size (repeat)")
    parser.add_argument("--jobs", type=int, default=None, help="load --jobs (default: per server)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep everything here")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="newsgraph-remote-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.articles or [10_000]:
            fig = measure_size(n, workdir=workdir, jobs=args.jobs)
            print(json.dumps(fig, sort_keys=True), flush=True)
            print(
                f"{n} articles: embedded {fig['embedded_load_s']:.1f} s, Oxigraph server "
                f"{fig['oxigraph_load_s']:.1f} s ({fig['oxigraph_ratio']:.2f}x), Virtuoso "
                f"{fig['virtuoso_load_s']:.1f} s ({fig['virtuoso_ratio']:.2f}x)",
                file=sys.stderr,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
