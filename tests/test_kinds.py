"""Change over time or contradiction: the rule on hand-made claims, and its nodes in the store.

The rule (loader/consensus/kinds.py) decides each claim's kind at load time; the
unit tests below take every branch of it on claims built by hand, then the
conflicts corpus checks what the consensus graph holds and what the CLI prints.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from loader.consensus import kinds as rule
from loader.consensus.claims import Claim, stored_claims
from loader.consensus.kinds import add_reports, reports
from loader.core.vocab import ID, NG
from loader.store.base import QueryResult
from loader.store.embedded import EmbeddedStore

ROOT = Path(__file__).parent
CORPUS = ROOT / "fixtures" / "conflicts"
EVENT = str(ID["event/x"])
PACKAGE = str(ID["sanctions/x"])
Cli = Callable[..., Result]


def claim(
    name: str,
    published: str | None,
    *statuses: str,
    span: tuple[str | None, str | None] | None = None,
    place: str | None = None,
    changes: Sequence[tuple[str, str | None, str | None]] = (),
    package: bool = False,
) -> Claim:
    """One source's claim: statuses by local name (``Held``), changes as (status, from, to)."""
    c = Claim(graph=str(ID[f"article/{name}"]), node=PACKAGE if package else EVENT)
    c.published = published
    c.classes = {str(NG.SanctionsPackage if package else NG.Summit)}
    c.statuses = {str(NG[s]) for s in statuses}
    if span is not None:
        c.spans = [span]
    if place is not None:
        c.places = {str(ID[f"place/{place}"])}
    c.changes = {(str(NG[s]), e, x) for s, e, x in changes}
    return c


def kinds(claims: Sequence[Claim], aspect: str) -> dict[str, str]:
    """article name → kind (or kinds joined by "+"), for one aspect."""
    found: dict[str, list[str]] = {}
    for r in reports(claims):
        if r.aspect == aspect:
            found.setdefault(r.graph.rsplit("/", 1)[1], []).append(r.kind)
    return {name: "+".join(sorted(set(k))) for name, k in found.items()}


# --- status -----------------------------------------------------------------------------


def test_agreeing_sources_have_no_reports() -> None:
    same = [claim("a", "2025-10-01", "Held", span=("2025-10-02", "2025-10-02"), place="geneva"),
            claim("b", "2025-10-03", "Held", span=("2025-10", None), place="geneva")]  # fmt: skip
    assert reports(same) == []


def test_a_later_stage_published_later_is_a_change() -> None:
    claims = [claim("a", "2025-10-01", "Planned"), claim("b", "2025-10-05", "Held")]
    assert kinds(claims, "status") == {"a": "change", "b": "change"}


def test_a_later_source_going_back_is_a_contradiction_for_both() -> None:
    claims = [claim("a", "2025-10-01", "Held"), claim("b", "2025-10-05", "Planned")]
    assert kinds(claims, "status") == {"a": "contradiction", "b": "contradiction"}


def test_the_same_day_is_a_contradiction_unless_the_changes_are_dated_in_order() -> None:
    undated = [claim("a", "2025-10-01", "Planned"), claim("b", "2025-10-01", "Cancelled")]
    assert kinds(undated, "status") == {"a": "contradiction", "b": "contradiction"}
    dated = [
        claim("a", "2025-10-01", "Postponed", changes=[("Postponed", "2025-09-28", "2025-09-28")]),
        claim("b", "2025-10-01", "Cancelled", changes=[("Cancelled", "2025-09-30", "2025-09-30")]),
    ]
    assert kinds(dated, "status") == {"a": "change", "b": "change"}
    # dated the wrong way round: cancelled first, then postponed
    backwards = [
        claim("a", "2025-10-01", "Postponed", changes=[("Postponed", "2025-09-30", "2025-09-30")]),
        claim("b", "2025-10-01", "Cancelled", changes=[("Cancelled", "2025-09-28", "2025-09-28")]),
    ]
    assert kinds(backwards, "status") == {"a": "contradiction", "b": "contradiction"}


def test_a_source_telling_both_stages_explains_the_earlier_one() -> None:
    # b (published no earlier) lists a's status among its own changes
    claims = [
        claim("a", "2025-10-02", "Postponed"),
        claim("b", "2025-10-02", "Cancelled", changes=[("Postponed", None, None)]),
    ]
    assert kinds(claims, "status") == {"a": "change", "b": "change"}
    # published before the other, it cannot speak for a later report
    early = [
        claim("a", "2025-10-05", "Held"),
        claim("b", "2025-10-02", "Cancelled", changes=[("Held", None, None)]),
    ]
    assert kinds(early, "status") == {"a": "contradiction", "b": "contradiction"}


def test_a_source_without_publication_date_contradicts() -> None:
    claims = [claim("a", None, "Planned"), claim("b", "2025-10-05", "Held")]
    assert kinds(claims, "status") == {"a": "contradiction", "b": "contradiction"}


def test_packages_follow_their_own_lifecycle() -> None:
    # a failed package may be proposed again (a veto lifted); an event cannot be held, then
    # proposed
    package = [
        claim("a", "2025-10-01", "Failed", package=True),
        claim("b", "2025-10-05", "Proposed", package=True),
    ]
    assert kinds(package, "status") == {"a": "change", "b": "change"}
    lifted = [
        claim("a", "2025-10-01", "InForce", package=True),
        claim("b", "2025-10-05", "Drafting", package=True),
    ]
    assert kinds(lifted, "status") == {"a": "contradiction", "b": "contradiction"}


# --- dates ------------------------------------------------------------------------------


def test_open_sides_never_conflict() -> None:
    claims = [
        claim("a", "2025-10-01", "Planned", span=(None, "2025-10-10")),
        claim("b", "2025-10-05", "Planned", span=("2025-10-20", None)),
    ]
    assert kinds(claims, "date") == {"a": "contradiction", "b": "contradiction"}
    assert reports([claims[0], claim("c", "2025-10-05", "Planned", span=(None, None))]) == []


def test_a_date_moved_later_with_a_later_stage_is_a_change() -> None:
    claims = [
        claim("a", "2025-10-01", "Planned", span=("2025-11-01", "2025-11-30")),
        claim("b", "2025-10-05", "Postponed", span=("2025-12-01", "2025-12-31")),
    ]
    assert kinds(claims, "date") == {"a": "change", "b": "change"}
    # the claim's text: a day, or earliest/latest
    assert {r.claim for r in reports(claims) if r.aspect == "date"} == {
        "2025-11-01/2025-11-30",
        "2025-12-01/2025-12-31",
    }


def test_a_postponement_reported_in_between_explains_a_moved_date() -> None:
    a = claim("a", "2025-10-01", "Planned", span=("2025-10-15", "2025-10-15"))
    b = claim("b", "2025-10-05", "Planned", span=("2025-10-20", "2025-10-20"))
    assert kinds([a, b], "date") == {"a": "contradiction", "b": "contradiction"}
    between = claim("p", "2025-10-03", "Planned", changes=[("Postponed", None, None)])
    assert kinds([a, b, between], "date") == {"a": "change", "b": "change"}
    # reported before the first source: it explains nothing
    before = claim("p", "2025-09-30", "Postponed")
    assert kinds([a, b, before], "date") == {"a": "contradiction", "b": "contradiction"}
    assert {r.claim for r in reports([a, b]) if r.aspect == "date"} == {"2025-10-15", "2025-10-20"}


def test_a_date_moved_earlier_is_a_contradiction_even_with_a_later_stage() -> None:
    claims = [
        claim("a", "2025-10-01", "Planned", span=("2025-10-20", "2025-10-20")),
        claim("b", "2025-10-05", "Held", span=("2025-10-15", "2025-10-15")),
    ]
    assert kinds(claims, "date") == {"a": "contradiction", "b": "contradiction"}


# --- places -----------------------------------------------------------------------------


def test_a_place_changed_by_a_later_stage_or_a_postponement_is_a_change() -> None:
    planned = claim("a", "2025-10-01", "Planned", place="geneva")
    held = claim("b", "2025-10-05", "Held", place="riyadh")
    assert kinds([planned, held], "place") == {"a": "change", "b": "change"}
    same = claim("b", "2025-10-05", "Planned", place="riyadh")
    assert kinds([planned, same], "place") == {"a": "contradiction", "b": "contradiction"}
    between = claim("p", "2025-10-05", "Postponed")
    assert kinds([planned, same, between], "place") == {"a": "change", "b": "change"}
    same_day = claim("b", "2025-10-01", "Held", place="riyadh")
    assert kinds([planned, same_day], "place") == {"a": "contradiction", "b": "contradiction"}
    # the place claim is the place itself; the query labels it
    assert {r.claim for r in reports([planned, held]) if r.aspect == "place"} == {
        str(ID["place/geneva"]),
        str(ID["place/riyadh"]),
    }


def test_report_nodes_are_named_under_the_fact_and_stable() -> None:
    claims = [claim("a", "2025-10-01", "Held"), claim("b", "2025-10-05", "Planned")]
    written: list[tuple[str, object, object]] = []
    add_reports(EVENT, claims, lambda s, p, o: written.append((s, p, o)))
    nodes = {o for s, p, o in written if str(p) == str(NG.hasReportedClaim)}
    assert len(nodes) == 2
    assert all(str(n).startswith(f"{EVENT}/report/status/") for n in nodes)
    again: list[tuple[str, object, object]] = []
    add_reports(EVENT, list(reversed(claims)), lambda s, p, o: again.append((s, p, o)))
    assert sorted(map(str, again)) == sorted(map(str, written))


def random_claims(rng: random.Random) -> list[Claim]:
    """A few sources disagreeing on status, date and place, some on the same day."""
    statuses = ["Planned", "Held", "Postponed", "Cancelled"]
    days = ["2025-10-01", "2025-10-03", "2025-10-05", None]
    out = []
    for i in range(rng.randint(2, 14)):
        span = rng.choice(
            [
                None,
                ("2025-10-10", "2025-10-10"),
                ("2025-10-01", "2025-10-31"),
                ("2025-10-20", "2025-10-31"),
                ("2025-10-10", "2025-10-31"),
                ("2025-11-01", None),
            ]
        )
        changes = [
            (rng.choice(statuses), rng.choice(["2025-10-02", "2025-10-04", None]), None)
            for _ in range(rng.choice((0, 0, 1, 2)))
        ]
        out.append(
            claim(
                f"s{i}",
                rng.choice(days),
                *rng.sample(statuses, rng.choice((1, 1, 2))),
                span=span,
                place=rng.choice([None, "geneva", "riyadh"]),
                changes=changes,
            )
        )
    return out


def every_pair(claims: Sequence[Claim]) -> set[tuple[str, str, str, str]]:
    """The rule as docs/queries.md states it: each claim against every other, one by one."""
    the = rule._Rule(claims)
    found = set()
    for a in claims:
        for cs in a.statuses:
            bad = any(
                os != cs and not rule._status_explained(the, a, cs, o, os)
                for o in claims
                for os in o.statuses
            )
            found.add(("status", a.graph, rule.status_name(cs), bad))
        for ce, cl in a.spans:
            for cs2 in rule._statuses(a):
                bad = any(
                    rule._apart(ce, cl, oe, ol)
                    and not rule._date_explained(the, a, (ce, cl, cs2), o, (oe, ol, os2))
                    for o in claims
                    for oe, ol in o.spans
                    for os2 in rule._statuses(o)
                )
                text = ce if ce is not None and ce == cl else f"{ce or '..'}/{cl or '..'}"
                found.add(("date", a.graph, text, bad))
        for cp in a.places:
            for cs3 in rule._statuses(a):
                bad = any(
                    opl != cp and not the.moved(a, cs3, o, os3)
                    for o in claims
                    for opl in o.places
                    for os3 in rule._statuses(o)
                )
                found.add(("place", a.graph, cp, bad))
    return found


def test_a_same_day_source_that_explains_nothing_still_contradicts() -> None:
    """Two later sources say "cancelled" the same day; only the first tells of the event
    having been held: the second still contradicts the "held" report."""
    held = claim("a", "2025-10-01", "Held")
    told = claim("b", "2025-10-03", "Cancelled", changes=[("Held", None, None)])
    silent = claim("c", "2025-10-03", "Cancelled")
    assert kinds([held, told, silent], "status")["a"] == "contradiction"
    assert kinds([held, told], "status")["a"] == "change"


@pytest.mark.parametrize("seed", range(200))
def test_comparing_each_distinct_report_once_gives_every_pair_s_kinds(seed: int) -> None:
    """A fact told by hundreds of sources: the rule compares each distinct (day, claim)
    once; the kinds must be those of comparing every source with every other."""
    rng = random.Random(seed)
    claims = random_claims(rng)
    twin = claims[rng.randrange(len(claims))]  # a second source saying the same that day
    copy = claim("copy", twin.published)
    copy.statuses, copy.spans, copy.places, copy.changes = (
        twin.statuses,
        twin.spans,
        twin.places,
        twin.changes,
    )
    claims.append(copy)
    expected = every_pair(claims)
    spans = [s for c in claims for s in c.spans]
    disputed = {
        "status": len({s for c in claims for s in c.statuses}) > 1,
        "place": len({p for c in claims for p in c.places}) > 1,
        "date": bool(spans)
        and max(e or "0001-01-01" for e, _ in spans) > min(x or "9999-12-31" for _, x in spans),
    }
    got = {(r.aspect, r.graph, r.claim, r.kind == "contradiction") for r in reports(claims)}
    assert got == {e for e in expected if disputed[e[0]]}


# --- in the store -------------------------------------------------------------------------


class SparqlOnly:
    """The embedded store seen through SPARQL alone, as a remote store is read."""

    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store

    def query(self, sparql: str) -> QueryResult:
        return self.store.query(sparql)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from click.testing import CliRunner

    from loader.cli import main

    path = tmp_path_factory.mktemp("kinds") / "store"
    result = CliRunner().invoke(main, ["--store", str(path), "load", str(CORPUS), "-q"])
    assert result.exit_code == 0, result.output
    return path


def test_the_sparql_reader_sees_what_the_pattern_reader_sees(loaded: Path) -> None:
    store = EmbeddedStore(loaded, read_only=True)
    try:
        nodes = {str(ID["event/budapest-summit-2025"]), str(ID["event/istanbul-talks-2025-05"])}
        by_pattern = stored_claims(store, nodes, skip=set())
        by_sparql = stored_claims(SparqlOnly(store), nodes, skip=set())  # type: ignore[arg-type]
    finally:
        store.close()
    key = lambda c: (c.node, c.graph)  # noqa: E731
    assert sorted(by_sparql, key=key) == sorted(by_pattern, key=key)
    changes = {(c.graph.rsplit("/", 1)[1], s.rsplit("#", 1)[1]) for c in by_sparql
               for s, _, x in c.changes if x is not None}  # fmt: skip
    assert ("c03-budapest-called-off", "Cancelled") in changes


def test_the_consensus_graph_holds_each_claims_kind(cli: Cli, loaded: Path) -> None:
    sparql = """PREFIX ng: <https://w3id.org/newsgraph/ontology#>
SELECT ?article ?claim ?kind WHERE {
  GRAPH <https://w3id.org/newsgraph/id/consensus> {
    <https://w3id.org/newsgraph/id/event/trump-xi-2025-10> ng:hasReportedClaim ?r .
    ?r ng:claimAspect "status" ; ng:reportedIn ?article ; ng:claimText ?claim ; ng:claimKind ?kind .
  }
} ORDER BY ?article"""
    result = cli("--store", loaded, "query", "--sparql", sparql, "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["article"].rsplit("/", 1)[1], r["claim"], r["kind"]) for r in rows] == [
        ("c09-busan-agreed", "planned", "change"),
        ("c10-busan-off", "cancelled", "contradiction"),
        ("c11-busan-on-again", "planned", "contradiction"),
        ("c12-busan-held", "held", "contradiction"),
    ]


@pytest.mark.parametrize("case", [0, 1])
def test_cli_rows_equal_the_golden_rows(cli: Cli, loaded: Path, case: int) -> None:
    golden: dict[str, Any] = json.loads(
        (ROOT / "golden" / "conflicts" / "conflicting-reports.json").read_text(encoding="utf-8")
    )
    want = golden["cases"][case]
    args = [a for k, v in want["params"].items() for a in ("-p", f"{k}={v}")]
    result = cli("--store", loaded, "query", "conflicting-reports", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    # in the query's order: meeting, aspect, publication date, article, claim
    order = ("meeting", "aspect", "published", "article", "claim")
    rows = sorted(want["rows"], key=lambda r: tuple(r.get(k) or "" for k in order))
    assert json.loads(result.stdout) == rows
