"""The consensus graph: merged facts kept equal to a recomputation from the article graphs.

Random sequences of loads, edits, removals and reloads of a small corpus are
applied through the library; after each step the consensus graph must hold
exactly what merging the stored article graphs from scratch gives, and a
fresh store loaded with the final corpus must hold the same quads.
"""

from __future__ import annotations

import io
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import Result

from loader.consensus import known
from loader.consensus.upkeep import recompute
from loader.core.vocab import CONSENSUS_GRAPH, ID
from loader.pipeline import corpus
from loader.pipeline.articles import remove_articles
from loader.store.connect import StoreOptions, open_store
from loader.store.embedded import EmbeddedStore

GAZETTEER = """\
actors:
  - {id: sergei-lavrov, type: person, name: Sergei Lavrov, aliases: [Lavrov]}
  - {id: marco-rubio, type: person, name: Marco Rubio, aliases: [Rubio]}
  - {id: steve-witkoff, type: person, name: Steve Witkoff, aliases: [Witkoff]}
  - {id: yuri-ushakov, type: person, name: Yuri Ushakov, aliases: [Ushakov]}
  - {id: russia, type: state, name: Russia}
  - {id: united-states, type: state, name: United States, aliases: [US]}
  - {id: european-union, type: international-organization, name: European Union, aliases: [EU]}
  - {id: rosneft, type: company, name: Rosneft}
places:
  - {id: geneva, name: Geneva}
  - {id: riyadh, name: Riyadh}
"""
TEXT = "Officials met in Geneva and Riyadh this week, and the bloc weighed new sanctions."
PEOPLE = ["sergei-lavrov", "marco-rubio", "steve-witkoff", "yuri-ushakov"]
SIDES = {
    "sergei-lavrov": "russia",
    "yuri-ushakov": "russia",
    "marco-rubio": "united-states",
    "steve-witkoff": "united-states",
}


def _meeting(rng: random.Random) -> str:
    people = rng.sample(PEOPLE, rng.randint(2, 4))
    if rng.random() < 0.5:
        listed = ", ".join(f"{{actor: {p}, side: {SIDES[p]}}}" for p in people)
    else:
        listed = ", ".join(people)
    lines = [
        f"  - event: ev-{rng.randint(1, 3)}",
        f"    kind: {rng.choice(['talks', 'meeting', 'summit', 'phone-call'])}",
        f"    status: {rng.choice(['held', 'planned', 'postponed', 'cancelled'])}",
        f"    participants: [{listed}]",
    ]
    if rng.random() < 0.6:
        lines.append(f"    date: 2025-{rng.randint(9, 10):02d}-{rng.randint(1, 28):02d}")
    elif rng.random() < 0.5:
        lines.append("    date: 2025-10")
    if rng.random() < 0.6:
        lines.append(f"    place: {rng.choice(['geneva', 'riyadh'])}")
    if rng.random() < 0.4:
        # Changes the article tells itself: the kinds of conflicting-reports read them.
        lines.append("    status_changes:")
        for status in rng.sample(["planned", "postponed"], rng.randint(1, 2)):
            lines.append(f"      - {{status: {status}, date: 2025-10-{rng.randint(1, 28):02d}}}")
    lines.append("    evidence: [Officials met]")
    return "\n".join(lines)


def _package(rng: random.Random) -> str:
    number = rng.randint(19, 20)
    lines = [
        f"  - package: eu-{number}",
        "    issuer: european-union",
        f"    status: {rng.choice(['proposed', 'adopted'])}",
    ]
    if rng.random() < 0.3:
        lines.append("    targets: [russia, {count: 30, description: subsidiaries, of: rosneft}]")
    else:
        lines.append(f"    targets: [{rng.choice(['russia', 'rosneft'])}]")
    if rng.random() < 0.5:
        lines.append(f"    date: 2025-10-{rng.randint(20, 25)}")
    lines += _package_parts(rng, other=f"eu-{39 - number}")
    lines.append("    evidence: [weighed new sanctions]")
    return "\n".join(lines)


def _package_parts(rng: random.Random, *, other: str) -> list[str]:
    """Measures, legal act, expected and validity dates, renewal links: each source its own.

    A package renewing the other one links two merged facts: rewriting one must
    leave the other's merged triples in place.
    """
    lines = []
    if rng.random() < 0.4:
        lines.append(f"    renews: {rng.choice([other, 'eu-russia-economic'])}")
    if rng.random() < 0.4:
        lines.append("    regime: eu-russia-economic")
    for key, month in (("expected", 11), ("in_force_from", 10), ("in_force_until", 12)):
        if rng.random() < 0.4:
            day = rng.choice(["", f"-{rng.randint(1, 28):02d}"])
            lines.append(f"    {key}: 2025-{month}{day}")
    if rng.random() < 0.4:
        lines.append(
            f"    legal_act: {{identifier: Regulation {rng.choice(['833/2014', '269/2014'])}}}"
        )
    measures = rng.sample(["asset-freeze", "import-ban", "vessel-listing"], rng.randint(0, 2))
    if measures:
        lines.append("    measures:")
    for kind in measures:
        extra = rng.choice(["", ", count: 117", ", object: LNG", ", targets: [rosneft]"])
        lines.append(f"      - {{type: {kind}{extra}, evidence: [new sanctions]}}")
    return lines


def article(rng: random.Random, n: int) -> str:
    meetings = "\n".join(_meeting(rng) for _ in range(rng.randint(0, 2)))
    packages = "\n".join(_package(rng) for _ in range(rng.randint(0, 1)))
    body = [
        "article:",
        f"  id: art-{n}",
        f"  title: Report {n}",
        f"  published: 2025-11-{rng.randint(1, 3):02d}",
        f"  text: {TEXT}",
    ]
    if meetings:
        body += ["meetings:", meetings]
    if packages:
        body += ["sanctions:", packages]
    return "\n".join(body) + "\n"


def consensus_lines(path: Path) -> list[str]:
    db = ox.Store.read_only(str(path))
    graph = ox.NamedNode(str(CONSENSUS_GRAPH))
    lines = sorted(str(q.triple) for q in db.quads_for_pattern(None, None, None, graph))
    del db
    return lines


def recomputed_lines(store: EmbeddedStore) -> list[str]:
    text = recompute(store).encode("utf-8")
    return sorted(str(t) for t in ox.parse(text, ox.RdfFormat.N_TRIPLES))


def _steps(rng: random.Random, steps: int) -> Iterator[str]:
    for _ in range(steps):
        yield rng.choice(["write", "write", "edit", "delete", "load", "sync", "remove"])


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_edits_keep_consensus_equal_to_recomputation(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "corpus"
    (root / "articles").mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    store_dir = tmp_path / "store"
    files: dict[int, Path] = {}
    for step, op in enumerate(_steps(rng, 24)):
        if op in ("write", "edit") or not files:
            n = rng.choice(sorted(files)) if op == "edit" and files else len(files) + step * 10
            files[n] = root / "articles" / f"art-{n}.yaml"
            files[n].write_text(article(rng, n), encoding="utf-8")
        elif op == "delete":
            files.pop(rng.choice(sorted(files))).unlink()
        store = EmbeddedStore(store_dir)
        try:
            report = corpus.load([root], store, workers=1, sync=op in ("sync", "delete"))
            assert report.ok, report.errors
            if op == "remove" and files:
                # Removed from the store only: a later load brings it back.
                remove_articles(store, [f"art-{rng.choice(sorted(files))}"])
            assert recomputed_lines(store) == _stored(store), f"step {step} ({op})"
        finally:
            store.close()
    # The same corpus loaded into a new store gives the same consensus, quad for quad.
    store = EmbeddedStore(store_dir)
    corpus.load([root], store, workers=1, sync=True)
    store.close()
    fresh = EmbeddedStore(tmp_path / "fresh")
    corpus.load([root], fresh, workers=1)
    fresh.close()
    assert consensus_lines(store_dir) == consensus_lines(tmp_path / "fresh")


def _random_corpus(root: Path, rng: random.Random, articles: int) -> Path:
    """The gazetteer and ``articles`` random articles sharing its facts."""
    (root / "articles").mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    for n in range(articles):
        (root / "articles" / f"art-{n}.yaml").write_text(article(rng, n), encoding="utf-8")
    return root


def _edit(root: Path, rng: random.Random, among: range, count: int) -> None:
    """Rewrite ``count`` of the articles at random."""
    for n in rng.sample(among, count):
        (root / "articles" / f"art-{n}.yaml").write_text(article(rng, n), encoding="utf-8")


@pytest.mark.parametrize("kept", [6, 10_000])
def test_many_batches_carry_claims_from_one_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: int
) -> None:
    """Facts reported across batches: claims kept between batches (all, or a few and the
    rest read again) give the consensus a recomputation gives, on a first load and on a
    reload of edits."""
    monkeypatch.setattr(corpus, "BATCH_ARTICLES", 3)
    monkeypatch.setattr(known, "LIMIT", kept)
    rng = random.Random(11)
    root = _random_corpus(tmp_path / "corpus", rng, 24)
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert corpus.load([root], store, workers=1).ok
        stored = _stored(store)
        assert recomputed_lines(store) == stored
        counts = [line for line in stored if "#sourceCount>" in line]
        assert any(not line.split()[-2].startswith('"1"') for line in counts), "shared facts"
        _edit(root, rng, range(24), 10)
        report = corpus.load([root], store, workers=1)
        assert report.ok and len(report.loaded) - report.unchanged >= 5
        assert recomputed_lines(store) == _stored(store)
    finally:
        store.close()
    monkeypatch.undo()
    fresh = EmbeddedStore(tmp_path / "fresh")
    corpus.load([root], fresh, workers=1)
    fresh.close()
    assert consensus_lines(tmp_path / "store") == consensus_lines(tmp_path / "fresh")


def test_a_store_without_consensus_gets_it_on_its_next_load(tmp_path: Path) -> None:
    """Articles loaded before the consensus graph existed: the next load merges them all."""
    root = _random_corpus(tmp_path / "corpus", random.Random(5), 8)
    store = EmbeddedStore(tmp_path / "store")
    try:
        assert corpus.load([root], store, workers=1).ok
        merged = _stored(store)
        assert merged
        store.drop_graphs([CONSENSUS_GRAPH])
        assert _stored(store) == []
        report = corpus.load([root], store, workers=1)
        assert report.ok and report.unchanged == 8
        assert _stored(store) == merged == recomputed_lines(store)
    finally:
        store.close()


def _stored(store: EmbeddedStore) -> list[str]:
    graph = ox.NamedNode(str(CONSENSUS_GRAPH))
    with store.dataset() as raw:
        return sorted(str(q.triple) for q in raw.quads_for_pattern(None, None, None, graph))


def test_reload_is_quad_identical_and_remove_through_the_cli(
    tmp_path: Path, cli: Callable[..., Result]
) -> None:
    root = _random_corpus(tmp_path / "corpus", random.Random(7), 6)
    store = tmp_path / "store"
    assert cli("--store", store, "load", "-q", root).exit_code == 0
    before = consensus_lines(store)
    assert before, "the corpus has merged facts"
    # Edit one article, load, restore it, load: the consensus is what it was.
    path = root / "articles" / "art-0.yaml"
    original = path.read_text(encoding="utf-8")
    path.write_text(article(random.Random(99), 0), encoding="utf-8")
    assert cli("--store", store, "load", "-q", root).exit_code == 0
    path.write_text(original, encoding="utf-8")
    assert cli("--store", store, "load", "-q", root).exit_code == 0
    assert consensus_lines(store) == before
    result = cli("--store", store, "remove", "art-1", "art-2")
    assert result.exit_code == 0, result.output
    opened = EmbeddedStore(store)
    try:
        assert recomputed_lines(opened) == _stored(opened)
    finally:
        opened.close()


FIXTURE = Path(__file__).parent / "fixtures" / "consensus"


def _consensus_rows(path: Path, where: str) -> list[tuple[str, ...]]:
    """Rows of the variables of ``where`` (in order of appearance) over the consensus graph."""
    db = ox.Store.read_only(str(path))
    sparql = (
        "PREFIX ng: <https://w3id.org/newsgraph/ontology#> "
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "PREFIX s: <https://w3id.org/newsgraph/id/sanctions/> "
        f"SELECT {' '.join(dict.fromkeys(re.findall(r'[?][a-z]+', where)))} "
        f"WHERE {{ GRAPH <{CONSENSUS_GRAPH}> {{ {where} }} }}"
    )
    result = db.query(sparql)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows = sorted(tuple(getattr(row[n], "value", "") for n in names) for row in result)
    del db
    return rows


def test_package_parts_merge_by_their_rules(tmp_path: Path, cli: Callable[..., Result]) -> None:
    store = tmp_path / "store"
    assert cli("--store", store, "load", "-q", FIXTURE).exit_code == 0
    # Measures: the union of both sources', one node per type, count and object, each
    # with its own targets and the passages of every source that gives it.
    measures = _consensus_rows(
        store, "s:eu-19 ng:hasMeasure ?m . ?m rdfs:label ?l . OPTIONAL { ?m ng:measureTarget ?t }"
    )
    assert [
        (m.rsplit("/", 1)[-1].split("-")[0], lab, t.rsplit("/", 1)[-1]) for m, lab, t in measures
    ] == [
        ("asset", "asset-freeze", "rosneft"),
        ("import", "import-ban: LNG", ""),
        ("transaction", "transaction-ban", "rosneft"),
        ("vessel", "vessel-listing: 117 tankers", ""),
    ]
    assert all(m.startswith(f"{ID}sanctions/eu-19/measure/") for m, _, _ in measures)
    passages = _consensus_rows(
        store, 's:eu-19 ng:hasMeasure ?m . ?m rdfs:label "import-ban: LNG" ; ng:hasEvidence ?ev .'
    )
    assert {ev.split("/")[-2] for _, ev in passages} == {
        "c09-eu-package-details",
        "c10-eu-package-holdout",
    }
    acts = _consensus_rows(store, "s:eu-19 ng:hasLegalBasis ?a . ?a ng:legalIdentifier ?id .")
    assert [i for _, i in acts] == ["Council Decision 2014/512/CFSP", "Regulation (EU) No 833/2014"]
    # Expected: the latest source's ("on Thursday" of 20 Oct, not "next week" of 15 Oct).
    assert _consensus_rows(
        store, "s:eu-19 ng:expectedDate ?d . ?d ng:earliest ?e ; ng:latest ?l ."
    ) == [(f"{ID}sanctions/eu-19/expected", "2025-10-23", "2025-10-23")]
    # Validity: the latest source's last day, with its own (day) precision.
    assert _consensus_rows(
        store,
        "s:eu-economic-rollover-2025-06 ng:inForceUntil ?d ."
        " ?d ng:latest ?l ; ng:hasPrecision ?p .",
    ) == [
        (
            f"{ID}sanctions/eu-economic-rollover-2025-06/in-force-until",
            "2026-01-31",
            "https://w3id.org/newsgraph/ontology#DayPrecision",
        )
    ]
    assert _consensus_rows(store, "?p ng:renews ?r .") == [
        (f"{ID}sanctions/eu-economic-rollover-2025-06", f"{ID}sanctions/eu-russia-economic")
    ]
    blank = _consensus_rows(store, "?s ?p ?o . FILTER(isBlank(?s) || isBlank(?o))")
    assert blank == []


def _consensus_nquads(store: object) -> list[str]:
    """The consensus graph's lines of the store's N-Quads export (blank-node free)."""
    buf = io.BytesIO()
    store.dump(buf, fmt="nquads")  # type: ignore[attr-defined]
    tail = f" <{CONSENSUS_GRAPH}> ."
    return sorted(line for line in buf.getvalue().decode("utf-8").splitlines() if line.endswith(tail))


@pytest.mark.servers
def test_remote_batches_write_what_changes_and_match_the_embedded_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, remote_stores: StoreOptions
) -> None:
    """A fact a load writes in one batch and changes in a later one is sent as the lines
    that change (known from the first write, not read back): the server ends with the
    consensus the embedded store holds, on a first load and a reload of edits."""
    monkeypatch.setattr(corpus, "BATCH_ARTICLES", 3)
    rng = random.Random(5)
    root = _random_corpus(tmp_path / "corpus", rng, 18)
    remote = open_store(remote_stores)
    try:
        for step in ("load", "reload"):
            if step == "reload":
                _edit(root, rng, range(18), 8)
            assert corpus.load([root], remote, workers=1).ok
            emb = EmbeddedStore(tmp_path / f"emb-{step}")
            try:
                assert corpus.load([root], emb, workers=1).ok
                assert _consensus_nquads(remote) == _consensus_nquads(emb), step
            finally:
                emb.close()
    finally:
        remote.close()
