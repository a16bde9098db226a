"""Loading: golden round trip, idempotent reload, replacing one article, the CLI surface."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import click
import pyoxigraph as ox
from click.testing import Result
from rdflib import Graph
from rdflib.compare import isomorphic

from loader.cli import main
from loader.core.formats import PREFIXES
from loader.core.terms import from_ox
from loader.core.vocab import CONSENSUS_GRAPH, GAZETTEER_GRAPH, ID, ONTOLOGY_GRAPH, article_iri
from loader.pipeline.corpus import load
from loader.store.catalog import CATALOG_GRAPH
from loader.store.embedded import EmbeddedStore
from tests.golden_runner import updating

from .conftest import FIXTURES
from .helpers import with_old_digests

CORPUS = FIXTURES / "load"
Cli = Callable[..., Result]


def quads(store_dir: Path) -> list[str]:
    """Every quad of a store as sorted N-Quads lines (no blank nodes, so this is exact)."""
    store = ox.Store.read_only(str(store_dir))
    return sorted(str(q) for q in store)


def data_quads(store_dir: Path) -> list[str]:
    """The quads of a store without its catalog (which records when each article was loaded)."""
    return [q for q in quads(store_dir) if not q.endswith(f"<{CATALOG_GRAPH}>")]


def graphs_by_name(quads_: object) -> dict[str, Graph]:
    """Split pyoxigraph quads into one rdflib Graph per graph name."""
    out: dict[str, Graph] = {}
    for q in quads_:  # type: ignore[attr-defined]
        g = out.setdefault(q.graph_name.value, Graph())
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def test_load_matches_golden_trig(cli: Cli, store_dir: Path) -> None:
    result = cli("--store", store_dir, "load", CORPUS)
    assert result.exit_code == 0, result.output
    assert "loaded 2 of 2 articles" in result.output
    store = ox.Store.read_only(str(store_dir))
    # The consensus graph is derived from these (tests/test_consensus.py checks it).
    skip = (str(ONTOLOGY_GRAPH), str(CATALOG_GRAPH), str(CONSENSUS_GRAPH))
    got = graphs_by_name(q for q in store if q.graph_name.value not in skip)
    if updating():  # UPDATE_GOLDEN=1 (make golden): write what the load gave; review the diff
        kept = sorted(
            (q for q in store if q.graph_name.value not in skip),
            key=lambda q: (str(q.graph_name), str(q.subject), str(q.predicate), str(q.object)),
        )
        with (CORPUS / "expected.trig").open("wb") as out:
            ox.serialize(kept, out, ox.RdfFormat.TRIG, prefixes={**PREFIXES, "id": str(ID)})
    want = graphs_by_name(ox.parse(path=str(CORPUS / "expected.trig"), format=ox.RdfFormat.TRIG))
    expected = {
        str(article_iri("fixture-call")),
        str(article_iri("fixture-postponed")),
        str(GAZETTEER_GRAPH),
    }
    assert set(got) == set(want) == expected
    for name in expected:
        assert isomorphic(got[name], want[name]), name


def test_reload_is_idempotent(cli: Cli, store_dir: Path) -> None:
    assert cli("--store", store_dir, "load", CORPUS).exit_code == 0
    first = quads(store_dir)
    assert cli("--store", store_dir, "load", CORPUS).exit_code == 0
    assert quads(store_dir) == first


def test_a_store_with_digests_in_owl_version_info_is_rewritten_by_a_reload(
    cli: Cli, store_dir: Path, tmp_path: Path
) -> None:
    """Earlier releases kept digests in owl:versionInfo: a reload treats them as stale."""
    clean = tmp_path / "clean"
    assert cli("--store", clean, "load", CORPUS).exit_code == 0
    assert cli("--store", store_dir, "load", CORPUS).exit_code == 0
    with_old_digests(store_dir)
    old = "\n".join(quads(store_dir))
    assert 'sourceDigest> "' not in old and old.count('versionInfo> "source-sha256:') == 4
    result = cli("--store", store_dir, "load", CORPUS)
    assert result.exit_code == 0, result.output
    assert "loaded 2 of 2 articles" in result.output and "unchanged" not in result.output
    assert "source-sha256" not in "".join(q for q in quads(store_dir) if "versionInfo" in q)
    ontology = f"<{ONTOLOGY_GRAPH}>"  # its restrictions are blank nodes: compared as graphs
    assert [q for q in data_quads(store_dir) if not q.endswith(ontology)] == [
        q for q in data_quads(clean) if not q.endswith(ontology)
    ]
    got, want = (
        graphs_by_name(ox.Store.read_only(str(s)))[str(ONTOLOGY_GRAPH)] for s in (store_dir, clean)
    )
    assert isomorphic(got, want)
    # A second reload finds every digest in its new place and writes nothing.
    assert "2 unchanged" in cli("--store", store_dir, "load", CORPUS).output


def test_reloading_one_edited_article_changes_only_its_graph(
    cli: Cli, store_dir: Path, tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    assert cli("--store", store_dir, "load", corpus).exit_code == 0
    before = quads(store_dir)
    edited = corpus / "postponed.yaml"
    edited.write_text(edited.read_text().replace("status: postponed", "status: cancelled"))
    assert cli("--store", store_dir, "load", edited).exit_code == 0
    after = quads(store_dir)
    changed = set(before) ^ set(after)
    assert changed, "the edit must show"
    graph = f"<{article_iri('fixture-postponed')}>"
    # Its graph changed, its catalog entry (the time it was loaded) and the merged
    # facts of the meeting it reports, nothing else.
    assert all(
        line.endswith(graph)
        or (line.startswith(graph) and line.endswith(f"<{CATALOG_GRAPH}>"))
        or line.endswith(f"<{CONSENSUS_GRAPH}>")
        for line in changed
    )
    assert any("Cancelled" in line for line in set(after) - set(before))


def test_shared_event_key_is_one_node_with_per_source_claims(store_dir: Path) -> None:
    store = EmbeddedStore(store_dir)
    try:
        load([CORPUS], store)
        rows = store.query(
            """
            PREFIX ng: <https://w3id.org/newsgraph/ontology#>
            SELECT ?g ?status WHERE {
              GRAPH ?g { <https://w3id.org/newsgraph/id/event/fixture-budapest> ng:hasStatus ?status }
              FILTER(?g != <https://w3id.org/newsgraph/id/consensus>)
            } ORDER BY ?g
            """
        )
        got = [(str(g), str(s).rsplit("#", 1)[-1]) for g, s in rows.rows]  # type: ignore[union-attr]
    finally:
        store.close()
    assert got == [
        (str(article_iri("fixture-call")), "Planned"),
        (str(article_iri("fixture-postponed")), "Postponed"),
    ]


def test_validate_reports_valid_corpus(cli: Cli) -> None:
    result = cli("validate", CORPUS)
    assert result.exit_code == 0
    assert "2 of 2 articles are valid" in result.output


def test_stats_counts_classes_and_graphs(cli: Cli, store_dir: Path) -> None:
    cli("--store", store_dir, "load", CORPUS)
    result = cli("--store", store_dir, "stats", "--format", "json")
    data = json.loads(result.stdout)
    assert data["articles"] == 2
    assert data["classes"]["Summit"] == 1
    assert data["classes"]["PhoneCall"] == 1
    assert data["classes"]["SanctionsPackage"] == 1
    assert data["graphs"][str(article_iri("fixture-call"))] > 0


def test_schema_prints_json_schema(cli: Cli) -> None:
    for kind in ("article", "gazetteer"):
        schema = json.loads(cli("schema", kind).stdout)
        assert schema["$id"].endswith(f"/{kind}.json")
        assert schema["additionalProperties"] is False


def test_published_schema_files_are_current(cli: Cli) -> None:
    root = FIXTURES.parent.parent / "schema"
    for kind in ("article", "gazetteer"):
        published = json.loads((root / f"{kind}.schema.json").read_text())
        assert published == json.loads(cli("schema", kind).stdout), f"run: newsgraph schema {kind}"


def _commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix}{name}", command))
        if isinstance(command, click.Group):
            found.extend(_commands(command, f"{prefix}{name} "))
    return found


def test_every_command_has_help_with_an_example(cli: Cli) -> None:
    commands = _commands(main)
    assert {"load", "validate", "stats", "schema"} <= {name for name, _ in commands}
    for name, command in commands:
        result = cli(*name.split(), "--help")
        assert result.exit_code == 0, name
        assert command.help, f"{name} has no help text"
        if not isinstance(command, click.Group):
            assert "Example" in result.output, f"`newsgraph {name} --help` shows no example"


def test_gazetteers_of_two_corpora_are_merged_not_replaced(
    cli: Cli, store_dir: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(CORPUS / "postponed.yaml", other / "postponed.yaml")
    (other / "gazetteer.yaml").write_text(
        "actors:\n"
        "  - {id: russia, type: state, name: Russian Federation}\n"
        "  - {id: united-states, type: state, name: United States}\n"
        "  - {id: european-union, type: international-organization, name: European Union}\n"
        "places:\n"
        "  - {id: budapest, name: Budapest}\n"
    )
    assert cli("--store", store_dir, "load", CORPUS).exit_code == 0
    assert cli("--store", store_dir, "load", other).exit_code == 0
    merged = "\n".join(quads(store_dir))
    assert '"Russian Federation"' in merged, "the other corpus's name stays, as an alias"
    assert '"Sergei Lavrov"' in merged, "actors of the first corpus must stay"
    assert "Q159" in merged, "the first corpus's QID stays"
    gaz = f"<{GAZETTEER_GRAPH}>"

    def gazetteer(store: Path) -> list[str]:
        return [q for q in quads(store) if q.endswith(gaz) and "sourceDigest" not in q]

    after = gazetteer(store_dir)
    assert cli("--store", store_dir, "load", CORPUS).exit_code == 0
    assert gazetteer(store_dir) == after, "reloading the first corpus loses nothing"
    # The other order gives the same gazetteer graph.
    reverse = tmp_path / "reverse"
    assert cli("--store", reverse, "load", other).exit_code == 0
    assert cli("--store", reverse, "load", CORPUS).exit_code == 0
    assert gazetteer(reverse) == after


def test_building_a_store_and_adding_to_one_store_the_same_quads(tmp_path: Path) -> None:
    # A store that holds nothing yet is built with the bulk loader (several batches, then a
    # compaction); a store with data takes transactions. Both must hold the same graphs.
    from tests.helpers import graphs_of, synthetic_corpus

    corpus = synthetic_corpus(tmp_path / "corpus", 600)  # three batches
    built, added = tmp_path / "built", tmp_path / "added"
    first = corpus / "articles" / "crash-00000.yaml"
    for target, path, count in ((added, first, 1), (built, corpus, 600), (added, corpus, 600)):
        store = EmbeddedStore(target)
        try:
            report = load([path], store)
        finally:
            store.close()
        assert report.ok and len(report.loaded) == count
    want, got = graphs_of(built), graphs_of(added)
    for name in (ONTOLOGY_GRAPH, CATALOG_GRAPH):  # blank nodes relabelled; load times
        del want[str(ox.NamedNode(str(name)))], got[str(ox.NamedNode(str(name)))]
    assert len(want) == 602 and got == want  # 600 articles, the gazetteer, the consensus


def test_each_batch_in_the_store_is_reported(tmp_path: Path) -> None:
    from loader.pipeline.corpus import BATCH_ARTICLES
    from tests.helpers import synthetic_corpus

    assert BATCH_ARTICLES < 300
    root = synthetic_corpus(tmp_path / "corpus", 300)  # two batches of new articles
    told: list[tuple[int, int]] = []
    store = EmbeddedStore(tmp_path / "store")
    try:
        load([root], store, workers=1, committed=lambda n, total: told.append((n, total)))
        again: list[tuple[int, int]] = []
        load([root], store, workers=1, committed=lambda n, total: again.append((n, total)))
    finally:
        store.close()
    assert told == [(BATCH_ARTICLES, 300), (300, 300)]
    assert again == [], "an unchanged corpus writes no batch"
