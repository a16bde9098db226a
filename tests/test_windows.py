"""Date windows keep undated facts by their sources' publication days; --dated-only drops them.

The fixture corpus (tests/fixtures/windows) has a meeting no article dates, reported by
an article published inside October 2025 and by one published in November, a dated
phone call, an undated statement, and an undated visit and sanctions package that only
the November article reports.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

import loader
from loader.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "windows"
TALKS = "https://w3id.org/newsgraph/id/event/sybiha-fidan-ankara-2025"
NG = "https://w3id.org/newsgraph/ontology#"

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = tmp_path_factory.mktemp("windows") / "store"
    loaded = CliRunner().invoke(main, ["--store", str(store), "load", str(FIXTURE), "-q"])
    assert loaded.exit_code == 0, loaded.output
    return store


@pytest.fixture(scope="module")
def run(store_path: Path) -> Run:
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(main, ["--store", str(store_path), *args], env={"COLUMNS": "200"})

    return invoke


def rows(run: Run, *args: str) -> list[dict[str, Any]]:
    result = run("query", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, list)
    return data


def by_meeting(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {str(r["meeting"]): r for r in found}


OCTOBER = ("-p", "from=2025-10", "-p", "to=2025-10")


def test_an_undated_meeting_reported_inside_the_window_is_kept(run: Run) -> None:
    found = by_meeting(rows(run, "who-met-whom", *OCTOBER))
    talks = found[TALKS]
    assert talks["dated_by"] == "publication"
    # its own dates stay unknown: the publication day only places it in the window
    assert (talks["date_earliest"], talks["date_latest"], talks["date_precision"]) == (
        None, None, None)  # fmt: skip
    [call] = [r for r in found.values() if r["kind"] == "phone-call"]
    assert (call["dated_by"], call["date_earliest"]) == ("event", "2025-10-07")
    # the visit only the November article reports is outside October
    assert not [r for r in found.values() if r["kind"] == "visit"]


def test_dated_only_restores_the_dated_facts_alone(run: Run) -> None:
    found = rows(run, "who-met-whom", *OCTOBER, "--dated-only")
    assert [(r["kind"], r["dated_by"]) for r in found] == [("phone-call", "event")]
    assert rows(run, "who-met-whom", *OCTOBER, "-p", "dated_only=true") == found
    assert rows(run, "who-met-whom", *OCTOBER, "-p", "dated_only=false") == rows(
        run, "who-met-whom", *OCTOBER)  # fmt: skip


def test_the_later_report_places_it_in_a_later_window_too(run: Run) -> None:
    found = by_meeting(rows(run, "meetings", "-p", "from=2025-11-01", "-p", "to=2025-11-30"))
    assert set(found) >= {TALKS}
    assert {r["dated_by"] for r in found.values()} == {"publication"}
    assert {r["kind"] for r in found.values()} == {"talks", "visit"}
    assert rows(run, "meetings", "-p", "from=2025-11", "--dated-only") == []
    # reported on 2025-10-09 and 2025-11-14: a window between the two reports overlaps them
    assert TALKS in by_meeting(rows(run, "meetings", "-p", "from=2025-10-20", "-p", "to=2025-10-25"))
    # and one after the last report does not
    assert rows(run, "meetings-of", "-p", "actor=Fidan", "-p", "from=2025-12") == []


def test_without_a_window_dated_by_still_says_how_each_row_is_dated(run: Run) -> None:
    found = rows(run, "meetings")
    assert {(r["kind"], r["dated_by"]) for r in found} == {
        ("talks", "publication"), ("visit", "publication"), ("phone-call", "event")}  # fmt: skip
    # --dated-only changes nothing without a window
    assert rows(run, "meetings", "--dated-only") == found


def test_timeline_places_an_undated_statement_by_its_article(run: Run) -> None:
    found = rows(run, "timeline", "-p", "actor=Sybiha", *OCTOBER)
    assert {(r["type"], r["dated_by"]) for r in found} == {
        ("meeting", "event"), ("meeting", "publication"), ("statement", "publication")}  # fmt: skip
    dated = rows(run, "timeline", "-p", "actor=Sybiha", *OCTOBER, "--dated-only")
    assert [(r["type"], r["dated_by"]) for r in dated] == [("meeting", "event")]


def test_sanctions_on_keeps_an_undated_package_by_publication(run: Run) -> None:
    november = rows(run, "sanctions-on", "-p", "actor=Rosneft", "-p", "from=2025-11",
                    "-p", "to=2025-11")  # fmt: skip
    assert [(r["package"].rsplit("/", 1)[-1], r["dated_by"], r["date_earliest"])
            for r in november] == [("us-oil-majors-2025-10", "publication", None)]  # fmt: skip
    assert rows(run, "sanctions-on", "-p", "actor=Rosneft", "-p", "to=2025-10") == []
    assert rows(run, "sanctions-on", "-p", "actor=Rosneft", "-p", "from=2025-11",
                "--dated-only") == []  # fmt: skip


def test_the_consensus_graph_records_first_and_last_reports(run: Run) -> None:
    sparql = (
        f"SELECT ?first ?last WHERE {{ GRAPH <https://w3id.org/newsgraph/id/consensus> {{ "
        f"<{TALKS}> <{NG}firstReported> ?first ; <{NG}lastReported> ?last ; "
        f"<{NG}sourceCount> ?n . FILTER NOT EXISTS {{ <{TALKS}> <{NG}hasDate> ?d }} }} }}"
    )
    assert rows(run, "--sparql", sparql) == [{"first": "2025-10-09", "last": "2025-11-14"}]


def test_a_bad_flag_value_is_a_usage_error(run: Run) -> None:
    result = run("query", "meetings", "-p", "dated_only=maybe")
    assert result.exit_code != 0
    assert "dated_only='maybe': not true or false" in result.output
    assert "write true or false" in result.output


def test_dated_only_on_a_query_without_a_window_is_refused(run: Run) -> None:
    result = run("query", "actors", "--dated-only")
    assert result.exit_code != 0
    assert "query 'actors' has no date window" in result.output
    assert "who-met-whom" in result.output
    twice = run("query", "meetings", "--dated-only", "-p", "dated_only=false")
    assert twice.exit_code != 0
    assert "both given" in twice.output


def test_a_user_query_gets_the_flag_as_a_boolean(run: Run) -> None:
    sparql = "SELECT ?on ?type WHERE { BIND(?dated_only AS ?on) BIND(DATATYPE(?on) AS ?type) }"
    assert rows(run, "--sparql", sparql, "--dated-only") == [
        {"on": "true", "type": "http://www.w3.org/2001/XMLSchema#boolean"}]  # fmt: skip


def test_the_library_takes_dated_only_as_a_boolean(store_path: Path) -> None:
    store = loader.open_store(store_path, read_only=True)
    try:
        window = {"from": "2025-10", "to": "2025-10"}
        placed = loader.query(store, "who-met-whom", **window)
        dated = loader.query(store, "who-met-whom", **window, dated_only=True)
        assert loader.query(store, "who-met-whom", **window, dated_only=False) == placed
    finally:
        store.close()
    assert {r["dated_by"] for r in placed} == {"event", "publication"}
    assert [r["dated_by"] for r in dated] == ["event"]
