"""``newsgraph check`` and ``newsgraph ontology`` through the CLI, on real stores."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from loader.core.vocab import ID, NG, article_iri
from loader.owl.ontology import ontology_graph, ontology_path, shapes_path
from loader.store.base import GraphPayload
from loader.store.embedded import EmbeddedStore

from .conftest import EXAMPLES, FIXTURES, SEEDS
from .owlapi import require_java

Cli = Callable[..., Result]
SHAPES = FIXTURES / "shapes"


def write_store(store_dir: Path, *extra: tuple[URIRef, Path]) -> None:
    """A store holding the valid fixture's graphs, plus Turtle files added to given graphs."""
    ds = Dataset()
    ds.parse(SHAPES / "valid.trig", format="trig")
    graphs: dict[URIRef, Graph] = {}
    for s, p, o, g in ds.quads():
        graphs.setdefault(URIRef(str(g)), Graph()).add((s, p, o))
    for name, path in extra:
        graphs.setdefault(name, Graph()).parse(path, format="turtle")
    store = EmbeddedStore(store_dir)
    try:
        store.replace_graphs([GraphPayload(name, list(g)) for name, g in graphs.items()])  # type: ignore[arg-type]
    finally:
        store.close()


def test_valid_store_passes(cli: Cli, store_dir: Path) -> None:
    write_store(store_dir)
    result = cli("--store", store_dir, "check")
    assert result.exit_code == 0, result.output
    assert "no SHACL violations" in result.output


def test_violation_is_reported_like_a_file_location(cli: Cli, store_dir: Path) -> None:
    write_store(store_dir, (article_iri("a1"), SHAPES / "meeting-one-participant.ttl"))
    result = cli("--store", store_dir, "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "a1:30-54: id:event/solo-summit: ng:hasParticipant: a meeting needs at least two "
        "participants — list two or more actor ids under participants (only a "
        "council-meeting, or the summit of an organisation or government body, may have one)"
    )
    assert lines[1].strip() == 'evidence: "spoke by phone on Monday"'
    assert "1 violation(s) on 1 node(s)" in result.output


def test_articles_option_limits_the_check(cli: Cli, store_dir: Path) -> None:
    write_store(store_dir, (article_iri("a2"), SHAPES / "article-no-title.ttl"))
    bad = cli("--store", store_dir, "check")
    assert bad.exit_code == 1 and "id:article/a2: ng:title" in bad.output
    assert cli("--store", store_dir, "check", "--articles", "a1").exit_code == 0
    assert cli("--store", store_dir, "check", "--articles", "a1,a2").exit_code == 1


def test_unknown_article_is_a_usage_error(cli: Cli, store_dir: Path) -> None:
    write_store(store_dir)
    result = cli("--store", store_dir, "check", "--articles", "nope")
    assert result.exit_code == 2
    assert "no article nope" in result.output


def test_missing_store_is_a_store_error(cli: Cli, tmp_path: Path) -> None:
    result = cli("--store", tmp_path / "absent", "check")
    assert result.exit_code == 3


@pytest.mark.java
def test_reason_names_the_inconsistent_individual(
    cli: Cli, store_dir: Path, tmp_path: Path
) -> None:
    require_java()
    extra = tmp_path / "contradiction.ttl"
    lavrov = ID["actor/sergei-lavrov"]
    Graph().add((lavrov, RDF.type, NG.State)).serialize(extra, format="turtle")
    write_store(store_dir, (URIRef(str(ID) + "gazetteer"), extra))
    result = cli("--store", store_dir, "check", "--reason")
    assert result.exit_code == 1
    assert "no SHACL violations" in result.output
    assert "inconsistent" in result.output
    assert "id:actor/sergei-lavrov: is both ng:Person" in result.output


@pytest.mark.java
@pytest.mark.parametrize("corpus", [EXAMPLES, SEEDS], ids=["examples", "seeds"])
def test_loaded_corpora_pass_shapes_and_reasoner(cli: Cli, store_dir: Path, corpus: Path) -> None:
    if not any(corpus.glob("*.yaml")):
        pytest.skip(f"no corpus in {corpus}")
    require_java()
    loaded = cli("--store", store_dir, "load", "-q", corpus)
    assert loaded.exit_code == 0, loaded.output
    result = cli("--store", store_dir, "check", "--reason")
    assert result.exit_code == 0, result.output
    assert "no SHACL violations" in result.output and "consistent (HermiT)" in result.output


def test_ontology_path(cli: Cli) -> None:
    assert cli("ontology", "path").output.strip() == str(ontology_path())
    assert cli("ontology", "path", "--shapes").output.strip() == str(shapes_path())
    assert Path(cli("ontology", "path").output.strip()).is_file()


def test_ontology_docs_lists_every_class(cli: Cli, tmp_path: Path) -> None:
    result = cli("ontology", "docs", tmp_path / "site")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    g = ontology_graph()
    classes = [c for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(NG))]
    assert len(classes) >= 27
    for cls in classes:
        assert f'id="{str(cls)[len(str(NG)) :]}"' in html
        assert str(g.value(cls, RDFS.label)) in html
    assert "An encounter of two or more actors" in html  # a definition
    assert "https://schema.org/NewsArticle" in html  # an alignment


def test_commands_have_help(cli: Cli) -> None:
    for args in (["check"], ["ontology"], ["ontology", "docs"], ["ontology", "path"]):
        result = cli(*args, "--help")
        assert result.exit_code == 0
        assert "Usage:" in result.output and len(result.output.splitlines()) > 4
