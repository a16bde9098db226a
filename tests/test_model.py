"""The richer annotation model on the model corpus: delegations, one-body meetings,
series, dated status changes, unnamed and relayed statements, inferred speech."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from loader.pipeline import corpus
from loader.queries.results import rows_as_dicts
from loader.queries.run import run_query
from loader.store.base import SelectResult
from loader.store.embedded import EmbeddedStore
from tests.conftest import FIXTURES

MODEL = FIXTURES / "model"
Cli = Callable[..., Result]
NG = "https://w3id.org/newsgraph/ontology#"
ID = "https://w3id.org/newsgraph/id/"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    s = EmbeddedStore(tmp_path_factory.mktemp("model") / "store")
    corpus.load([MODEL], s, workers=1)
    yield s
    s.close()


def rows(store: EmbeddedStore, name: str, **params: str) -> list[dict[str, Any]]:
    return rows_as_dicts(run_query(store, name, params))


def select(store: EmbeddedStore, sparql: str) -> list[list[str]]:
    result = store.query(sparql)
    assert isinstance(result, SelectResult)
    return [[str(v) for v in row] for row in result.rows]


def pairs(result: list[dict[str, Any]], meeting: str) -> set[frozenset[str]]:
    return {
        frozenset((r["actor_a"], r["actor_b"])) for r in result if r["meeting"].endswith(meeting)
    }


def test_delegates_meet_the_other_side_and_the_host_but_not_their_own(
    store: EmbeddedStore,
) -> None:
    found = pairs(rows(store, "who-met-whom"), "geneva-talks-2025-11-23")
    us = {"Marco Rubio", "Steve Witkoff", "Dan Driscoll"}
    ua = {"Andriy Yermak", "Rustem Umerov", "Andrii Hnatov"}
    expected = {frozenset((a, b)) for a in us for b in ua}
    expected |= {frozenset(("Ignazio Cassis", p)) for p in us | ua}
    assert found == expected
    assert len(found) == 15
    witkoff = {r["counterpart"] for r in rows(store, "meetings-of", actor="Witkoff")}
    assert "Marco Rubio" not in witkoff and "Ignazio Cassis" in witkoff


def test_participation_keeps_role_and_side(store: EmbeddedStore) -> None:
    found = select(
        store,
        f"SELECT DISTINCT ?role ?side WHERE {{ <{ID}event/geneva-talks-2025-11-23> <{NG}hasParticipation> ?p . "
        f"?p <{NG}participant> <{ID}actor/marco-rubio> ; <{NG}participantRole> ?role ; "
        f"<{NG}onSide> ?side }}",
    )
    assert found == [[f"{NG}Delegate", f"{ID}actor/united-states"]]


def test_council_meeting_of_one_body_is_listed_without_counterpart(store: EmbeddedStore) -> None:
    [row] = rows(store, "meetings-of", actor="Foreign Affairs Council")
    assert (row["kind"], row["counterpart"], row["place"]) == (
        "council-meeting",
        None,
        "Luxembourg",
    )
    assert not [r for r in rows(store, "who-met-whom") if "fac-2025" in r["meeting"]]


def test_two_rounds_are_two_events_of_one_series(store: EmbeddedStore) -> None:
    found = select(
        store,
        f"SELECT DISTINCT ?round WHERE {{ ?round <{NG}partOf> <{ID}event/istanbul-talks-2025> }} "
        "ORDER BY ?round",
    )
    assert found == [[f"{ID}event/istanbul-round-1"], [f"{ID}event/istanbul-round-2"]]
    kinds = {r["kind"] for r in rows(store, "meetings-of", actor="Medinsky")}
    assert kinds == {"negotiation-round"}


def test_dated_status_changes_in_event_time(store: EmbeddedStore) -> None:
    history = rows(store, "status-history", event="budapest-summit-2025", by="event")
    changes = [(r["status"], r["changed_on"]) for r in history if r["changed_on"]]
    assert changes == [("postponed", "2025-10-21"), ("cancelled", "2025-10-22")]
    [summit] = [
        r for r in rows(store, "who-met-whom") if r["meeting"].endswith("budapest-summit-2025")
    ]
    assert summit["status"] == "cancelled"
    assert summit["date_earliest"] is None  # the changes' dates are not the summit's date


def test_unnamed_speaker_shows_with_affiliation(store: EmbeddedStore) -> None:
    [row] = rows(store, "statements-by", actor="Ukraine")
    assert row["speaker"] == "unnamed: a member of the Ukrainian delegation (Ukraine)"
    assert row["speech"] == "reported"


def test_hedged_statement_relayed_by_two_outlets(store: EmbeddedStore) -> None:
    [row] = rows(store, "statements-by", actor="Peskov")
    assert (row["attribution"], row["via"]) == ("according-to", "RIA Novosti > Reuters")
    # the event by its label (no source labels it: the one built from its participants)
    assert row["about"] == "Summit: Donald Trump, Vladimir Putin"


def test_statements_about_a_sanctions_package(store: EmbeddedStore) -> None:
    found = {(r["speaker"], r["speech"]) for r in rows(store, "statements-about", about="eu-19")}
    assert found == {
        ("Kaja Kallas", "partial"),
        ("unnamed: a senior EU official (European Union)", "reported"),
    }


def test_speech_left_out_is_read_from_quotation_marks_and_noted(cli: Cli) -> None:
    result = cli("validate", MODEL)
    assert result.exit_code == 0
    notes = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert any("m11-white-house.yaml:19:5" in n and "read as direct" in n for n in notes)
    assert any("m01-geneva-delegations.yaml" in n and "read as reported" in n for n in notes)
    assert len(notes) == 3


def _one_article(tmp_path: Path, meeting: str) -> Path:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(MODEL / "gazetteer.yaml", root / "gazetteer.yaml")
    (root / "a.yaml").write_text(
        f"article:\n  id: a\n  title: T\n  text: The minister spoke alone.\nmeetings:\n{meeting}",
        encoding="utf-8",
    )
    return root


@pytest.mark.parametrize(
    ("meeting", "ok"),
    [
        ("  - {kind: council-meeting, status: held, participants: [eu-foreign-affairs-council],"
         " evidence: [spoke alone]}\n", True),
        ("  - {kind: summit, status: held, participants: [european-union],"
         " evidence: [spoke alone]}\n", True),
        ("  - {kind: council-meeting, status: held, participants: [kaja-kallas],"
         " evidence: [spoke alone]}\n", False),
        ("  - {kind: talks, status: held, participants: [european-union],"
         " evidence: [spoke alone]}\n", False),
    ],
)  # fmt: skip
def test_one_participant_only_for_a_body_that_meets(
    cli: Cli, tmp_path: Path, meeting: str, ok: bool
) -> None:
    result = cli("validate", _one_article(tmp_path, meeting))
    assert (result.exit_code == 0) == ok, result.output
    if not ok:
        assert "a.yaml:6:" in result.output and "participants" in result.output


def test_unknown_about_key_names_the_prefixed_forms(cli: Cli, tmp_path: Path) -> None:
    root = _one_article(tmp_path, "  []\nstatements:\n  - {speaker: kaja-kallas, speech: reported,"
                        " about: [eu-20], evidence: [spoke alone]}\n")  # fmt: skip
    result = cli("validate", root)
    assert result.exit_code != 0
    assert "unknown actor id 'eu-20'" in result.output and "sanctions/eu-20" in result.output


FOUR_PROBLEMS = """\
article:
  id: four
  title: Four problems
  text: Rubio met Witkoff in Geneva on Monday.
meetings:
  - kind: talks
    status: hled
    participants: [marco-rubio, steve-witkoff]
    evidence: [Rubio met Witkoff]
  - kind: talks
    status: held
    participants: [marco-rubio, steve-witkoff]
    place: genevaa
    evidence: [met Witkoff in Paris]
statements:
  - speaker: marco-rubioo
    speech: reported
    evidence: [in Geneva]
"""


def test_validate_lists_every_problem_of_a_file_and_load_writes_nothing(
    cli: Cli, tmp_path: Path, store_dir: Path
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    shutil.copy(MODEL / "gazetteer.yaml", root / "gazetteer.yaml")
    (root / "a.yaml").write_text(FOUR_PROBLEMS, encoding="utf-8")
    (root / "b.yaml").write_text(FOUR_PROBLEMS.replace("id: four", "id: other"), encoding="utf-8")
    result = cli("validate", root)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert [e.split(": ")[1].split("/")[-1] for e in errors] == [
        "a.yaml:7:13", "a.yaml:13:12", "a.yaml:14:16", "a.yaml:16:14",
        "b.yaml:7:13", "b.yaml:13:12", "b.yaml:14:16", "b.yaml:16:14",
    ]  # fmt: skip
    assert "'hled' is not allowed" in errors[0] and "did you mean 'geneva'" in errors[1]
    assert "not in the article text" in errors[2] and "did you mean 'marco-rubio'" in errors[3]
    assert "0 of 2 articles are valid" in result.output
    loaded = cli("--store", store_dir, "load", root)
    assert loaded.exit_code == 1
    assert "and 3 more problems in this file" in loaded.output
    count = cli("--store", store_dir, "query", "--format", "csv", "--sparql",
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } "
                'FILTER(CONTAINS(STR(?g), "/article/")) }')  # fmt: skip
    assert count.output.split() == ["n", "0"]


def test_treasury_package_rolls_up_to_the_united_states(store: EmbeddedStore) -> None:
    assert rows(store, "sanctions-packages", issuer="United States") == []
    [row] = rows(store, "sanctions-packages", issuer="United States", scope="roll-up")
    assert row["issuer"] == "US Treasury"
    assert sorted(row["targets"].split("; ")) == ["Lukoil", "Rosneft"]
    plain = {r["type"] for r in rows(store, "timeline", actor="European Union")}
    rolled = {r["type"] for r in rows(store, "timeline", actor="EU", scope="roll-up")}
    assert "meeting" not in plain and "meeting" in rolled  # the Council's own meeting


@pytest.mark.parametrize(
    ("actors", "message"),
    [
        ("  - {id: a, type: government-body, name: A, part_of: b}\n"
         "  - {id: b, type: government-body, name: B, part_of: a}\n",
         "gazetteer.yaml:2:54: actors.0.part_of: part_of goes round in a circle: a > b > a"),
        ("  - {id: a, type: government-body, name: A, part_of: nowhere}\n",
         "gazetteer.yaml:2:54: actors.0.part_of: unknown actor id 'nowhere'"),
    ],
)  # fmt: skip
def test_gazetteer_hierarchy_is_checked(
    cli: Cli, tmp_path: Path, actors: str, message: str
) -> None:
    root = tmp_path / "c"
    root.mkdir()
    (root / "gazetteer.yaml").write_text("actors:\n" + actors, encoding="utf-8")
    (root / "a.yaml").write_text("article: {id: a, title: T, text: x}\n", encoding="utf-8")
    result = cli("validate", root)
    assert result.exit_code == 1
    assert message in result.output


def _corpus(root: Path, gazetteer: str) -> Path:
    root.mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(gazetteer, encoding="utf-8")
    (root / f"{root.name}.yaml").write_text(
        f"article: {{id: {root.name}, title: T, text: Rosneft was listed.}}\n"
        "sanctions:\n  - {issuer: us-treasury, targets: [rosneft], status: adopted,"
        " evidence: [Rosneft was listed]}\n",
        encoding="utf-8",
    )
    return root


GAZ_A = """\
actors:
  - {id: us-treasury, type: government-body, name: US Treasury, aliases: [Treasury]}
  - {id: rosneft, type: company, name: Rosneft, wikidata: Q1141123}
"""
GAZ_B = """\
actors:
  - {id: us-treasury, type: government-body, name: Department of the Treasury}
  - {id: rosneft, type: state, name: Rosneft Oil Company}
"""


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_conflicting_gazetteers_stop_the_load_naming_both_places(
    cli: Cli, tmp_path: Path, order: str
) -> None:
    a, b = _corpus(tmp_path / "ca", GAZ_A), _corpus(tmp_path / "cb", GAZ_B)
    first, second = (a, b) if order == "ab" else (b, a)
    together = cli("--store", tmp_path / "s1", "load", first, second)
    assert together.exit_code == 1
    assert f"{second}/gazetteer.yaml:3:" in together.output
    assert f"{first}/gazetteer.yaml:3" in together.output
    assert "rosneft" in together.output and "--gazetteer-wins" in together.output
    # one after the other: the second load stops before writing anything
    store = tmp_path / "s2"
    assert cli("--store", store, "load", first).exit_code == 0
    later = cli("--store", store, "load", second)
    assert later.exit_code == 1 and f"{second}/gazetteer.yaml:3:" in later.output
    assert f"{first.resolve()}/gazetteer.yaml" in later.output  # recorded when it was loaded
    graphs = cli("--store", store, "query", "--format", "csv", "--sparql",
                 "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } "
                 'FILTER(CONTAINS(STR(?g), "/article/")) }')  # fmt: skip
    assert graphs.output.split()[1:] == [f"https://w3id.org/newsgraph/id/article/{first.name}"]
    wins = cli("--store", store, "load", "--gazetteer-wins", second)
    assert wins.exit_code == 0, wins.output


def test_agreeing_gazetteers_merge_names_the_same_in_both_orders(cli: Cli, tmp_path: Path) -> None:
    agreeing = GAZ_B.replace(
        "type: state, name: Rosneft Oil Company", "type: company, name: PJSC Rosneft"
    )
    a, b = _corpus(tmp_path / "ca", GAZ_A), _corpus(tmp_path / "cb", agreeing)
    found = []
    for store, order in ((tmp_path / "s1", (a, b)), (tmp_path / "s2", (b, a))):
        for corpus_dir in order:
            assert cli("--store", store, "load", corpus_dir).exit_code == 0
        result = cli("--store", store, "query", "actors", "--format", "json")
        found.append(json.loads(result.output))
    assert found[0] == found[1]
    by_id = {r["id"]: r for r in found[0]}
    assert by_id["us-treasury"]["name"] == "Department of the Treasury"
    assert set(by_id["us-treasury"]["aliases"].split("; ")) == {"Treasury", "US Treasury"}
    assert by_id["rosneft"]["wikidata"] == "http://www.wikidata.org/entity/Q1141123"
