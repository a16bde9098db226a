"""Benchmark newsgraph on synthetic corpora.

    python benchmarks/run.py --articles 1000 [--articles 10000 ...] [--workdir DIR] [--keep]

For each size it generates (or reuses) a corpus, loads it into an empty
embedded store with ``newsgraph load``, and measures on that same store: a raw
Oxigraph bulk load of the same quads, rdflib parsing and writing them, reloading
one edited article, canned query latency, and the exports. It prints a table
and a last line ``BENCH {json}`` with every figure.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import generate
import measure
import queries_bench
import report

RDFLIB_LIMIT_S = 600.0
RDFLIB_MEASURED_UP_TO = 10_000


def newsgraph_cmd() -> list[str]:
    """The console script next to this interpreter, else the same entry point through -c."""
    script = Path(sys.executable).parent / "newsgraph"
    if script.exists():
        return [str(script)]
    return [measure.PYTHON, "-c", "import sys; from loader.cli import main; sys.exit(main())"]


BULK_LOAD = """
import json, sys, time
import pyoxigraph as ox
t = time.perf_counter()
store = ox.Store(sys.argv[2])
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)
store.flush()
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "quads": len(store)}))
"""

DUMP_NQUADS = """
import sys
import pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
store.dump(sys.argv[2], ox.RdfFormat.N_QUADS)
"""

RDFLIB_ROUNDTRIP = """
import json, sys, time
from rdflib import Dataset
t = time.perf_counter()
ds = Dataset()
ds.parse(sys.argv[1], format="nquads")
parsed = time.perf_counter() - t
ds.serialize(destination=sys.argv[2], format="trig")
print(json.dumps({"seconds": time.perf_counter() - t, "parse_s": parsed}))
"""

RELOAD_ONE = """
import json, sys, time
from click.testing import CliRunner
from loader.cli import main
t = time.perf_counter()
r = CliRunner().invoke(main, ["--store", sys.argv[1], "load", "-q", sys.argv[2]])
print(json.dumps({"seconds": time.perf_counter() - t, "exit": r.exit_code,
                  "output": r.output[-400:]}))
"""


class Bench:
    """One benchmark session: shared settings and figures carried across sizes."""

    def __init__(self, *, workdir: Path, seed: int, keep: bool) -> None:
        self.workdir = workdir
        self.seed = seed
        self.keep = keep
        self.ng = newsgraph_cmd()
        self.rdflib_rate: float | None = None  # quads per second, from a measured size
        self.has_export = self._has_command("export")

    def _has_command(self, name: str) -> bool:
        return measure.run([*self.ng, name, "--help"]).returncode == 0

    def corpus(self, n: int) -> tuple[Path, float | None]:
        """The cached corpus for N articles (generated when missing) and the generation time."""
        path = self.workdir / f"corpus-{n}-seed{self.seed}"
        done = self.workdir / f"corpus-{n}-seed{self.seed}.done"
        if done.exists():
            return path, None
        shutil.rmtree(path, ignore_errors=True)
        m = measure.python_snippet(
            "import sys; sys.path.insert(0, sys.argv[1]); import generate; "
            "sys.exit(generate.main(sys.argv[2:]))",
            str(Path(__file__).resolve().parent),
            str(path),
            "--articles",
            str(n),
            "--seed",
            str(self.seed),
        ).check("corpus generation")
        done.write_text("ok\n")
        return path, m.seconds

    def measure_size(self, n: int) -> dict[str, Any]:
        log(f"[{n} articles] corpus")
        corpus, gen_s = self.corpus(n)
        base = self.workdir / f"run-{n}"
        shutil.rmtree(base, ignore_errors=True)
        base.mkdir(parents=True)
        store = base / "store"
        fig: dict[str, Any] = {"articles": n, "generate_s": gen_s}
        try:
            self._load(fig, corpus, store)
            nquads = self._export_nquads(fig, store, base)
            self._bulk(fig, nquads, base)
            self._rdflib(fig, nquads, base, n)
            log("  queries")
            fig.update(queries_bench.run(store))
            self._exports(fig, store, base)
            self._reload_one(fig, corpus, store, n)
        finally:
            if not self.keep:
                shutil.rmtree(base, ignore_errors=True)
        fig["load_ratio_vs_bulk"] = _ratio(fig.get("load_s"), fig.get("bulk_load_s"))
        fig["export_ratio"] = _ratio(fig.get("export_owl_s"), fig.get("export_trig_s"))
        fig["listing_vs_ceiling"] = _ratio(
            fig.get("rows_per_s"), fig.get("listing_ceiling_rows_per_s")
        )
        fig["listing_vs_disk_ceiling"] = _ratio(
            fig.get("rows_per_s"), fig.get("listing_ceiling_disk_rows_per_s")
        )
        return fig

    def _load(self, fig: dict[str, Any], corpus: Path, store: Path) -> None:
        log("  load")
        m = measure.run([*self.ng, "--store", str(store), "load", "-q", str(corpus)])
        m.check("newsgraph load")
        fig["load_s"] = m.seconds
        fig["load_peak_rss_mb"] = m.peak_rss_mb
        fig["load_max_process_rss_mb"] = m.max_rss_mb

    def _export_nquads(self, fig: dict[str, Any], store: Path, base: Path) -> Path:
        log("  export N-Quads")
        out = base / "dump.nq"
        if self.has_export:
            m = measure.run(
                [*self.ng, "--store", str(store), "export", "--format", "nquads", str(out)]
            )
            if m.returncode == 0:
                fig["export_nquads_s"] = m.seconds
                return out
        m = measure.python_snippet(DUMP_NQUADS, str(store), str(out)).check("N-Quads dump")
        fig["export_nquads_s"] = None
        fig["dump_nquads_s"] = m.seconds
        return out

    def _bulk(self, fig: dict[str, Any], nquads: Path, base: Path) -> None:
        log("  bulk load (baseline)")
        m = measure.python_snippet(BULK_LOAD, str(nquads), str(base / "bulk-store"))
        child = m.check("bulk load").last_json()
        fig["bulk_load_s"] = child["seconds"]
        fig["bulk_peak_rss_mb"] = m.peak_rss_mb
        fig["quads"] = child["quads"]
        shutil.rmtree(base / "bulk-store", ignore_errors=True)

    def _rdflib(self, fig: dict[str, Any], nquads: Path, base: Path, n: int) -> None:
        quads = fig["quads"]
        if n > RDFLIB_MEASURED_UP_TO and self.rdflib_rate:
            estimate = quads / self.rdflib_rate
            if estimate > RDFLIB_LIMIT_S:
                fig["rdflib_s"] = None
                fig["rdflib_note"] = f"skipped (estimated {estimate:.0f} s)"
                return
        log("  rdflib parse + TriG")
        m = measure.python_snippet(
            RDFLIB_ROUNDTRIP, str(nquads), str(base / "rdflib.trig"), timeout=RDFLIB_LIMIT_S
        )
        if m.returncode != 0:
            fig["rdflib_s"] = None
            fig["rdflib_note"] = f"skipped (over {RDFLIB_LIMIT_S:.0f} s)"
            return
        fig["rdflib_s"] = m.last_json()["seconds"]
        fig["rdflib_peak_rss_mb"] = m.peak_rss_mb
        self.rdflib_rate = quads / fig["rdflib_s"]
        (base / "rdflib.trig").unlink(missing_ok=True)

    def _exports(self, fig: dict[str, Any], store: Path, base: Path) -> None:
        for fmt in ("trig", "owl"):
            key = f"export_{fmt}_s"
            if not self.has_export:
                fig[key] = None
                continue
            log(f"  export {fmt}")
            m = measure.run(
                [
                    *self.ng,
                    "--store",
                    str(store),
                    "export",
                    "--format",
                    fmt,
                    str(base / f"graph.{fmt}"),
                ]
            )
            fig[key] = m.seconds if m.returncode == 0 else None
            if m.returncode != 0:
                fig[f"export_{fmt}_note"] = (m.stderr.strip().splitlines() or ["failed"])[-1][:200]

    def _reload_one(self, fig: dict[str, Any], corpus: Path, store: Path, n: int) -> None:
        log("  reload one edited article")
        index = n // 2
        path = generate.edit_article(corpus, index, seed=self.seed, articles=n, revision=1)
        try:
            child = (
                measure.python_snippet(RELOAD_ONE, str(store), str(path))
                .check("reload")
                .last_json()
            )
            if child["exit"] != 0:
                raise RuntimeError(f"reloading {path} failed: {child['output']}")
            fig["reload_one_s"] = child["seconds"]
            generate.edit_article(corpus, index, seed=self.seed, articles=n, revision=2)
            m = measure.run([*self.ng, "--store", str(store), "load", "-q", str(path)])
            fig["reload_one_cli_s"] = m.check("newsgraph load (one article)").seconds
        finally:
            generate.edit_article(corpus, index, seed=self.seed, articles=n, revision=0)


def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--articles", type=int, action="append", required=True, help="corpus size (repeatable)"
    )
    parser.add_argument("--seed", type=int, default=42, help="corpus seed (default 42)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=Path(tempfile.gettempdir()) / "newsgraph-bench",
        help="where corpora are cached and stores are built",
    )
    parser.add_argument("--keep", action="store_true", help="keep the stores and exports")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(workdir=args.workdir.resolve(), seed=args.seed, keep=args.keep)
    runs = [bench.measure_size(n) for n in sorted(set(args.articles))]
    by_n = {r["articles"]: r for r in runs}
    rss_growth = None
    if 10_000 in by_n and 100_000 in by_n:
        rss_growth = _ratio(by_n[100_000]["load_peak_rss_mb"], by_n[10_000]["load_peak_rss_mb"])
    result = {
        "seed": args.seed,
        "machine": measure.machine(),
        "runs": runs,
        "rss_growth": rss_growth,
    }
    report.table(result)
    print("BENCH " + json.dumps(result, sort_keys=True), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
