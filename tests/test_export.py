"""Export: TriG, N-Quads and JSON-LD round trips, Turtle, and the OWL file Protégé opens.

The OWL file is proven with the real tools: the OWL API (what Protégé is built
on) reads it with no unparsed triple and no OWL 2 DL violation, its counts match
SPARQL counts over the store, and HermiT finds it consistent, or names the
individual that makes it inconsistent.
"""

from __future__ import annotations

import importlib.resources
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner, Result
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from loader.cli import main
from loader.core.terms import from_ox
from loader.core.vocab import (
    CONSENSUS_GRAPH,
    GAZETTEER_GRAPH,
    ID,
    NG,
    ONTOLOGY_GRAPH,
    SOURCE_DIGEST,
    article_iri,
)
from loader.exports.files import jsonld_context
from loader.owl.ontology import ontology_graph
from loader.owl.reasoner import check_consistency
from loader.pipeline.corpus import load
from loader.store.catalog import CATALOG_GRAPH
from loader.store.embedded import EmbeddedStore

from .conftest import EXAMPLES, FIXTURES, SEEDS
from .helpers import with_old_digests
from .owlapi import owlapi_check, require_java
from .servers import Server, cli_args, cli_env

CORPUS = FIXTURES / "export"
CORPORA = {
    "fixture": CORPUS,
    "examples": EXAMPLES,
    "seeds": SEEDS,
    "sanctions": FIXTURES / "sanctions",
    "sparse": FIXTURES / "sparse",
    "model": FIXTURES / "model",
}
Cli = Callable[..., Result]


def loaded(root: Path, corpus: Path) -> Path:
    """A store directory holding ``corpus``."""
    path = root / "store"
    store = EmbeddedStore(path)
    try:
        report = load([corpus], store)
        assert report.ok, [e.message for e in report.errors]
    finally:
        store.close()
    return path


@pytest.fixture(scope="module", params=sorted(CORPORA))
def corpus_store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store per corpus: the export fixture, the example corpus, the seed fixtures."""
    return loaded(tmp_path_factory.mktemp(request.param), CORPORA[request.param])


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return loaded(tmp_path_factory.mktemp("fixture"), CORPUS)


def export(store: Path, *args: str | Path) -> Result:
    result = CliRunner().invoke(main, ["--store", str(store), "export", *map(str, args)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


def graphs_of(quads: object) -> dict[str, Graph]:
    """pyoxigraph quads split into one rdflib Graph per graph name."""
    out: dict[str, Graph] = {}
    for q in quads:  # type: ignore[attr-defined]
        g = out.setdefault(q.graph_name.value, Graph())
        g.add((from_ox(q.subject), from_ox(q.predicate), from_ox(q.object)))
    return out


def store_graphs(store: Path) -> dict[str, Graph]:
    """The store's data graphs; the catalog (source paths, load times) is never exported."""
    graphs = graphs_of(ox.Store.read_only(str(store)))
    graphs.pop(str(CATALOG_GRAPH), None)
    return graphs


def count(store: Path, sparql: str) -> int:
    raw = ox.Store.read_only(str(store))
    (row,) = list(raw.query(sparql, use_default_graph_as_union=True))
    return int(row[0].value)


DECLARED_CLASS = f"GRAPH <{ONTOLOGY_GRAPH}> {{ ?c a <{OWL.Class}> }}"
INDIVIDUALS = (
    "SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE { "
    f"{{ ?x a ?c . {DECLARED_CLASS} FILTER(isIRI(?x)) }} UNION {{ ?x a <{OWL.NamedIndividual}> }} }}"
)
CLASS_ASSERTIONS = (
    "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?x ?c WHERE { "
    f"?x a ?c . {DECLARED_CLASS} FILTER(isIRI(?x)) }} }}"
)


def parsed_owl(path: Path) -> Graph:
    return Graph().parse(path, format="xml")


# --- OWL: the OWL API, counts, labels ------------------------------------------------


@pytest.mark.java
def test_owl_export_is_dl_clean_and_counts_match_the_store(
    corpus_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "newsgraph.owl"
    result = export(corpus_store, "--format", "owl", out)
    assert result.exit_code == 0, result.output
    ttl = tmp_path / "newsgraph.ttl"
    assert export(corpus_store, "--format", "owl", ttl).exit_code == 0
    for report in owlapi_check(out, ttl):
        assert report.unparsed_triples == 0, report.unparsed_sample
        assert report.dl_violations == [], report.dl_violations[:5]
        assert report.guessed_declarations == []
        assert report.ontology_iri == str(ONTOLOGY_GRAPH)
        assert report.individuals == count(corpus_store, INDIVIDUALS)
        assert report.class_assertions == count(corpus_store, CLASS_ASSERTIONS)


def test_owl_export_types_and_labels_every_individual(fixture_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "newsgraph.owl"
    assert export(fixture_store, out).exit_code == 0
    g = parsed_owl(out)
    assert not list(g.subjects(OWL.imports, None)) and not list(g.objects(None, OWL.imports))
    individuals = set(g.subjects(RDF.type, OWL.NamedIndividual))
    lavrov = ID["actor/sergei-lavrov"]
    assert {lavrov, ID["evidence/export-beta/31-64"], NG.Held} <= individuals
    for ind in individuals:
        assert g.value(ind, RDFS.label) is not None, ind
        classes = set(g.objects(ind, RDF.type)) - {OWL.NamedIndividual}
        assert classes and all((c, RDF.type, OWL.Class) in g for c in classes), ind
    # no class or property is used as an individual
    terms = {
        s
        for k in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in g.subjects(RDF.type, k)
    }
    assert not terms & individuals
    # data values carry the datatypes the ontology declares (days as xsd:dateTime)
    offsets = {o.datatype for o in g.objects(None, NG.startOffset)}
    assert offsets == {URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")}
    earliest = {o.datatype for o in g.objects(None, NG.earliest)}
    assert earliest == {URIRef("http://www.w3.org/2001/XMLSchema#dateTime")}
    assert (lavrov, NG.wikidata, URIRef("http://www.wikidata.org/entity/Q80503")) in g


@pytest.mark.parametrize("written_by", ["this release", "an earlier release"])
def test_owl_export_carries_no_digest(fixture_store: Path, tmp_path: Path, written_by: str) -> None:
    """Source digests are the store's bookkeeping: Protégé sees the ontology's version only."""
    store = tmp_path / "store"
    shutil.copytree(fixture_store, store)
    if written_by == "an earlier release":
        with_old_digests(store)  # digests in owl:versionInfo
    quads = list(ox.Store.read_only(str(store)))
    digests = [q for q in quads if "source-sha256:" in str(q.object)]
    # one per graph written: each article, the gazetteer, the ontology
    # the consensus graph is derived from the others: it records no source digest
    derived = {str(CATALOG_GRAPH), str(CONSENSUS_GRAPH)}
    assert len(digests) == len({q.graph_name.value for q in quads} - derived)
    out = tmp_path / "newsgraph.owl"
    result = export(store, "--format", "owl", out)
    assert result.exit_code == 0, result.output
    assert "source-sha256" not in out.read_text(encoding="utf-8")
    g = parsed_owl(out)
    assert not list(g.subject_objects(SOURCE_DIGEST))
    assert [str(v) for v in g.objects(None, OWL.versionInfo)] == ["0.1.0"]
    assert "sourceDigest" not in result.output  # not reported as something left out
    # The other exports are dumps to load again: there the digests stay.
    trig = tmp_path / "all.trig"
    assert export(store, trig).exit_code == 0
    assert trig.read_text(encoding="utf-8").count("source-sha256:") == len(digests)


def test_owl_export_flattens_per_source_claims_with_comments(
    fixture_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "newsgraph.owl"
    assert export(fixture_store, out).exit_code == 0
    g = parsed_owl(out)
    talks = ID["event/geneva-talks"]
    assert set(g.objects(talks, NG.hasStatus)) == {NG.Planned, NG.Postponed}
    assert set(g.objects(talks, NG.hasPlace)) == {ID["place/geneva"], ID["place/riyadh"]}
    comments = sorted(str(c) for c in g.objects(talks, RDFS.comment))
    assert comments == [
        "export-alpha reports: status planned; date November 2025; place Geneva",
        "export-beta reports: status postponed; date December 2025; place Riyadh",
    ]


@pytest.mark.java
def test_owl_export_is_consistent_for_hermit(corpus_store: Path, tmp_path: Path) -> None:
    require_java()
    out = tmp_path / "newsgraph.owl"
    assert export(corpus_store, out).exit_code == 0
    report = check_consistency(out)
    assert report.consistent, report.reasons
    assert report.unsatisfiable == []


@pytest.mark.java
def test_contradiction_is_found_and_the_individual_named(tmp_path: Path) -> None:
    require_java()
    store_dir = loaded(tmp_path, CORPUS)
    lavrov = ID["actor/sergei-lavrov"]
    store = EmbeddedStore(store_dir)
    try:
        # The gazetteer says Person; an article now says State: the two are disjoint.
        store.update(
            f"INSERT DATA {{ GRAPH <{article_iri('export-alpha')}> {{ <{lavrov}> a <{NG.State}> }} }}"
        )
    finally:
        store.close()
    out = tmp_path / "contradiction.owl"
    assert export(store_dir, out).exit_code == 0
    (owlapi,) = owlapi_check(out)
    assert owlapi.dl_violations == [] and owlapi.unparsed_triples == 0
    report = check_consistency(out)
    assert not report.consistent
    assert str(lavrov) in report.culprits
    result = CliRunner().invoke(main, ["--store", str(store_dir), "check", "--reason"])
    assert result.exit_code == 1, result.output
    assert "sergei-lavrov" in result.output


@pytest.mark.java
def test_what_owl_cannot_hold_is_left_out_and_reported(tmp_path: Path) -> None:
    store_dir = loaded(tmp_path, CORPUS)
    talks, lavrov = ID["event/geneva-talks"], ID["actor/sergei-lavrov"]
    store = EmbeddedStore(store_dir)
    try:
        store.update(
            f"INSERT DATA {{ GRAPH <{article_iri('export-beta')}> {{ "
            f'<{talks}> <{NG.hasParticipant}> "Lavrov" . '
            f"<{talks}> <{NG.eventKey}> <{lavrov}> . "
            f'<{talks}> <http://example.org/undeclared> "x" . '
            f"<{lavrov}> a <http://example.org/Unknown> . "
            f"<{NG.Person}> <{NG.hasParticipant}> <{lavrov}> . "
            f"<{talks}> <{NG.about}> <{NG.Person}> }} }}"
        )
    finally:
        store.close()
    out = tmp_path / "cleaned.owl"
    result = export(store_dir, out)
    assert result.exit_code == 0, result.output
    assert "left out 6 triple(s)" in result.output
    for reason in (
        f"<{NG.hasParticipant}> with a literal as value",
        f"<{NG.eventKey}> with an IRI as value",
        "undeclared property <http://example.org/undeclared>",
        "rdf:type to an undeclared class <http://example.org/Unknown>",
        f"statement about the ontology term <{NG.Person}>",
    ):
        assert reason in result.output
    (report,) = owlapi_check(out)
    assert report.unparsed_triples == 0 and report.dl_violations == []
    assert report.individuals == count(store_dir, INDIVIDUALS)


# --- round trips ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt"), [("dump.trig", ox.RdfFormat.TRIG), ("dump.nq", ox.RdfFormat.N_QUADS)]
)
def test_trig_and_nquads_round_trip(
    corpus_store: Path, tmp_path: Path, name: str, fmt: ox.RdfFormat
) -> None:
    out = tmp_path / name
    assert export(corpus_store, out).exit_code == 0
    fresh = ox.Store()
    fresh.load(path=str(out), format=fmt)
    got, want = graphs_of(fresh), store_graphs(corpus_store)
    assert set(got) == set(want) and str(ONTOLOGY_GRAPH) in got and str(GAZETTEER_GRAPH) in got
    for name_ in want:
        assert isomorphic(got[name_], want[name_]), name_


def test_jsonld_round_trips_with_the_context_inline(corpus_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "dump.jsonld"
    assert export(corpus_store, out).exit_code == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["@context"] == jsonld_context()
    assert any("hasParticipant" in node for entry in doc["@graph"] for node in entry["@graph"])
    ds = Dataset()
    ds.parse(out, format="json-ld")
    got = {str(g.identifier): g for g in ds.graphs() if len(g)}
    want = store_graphs(corpus_store)
    assert set(got) == set(want)
    for name in want:
        assert isomorphic(got[name], want[name]), name


def test_turtle_flattens_every_graph(fixture_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "flat.ttl"
    assert export(fixture_store, out).exit_code == 0
    union = Graph()
    for g in store_graphs(fixture_store).values():
        union += g
    assert isomorphic(Graph().parse(out, format="turtle"), union)


def test_context_names_every_ontology_property() -> None:
    text = (importlib.resources.files("loader.resources") / "context.jsonld").read_text("utf-8")
    context = json.loads(text)["@context"]
    onto = ontology_graph()
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for p in onto.subjects(RDF.type, kind):
            if str(p).startswith(str(NG)):
                term = context[str(p)[len(str(NG)) :]]
                assert (
                    term if isinstance(term, str) else term["@id"]
                ) == f"ng:{str(p)[len(str(NG)) :]}"
                if kind == OWL.ObjectProperty:
                    assert term["@type"] == "@id", p


# --- selections -------------------------------------------------------------------


@pytest.mark.java
def test_articles_keep_their_graphs_and_the_gazetteer_entries_they_use(
    fixture_store: Path, tmp_path: Path
) -> None:
    trig = tmp_path / "beta.trig"
    assert export(fixture_store, "--articles", "export-beta", trig).exit_code == 0
    fresh = ox.Store()
    fresh.load(path=str(trig), format=ox.RdfFormat.TRIG)
    graphs = graphs_of(fresh)
    assert set(graphs) == {
        str(ONTOLOGY_GRAPH),
        str(GAZETTEER_GRAPH),
        str(article_iri("export-beta")),
    }
    actors = {
        str(s).rsplit("/", 1)[-1] for s in graphs[str(GAZETTEER_GRAPH)].subjects(NG.actorId, None)
    }
    # used by beta: Kallas, Lavrov, Rubio, the EU; through their roles: Russia, the US
    assert actors == {
        "kaja-kallas",
        "sergei-lavrov",
        "marco-rubio",
        "european-union",
        "russia",
        "united-states",
    }
    owl = tmp_path / "beta.owl"
    assert (
        export(
            fixture_store, "--format", "owl", "--articles", "export-beta,export-gamma", owl
        ).exit_code
        == 0
    )
    g = parsed_owl(owl)
    articles = set(g.subjects(RDF.type, NG.Article))
    assert articles == {article_iri("export-beta"), article_iri("export-gamma")}
    assert (ID["actor/unused-ministry"], None, None) not in g
    (report,) = owlapi_check(owl)
    assert report.unparsed_triples == 0 and report.dl_violations == []


def test_no_evidence_drops_evidence_and_keeps_the_facts(
    fixture_store: Path, tmp_path: Path
) -> None:
    out = tmp_path / "light.owl"
    assert export(fixture_store, "--no-evidence", out).exit_code == 0
    g = parsed_owl(out)
    assert not list(g.subjects(RDF.type, NG.Evidence))
    assert not list(g.triples((None, NG.hasEvidence, None)))
    assert not [s for s in g.subjects() if str(s).startswith(str(ID["evidence/"]))]
    assert set(g.objects(ID["event/geneva-talks"], NG.hasStatus)) == {NG.Planned, NG.Postponed}
    assert len(set(g.subjects(RDF.type, NG.Article))) == 3
    assert any("reports:" in str(c) for c in g.objects(None, RDFS.comment))


# --- the command line -----------------------------------------------------------


def test_stdout_needs_a_format_and_writes_bytes(fixture_store: Path) -> None:
    result = export(fixture_store, "--format", "nquads", "-")
    assert result.exit_code == 0, result.output
    fresh = ox.Store()
    fresh.load(result.stdout_bytes, format=ox.RdfFormat.N_QUADS)
    assert len(fresh) == sum(len(g) for g in store_graphs(fixture_store).values())
    result = export(fixture_store, "-")
    assert result.exit_code == 2
    assert "writing to stdout needs --format" in result.output


def test_usage_and_write_errors(fixture_store: Path, tmp_path: Path) -> None:
    result = export(fixture_store, tmp_path / "graph.xyz")
    assert result.exit_code == 2 and "cannot tell the export format" in result.output
    result = export(fixture_store, "--format", "xml", tmp_path / "graph.xml")
    assert result.exit_code == 2 and "xml" in result.output
    result = export(fixture_store, "--syntax", "turtle", tmp_path / "graph.trig")
    assert result.exit_code == 2 and "--syntax applies to --format owl only" in result.output
    result = export(fixture_store, "--articles", "no-such-article", tmp_path / "graph.trig")
    assert result.exit_code == 2 and "no article 'no-such-article'" in result.output
    missing = tmp_path / "missing-dir" / "graph.trig"
    result = export(fixture_store, missing)
    assert result.exit_code == 1
    assert f"cannot write {missing}" in result.output and "writable" in result.output
    assert not missing.parent.exists() and not list(tmp_path.glob("*.tmp"))


def test_export_has_help() -> None:
    result = CliRunner().invoke(main, ["export", "--help"])
    assert result.exit_code == 0
    assert "Protégé" in result.output and "--no-evidence" in result.output


# --- remote stores ---------------------------------------------------------------


@pytest.mark.servers
def test_remote_store_exports_the_same_dataset(
    oxigraph_server: Server, fixture_store: Path, tmp_path: Path
) -> None:
    oxigraph_server.clean()
    options = oxigraph_server.options()
    runner = CliRunner(env=cli_env(options))
    result = runner.invoke(main, [*cli_args(options), "load", str(CORPUS)])
    assert result.exit_code == 0, result.output
    out = tmp_path / "remote.trig"
    result = runner.invoke(main, [*cli_args(options), "export", str(out)])
    assert result.exit_code == 0, result.output
    fresh = ox.Store()
    fresh.load(path=str(out), format=ox.RdfFormat.TRIG)
    got, want = graphs_of(fresh), store_graphs(fixture_store)
    assert str(CATALOG_GRAPH) not in got  # store bookkeeping is never exported
    assert set(got) == set(want)
    for name in want:
        assert isomorphic(got[name], want[name]), name
    owl = tmp_path / "remote.owl"
    assert runner.invoke(main, [*cli_args(options), "export", str(owl)]).exit_code == 0
    local = tmp_path / "local.owl"
    assert export(fixture_store, local).exit_code == 0
    assert isomorphic(parsed_owl(owl), parsed_owl(local))
