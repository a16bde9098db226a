"""Canned query latency, and the fastest listing the store itself can give.

Each query runs through the library (``loader.queries.canned.run_query``) and its rows
are turned into JSON, as ``newsgraph query --format json`` does. A figure is the
median of five runs after a warm-up; a query whose warm-up takes longer than
10 s (the unfiltered listings at 100k articles) is timed twice more, and
``<figure>_runs`` says how many runs the median is of.

Per-actor queries run for two people chosen from the loaded store: the
*typical* one (the median number of meetings among people, the figure the
targets are about) and the *busiest* one (the most meetings: a stress figure,
its row count grows with the corpus).

The ceiling: the rows of the full ``who-met-whom`` listing, already merged, are
written as one node per row with one literal per column into a fresh in-memory
Oxigraph store, and listed back in the same order; ``rows_per_s`` is read
against it. The same rows written into a fresh store on disk (RocksDB, as the
store being queried) give ``listing_ceiling_disk_rows_per_s``: reads from disk
cost about twice those from memory, so that is the rate no SPARQL query over
the queried store can beat on this machine in this run.
"""

from __future__ import annotations

import io
import json
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from measure import median_time

from loader.core.errors import NewsgraphError
from loader.core.terms import Term, from_ox
from loader.queries.results import write_result
from loader.queries.run import run_query
from loader.store.base import SelectResult
from loader.store.embedded import EmbeddedStore

# (figure name, query, parameters; "{typical}" and "{busiest}" stand for actor ids)
CASES: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("who_met_whom_actor", "who-met-whom", {"actor": "{typical}"}),
    ("meetings_of", "meetings-of", {"actor": "{typical}"}),
    ("statements_by", "statements-by", {"actor": "{typical}"}),
    ("timeline", "timeline", {"actor": "{typical}"}),
    ("conflicting_reports_actor", "conflicting-reports", {"actor": "{typical}"}),
    ("who_met_whom_busiest", "who-met-whom", {"actor": "{busiest}"}),
    ("meetings_of_busiest", "meetings-of", {"actor": "{busiest}"}),
    ("conflicting_reports", "conflicting-reports", {}),
    ("who_met_whom_all", "who-met-whom", {}),
    ("sanctions_packages", "sanctions-packages", {}),
)

MEETINGS_PER_PERSON = """
PREFIX ng: <https://w3id.org/newsgraph/ontology#>
SELECT ?id (COUNT(DISTINCT ?meeting) AS ?n) WHERE {
  GRAPH <https://w3id.org/newsgraph/id/gazetteer> { ?actor a ng:Person ; ng:actorId ?id . }
  GRAPH ?g { ?meeting ng:hasParticipant ?actor . }
}
GROUP BY ?id
"""

Rows = list[list[Term | None]]


def pick_actors(store: EmbeddedStore) -> dict[str, Any]:
    """The typical (median) and the busiest person by number of meetings, with the counts."""
    result = store.query(MEETINGS_PER_PERSON)
    assert isinstance(result, SelectResult)
    counts = sorted(
        (int(str(n)), str(i)) for i, n in result.rows if i is not None and n is not None
    )
    if not counts:
        raise RuntimeError("no person takes part in a meeting: nothing to query")
    typical, busiest = counts[(len(counts) - 1) // 2], counts[-1]
    return {
        "typical_actor": typical[1],
        "typical_actor_meetings": typical[0],
        "busiest_actor": busiest[1],
        "busiest_actor_meetings": busiest[0],
    }


def as_json(columns: Sequence[str], rows: Rows) -> str:
    """Rows as ``newsgraph query --format json`` gives them (strings; unbound is null)."""
    return json.dumps(
        [
            {c: None if v is None else str(v) for c, v in zip(columns, row, strict=True)}
            for row in rows
        ]
    )


def listing_ceiling(columns: Sequence[str], rows: Rows, *, directory: Path | None = None) -> float:
    """Rows per second of listing these rows, pre-merged, back out of Oxigraph as JSON.

    The store is in memory, or on disk in ``directory``.
    """
    store = ox.Store(str(directory)) if directory is not None else ox.Store()
    ns = "https://w3id.org/newsgraph/bench#"
    quads = []
    for i, row in enumerate(rows):
        node = ox.NamedNode(f"{ns}row{i}")
        for column, value in zip(columns, row, strict=True):
            if value is not None:
                quads.append(ox.Quad(node, ox.NamedNode(ns + column), ox.Literal(str(value))))
    store.extend(quads)
    # Columns bound in every row are plain patterns, the others OPTIONAL, as in a star query.
    always = [i for i in range(len(columns)) if all(row[i] is not None for row in rows)]
    patterns = " ".join(
        f"?row <{ns}{c}> ?{c} ." if i in always else f"OPTIONAL {{ ?row <{ns}{c}> ?{c} }}"
        for i, c in enumerate(columns)
    )
    sparql = (
        f"SELECT {' '.join('?' + c for c in columns)} WHERE {{ {patterns} }}"
        " ORDER BY ?date_earliest ?meeting ?actor_a ?actor_b"
    )

    def listing() -> Rows:
        solutions = store.query(sparql)
        assert isinstance(solutions, ox.QuerySolutions)
        out: Rows = [
            [from_ox(s[c]) if s[c] is not None else None for c in columns] for s in solutions
        ]
        as_json(columns, out)
        return out

    seconds, listed, _ = median_time(listing)
    return len(listed) / seconds if seconds else 0.0


def run(store_dir: Path) -> dict[str, Any]:
    """Latency figures (seconds), the actors used, rows/s of the full listing and its ceiling."""
    store = EmbeddedStore(store_dir, read_only=True)
    fig: dict[str, Any] = {"query_via": "library", "rows_per_s": None}
    try:
        fig.update(pick_actors(store))

        def runner(name: str, params: dict[str, str]) -> tuple[list[str], Rows]:
            result = run_query(store, name, params)
            assert isinstance(result, SelectResult)
            rows = list(result.rows)
            as_json(result.variables, rows)
            return result.variables, rows

        for key, name, template in CASES:
            params = {
                k: v.format(typical=fig["typical_actor"], busiest=fig["busiest_actor"])
                for k, v in template.items()
            }
            try:
                seconds, (columns, rows), runs = median_time(partial(runner, name, params))
            except NewsgraphError as exc:
                fig[f"{key}_s"] = None
                fig[f"{key}_note"] = str(exc).splitlines()[-1][:200]
                continue
            fig[f"{key}_s"] = seconds
            fig[f"{key}_rows"] = len(rows)
            fig[f"{key}_runs"] = runs
            if key == "who_met_whom_all" and rows:
                fig["rows_per_s"] = len(rows) / seconds
                fig["listing_ceiling_rows_per_s"] = listing_ceiling(columns, rows)
                with tempfile.TemporaryDirectory(prefix="newsgraph-ceiling-") as tmp:
                    fig["listing_ceiling_disk_rows_per_s"] = listing_ceiling(
                        columns, rows, directory=Path(tmp)
                    )
        fig.update(output_formats(store))
    finally:
        store.close()
    return fig


def output_formats(store: EmbeddedStore) -> dict[str, Any]:
    """The full who-met-whom listing written as CSV and as a table (the table streams too)."""
    out: dict[str, Any] = {}
    for fmt in ("csv", "table"):

        def write(fmt: str = fmt) -> int:
            sink = io.StringIO()
            write_result(run_query(store, "who-met-whom", {}), sink, fmt, width=100)
            return len(sink.getvalue())

        seconds, _, runs = median_time(write)
        out[f"listing_{fmt}_s"] = seconds
        out[f"listing_{fmt}_runs"] = runs
    if out["listing_csv_s"]:
        out["table_vs_csv"] = out["listing_table_s"] / out["listing_csv_s"]
    return out
