"""`newsgraph query` and `newsgraph queries` through the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loader.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "queries"
NG = "https://w3id.org/newsgraph/ontology#"

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    """``newsgraph --store S ARGS`` on a store holding the query fixtures."""
    store = tmp_path_factory.mktemp("cli") / "store"
    runner = CliRunner()
    loaded = runner.invoke(main, ["--store", str(store), "load", str(FIXTURE), "-q"])
    assert loaded.exit_code == 0, loaded.output

    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["--store", str(store), *args], env={"COLUMNS": "200"})

    return invoke


def test_table(run: Run) -> None:
    result = run("query", "who-met-whom", "-p", "actor=Lavrov", "-p", "other=Rubio")
    assert result.exit_code == 0, result.output
    assert "id:event/lavrov-rubio-call" in result.output  # IRIs shortened in tables
    assert "Marco Rubio" in result.output and "Sergei Lavrov" in result.output
    assert "2 rows" in result.output  # the call and the planned talks


def test_json(run: Run) -> None:
    result = run("query", "who-met-whom", "-p", "status=cancelled", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.output)
    row["place"] = "; ".join(sorted(row["place"].split("; ")))  # SPARQL does not order a list
    assert row == {
        "meeting": "https://w3id.org/newsgraph/id/event/budapest", "kind": "summit",
        "status": "cancelled", "actor_a": "Donald Trump", "actor_b": "Vladimir Putin",
        "date_earliest": "2025-11-01", "date_latest": "2025-12-31", "date_precision": "conflict",
        "place": "Budapest; Geneva", "sources": 3, "dated_by": "event",
    }  # fmt: skip


def test_csv_and_tsv(run: Run) -> None:
    result = run("query", "meetings-of", "-p", "actor=Putin", "--format", "csv")
    assert result.exit_code == 0, result.output
    table = list(csv.reader(io.StringIO(result.output)))
    assert table[0] == ["meeting", "counterpart", "kind", "status", "date_earliest",
                        "date_latest", "date_precision", "place", "sources",
                        "dated_by"]  # fmt: skip
    assert [r[0] for r in table[1:]] == [
        "https://w3id.org/newsgraph/id/event/alaska",
        "https://w3id.org/newsgraph/id/event/budapest",
    ]
    tsv = run("query", "meetings-of", "-p", "actor=Putin", "--format", "tsv")
    lines = tsv.output.splitlines()
    assert lines[0].split("\t")[:2] == ["meeting", "counterpart"]
    assert lines[1].split("\t")[-3:] == ["Anchorage", "2", "event"]


def test_queries_list_and_show(run: Run) -> None:
    listing = run("queries")
    assert listing.exit_code == 0
    for name in ("who-met-whom", "conflicting-reports", "sources-of", "actors"):
        assert name in listing.output
    assert "[actor], [other], [from], [to], [status]" in " ".join(listing.output.split())
    shown = run("queries", "show", "who-met-whom")
    assert shown.exit_code == 0
    assert "usage: newsgraph query who-met-whom [-p actor=Lavrov]" in shown.output
    assert "#@values" in shown.output and "SELECT ?meeting" in shown.output
    missing = run("queries", "show", "who-met")
    assert missing.exit_code == 2
    assert "no canned query called 'who-met'" in missing.output


def test_file_and_sparql(run: Run, tmp_path: Path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        f"PREFIX ng: <{NG}>\nSELECT DISTINCT ?m WHERE {{\n  #@values\n"
        "  ?m ng:hasParticipant ?who .\n} ORDER BY ?m\n",
        encoding="utf-8",
    )
    result = run("query", "--file", str(query), "-p", "who:actor=Trump", "--format", "json")
    assert result.exit_code == 0, result.output
    assert [r["m"].rsplit("/", 1)[1] for r in json.loads(result.output)] == ["alaska", "budapest"]
    ask = run("query", "--sparql", f"ASK {{ ?m a <{NG}Summit> }}", "--format", "json")
    assert (ask.exit_code, ask.output) == (0, "true\n")
    ask = run("query", "--sparql", f"ASK {{ ?m <{NG}hasParticipant> ?who }}", "-p",
              "who:actor=TASS")  # fmt: skip
    assert (ask.exit_code, ask.output) == (0, "false\n")
    construct = run("query", "--sparql",
                    f"CONSTRUCT {{ ?m <{NG}hasStatus> ?s }} WHERE {{ ?m <{NG}hasStatus> ?s . "
                    "FILTER(?m = ?x) }", "-p", "x:iri=event/alaska")  # fmt: skip
    assert construct.exit_code == 0, construct.output
    assert "@prefix ng:" in construct.output and "ng:hasStatus ng:Held" in construct.output


def test_errors(run: Run) -> None:
    unknown = run("query", "who-met-who")
    assert unknown.exit_code == 2 and "did you mean who-met-whom" in unknown.output
    actor = run("query", "who-met-whom", "-p", "actor=Lavorv")
    assert actor.exit_code == 2
    assert "closest names: Lavrov" in actor.output
    date = run("query", "who-met-whom", "-p", "from=2025-02-30")
    assert date.exit_code == 2 and "2025-02-30 is not a real date" in date.output
    both = run("query", "who-met-whom", "--sparql", "ASK {}")
    assert both.exit_code == 2 and "give one of NAME, --file or --sparql" in both.output
    bad = run("query", "who-met-whom", "-p", "actor")
    assert bad.exit_code == 2 and "is not KEY=VALUE" in bad.output
    update = run("query", "--sparql", "DELETE WHERE { ?s ?p ?o }")
    assert update.exit_code == 2 and "SPARQL update" in update.output
    required = run("query", "sources-of")
    assert required.exit_code == 2 and "needs parameter fact" in required.output


def test_help_texts() -> None:
    runner = CliRunner()
    for args in (["query", "--help"], ["queries", "--help"], ["queries", "show", "--help"]):
        result = runner.invoke(main, args)
        assert result.exit_code == 0 and "Example" in result.output


def test_global_options_go_before_or_after_the_command(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    store = tmp_path / "anywhere"
    loaded = cli("load", ROOT / "examples", "--store", store, "-q")
    assert loaded.exit_code == 0, loaded.output
    assert (store / "CURRENT").exists()
    before = cli("--store", store, "query", "who-met-whom", "--format", "csv")
    after = cli("query", "who-met-whom", "--format", "csv", f"--store={store}")
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout and before.stdout.count("\n") > 5
    debug = cli("query", "no-such-query", "--store", store, "--debug")
    assert debug.exit_code == 2


@pytest.fixture(scope="module")
def examples_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("examples") / "store"
    loaded = CliRunner().invoke(main, ["--store", str(store), "load", str(ROOT / "examples")])
    assert loaded.exit_code == 0, loaded.output
    return store


def _at(columns: int, store: Path, *args: str) -> Result:
    env = {"COLUMNS": str(columns)}
    return CliRunner().invoke(main, ["--store", str(store), *args], env=env)


def test_tables_fit_80_columns_without_splitting_a_cell(examples_store: Path) -> None:
    whole = _at(80, examples_store, "query", "who-met-whom", "--format", "csv", "--limit", "5")
    _, *body = list(csv.reader(io.StringIO(whole.stdout)))
    assert len(body) == 5, "--limit"
    for wide in (False, True):
        args = ["query", "who-met-whom", "--limit", "5", *(["--wide"] if wide else [])]
        result = _at(80, examples_store, *args)
        assert result.exit_code == 0, result.output
        lines = result.stdout.splitlines()
        assert len(lines) == 2 + 5 + 1  # header, rule, rows, count: no row wraps
        assert lines[-1] == "5 rows"
        assert wide or all(len(line) <= 80 for line in lines), result.stdout
        # Every column is there, and each cell is its value or the value's start and '…'.
        for line, row in zip(lines[2:-1], body, strict=True):
            cells = _cells(line, lines[1])
            values = [v.replace("https://w3id.org/newsgraph/id/", "id:") for v in row if v]
            assert len(cells) == len(values), (line, values)
            for cell, value in zip(cells, values, strict=True):
                if wide:
                    assert cell == value
                else:
                    assert cell == value or (cell.endswith("…") and value.startswith(cell[:-1])), (
                        cell,
                        value,
                    )


def _cells(line: str, rule: str) -> list[str]:
    """The non-empty cells of a table line, cut where the header rule's columns are."""
    cells, start = [], 0
    for dashes in rule.split():
        cells.append(line[start : start + len(dashes)].strip())
        start += len(dashes) + (len(rule) - len(rule.lstrip()))
        while start < len(rule) and rule[start] == " ":
            start += 1
    return [c for c in cells if c]


def test_jsonl_output_file_and_a_closed_pipe(examples_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "rows.jsonl"
    args = ["query", "who-met-whom", "--format", "jsonl", "--limit", "3", "--output", str(out)]
    result = _at(80, examples_store, *args)
    assert result.exit_code == 0 and result.stdout == ""
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 3 and set(rows[0]) >= {"meeting", "actor_a", "actor_b", "sources"}
    # `newsgraph query ... | head -1`: the reader goes away; the command still exits 0.
    cli = [sys.executable, "-c", "from loader.cli import main; main()"]
    with subprocess.Popen(
        [*cli, "--store", str(examples_store), "query", "--sparql",
         "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    ) as proc:  # fmt: skip
        assert proc.stdout is not None
        proc.stdout.readline()
        proc.stdout.close()
        assert proc.wait(timeout=120) == 0
        assert proc.stderr is not None and b"Traceback" not in proc.stderr.read()


def test_parameters_take_printed_iris_and_refuse_a_reversed_range(examples_store: Path) -> None:
    by_name = _at(200, examples_store, "query", "who-met-whom", "-p", "actor=Lavrov",
                  "--format", "csv")  # fmt: skip
    for form in ("id:actor/sergei-lavrov", "https://w3id.org/newsgraph/id/actor/sergei-lavrov"):
        same = _at(200, examples_store, "query", "who-met-whom", "-p", f"actor={form}",
                   "--format", "csv")  # fmt: skip
        assert same.exit_code == 0, same.output
        assert same.stdout == by_name.stdout and same.stdout.count("\n") > 2
    fact = _at(200, examples_store, "query", "sources-of", "-p",
               "fact=id:event/budapest-summit-2025", "--format", "csv")  # fmt: skip
    assert fact.exit_code == 0 and fact.stdout.count("\n") > 2, fact.output
    reversed_range = _at(200, examples_store, "query", "who-met-whom", "-p", "from=2025-09",
                         "-p", "to=2025-08")  # fmt: skip
    assert reversed_range.exit_code == 2
    assert "from=2025-09 is after to=2025-08" in reversed_range.output
    same_month = _at(200, examples_store, "query", "who-met-whom", "-p", "from=2025-08",
                     "-p", "to=2025-08")  # fmt: skip
    assert same_month.exit_code == 0
