"""Sanctions as they happen: lifecycle, kinds, validity, measures, legal acts, targets.

Through the CLI and the library, on the sanctions fixture corpus (real 2025 events told
in our own words) and on small articles written per test.
"""

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

from .conftest import EXAMPLES, FIXTURES

CORPUS = FIXTURES / "sanctions"
NG = "https://w3id.org/newsgraph/ontology#"
ID = "https://w3id.org/newsgraph/id/"
Cli = Callable[..., Result]

ARTICLE = """\
article:
  id: t1
  title: Test
  published: 2025-10-15
  text: |
    Britain on Wednesday imposed sanctions on Rosneft, freezing its assets, and said
    more listings were expected next month.
sanctions:
  - package: uk-test
    issuer: united-kingdom
{body}
    evidence: [imposed sanctions on Rosneft]
"""


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    opened = EmbeddedStore(tmp_path_factory.mktemp("sanctions") / "store")
    corpus.load([CORPUS], opened, workers=1)
    yield opened
    opened.close()


def select(store: EmbeddedStore, sparql: str) -> list[tuple[str, ...]]:
    result = store.query(f"PREFIX ng: <{NG}> PREFIX id: <{ID}> {sparql}")
    assert isinstance(result, SelectResult)
    return sorted(tuple(str(v) for v in row) for row in result.rows)


def rows(store: EmbeddedStore, name: str, **params: str) -> list[dict[str, Any]]:
    return rows_as_dicts(run_query(store, name, params))


def article(tmp_path: Path, body: str) -> Path:
    root = tmp_path / "corpus"
    root.mkdir(parents=True)
    shutil.copy(CORPUS / "gazetteer.yaml", root / "gazetteer.yaml")
    (root / "t1.yaml").write_text(ARTICLE.format(body=body), encoding="utf-8")
    return root


# --- the graph -------------------------------------------------------------------------


def test_status_changes_are_dated_nodes_and_set_the_status(store: EmbeddedStore) -> None:
    found = select(store, """SELECT ?status ?e WHERE {
        <https://w3id.org/newsgraph/id/sanctions/us-belavia-relief-2025-09> ng:hasStatusChange ?c .
        ?c a ng:StatusChange ; ng:hasStatus ?status ; ng:hasEvidence ?ev .
        OPTIONAL { ?c ng:hasDate/ng:earliest ?e } }""")
    assert found == [(f"{NG}Lifted", "2025-09-11"), (f"{NG}Planned", "None")]
    [(status,)] = select(store, "SELECT DISTINCT ?s WHERE { <https://w3id.org/newsgraph/id/sanctions/us-belavia-relief-2025-09> ng:hasStatus ?s }")
    assert status == f"{NG}Lifted"


def test_measure_keeps_type_object_count_targets_and_evidence(store: EmbeddedStore) -> None:
    # In the article graphs (the consensus graph holds the merged measures).
    found = select(store, """SELECT ?type ?object ?count ?text WHERE { GRAPH ?g { ?g a ng:Article .
        <https://w3id.org/newsgraph/id/sanctions/uk-rosneft-lukoil-2025-10> ng:hasMeasure ?m .
        ?m ng:hasMeasureType ?type ; ng:hasEvidence/ng:exactText ?text .
        OPTIONAL { ?m ng:measureObject ?object } OPTIONAL { ?m ng:measureCount ?count } } }""")
    assert found == [
        (f"{NG}AssetFreeze", "None", "None", "freezing whatever assets"),
        (f"{NG}VesselListing", "shadow fleet tankers", "44", "adds 44 shadow fleet tankers"),
    ]
    targets = select(store, "SELECT ?t WHERE { GRAPH ?g { ?g a ng:Article . ?m ng:hasMeasureType ng:AssetFreeze ; ng:measureTarget ?t } }")
    assert targets == [(f"{ID}actor/lukoil",), (f"{ID}actor/rosneft",)]


def test_legal_act_with_the_same_identifier_is_one_node(store: EmbeddedStore) -> None:
    # The articles' shared node (the consensus graph has its own, under the package).
    found = select(store, """SELECT DISTINCT ?act ?id ?url WHERE {
        ?p ng:hasLegalBasis ?act . ?act a ng:LegalAct ; ng:legalIdentifier ?id .
        OPTIONAL { ?act ng:legalActUrl ?url }
        FILTER(STRSTARTS(STR(?act), "https://w3id.org/newsgraph/id/legal-act/")) }""")
    assert len({act for act, _, _ in found}) == 1
    assert {(i, u) for _, i, u in found} == {("SI 2019/855", "https://www.legislation.gov.uk/uksi/2019/855")}
    graphs = select(store, "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?g a ng:Article . ?p ng:hasLegalBasis ?act } }")
    assert len(graphs) == 2


def test_validity_and_expected_dates_are_kept_apart_from_the_date(tmp_path: Path, cli: Cli) -> None:
    body = """    status: in-force
    date: on Wednesday
    expected: next month
    in_force_from: on Wednesday
    in_force_until: 2026-01"""
    root = article(tmp_path, body)
    assert cli("--store", tmp_path / "s", "load", "-q", root).exit_code == 0
    out = cli("--store", tmp_path / "s", "query", "sanctions-packages", "--format", "json")
    [row] = json.loads(out.stdout)
    assert (row["date_earliest"], row["date_latest"]) == ("2025-10-15", "2025-10-15")
    assert (row["expected_earliest"], row["expected_latest"]) == ("2025-11-01", "2025-11-30")
    assert (row["in_force_from"], row["in_force_until"]) == ("2025-10-15", "2026-01-31")
    assert row["status"] == "in-force"


def test_targets_name_subsidiaries_and_unnamed_groups(tmp_path: Path, cli: Cli) -> None:
    body = """    status: adopted
    targets:
      - {actor: rosneft, subsidiaries: true}
      - {count: 30, description: subsidiaries, of: lukoil}"""
    root = article(tmp_path, body)
    assert cli("--store", tmp_path / "s", "load", "-q", root).exit_code == 0
    out = cli("--store", tmp_path / "s", "query", "sanctions-packages", "--format", "json")
    [row] = json.loads(out.stdout)
    assert sorted(row["targets"].split("; ")) == [
        "30 subsidiaries", "Rosneft", "subsidiaries of Rosneft"
    ]  # fmt: skip
    on = cli("--store", tmp_path / "s", "query", "sanctions-on", "-p", "actor=Lukoil", "--format", "csv")
    assert "uk-test" in on.stdout and ",group," in on.stdout


def test_a_measure_hits_each_of_its_own_targets(tmp_path: Path, cli: Cli) -> None:
    # Three own targets: the one sorting between the others is hit as much as they are.
    body = """    status: adopted
    targets: [rosneft]
    measures: [{type: asset-freeze, targets: [belavia, lukoil, rosneft], evidence: [freezing its assets]}]"""
    assert cli("--store", tmp_path / "s", "load", "-q", article(tmp_path, body)).exit_code == 0
    for actor, hit_as in (("Lukoil", "measure"), ("Belavia", "measure"), ("Rosneft", "measure; target")):
        out = cli("--store", tmp_path / "s", "query", "sanctions-on", "-p", f"actor={actor}", "--format", "json")
        [row] = json.loads(out.stdout)
        assert (row["measure"], sorted(row["hit_as"].split("; "))) == ("asset-freeze", sorted(hit_as.split("; ")))


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("    measures: [{type: asset-freze, evidence: [freezing its assets]}]\n    status: adopted",
         "'asset-freze' is not allowed"),
        ("    targets: [rosneft]", "needs `status:` or at least one `status_changes:`"),
        ("    status: adopted\n    legal_act: {url: 'https://example.org/act'}",
         "a legal act needs a label or an identifier"),
        ("    status: adopted\n    in_force_until: someday", "cannot read 'someday' as a date"),
        ("    status: adopted\n    measures: [{type: asset-freeze, targets: [gazprom],"
         " evidence: [freezing its assets]}]", "gazprom"),
        ("    status: adopted\n    measures: [{type: asset-freeze, evidence: [frozen assets]}]",
         "not in the article text"),
        ("    status: in-effect", "'in-effect' is not allowed"),
        ("    status: adopted\n    kind: renewal\n    renews: uk-test", "cannot name itself in `renews`"),
    ],
)
def test_bad_annotations_name_file_line_and_field(
    tmp_path: Path, cli: Cli, body: str, message: str
) -> None:
    root = article(tmp_path, body)
    result = cli("validate", root)
    assert result.exit_code != 0
    assert message in result.output
    assert "t1.yaml:" in result.output and "sanctions.0" in result.output


def test_old_statuses_and_bare_targets_still_load(tmp_path: Path, cli: Cli) -> None:
    for status in ("proposed", "adopted", "failed"):
        root = article(tmp_path / status, f"    status: {status}\n    targets: [rosneft]")
        assert cli("validate", root).exit_code == 0, status


# --- the queries -------------------------------------------------------------------------


def test_status_filter_finds_the_planned_package(cli: Cli, store_dir: Path) -> None:
    assert cli("--store", store_dir, "load", "-q", EXAMPLES).exit_code == 0
    out = cli("--store", store_dir, "query", "sanctions-packages", "-p", "status=planned",
              "--format", "csv")  # fmt: skip
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2 and "sanctions/eu-20," in lines[1] and ",planned," in lines[1]


def test_timeline_follows_renewals_and_regime(store: EmbeddedStore, tmp_path: Path) -> None:
    emb = EmbeddedStore(tmp_path / "ex")
    try:
        corpus.load([EXAMPLES], emb, workers=1)
        found = rows(emb, "sanctions-timeline", regime="eu-russia-economic")
    finally:
        emb.close()
    kinds = [(r["kind"], r["in_force_until"]) for r in found if r["date_earliest"]]
    assert ("renewal", "2025-07-31") in kinds and ("extension", "2026-01-31") in kinds
    assert found[0]["package"].endswith("/eu-20")  # undated (planned) first


def test_measure_with_own_targets_hits_only_them(store: EmbeddedStore) -> None:
    found = rows(store, "sanctions-on", actor="Rosneft")
    assert {(r["measure"], r["count"]) for r in found} == {("asset-freeze", None),
                                                          ("vessel-listing", 44)}  # fmt: skip
    belavia = rows(store, "sanctions-on", actor="Belavia")
    assert [(r["kind"], r["status"], r["measure"]) for r in belavia] == [
        ("delisting", "lifted", None)
    ]
