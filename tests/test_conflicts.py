"""Change over time against contradiction, labels in `about`, ambiguous names: all through the CLI."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from loader.cli import main

CORPUS = Path(__file__).parent / "fixtures" / "conflicts"
Cli = Callable[..., Result]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("conflicts") / "store"
    loaded = CliRunner().invoke(main, ["--store", str(path), "load", str(CORPUS), "-q"])
    assert loaded.exit_code == 0, loaded.output
    return path


def query(cli: Cli, store: Path, name: str, *params: str) -> list[dict[str, Any]]:
    args = [a for p in params for a in ("-p", p)]
    result = cli("--store", store, "query", name, *args, "--format", "json")
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.stdout)
    return rows


def kinds(rows: list[dict[str, Any]], event: str, aspect: str) -> dict[str, str]:
    """article id → kind, for one event and aspect."""
    return {
        r["article"].rsplit("/", 1)[1]: r["kind"]
        for r in rows
        if r["meeting"].endswith(f"/event/{event}") and r["aspect"] == aspect
    }


# --- conflicting-reports: kind ------------------------------------------------------------


def test_postponed_then_cancelled_is_a_change(cli: Cli, store: Path) -> None:
    rows = query(cli, store, "conflicting-reports")
    assert kinds(rows, "budapest-summit-2025", "status") == {
        "c01-budapest-announced": "change",
        "c02-budapest-on-hold": "change",
        "c03-budapest-called-off": "change",
        # the same day as c03, which reports the postponement itself before the cancellation
        "c04-budapest-stale": "change",
    }


def test_same_day_disagreement_is_a_contradiction(cli: Cli, store: Path) -> None:
    rows = query(cli, store, "conflicting-reports", "actor=Medinsky")
    assert kinds(rows, "istanbul-talks-2025-05", "status") == {
        "c05-istanbul-set": "change",
        "c06-istanbul-pushed-back": "contradiction",
        "c07-istanbul-hasty": "contradiction",
        "c08-istanbul-held": "change",
    }
    # planned for the 15th, then postponed to the 16th: a change; held on the 15th and on
    # the 16th with no postponement published in between: a contradiction
    assert kinds(rows, "istanbul-talks-2025-05", "date") == {
        "c05-istanbul-set": "change",
        "c06-istanbul-pushed-back": "contradiction",
        "c07-istanbul-hasty": "contradiction",
        "c08-istanbul-held": "contradiction",
    }


def test_a_source_going_back_to_an_earlier_stage_is_a_contradiction(cli: Cli, store: Path) -> None:
    rows = query(cli, store, "conflicting-reports", "actor=Xi")
    assert kinds(rows, "trump-xi-2025-10", "status") == {
        "c09-busan-agreed": "change",
        "c10-busan-off": "contradiction",
        "c11-busan-on-again": "contradiction",
        "c12-busan-held": "contradiction",
    }
    # planned in Gyeongju, held in Busan: a later stage, so the place changed
    assert kinds(rows, "trump-xi-2025-10", "place") == {
        "c09-busan-agreed": "change",
        "c12-busan-held": "change",
    }


SAME_DAY = """\
article:
  id: {id}
  title: Summit news
  published: 2025-10-23
  text: |
    {text}
meetings:
  - event: summit-x
    kind: summit
    participants: [donald-trump, vladimir-putin]
    {status}
    evidence: [{evidence}]
"""


def _same_day(folder: Path, *, dated: bool) -> Path:
    folder.mkdir()
    shutil.copy(CORPUS / "gazetteer.yaml", folder)
    on_hold = "status_changes: [{status: postponed, date: 2025-10-21}]" if dated else (
        "status: postponed")  # fmt: skip
    off = "status_changes: [{status: cancelled, date: 2025-10-22}]" if dated else (
        "status: cancelled")  # fmt: skip
    for aid, text, status, evidence in (
        ("x1-on-hold", "The summit was put on hold on Tuesday.", on_hold, "put on hold"),
        ("x2-off", "The summit was called off on Wednesday.", off, "called off"),
    ):
        body = SAME_DAY.format(id=aid, text=text, status=status, evidence=evidence)
        (folder / f"{aid}.yaml").write_text(body, encoding="utf-8")
    return folder


@pytest.mark.parametrize(("dated", "kind"), [(True, "change"), (False, "contradiction")])
def test_same_day_claims_are_ordered_by_their_dated_changes(
    cli: Cli, tmp_path: Path, dated: bool, kind: str
) -> None:
    corpus = _same_day(tmp_path / "corpus", dated=dated)
    loaded = cli("--store", tmp_path / "store", "load", corpus, "-q")
    assert loaded.exit_code == 0, loaded.output
    rows = query(cli, tmp_path / "store", "conflicting-reports")
    assert kinds(rows, "summit-x", "status") == {"x1-on-hold": kind, "x2-off": kind}


def test_a_postponement_published_in_between_explains_a_moved_date(
    cli: Cli, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name in ("gazetteer.yaml", "c07-istanbul-hasty.yaml", "c08-istanbul-held.yaml"):
        shutil.copy(CORPUS / name, corpus)
    store = tmp_path / "store"
    assert cli("--store", store, "load", corpus, "-q").exit_code == 0
    before = kinds(query(cli, store, "conflicting-reports"), "istanbul-talks-2025-05", "date")
    assert set(before.values()) == {"contradiction"}
    (corpus / "c99-slipped.yaml").write_text(
        "article:\n  id: c99-slipped\n  title: Talks slip\n  published: 2025-05-16\n"
        "  text: The Istanbul talks slipped by a day.\n"
        "meetings:\n  - event: istanbul-talks-2025-05\n    kind: talks\n    status: postponed\n"
        "    participants: [vladimir-medinsky, rustem-umerov]\n    evidence: [slipped by a day]\n",
        encoding="utf-8",
    )
    assert cli("--store", store, "load", corpus, "-q").exit_code == 0
    after = kinds(query(cli, store, "conflicting-reports"), "istanbul-talks-2025-05", "date")
    assert after == {"c07-istanbul-hasty": "change", "c08-istanbul-held": "change"}


# --- labels, not keys, in the about column ------------------------------------------------


def test_about_shows_labels_of_events_and_packages(cli: Cli, store: Path) -> None:
    rows = query(cli, store, "statements-about", "about=budapest-summit-2025")
    by_speaker = {r["speaker"]: set(r["about"].split("; ")) for r in rows}
    assert by_speaker == {
        "Viktor Orban": {"Trump-Putin summit in Budapest", "Budapest"},
        # the consensus graph's label (the annotator's, given in another article)
        "Dmitry Peskov": {"Trump-Putin summit in Budapest"},
    }
    [bessent] = query(cli, store, "statements-by", "actor=Bessent")
    assert set(bessent["about"].split("; ")) == {"Russia", "US Treasury sanctions package"}


# --- ambiguous names and IRIs as parameters -----------------------------------------------


def test_a_name_of_several_entries_is_refused_with_the_candidates(cli: Cli, store: Path) -> None:
    result = cli("--store", store, "query", "statements-about", "-p", "about=Moscow")
    assert result.exit_code == 2
    assert "fits 2 entries" in result.output
    assert "id:actor/russia (state, alias Moscow)" in result.output
    assert "id:place/moscow (place, name Moscow)" in result.output
    # an actor parameter looks at actors only: Moscow is Russia there
    assert query(cli, store, "statements-by", "actor=Moscow") == []
    [row] = query(cli, store, "statements-about", "about=Kremlin")
    assert row["speaker"] == "Scott Bessent"


@pytest.mark.parametrize(
    "form",
    ["moscow", "place/moscow", "id:place/moscow", "https://w3id.org/newsgraph/id/place/moscow"],
)
def test_an_id_or_an_iri_names_one_entry(cli: Cli, store: Path, form: str) -> None:
    result = cli("--store", store, "query", "statements-about", "-p", f"about={form}")
    assert result.exit_code == 0, result.output


def test_an_actor_parameter_refuses_an_iri_that_is_no_actor(cli: Cli, store: Path) -> None:
    result = cli("--store", store, "query", "meetings-of", "-p", "actor=id:place/moscow")
    assert result.exit_code == 2
    assert "not an actor of the gazetteer" in result.output
    rows = query(cli, store, "meetings-of", "actor=actor/xi-jinping")
    assert {r["counterpart"] for r in rows} == {"Donald Trump"}


def test_a_key_of_an_event_and_of_a_package_alike_is_refused(cli: Cli, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / "gazetteer.yaml", corpus)
    (corpus / "k1.yaml").write_text(
        "article:\n  id: k1\n  title: Talks and sanctions\n  published: 2025-10-23\n"
        "  text: Trump met Putin. The Treasury listed Rosneft.\n"
        "meetings:\n  - event: october-round\n    kind: talks\n    status: held\n"
        "    participants: [donald-trump, vladimir-putin]\n    evidence: [Trump met Putin]\n"
        "sanctions:\n  - package: october-round\n    issuer: us-treasury\n    targets: [rosneft]\n"
        "    status: adopted\n    evidence: [listed Rosneft]\n",
        encoding="utf-8",
    )
    store = tmp_path / "store"
    assert cli("--store", store, "load", corpus, "-q").exit_code == 0
    result = cli("--store", store, "query", "sources-of", "-p", "fact=october-round")
    assert result.exit_code == 2
    assert "id:event/october-round (event, its key)" in result.output
    assert "id:sanctions/october-round (sanctions package, its key)" in result.output
    assert query(cli, store, "sources-of", "fact=sanctions/october-round")
    about = cli("--store", store, "query", "statements-about", "-p", "about=october-round")
    assert about.exit_code == 2
    assert "(event, its key)" in about.output and "(sanctions package, its key)" in about.output
