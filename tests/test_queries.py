"""The canned query catalog: headers, parameter binding, golden rows on three corpora."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from loader.core.errors import UsageError
from loader.pipeline import corpus
from loader.queries.canned import MARKER, catalog, parse_query
from loader.queries.results import rows_as_dicts, write_result
from loader.queries.run import run_query, run_sparql
from loader.store.base import SelectResult
from loader.store.embedded import EmbeddedStore
from tests.golden_runner import CORPORA, check_corpus


def load_store(path: Path, corpus_dir: Path) -> EmbeddedStore:
    store = EmbeddedStore(path)
    corpus.load([corpus_dir], store, workers=1)
    return store


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, EmbeddedStore]]:
    opened = {
        name: load_store(tmp_path_factory.mktemp(name) / "store", path)
        for name, path in CORPORA.items()
        if any(path.glob("*.yaml"))
    }
    yield opened
    for store in opened.values():
        store.close()


def rows(store: EmbeddedStore, name: str, **params: str) -> list[dict[str, Any]]:
    return rows_as_dicts(run_query(store, name, params))


# --- golden rows ---------------------------------------------------------------------


@pytest.mark.parametrize("corpus_name", sorted(CORPORA))
def test_golden(stores: dict[str, EmbeddedStore], corpus_name: str) -> None:
    if corpus_name not in stores:
        pytest.skip(f"no corpus at {CORPORA[corpus_name]} yet")
    problems = check_corpus(stores[corpus_name], corpus_name)
    assert not problems, "\n".join(problems)


# --- the facts the seed fixtures must answer --------------------------------------------


def _pair(result: list[dict[str, Any]], a: str, b: str) -> list[dict[str, Any]]:
    return [r for r in result if {r["actor_a"], r["actor_b"]} == {a, b}]


def test_seeds_anchorage_summit(stores: dict[str, EmbeddedStore]) -> None:
    [row] = [r for r in _pair(rows(stores["seeds"], "who-met-whom", actor="Trump"),
                              "Donald Trump", "Vladimir Putin") if r["place"] == "Anchorage"]  # fmt: skip
    assert row["status"] == "held"
    assert (row["date_earliest"], row["date_latest"], row["date_precision"]) == (
        "2025-08-15", "2025-08-15", "day")  # fmt: skip
    assert row["sources"] == 3


def test_seeds_lavrov_rubio_call(stores: dict[str, EmbeddedStore]) -> None:
    result = rows(stores["seeds"], "who-met-whom", actor="Lavrov", other="Rubio")
    [call] = [r for r in result if r["kind"] == "phone-call"]
    assert (call["status"], call["date_earliest"], call["date_latest"]) == (
        "held", "2025-10-20", "2025-10-20")  # fmt: skip
    assert call["sources"] == 3


def test_seeds_budapest_conflict(stores: dict[str, EmbeddedStore]) -> None:
    result = rows(stores["seeds"], "conflicting-reports")
    claims = {r["claim"] for r in result
              if r["meeting"].endswith("/event/budapest-summit-2025") and r["aspect"] == "status"}  # fmt: skip
    assert {"cancelled", "postponed"} <= claims


def test_seeds_eu_19th_package(stores: dict[str, EmbeddedStore]) -> None:
    [row] = [r for r in rows(stores["seeds"], "sanctions-packages", issuer="EU")
             if r["number"] == 19]  # fmt: skip
    assert row["issuer"] == "European Union"
    assert row["sources"] == 2
    assert row["status"] == "adopted"


def test_seeds_witkoff_putin_st_petersburg(stores: dict[str, EmbeddedStore]) -> None:
    result = rows(stores["seeds"], "who-met-whom", actor="Witkoff", other="Putin")
    [row] = [r for r in result if r["date_earliest"] == "2025-04-11"]
    assert row["date_latest"] == "2025-04-11"
    assert row["place"] == "Saint Petersburg"
    assert row["status"] == "held"


# --- merging rules, on our own fixtures -------------------------------------------------


def test_merge_rules(stores: dict[str, EmbeddedStore]) -> None:
    result = {r["meeting"].rsplit("/", 1)[1]: r for r in rows(stores["queries"], "who-met-whom")
              if r["meeting"].startswith("https://w3id.org/newsgraph/id/event/")}  # fmt: skip
    alaska, budapest, call = result["alaska"], result["budapest"], result["lavrov-rubio-call"]
    # a day and a month: the day; one source says summit, one meeting: summit
    assert (alaska["date_earliest"], alaska["date_precision"], alaska["kind"]) == (
        "2025-08-15", "day", "summit")  # fmt: skip
    # an interval and a day inside it: the day
    assert (call["date_earliest"], call["date_latest"], call["date_precision"]) == (
        "2025-10-20", "2025-10-20", "day")  # fmt: skip
    # November vs December: a conflict spanning both; two places; same-day tie → cancelled
    assert (budapest["date_earliest"], budapest["date_latest"], budapest["date_precision"]) == (
        "2025-11-01", "2025-12-31", "conflict")  # fmt: skip
    assert sorted(budapest["place"].split("; ")) == ["Budapest", "Geneva"]  # SPARQL's order
    assert budapest["status"] == "cancelled"
    assert budapest["sources"] == 3


def test_interval_overlap_filter(stores: dict[str, EmbeddedStore]) -> None:
    store = stores["queries"]
    keys = {r["meeting"].rsplit("/", 1)[1] for r in rows(store, "who-met-whom", to="2025-08")}
    assert keys == {"alaska"}
    # the month 2025-10 binds from=2025-10-01 and to=2025-10-31
    keys = {r["meeting"].rsplit("/", 1)[1]
            for r in rows(store, "who-met-whom", **{"from": "2025-10", "to": "2025-10"})}  # fmt: skip
    assert "lavrov-rubio-call" in keys and "alaska" not in keys


def test_adoption_date_wins_over_proposal(stores: dict[str, EmbeddedStore]) -> None:
    [eu] = [r for r in rows(stores["queries"], "sanctions-packages") if r["number"] == 19]
    assert (eu["date_earliest"], eu["date_precision"], eu["status"]) == (
        "2025-10-16", "day", "adopted")  # fmt: skip
    assert sorted(eu["targets"].split("; ")) == ["Rosneft", "Russia"]


def test_every_query_returns_its_declared_columns(stores: dict[str, EmbeddedStore]) -> None:
    for query in catalog().values():
        params = {p.name: p.example for p in query.params if p.required}
        if query.name in ("sources-of", "status-history"):
            params = {query.params[0].name: "budapest"}
        if query.name == "sanctions-timeline":
            params = {"regime": "eu-19"}
        result = run_query(stores["queries"], query.name, params)
        assert isinstance(result, SelectResult)
        assert tuple(result.variables) == query.columns, query.name


# --- parameters -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"actor": "Lavorv"}, "closest names: Lavrov"),
        ({"actor": "Nobody At All"}, "no actor with this id, name or alias"),
        ({"from": "2025-13"}, "not a real month"),
        ({"from": "last week"}, "not a date"),
        ({"status": "happening"}, "unknown status"),
        ({"colour": "red"}, "has no parameter 'colour'"),
    ],
)
def test_bad_parameters(stores: dict[str, EmbeddedStore], params: dict[str, str],
                        message: str) -> None:  # fmt: skip
    with pytest.raises(UsageError, match=message) as info:
        run_query(stores["queries"], "who-met-whom", params)
    assert info.value.exit_code == 2


def test_required_parameter_and_unknown_query(stores: dict[str, EmbeddedStore]) -> None:
    with pytest.raises(UsageError, match="needs parameter actor — add -p actor=Lavrov"):
        run_query(stores["queries"], "meetings-of", {})
    with pytest.raises(UsageError, match="did you mean who-met-whom"):
        run_query(stores["queries"], "who-met-who", {})
    with pytest.raises(UsageError, match="no such fact"):
        run_query(stores["queries"], "sources-of", {"fact": "event/nothing-here"})


def test_actor_by_id_name_alias_any_case(stores: dict[str, EmbeddedStore]) -> None:
    results = [rows(stores["queries"], "meetings-of", actor=a)
               for a in ("sergei-lavrov", "Sergei Lavrov", "sergey lavrov", "LAVROV")]  # fmt: skip
    assert results[0] and all(r == results[0] for r in results)


def test_user_query_parameters(stores: dict[str, EmbeddedStore]) -> None:
    store = stores["queries"]
    sparql = ("PREFIX ng: <https://w3id.org/newsgraph/ontology#>\n"
              "SELECT DISTINCT ?m WHERE { ?m ng:hasParticipant ?who } ORDER BY ?m")  # fmt: skip
    got = rows_as_dicts(run_sparql(store, sparql, {"who:actor": "Putin"}))
    assert [r["m"].rsplit("/", 1)[1] for r in got] == ["alaska", "budapest"]
    # a plain -p value is a literal: no actor has it as an IRI
    assert rows_as_dicts(run_sparql(store, sparql, {"who": "Putin"})) == []
    with pytest.raises(UsageError, match="this is a SPARQL update"):
        run_sparql(store, "DROP ALL", {})
    with pytest.raises(UsageError, match="cannot place the parameters"):
        run_sparql(store, "CONSTRUCT { ?s ?p ?o }", {"x": "1"})


# --- headers ----------------------------------------------------------------------------

GOOD = """# title: T
# description: D
#   continued
# param: who | actor | required | Lavrov | the actor
# columns: a, b
SELECT ?a ?b WHERE {
  #@values
}
"""


def test_header_parsing() -> None:
    q = parse_query("t", GOOD)
    assert (q.title, q.description, q.columns) == ("T", "D continued", ("a", "b"))
    assert [(p.name, p.type, p.required, p.example) for p in q.params] == [
        ("who", "actor", True, "Lavrov")
    ]
    assert q.usage() == "t -p who=Lavrov"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (GOOD.replace("# title: T\n", ""), r"t\.rq:1:1: the header has no title"),
        (GOOD.replace("| the actor", ""), r"t\.rq:4:1: a param line needs 5 fields"),
        (GOOD.replace("| actor |", "| person |"), r"t\.rq:4:1: unknown parameter type 'person'"),
        (GOOD.replace("required", "maybe"), r"t\.rq:4:1: expected 'optional' or 'required'"),
        (GOOD.replace("# columns", "# colour"), r"t\.rq:5:1: unknown header field 'colour'"),
        (GOOD.replace("#   continued", "# continued"), r"t\.rq:3:1: header line not understood"),
        (GOOD.replace(MARKER, ""), r"needs a '#@values' marker line"),
        (GOOD.replace("# title: T", "# title: T\n# title: U"), r"t\.rq:2:1: title given twice"),
    ],
)
def test_malformed_headers(text: str, message: str) -> None:
    with pytest.raises(UsageError, match=message):
        parse_query("t", text)


def test_catalog_has_the_required_queries() -> None:
    assert {"who-met-whom", "meetings", "meetings-of", "timeline", "statements-by", "statements-about",
            "sanctions-packages", "sources-of", "conflicting-reports", "status-history",
            "actors"} <= set(catalog())  # fmt: skip
    wmw = catalog()["who-met-whom"]
    assert [p.name for p in wmw.params] == ["actor", "other", "from", "to", "status", "dated_only"]
    assert wmw.columns == ("meeting", "kind", "status", "actor_a", "actor_b", "date_earliest",
                           "date_latest", "date_precision", "place", "sources",
                           "dated_by")  # fmt: skip


# --- formats ----------------------------------------------------------------------------


def test_json_values_are_plain(stores: dict[str, EmbeddedStore]) -> None:
    out = io.StringIO()
    write_result(run_query(stores["queries"], "who-met-whom", {"actor": "Lavrov"}), out, "json")
    data = json.loads(out.getvalue())
    assert isinstance(data[0]["sources"], int)
    assert data[0]["meeting"].startswith("https://w3id.org/newsgraph/id/")
    assert data[0]["place"] is None


# --- the same golden rows on real SPARQL servers -----------------------------------------


@pytest.mark.servers
@pytest.mark.parametrize("corpus_name", sorted(CORPORA))
def test_golden_remote(remote_stores: Any, corpus_name: str) -> None:
    from click.testing import CliRunner

    from loader.cli import main
    from loader.store.connect import open_store
    from tests.servers import cli_args, cli_env

    loaded = CliRunner().invoke(
        main,
        [*cli_args(remote_stores), "load", str(CORPORA[corpus_name]), "-q"],
        env=cli_env(remote_stores),
    )
    assert loaded.exit_code == 0, loaded.output
    store = open_store(remote_stores)
    try:
        problems = check_corpus(store, corpus_name)
    finally:
        store.close()
    assert not problems, "\n".join(problems)


# --- sparse facts: a missing optional value never splits or drops a fact -----------------


def test_package_with_and_without_number_is_one_row(stores: dict[str, EmbeddedStore]) -> None:
    found = [r for r in rows(stores["sparse"], "sanctions-packages") if r["package"].endswith("/eu-19")]
    assert len(found) == 1
    assert found[0]["number"] == 19


def test_source_without_targets_counts(stores: dict[str, EmbeddedStore]) -> None:
    [row] = rows(stores["sparse"], "sanctions-packages", issuer="EU")
    assert row["sources"] == 3  # s1 (number, targets), s2 (neither), s7 (targets only)
    assert row["targets"] is not None and set(row["targets"].split("; ")) == {"Russia", "Rosneft"}


def test_package_without_any_target_is_listed(stores: dict[str, EmbeddedStore]) -> None:
    [row] = rows(stores["sparse"], "sanctions-packages", issuer="Treasury")
    assert row["package"].endswith("/sanctions/us-next-round")
    assert (row["status"], row["targets"], row["sources"]) == ("proposed", None, 1)


def test_conflicting_reports_cover_packages(stores: dict[str, EmbeddedStore]) -> None:
    found = rows(stores["queries"], "conflicting-reports", actor="Rosneft")
    claims = {(r["aspect"], r["claim"]) for r in found if r["meeting"].endswith("/eu-19")}
    assert ("status", "proposed") in claims and ("status", "adopted") in claims
