"""The benchmark table (rich) and the targets each figure is held to."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

# (figure, label, unit, target)
ROWS: tuple[tuple[str, str, str, str], ...] = (
    ("quads", "quads in the store", "", ""),
    ("generate_s", "generate corpus", "s", ""),
    ("load_s", "newsgraph load (end to end)", "s", "< rdflib"),
    ("load_peak_rss_mb", "load peak RSS (process tree)", "MB", ""),
    ("bulk_load_s", "Oxigraph bulk_load of the same quads", "s", ""),
    ("load_ratio_vs_bulk", "load / bulk_load", "x", "<= 3 at 10k"),
    ("rdflib_s", "rdflib parse N-Quads + write TriG", "s", ""),
    ("reload_one_s", "reload one edited article", "s", "<= 0.5 at 100k"),
    ("reload_one_cli_s", "same, whole CLI process", "s", ""),
    ("typical_actor", "typical person (median meetings)", "", ""),
    ("typical_actor_meetings", "  their meetings", "", ""),
    ("who_met_whom_actor_s", "who-met-whom actor=<typical>", "ms", "<= 100 at 100k"),
    ("meetings_of_s", "meetings-of actor=<typical>", "ms", "<= 100 at 100k"),
    ("statements_by_s", "statements-by actor=<typical>", "ms", ""),
    ("timeline_s", "timeline actor=<typical>", "ms", ""),
    ("conflicting_reports_actor_s", "conflicting-reports actor=<typical>", "ms", ""),
    ("busiest_actor", "busiest person (most meetings)", "", ""),
    ("busiest_actor_meetings", "  their meetings", "", ""),
    ("who_met_whom_busiest_s", "who-met-whom actor=<busiest>", "ms", ""),
    ("who_met_whom_busiest_rows", "  rows", "", ""),
    ("meetings_of_busiest_s", "meetings-of actor=<busiest>", "ms", ""),
    ("conflicting_reports_s", "conflicting-reports", "ms", ""),
    ("who_met_whom_all_s", "who-met-whom (all rows, JSON)", "ms", ""),
    ("who_met_whom_all_rows", "  rows", "", ""),
    ("rows_per_s", "  rows per second", "/s", ">= 20,000"),
    ("listing_ceiling_rows_per_s", "  same rows pre-merged (ceiling)", "/s", ""),
    ("listing_vs_ceiling", "  listing / ceiling", "x", ">= 0.8"),
    ("listing_ceiling_disk_rows_per_s", "  same rows pre-merged, store on disk", "/s", ""),
    ("listing_vs_disk_ceiling", "  listing / ceiling on disk", "x", ""),
    ("sanctions_packages_s", "sanctions-packages (all rows, JSON)", "ms", ""),
    ("sanctions_packages_rows", "  rows", "", ""),
    ("export_trig_s", "export --format trig", "s", ""),
    ("export_owl_s", "export --format owl", "s", ""),
    ("export_ratio", "owl / trig", "x", "<= 2"),
)


def _fmt(value: Any, unit: str, note: str | None) -> str:
    if value is None:
        return (note[:37] + "...") if note and len(note) > 40 else (note or "n/a")
    if unit == "ms":
        return f"{value * 1000:.1f}"
    if unit == "x":
        return f"{value:.2f}"
    if isinstance(value, float):
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def table(result: dict[str, Any]) -> None:
    """Print one column per corpus size, with the target beside each figure."""
    runs = result["runs"]
    t = Table(title="newsgraph benchmark", show_lines=False)
    t.add_column("figure")
    t.add_column("unit")
    for run in runs:
        t.add_column(f"{run['articles']:,} articles", justify="right")
    t.add_column("target")
    for key, label, unit, target in ROWS:
        cells = [
            _fmt(run.get(key), unit, run.get(key.removesuffix("_s") + "_note")) for run in runs
        ]
        t.add_row(label, unit, *cells, target)
    growth = result.get("rss_growth")
    t.add_row(
        "RSS growth 10k -> 100k", "x", *([""] * (len(runs) - 1)), _fmt(growth, "x", None), "<= 1.3"
    )
    console = Console(width=140)
    console.print(t)
    m = result["machine"]
    console.print(
        f"{m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; Python {m['python']}, "
        f"pyoxigraph {m['pyoxigraph']}; queries via {runs[0].get('query_via', '?') if runs else '?'}"
    )
