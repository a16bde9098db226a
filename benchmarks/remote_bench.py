"""Load a synthetic corpus into the embedded store, an Oxigraph server and Virtuoso, in one run.

    python benchmarks/remote_bench.py --articles 10000 [--articles 100000] [--jobs N]

For each size: ``newsgraph load`` (whole process) into an empty embedded
store, then into a fresh Oxigraph server and a fresh Virtuoso 7 on loopback
(started as the tests start them, see tests/servers.py), and the ratios of the
remote loads to the embedded one, measured in the same run. On Virtuoso it then
times every canned query (the per-actor ones for the typical person, a meeting
and a package of the corpus for those that need one; median of 5 runs) and
checks the quads equal the embedded store's. Prints one JSON object per size,
and a summary line for RESULTS.md.

Virtuoso gets a page cache sized for the corpus (``NumberOfBuffers``, two
pages per article, never under the packaged 10,000), as its packaged
virtuoso.ini advises for the memory a server has to spare.
``--servers virtuoso`` leaves the Oxigraph server out.
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
from loader.queries.canned import catalog  # noqa: E402
from loader.queries.results import rows_as_dicts  # noqa: E402
from loader.queries.run import run_query  # noqa: E402
from loader.store.embedded import EmbeddedStore  # noqa: E402
from tests.servers import Server, cli_args, cli_env, start_oxigraph, start_virtuoso  # noqa: E402

PER_ACTOR = ("who-met-whom", "meetings-of", "timeline", "statements-by")
SERVERS = ("oxigraph", "virtuoso")


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


def canned_params(actor: str, meeting: str, package: str) -> dict[str, dict[str, str]]:
    """For every canned query, its required parameters filled from the corpus."""
    by_type = {"actor": actor, "entity": actor}
    by_name = {"event": meeting, "fact": meeting, "regime": package}
    return {
        name: {p.name: by_name.get(p.name) or by_type[p.type] for p in query.params if p.required}
        for name, query in sorted(catalog().items())
    }


def first_key(store: Any, name: str, params: dict[str, str], column: str) -> str:
    rows = rows_as_dicts(run_query(store, name, params))
    return str(rows[0][column])


def time_remote_queries(fig: dict[str, Any], remote: Any, actor: str) -> None:
    """Every canned query on the remote store; the per-actor ones for ``actor``."""
    try:
        meeting = first_key(remote, "meetings-of", {"actor": actor}, "meeting")
        package = first_key(remote, "sanctions-packages", {}, "package")
    except StoreError as exc:  # the server refused the listing: time what needs no key
        fig["virtuoso_keys_error"] = exc.problem.splitlines()[0][:300]
        meeting = package = ""
    for name, params in canned_params(actor, meeting, package).items():
        if "" in params.values():
            continue
        if name in PER_ACTOR:
            params = {"actor": actor}
        timed_query(
            fig,
            f"virtuoso_{name}",
            lambda name=name, params=params: rows_as_dicts(run_query(remote, name, params)),
        )


def measure_size(
    n: int, *, workdir: Path, jobs: int | None, servers: tuple[str, ...] = SERVERS
) -> dict[str, Any]:
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
    if "oxigraph" in servers:
        ox = start_oxigraph(workdir / f"ox-{n}")
        try:
            fig["oxigraph_load_s"] = remote_load(ox, corpus, jobs)
            fig["oxigraph_quads"] = ox.store().quad_count()
        finally:
            ox.stop()
        fig["oxigraph_ratio"] = fig["oxigraph_load_s"] / fig["embedded_load_s"]
    if "virtuoso" not in servers:
        return fig
    fig["virtuoso_buffers"] = max(10_000, 2 * n)
    virt = start_virtuoso(workdir / f"virt-{n}", buffers=fig["virtuoso_buffers"])
    try:
        fig["virtuoso_load_s"] = remote_load(virt, corpus, jobs)
        remote = virt.store()
        fig["virtuoso_quads"] = remote.quad_count()
        time_remote_queries(fig, remote, actors["typical_actor"])
        timed_query(
            fig,
            "virtuoso_who_met_whom_all",
            lambda: rows_as_dicts(run_query(remote, "who-met-whom", {})),
        )
    finally:
        virt.stop()
    fig["virtuoso_ratio"] = fig["virtuoso_load_s"] / fig["embedded_load_s"]
    return fig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, action="append", help="corpus size (repeat)")
    parser.add_argument("--jobs", type=int, default=None, help="load --jobs (default: per server)")
    parser.add_argument("--workdir", type=Path, default=None, help="keep everything here")
    parser.add_argument(
        "--servers", default=",".join(SERVERS), help="which servers (default: oxigraph,virtuoso)"
    )
    args = parser.parse_args(argv)
    servers = tuple(s for s in args.servers.split(",") if s)
    if not servers or set(servers) - set(SERVERS):
        parser.error(f"--servers takes a comma-separated subset of {','.join(SERVERS)}")
    with tempfile.TemporaryDirectory(prefix="newsgraph-remote-bench-") as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for n in args.articles or [10_000]:
            fig = measure_size(n, workdir=workdir, jobs=args.jobs, servers=servers)
            print(json.dumps(fig, sort_keys=True), flush=True)
            parts = [f"embedded {fig['embedded_load_s']:.1f} s"] + [
                f"{label} {fig[f'{kind}_load_s']:.1f} s ({fig[f'{kind}_ratio']:.2f}x)"
                for kind, label in (("oxigraph", "Oxigraph server"), ("virtuoso", "Virtuoso"))
                if kind in servers
            ]
            print(f"{n} articles: " + ", ".join(parts), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
