"""Dates end to end: a corpus of short articles that word dates as the news does.

Every meeting's expected interval below was worked out by hand from the article
text and its publication date, not by running the resolver; the test counts the
days the loaded graph gets wrong (it must be none). The crafted articles at the
end make every plausibility warning fire, and ``--strict`` turn them into errors.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from click.testing import Result

from loader.core.vocab import NG

CORPUS = Path(__file__).parent / "fixtures" / "dates"
Cli = Callable[..., Result]

# (actor_a, actor_b, first article of the meeting) -> (earliest, latest, precision, sources)
# None is an open side: the article gives only the other one.
EXPECTED = {
    ("Marco Rubio", "Sergei Lavrov", "riyadh-talks"): ("2025-02-18", "2025-02-18", "day", 2),
    ("Russia", "United States", "istanbul-embassy-talks"): ("2025-02-27", "2025-02-27", "day", 1),
    ("Donald Trump", "Vladimir Putin", "alaska-summit"): ("2025-08-15", "2025-08-15", "day", 2),
    ("Donald Trump", "Volodymyr Zelensky", "white-house-zelensky"): (
        "2025-08-18", "2025-08-18", "day", 1,
    ),
    ("Donald Trump", "Vladimir Putin", "d06-budapest-floated"): (
        "2025-10-16", "2025-10-16", "day", 1,
    ),
    ("Donald Trump", "Vladimir Putin", "budapest-summit"): (None, "2025-10-31", "interval", 1),
    ("Marco Rubio", "Sergei Lavrov", "d07-budapest-call"): ("2025-10-20", "2025-10-20", "day", 1),
    ("Steve Witkoff", "Vladimir Putin", "d08-spring-trips"): (
        "2025-03-01", "2025-05-31", "season", 1,
    ),
    ("Kirill Dmitriev", "Steve Witkoff", "d09-late-october"): (
        "2025-10-21", "2025-10-31", "interval", 1,
    ),
    ("Ukraine", "United States", "geneva-talks"): ("2025-11-22", "2025-11-23", "interval", 1),
    ("Jared Kushner", "Steve Witkoff", "kremlin-december"): (
        "2025-12-01", "2025-12-12", "interval", 2,
    ),
    ("Jared Kushner", "Vladimir Putin", "kremlin-december"): (
        "2025-12-01", "2025-12-12", "interval", 2,
    ),
    ("Steve Witkoff", "Vladimir Putin", "kremlin-december"): (
        "2025-12-01", "2025-12-12", "interval", 2,
    ),
    ("Rustem Umerov", "Steve Witkoff", "d11-moscow-december"): (
        "2025-12-01", "2025-12-14", "interval", 1,
    ),
    ("Marco Rubio", "Sergei Lavrov", "d13-late-last-year"): (
        "2025-09-01", "2025-12-31", "interval", 1,
    ),
    ("Rustem Umerov", "Steve Witkoff", "d14-range/24643c880284"): (
        "2025-11-30", "2025-12-02", "interval", 1,
    ),
    ("Donald Trump", "Volodymyr Zelensky", "d14-range/b9d28d326c59"): (
        None, "2025-12-31", "interval", 1,
    ),
}  # fmt: skip


def _key(row: dict[str, str | None]) -> tuple[str, str, str]:
    meeting = str(row["meeting"])
    tail = meeting.split("/event/")[-1] if "/event/" in meeting else meeting.split("/meeting/")[-1]
    return str(row["actor_a"]), str(row["actor_b"]), tail


def _find(key: tuple[str, str, str]) -> tuple[str | None, str | None, str, int]:
    for (a, b, tail), want in EXPECTED.items():
        if (a, b) == key[:2] and key[2].startswith(tail):
            return want
    raise AssertionError(f"unexpected row {key}")


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from loader.cli import main

    store = tmp_path_factory.mktemp("dates") / "store"
    result = CliRunner().invoke(main, ["--store", str(store), "load", str(CORPUS)])
    assert result.exit_code == 0, result.output
    assert "warning" not in result.output
    return store


def test_the_corpus_has_enough_articles() -> None:
    assert len(list(CORPUS.glob("d*.yaml"))) >= 12


def test_who_met_whom_has_no_wrong_day(cli: Cli, loaded: Path) -> None:
    result = cli("--store", loaded, "query", "who-met-whom", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    wrong = []
    for row in rows:
        earliest, latest, precision, sources = _find(_key(row))
        got = (row["date_earliest"], row["date_latest"], row["date_precision"], row["sources"])
        if got != (earliest, latest, precision, sources):
            wrong.append((_key(row), got, (earliest, latest, precision, sources)))
    assert wrong == []
    assert len(rows) == len(EXPECTED)


def test_open_intervals_filter_as_overlapping(cli: Cli, loaded: Path) -> None:
    """'by the end of October' may overlap any period up to October 31, and none after."""

    def meetings(**params: str) -> set[str]:
        args = [arg for k, v in params.items() for arg in ("-p", f"{k}={v}")]
        out = cli("--store", loaded, "query", "who-met-whom", *args, "--format", "json")
        assert out.exit_code == 0, out.output
        return {str(r["meeting"]).rsplit("/", 1)[-1] for r in json.loads(out.stdout)}

    assert "budapest-summit" in meetings(**{"from": "2025-01-01", "to": "2025-01-31"})
    assert "budapest-summit" in meetings(**{"from": "2025-10-30"})
    assert "budapest-summit" not in meetings(**{"from": "2025-11-01"})


def test_graph_keeps_rule_anchor_and_open_sides(loaded: Path) -> None:
    store = ox.Store.read_only(str(loaded))

    def one(query: str) -> list[tuple[str, ...]]:
        result = store.query(query, use_default_graph_as_union=True)
        return sorted(tuple(t.value for t in row) for row in result)  # type: ignore[union-attr]

    relative = one(
        f"SELECT ?anchor ?rule WHERE {{ ?d <{NG.anchorEvent}> ?anchor ; "
        f"<{NG.resolutionRule}> ?rule }}"
    )
    assert relative == [
        (
            "https://w3id.org/newsgraph/id/event/alaska-summit",
            "event-relative: 3 days after event 'alaska-summit' (2025-08-15)",
        ),
        (
            "https://w3id.org/newsgraph/id/event/kremlin-december",
            "event-relative: the week of event 'kremlin-december' (2025-12-01 to 2025-12-12)",
        ),
    ]
    open_start = one(
        f"SELECT ?phrase WHERE {{ ?d <{NG.originalPhrase}> ?phrase ; <{NG.latest}> ?l . "
        f"FILTER NOT EXISTS {{ ?d <{NG.earliest}> ?e }} }}"
    )
    assert open_start == [("by the end of October",), ("by the end of the year",)]
    # Dates as the article gives them (the consensus graph holds merged ones too).
    season = one(
        f"SELECT ?d WHERE {{ ?d <{NG.hasPrecision}> <{NG.SeasonPrecision}> ; "
        f"<{NG.originalPhrase}> ?phrase }}"
    )
    assert len(season) == 1
    assert one(f"SELECT ?d WHERE {{ ?d <{NG.uncertain}> ?u }}") == []


def test_loaded_corpus_passes_the_shapes(cli: Cli, loaded: Path) -> None:
    result = cli("--store", loaded, "check")
    assert result.exit_code == 0, result.output
    assert "no SHACL violations" in result.output


# --- every warning on a crafted case ------------------------------------------------

ARTICLE = """\
article:
  id: {id}
  title: Crafted case
  publisher: Date Desk
  published: {published}
  text: >
    Rubio and Lavrov met again. Lavrov said the talks were useful.
meetings:
  - event: {event}
    kind: talks
    status: {status}
    participants: [marco-rubio, sergei-lavrov]
    date: {date}
    evidence: [Rubio and Lavrov met again]
statements:
  - speaker: sergei-lavrov
    speech: reported
    date: {said}
    evidence: [the talks were useful]
"""

CASES = {
    "held-after": dict(status="held", date="2025-03-05", said="2025-03-01", event="e1"),
    "planned-before": dict(status="planned", date="2025-02-10", said="2025-03-01", event="e2"),
    "statement-after": dict(status="held", date="2025-02-27", said="2025-03-09", event="e3"),
    "uncertain": dict(status="held", date="2025/02/26", said="2025-03-01", event="e4"),
    "apart-one": dict(status="held", date="2025-02-20", said="2025-03-01", event="e5"),
    "apart-two": dict(status="held", date="2025-02-25", said="2025-03-01", event="e5"),
}
WARNINGS = {
    "held-after": "a held meeting is dated 2025-03-05, after publication (2025-03-01)",
    "planned-before": "a planned meeting is dated 2025-02-10, more than a week before",
    "statement-after": "a statement is dated 2025-03-09, after publication (2025-03-01)",
    "uncertain": "'2025/02/26' was read by the dateparser fallback as 2025-02-26",
    "apart-one": "event 'e5' is dated 2025-02-20 here and 2025-02-25 at",
}


def _crafted(root: Path, names: list[str]) -> Path:
    root.mkdir()
    shutil.copy(CORPUS / "gazetteer.yaml", root / "gazetteer.yaml")
    for name in names:
        text = ARTICLE.format(id=name, published="2025-03-01", **CASES[name])
        (root / f"{name}.yaml").write_text(text, encoding="utf-8")
    return root


@pytest.mark.parametrize("name", sorted(WARNINGS))
def test_every_warning_fires_and_strict_makes_it_an_error(
    cli: Cli, tmp_path: Path, name: str
) -> None:
    names = ["apart-one", "apart-two"] if name == "apart-one" else [name]
    root = _crafted(tmp_path / "corpus", names)
    checked = cli("validate", root)
    assert checked.exit_code == 0, checked.output
    assert f"warning: {root / (name + '.yaml')}" in " ".join(checked.output.split())
    assert WARNINGS[name] in " ".join(checked.output.split())
    strict = cli("validate", "--strict", root)
    assert strict.exit_code == 1
    assert "error:" in strict.output and WARNINGS[name] in " ".join(strict.output.split())

    store = tmp_path / "store"
    loaded = cli("--store", store, "load", root)
    assert loaded.exit_code == 0
    assert WARNINGS[name] in " ".join(loaded.output.split())
    refused = cli("--store", tmp_path / "strict-store", "load", "--strict", root)
    assert refused.exit_code == 1
    assert "nothing was written" in refused.output


def test_sources_that_do_not_overlap_show_in_conflicting_reports(
    cli: Cli, tmp_path: Path
) -> None:
    root = _crafted(tmp_path / "corpus", ["apart-one", "apart-two"])
    store = tmp_path / "store"
    assert cli("--store", store, "load", root).exit_code == 0
    result = cli("--store", store, "query", "conflicting-reports", "--format", "json")
    rows = [r for r in json.loads(result.stdout) if r.get("aspect") == "date"]
    assert sorted(r["claim"] for r in rows) == ["2025-02-20", "2025-02-25"]


def test_an_uncertain_date_is_flagged_in_the_graph(cli: Cli, tmp_path: Path) -> None:
    root = _crafted(tmp_path / "corpus", ["uncertain"])
    store = tmp_path / "store"
    assert cli("--store", store, "load", root).exit_code == 0
    graph = ox.Store.read_only(str(store))
    ask = f"ASK {{ ?d <{NG.uncertain}> true ; <{NG.originalPhrase}> '2025/02/26' }}"
    assert graph.query(ask, use_default_graph_as_union=True)


def test_a_phrase_counting_from_an_undated_event_says_how_to_anchor_it(
    cli: Cli, tmp_path: Path
) -> None:
    root = _crafted(tmp_path / "corpus", ["held-after"])
    path = root / "held-after.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "date: 2025-03-05", "date: {phrase: a day after, after: riga-summit}"
    )
    path.write_text(text, encoding="utf-8")
    result = cli("validate", root)
    assert result.exit_code == 1
    flat = " ".join(result.output.split())
    assert "meetings.0.date: the anchor event 'riga-summit' has no date in this article" in flat
    assert "or give the anchor as a date (after: YYYY-MM-DD)" in flat
    path.write_text(text.replace("{phrase: a day after, after: riga-summit}", "two days later"))
    result = cli("validate", root)
    assert result.exit_code == 1
    assert "'two days later' counts from another event" in " ".join(result.output.split())


@pytest.mark.java
def test_owl_export_of_the_dates_corpus_stays_dl(cli: Cli, tmp_path: Path) -> None:
    """Open intervals, seasons, anchor events and uncertain flags: Protégé reads them all."""
    from tests.owlapi import owlapi_check

    root = tmp_path / "corpus"
    shutil.copytree(CORPUS, root)
    crafted = ARTICLE.format(id="uncertain", published="2025-03-01", **CASES["uncertain"])
    (root / "uncertain.yaml").write_text(crafted, encoding="utf-8")
    store = tmp_path / "store"
    assert cli("--store", store, "load", root).exit_code == 0
    out = tmp_path / "dates.owl"
    result = cli("--store", store, "export", "--format", "owl", out)
    assert result.exit_code == 0, result.output
    (report,) = owlapi_check(out)
    assert report.unparsed_triples == 0, report.unparsed_sample
    assert report.dl_violations == [], report.dl_violations[:5]
    assert report.guessed_declarations == []
    text = out.read_text(encoding="utf-8")
    assert "uncertain" in text and "anchorEvent" in text and "SeasonPrecision" in text


@pytest.mark.servers
def test_open_intervals_and_seasons_merge_the_same_on_real_servers(
    remote_stores: Any, loaded: Path
) -> None:
    """The merge rule's open sides and season rank, on Oxigraph server and Virtuoso."""
    from click.testing import CliRunner

    from loader.cli import main
    from tests.servers import cli_args, cli_env

    runner = CliRunner()
    remote = [*cli_args(remote_stores)]
    env = cli_env(remote_stores)
    assert runner.invoke(main, [*remote, "load", str(CORPUS), "-q"], env=env).exit_code == 0
    for params in ([], ["-p", "from=2025-11-01"], ["-p", "to=2025-02-20"]):
        args = ["query", "who-met-whom", *params, "--format", "json"]
        there = runner.invoke(main, [*remote, *args], env=env)
        here = runner.invoke(main, ["--store", str(loaded), *args])
        assert there.exit_code == here.exit_code == 0, there.output
        assert sorted(map(str, json.loads(there.stdout))) == sorted(
            map(str, json.loads(here.stdout))
        )
        assert json.loads(here.stdout), params


@pytest.mark.parametrize(
    ("date", "message"),
    [
        ("{phrase: on Monday, foo: 1}", "meetings.0.date.foo: unknown field 'foo' — allowed "
         "fields: after, at, before, direction, from, phrase, to"),
        ("{to: 2025-02-20, direction: sideways}", "meetings.0.date.direction: 'sideways' is "
         "not allowed — use one of 'past', 'future' or 'either'"),
        ("{}", "meetings.0.date: a date mapping needs 'from', 'to' or 'phrase'"),
        ("01/02/2025", "meetings.0.date: '01/02/2025' is a numeric date"),
        ("recently", "meetings.0.date: 'recently' does not say when — write an open interval "
         "that ends at publication, {to: 2025-03-01}"),
    ],
)  # fmt: skip
def test_bad_dates_name_the_field_and_what_to_write(
    cli: Cli, tmp_path: Path, date: str, message: str
) -> None:
    root = _crafted(tmp_path / "corpus", ["held-after"])
    path = root / "held-after.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2025-03-05", f"date: {date}"))
    result = cli("validate", root)
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
