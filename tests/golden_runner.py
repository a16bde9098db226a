"""Golden results of the canned queries, runnable against any store.

For each corpus (our query fixtures, the example corpus, the seed fixtures)
``CASES`` lists the queries and parameters to run; the expected rows live in
``tests/golden/<corpus>/<query>.json``. ``check_corpus(store, corpus)`` runs
every case on a store the corpus was loaded into and returns the differences.
With ``UPDATE_GOLDEN=1`` it rewrites the files instead — review the rows by
hand before committing them.

Rows compare as plain JSON values, sorted; lists inside a cell ("a; b") are
compared as sorted lists, since SPARQL does not order GROUP_CONCAT. Seed
goldens never hold seed text: strings over 40 characters that are not IRIs
become ``sha1:<digest>``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from loader.queries.canned import catalog
from loader.queries.results import rows_as_dicts
from loader.queries.run import run_query
from loader.store.base import Store

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden"
CORPORA = {
    "queries": ROOT / "tests" / "fixtures" / "queries",
    "examples": ROOT / "examples",
    "seeds": ROOT / "tests" / "fixtures" / "seeds",
    "sparse": ROOT / "tests" / "fixtures" / "sparse",
    "sanctions": ROOT / "tests" / "fixtures" / "sanctions",
    "model": ROOT / "tests" / "fixtures" / "model",
    "conflicts": ROOT / "tests" / "fixtures" / "conflicts",
    "consensus": ROOT / "tests" / "fixtures" / "consensus",
    "windows": ROOT / "tests" / "fixtures" / "windows",
}
LIST_COLUMNS = {
    "participants", "sides", "place", "about", "aliases", "targets", "issuer", "measures", "legal_act", "renews", "objects",
    "hit_as",
}
REDACT_OVER = 40

Case = tuple[str, dict[str, str]]

CASES: dict[str, list[Case]] = {
    "queries": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings", {"actor": "Lavrov", "status": "held"}),
        ("who-met-whom", {"actor": "Lavrov"}),
        ("who-met-whom", {"actor": "lavrov", "other": "Witkoff"}),
        ("who-met-whom", {"from": "2025-10-20", "to": "2025-10-20"}),
        ("who-met-whom", {"from": "2025-11"}),
        ("who-met-whom", {"status": "held"}),
        ("who-met-whom", {"status": "cancelled"}),
        ("meetings-of", {"actor": "Putin"}),
        ("meetings-of", {"actor": "sergei-lavrov", "status": "planned"}),
        ("timeline", {"actor": "Lavrov"}),
        ("timeline", {"actor": "Rosneft"}),
        ("timeline", {"actor": "Budapest", "from": "2025-10"}),
        ("statements-by", {"actor": "Lavrov"}),
        ("statements-by", {"actor": "Lavrov", "about": "Budapest"}),
        ("statements-about", {"about": "Budapest"}),
        ("statements-about", {"about": "United States", "speaker": "Lavrov"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"issuer": "US"}),
        ("sanctions-packages", {"target": "Rosneft"}),
        ("sanctions-packages", {"status": "proposed"}),
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-timeline", {"regime": "eu-19"}),
        ("sources-of", {"fact": "budapest"}),
        ("sources-of", {"fact": "sanctions/eu-19"}),
        ("conflicting-reports", {}),
        ("conflicting-reports", {"actor": "Lavrov"}),
        ("status-history", {"event": "budapest"}),
        ("status-history", {"event": "event/alaska"}),
        ("actors", {}),
        ("actors", {"type": "state"}),
    ],
    "examples": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings", {"actor": "Witkoff", "from": "2025-04", "to": "2025-08"}),
        ("who-met-whom", {"actor": "Lavrov"}),
        ("who-met-whom", {"actor": "Witkoff", "other": "Putin"}),
        ("who-met-whom", {"from": "2025-10", "to": "2025-10"}),
        ("who-met-whom", {"status": "cancelled"}),
        ("meetings-of", {"actor": "Rubio"}),
        ("timeline", {"actor": "Lavrov"}),
        ("statements-by", {"actor": "Lavrov"}),
        ("statements-about", {"about": "budapest-summit-2025"}),
        ("statements-about", {"about": "Russia"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"issuer": "EU"}),
        ("sanctions-packages", {"status": "planned"}),
        ("sanctions-packages", {"status": "failed"}),
        ("sanctions-packages", {"target": "Lukoil"}),
        ("sanctions-packages", {"issuer": "US Treasury", "from": "2025-10", "to": "2025-10"}),
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-on", {"actor": "Russia", "from": "2025-06", "to": "2025-07"}),
        ("sanctions-timeline", {"regime": "eu-russia-economic"}),
        ("sources-of", {"fact": "anchorage-summit-2025"}),
        ("sources-of", {"fact": "sanctions/eu-19"}),
        ("sources-of", {"fact": "sanctions/eu-18"}),
        ("conflicting-reports", {}),
        ("status-history", {"event": "budapest-summit-2025"}),
        ("status-history", {"event": "sanctions/eu-18"}),
        ("actors", {}),
    ],
    "model": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings", {"actor": "Rubio"}),
        ("who-met-whom", {"actor": "Rubio"}),
        ("who-met-whom", {"actor": "Cassis"}),
        ("who-met-whom", {"actor": "Medinsky", "other": "Umerov"}),
        ("meetings-of", {"actor": "Foreign Affairs Council"}),
        ("meetings-of", {"actor": "Witkoff"}),
        ("timeline", {"actor": "Umerov"}),
        ("timeline", {"actor": "European Union"}),
        ("timeline", {"actor": "Reuters"}),
        ("statements-by", {"actor": "Kallas"}),
        ("statements-by", {"actor": "Ukraine"}),
        ("statements-by", {"actor": "Peskov"}),
        ("statements-about", {"about": "eu-19"}),
        ("statements-about", {"about": "budapest-summit-2025"}),
        ("statements-about", {"about": "istanbul-round-1"}),
        ("statements-about", {"about": "us-oil-majors-2025-10"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"issuer": "Treasury"}),
        ("sanctions-packages", {"issuer": "United States"}),
        ("sanctions-packages", {"issuer": "United States", "scope": "roll-up"}),
        ("timeline", {"actor": "European Union", "scope": "roll-up"}),
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-timeline", {"regime": "us-oil-majors-2025-10"}),
        ("sources-of", {"fact": "budapest-summit-2025"}),
        ("sources-of", {"fact": "sanctions/us-oil-majors-2025-10"}),
        ("conflicting-reports", {}),
        ("status-history", {"event": "budapest-summit-2025"}),
        ("status-history", {"event": "budapest-summit-2025", "by": "event"}),
        ("actors", {}),
        ("actors", {"type": "government-body"}),
    ],
    "seeds": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings", {"status": "cancelled"}),
        ("who-met-whom", {"actor": "Lavrov"}),
        ("meetings-of", {"actor": "Putin"}),
        ("timeline", {"actor": "Lavrov"}),
        ("statements-by", {"actor": "Lavrov"}),
        ("statements-about", {"about": "European Union"}),
        ("sanctions-packages", {}),
        ("sanctions-on", {"actor": "Russia"}),
        ("sanctions-timeline", {"regime": "eu-19"}),
        ("sources-of", {"fact": "anchorage-summit-2025"}),
        ("sources-of", {"fact": "sanctions/eu-19"}),
        ("conflicting-reports", {}),
        ("status-history", {"event": "budapest-summit-2025"}),
        ("actors", {}),
    ],
    # Every optional field left out in turn: no fact may split into two rows or drop out.
    "sparse": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("who-met-whom", {"actor": "Witkoff"}),
        ("meetings-of", {"actor": "Kallas"}),
        ("meetings-of", {"actor": "Putin"}),
        ("timeline", {"actor": "Rosneft"}),
        ("timeline", {"actor": "Treasury"}),
        ("statements-by", {"actor": "Lavrov"}),
        ("statements-about", {"about": "Russia"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"issuer": "EU"}),
        ("sanctions-packages", {"issuer": "Treasury"}),
        ("sanctions-packages", {"target": "Lukoil"}),
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-on", {"actor": "Russia"}),
        ("sanctions-on", {"actor": "Rosneft", "from": "2025-10-22", "to": "2025-10-22"}),
        ("sanctions-on", {"actor": "Rosneft", "from": "2025-10-22", "dated_only": "true"}),
        ("timeline", {"actor": "Lavrov", "from": "2025-10"}),
        ("sanctions-timeline", {"regime": "us-next-round"}),
        ("sources-of", {"fact": "sanctions/eu-19"}),
        ("sources-of", {"fact": "sanctions/us-next-round"}),
        ("sources-of", {"fact": "kallas-rubio-call"}),
        ("conflicting-reports", {}),
        ("conflicting-reports", {"actor": "Rubio"}),
        ("status-history", {"event": "sanctions/eu-19"}),
        ("status-history", {"event": "kallas-rubio-call"}),
        ("actors", {}),
    ],
    # Lifecycle, kinds, validity, measures with their own targets, a shared legal act.
    "consensus": [
        ("who-met-whom", {}),
        ("who-met-whom", {"actor": "Macron"}),
        ("meetings", {}),
        ("meetings", {"actor": "Putin"}),
        ("meetings", {"status": "cancelled"}),
        ("meetings", {"from": "2025-08", "to": "2025-08"}),
        ("meetings-of", {"actor": "Zelensky"}),
        ("timeline", {"actor": "Putin"}),
        ("timeline", {"actor": "Macron", "from": "2025-08"}),
        ("conflicting-reports", {}),
        ("status-history", {"event": "budapest-summit-2025"}),
        ("sources-of", {"fact": "white-house-leaders-2025-08-18"}),
        ("statements-about", {"about": "Budapest"}),
        ("actors", {}),
        ("sanctions-on", {"actor": "Russia"}),
        ("sanctions-packages", {}),
        ("sanctions-timeline", {"regime": "eu-russia-economic"}),
        ("statements-by", {"actor": "Trump"}),
        # Sources of one package differing on measures, legal act, expected date and
        # validity; a renewal of the regime (the merge rules of docs/queries.md).
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-packages", {"status": "in-force"}),
        ("sanctions-packages", {"target": "Rosneft", "from": "2025-10", "to": "2025-10"}),
        ("sanctions-packages", {"from": "2025-06", "to": "2025-06"}),
        ("sources-of", {"fact": "sanctions/eu-19"}),
    ],
    "sanctions": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings-of", {"actor": "Lukashenko"}),
        ("timeline", {"actor": "Lukoil"}),
        ("statements-by", {"actor": "Reeves"}),
        ("statements-about", {"about": "Rosneft"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"status": "lifted"}),
        ("sanctions-packages", {"status": "in-force", "from": "2025-10"}),
        ("sanctions-packages", {"issuer": "UK", "target": "Lukoil"}),
        ("sanctions-on", {"actor": "Lukoil"}),
        ("sanctions-on", {"actor": "Belavia"}),
        ("sanctions-timeline", {"regime": "uk-rosneft-lukoil-2025-10"}),
        ("sources-of", {"fact": "sanctions/uk-rosneft-lukoil-2025-10"}),
        ("conflicting-reports", {}),
        ("conflicting-reports", {"actor": "Rosneft"}),
        ("status-history", {"event": "sanctions/us-belavia-relief-2025-09"}),
        ("actors", {}),
    ],
    # Change over time against contradiction: postponed then cancelled, a same-day
    # disagreement, a source going back to an earlier stage; labels in the about column.
    "conflicts": [
        ("who-met-whom", {}),
        ("meetings", {}),
        ("meetings-of", {"actor": "Xi"}),
        ("timeline", {"actor": "Orban"}),
        ("statements-by", {"actor": "Orban"}),
        ("statements-by", {"actor": "Peskov", "about": "event/budapest-summit-2025"}),
        ("statements-about", {"about": "budapest-summit-2025"}),
        ("statements-about", {"about": "Kremlin"}),
        ("statements-about", {"about": "id:sanctions/us-oil-majors-2025-10"}),
        ("sanctions-packages", {}),
        ("sanctions-on", {"actor": "Rosneft"}),
        ("sanctions-timeline", {"regime": "us-oil-majors-2025-10"}),
        ("sources-of", {"fact": "trump-xi-2025-10"}),
        ("conflicting-reports", {}),
        ("conflicting-reports", {"actor": "Umerov"}),
        ("status-history", {"event": "istanbul-talks-2025-05"}),
        ("actors", {}),
    ],
    # Undated meetings and statements in date windows: placed by the days their articles
    # were published (dated_by publication), left out with dated_only.
    "windows": [
        ("who-met-whom", {}),
        ("who-met-whom", {"from": "2025-10", "to": "2025-10"}),
        ("who-met-whom", {"from": "2025-10", "to": "2025-10", "dated_only": "true"}),
        ("meetings", {"from": "2025-11"}),
        ("meetings", {"from": "2025-11", "dated_only": "true"}),
        ("meetings", {"to": "2025-10-31"}),
        ("meetings-of", {"actor": "Fidan", "to": "2025-10"}),
        ("meetings-of", {"actor": "Fidan", "from": "2025-12"}),
        ("timeline", {"actor": "Sybiha", "from": "2025-10", "to": "2025-10"}),
        ("timeline", {"actor": "Sybiha", "from": "2025-10", "to": "2025-10", "dated_only": "yes"}),
        ("statements-by", {"actor": "Sybiha"}),
        ("statements-about", {"about": "Turkey"}),
        ("sanctions-packages", {}),
        ("sanctions-packages", {"from": "2025-11"}),
        ("sanctions-on", {"actor": "Rosneft", "from": "2025-11", "to": "2025-11"}),
        ("sanctions-on", {"actor": "Rosneft", "to": "2025-10"}),
        ("sanctions-on", {"actor": "Rosneft", "from": "2025-11", "dated_only": "true"}),
        ("sanctions-timeline", {"regime": "us-oil-majors-2025-10"}),
        ("sources-of", {"fact": "sybiha-fidan-ankara-2025"}),
        ("conflicting-reports", {}),
        ("status-history", {"event": "sybiha-fidan-ankara-2025"}),
        ("actors", {}),
    ],
}


def updating() -> bool:
    return os.environ.get("UPDATE_GOLDEN", "") not in ("", "0")


def _redact(value: Any) -> Any:
    if isinstance(value, str) and len(value) > REDACT_OVER and not value.startswith("http"):
        return "sha1:" + hashlib.sha1(value.encode("utf-8")).hexdigest()
    return value


def canonical(rows: list[dict[str, Any]], *, redact: bool) -> list[dict[str, Any]]:
    """Rows as compared: list cells sorted, seed text digested, rows sorted."""
    out = []
    for row in rows:
        item = {}
        for key, value in row.items():
            if key in LIST_COLUMNS and isinstance(value, str):
                value = "; ".join(sorted(value.split("; ")))
            item[key] = _redact(value) if redact else value
        out.append(item)
    return sorted(out, key=lambda r: json.dumps(r, sort_keys=True))


def run_case(
    store: Store, corpus: str, name: str, params: Mapping[str, str]
) -> list[dict[str, Any]]:
    rows = rows_as_dicts(run_query(store, name, params))
    return canonical(rows, redact=corpus == "seeds")


def golden_file(corpus: str, name: str) -> Path:
    return GOLDEN / corpus / f"{name}.json"


def _golden_text(name: str, cases: list[dict[str, Any]]) -> str:
    """One row per line, so a changed row shows as one changed line in a diff."""

    def dump(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for case in cases:
        rows = ",\n    ".join(dump(r) for r in case["rows"])
        body = f"[\n    {rows}\n  ]" if case["rows"] else "[]"
        parts.append(f'  {{"params": {dump(case["params"])}, "rows": {body}}}')
    return f'{{"query": {dump(name)}, "cases": [\n' + ",\n".join(parts) + "\n]}\n"


def check_corpus(store: Store, corpus: str) -> list[str]:
    """Run every case of ``corpus``; return what differs from the golden files (or rewrite them)."""
    by_query: dict[str, list[dict[str, Any]]] = {}
    for name, params in CASES[corpus]:
        rows = run_case(store, corpus, name, params)
        by_query.setdefault(name, []).append({"params": params, "rows": rows})
    problems: list[str] = []
    missing = sorted(set(catalog()) - set(by_query))
    if missing:
        problems.append(f"{corpus}: no golden case for {', '.join(missing)}")
    for name, cases in sorted(by_query.items()):
        path = golden_file(corpus, name)
        if updating():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(_golden_text(name, cases), encoding="utf-8")
            continue
        if not path.exists():
            problems.append(f"{path} is missing; run the tests with UPDATE_GOLDEN=1")
            continue
        expected = json.loads(path.read_text(encoding="utf-8"))["cases"]
        for got, want in zip(cases, expected, strict=False):
            if got != want:
                problems.append(
                    f"{corpus}/{name} {got['params']}:\n  expected {json.dumps(want['rows'])}\n"
                    f"  got      {json.dumps(got['rows'])}"
                )
        if len(cases) != len(expected):
            problems.append(f"{path}: {len(expected)} cases stored, {len(cases)} run")
    return problems
