"""Canned query latency: median of five runs after a warm-up.

Queries run through the library (``loader.queries.run_query``) when it is
there, else through the ``newsgraph query`` command in this process (click's
CliRunner), which adds opening the store to each run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from measure import median_time

from loader.errors import NewsgraphError

# (figure name, query, parameters; "{actor}" stands for the most frequent actor)
CASES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("who_met_whom_actor", "who-met-whom", {"actor": "{actor}"}),
    ("who_met_whom_all", "who-met-whom", {}),
    ("statements_by", "statements-by", {"actor": "{actor}"}),
    ("conflicting_reports", "conflicting-reports", {}),
    ("timeline", "timeline", {"actor": "{actor}"}),
    ("meetings_of", "meetings-of", {"actor": "{actor}"}),
)

Runner = Callable[[str, dict[str, str]], list[Any]]


def _library_runner(store_dir: Path) -> tuple[Runner, Callable[[], None]] | None:
    try:
        from loader import queries  # type: ignore[attr-defined]
        from loader.embedded import EmbeddedStore
    except ImportError:
        return None
    run_query = getattr(queries, "run_query", None)
    if run_query is None:
        return None
    store = EmbeddedStore(store_dir, read_only=True)

    def run(name: str, params: dict[str, str]) -> list[Any]:
        result = run_query(store, name, params)
        rows = list(getattr(result, "rows", result))
        # Serialising is part of the cost: the figure is rows delivered as JSON.
        json.dumps([_plain(r) for r in rows])
        return rows

    return run, store.close


def _plain(row: Any) -> Any:
    if isinstance(row, dict):
        return {k: None if v is None else str(v) for k, v in row.items()}
    return [None if v is None else str(v) for v in row]


def _cli_runner(store_dir: Path) -> tuple[Runner, Callable[[], None]]:
    from click.testing import CliRunner

    from loader.cli import main

    runner = CliRunner()

    def run(name: str, params: dict[str, str]) -> list[Any]:
        args = ["--store", str(store_dir), "query", name, "--format", "json"]
        for key, value in params.items():
            args += ["-p", f"{key}={value}"]
        result = runner.invoke(main, args)
        if result.exit_code != 0:
            raise LookupError((result.output or str(result.exception)).strip()[-300:])
        rows: list[Any] = json.loads(result.stdout)
        return rows

    return run, lambda: None


def run(store_dir: Path, *, actor: str) -> dict[str, Any]:
    """Latency figures (seconds) for every case, rows/s for the full who-met-whom, and notes."""
    lib = _library_runner(store_dir)
    via = "library" if lib else "cli-in-process"
    runner, close = lib or _cli_runner(store_dir)
    fig: dict[str, Any] = {"query_via": via}
    try:
        for key, name, template in CASES:
            params = {k: v.format(actor=actor) for k, v in template.items()}
            try:
                seconds, rows = median_time(lambda n=name, p=params: runner(n, p))
            except (LookupError, NewsgraphError) as exc:
                fig[f"{key}_s"] = None
                fig[f"{key}_note"] = (
                    str(exc).splitlines()[-1][:200] if str(exc) else type(exc).__name__
                )
                continue
            fig[f"{key}_s"] = seconds
            fig[f"{key}_rows"] = len(rows)
    finally:
        close()
    all_s, all_rows = fig.get("who_met_whom_all_s"), fig.get("who_met_whom_all_rows")
    fig["rows_per_s"] = all_rows / all_s if all_s and all_rows else None
    return fig
