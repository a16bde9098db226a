"""The ontology: OWL 2 DL for the OWL API, consistent for HermiT, complete and documented."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from loader.core.vocab import ID, NG, ONTOLOGY_IRI
from loader.owl.ontology import ontology_graph, ontology_ntriples, ontology_path, shapes_path
from loader.owl.reasoner import check_consistency, check_graph, find_culprits
from tests.helpers import valid_graph

from .owlapi import owlapi_check, require_java

ROOT = Path(__file__).resolve().parents[1]
KINDS = (
    OWL.Class,
    OWL.ObjectProperty,
    OWL.DatatypeProperty,
    OWL.AnnotationProperty,
    OWL.NamedIndividual,
)


def names(text: str) -> list[str]:
    return text.split()


CLASSES = names("""Actor Person State InternationalOrganization GovernmentBody Company MediaOutlet
    Place Role Event Meeting Summit Talks PhoneCall VideoCall Visit SanctionsPackage Statement
    Article Evidence DateInterval Status EventStatus PackageStatus DatePrecision SpeechType
    Medium""")
OBJECT_PROPERTIES = names("""hasParticipant hasPlace hasStatus hasDate hasEvidence issuedBy hasTarget
    speaker about addressee viaOutlet hasSpeechType hasMedium inArticle hasPrecision holdsRole
    roleIn locatedIn""")
DATA_PROPERTIES = {
    "earliest": "dateTime", "latest": "dateTime", "anchorDate": "dateTime", "roleStart": "dateTime",
    "roleEnd": "dateTime", "publishedOn": "dateTime", "originalPhrase": "string",
    "resolutionRule": "string", "quoteText": "string", "exactText": "string",
    "prefixText": "string", "suffixText": "string", "title": "string",
    "publisherName": "string", "authorName": "string", "language": "string",
    "textSha256": "string", "roleTitle": "string", "eventKey": "string",
    "packageKey": "string", "actorId": "string", "placeId": "string", "articleId": "string",
    "url": "anyURI", "packageNumber": "positiveInteger", "startOffset": "nonNegativeInteger",
    "endOffset": "nonNegativeInteger", "uncertain": "boolean",
    "firstReported": "dateTime", "lastReported": "dateTime",
}
INDIVIDUALS = {
    "EventStatus": "Held Planned Proposed Postponed Cancelled",
    "PackageStatus": "Proposed Adopted Failed",
    "DatePrecision": "DayPrecision MonthPrecision SeasonPrecision YearPrecision IntervalPrecision",
    "SpeechType": "DirectSpeech ReportedSpeech",
    "Medium": "Interview PressConference Broadcast SocialMedia WrittenStatement Speech",
}
FUNCTIONAL = {
    "inArticle", "hasPrecision", "startOffset", "endOffset", "earliest", "latest", "uncertain",
    "firstReported", "lastReported",
}


@pytest.fixture(scope="module")
def onto() -> Graph:
    return ontology_graph()


def ng_terms(g: Graph) -> set[URIRef]:
    return {
        s
        for kind in KINDS
        for s in g.subjects(RDF.type, kind)
        if isinstance(s, URIRef) and str(s).startswith(str(NG))
    }


# --- files and packaging ----------------------------------------------------------


def test_files_are_found_and_parse() -> None:
    assert ontology_path().name == "newsgraph.ttl" and shapes_path().name == "shapes.ttl"
    assert len(Graph().parse(shapes_path())) > 100


def test_ntriples_are_stable_and_equal_to_the_turtle(onto: Graph) -> None:
    text = ontology_ntriples()
    ontology_ntriples.cache_clear()
    assert ontology_ntriples() == text
    assert isomorphic(Graph().parse(data=text, format="nt"), onto)


def test_metadata(onto: Graph) -> None:
    o = ONTOLOGY_IRI
    assert (o, RDF.type, OWL.Ontology) in onto
    assert onto.value(o, OWL.versionIRI) == URIRef("https://w3id.org/newsgraph/ontology/0.1.0")
    assert str(onto.value(o, OWL.versionInfo)) == "0.1.0"
    assert str(onto.value(o, DCTERMS.creator)) == "newsgraph contributors"
    assert onto.value(o, DCTERMS.license) is not None
    assert onto.value(o, DCTERMS.title) and onto.value(o, DCTERMS.description)
    vann = URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix")
    assert str(onto.value(o, vann)) == "ng"
    assert not list(onto.objects(o, OWL.imports))


# --- declarations match the model -------------------------------------------------


def test_terms_have_the_declared_kinds(onto: Graph) -> None:
    for name in CLASSES:
        assert (NG[name], RDF.type, OWL.Class) in onto, name
    for name in OBJECT_PROPERTIES:
        assert (NG[name], RDF.type, OWL.ObjectProperty) in onto, name
    for name, dtype in DATA_PROPERTIES.items():
        assert (NG[name], RDF.type, OWL.DatatypeProperty) in onto, name
        assert onto.value(NG[name], RDFS.range) == URIRef(
            f"http://www.w3.org/2001/XMLSchema#{dtype}"
        )
    assert (NG.wikidata, RDF.type, OWL.AnnotationProperty) in onto
    for cls, names in INDIVIDUALS.items():
        for name in names.split():
            assert (NG[name], RDF.type, OWL.NamedIndividual) in onto, name
            assert (NG[name], RDF.type, NG[cls]) in onto, name
    functional = {str(p)[len(str(NG)) :] for p in onto.subjects(RDF.type, OWL.FunctionalProperty)}
    assert functional == FUNCTIONAL


def test_every_term_has_label_and_definition(onto: Graph) -> None:
    terms = ng_terms(onto)
    assert len(terms) > 80
    for term in terms:
        labels = [v for v in onto.objects(term, RDFS.label) if isinstance(v, Literal)]
        assert any(v.language == "en" for v in labels), f"{term} has no English rdfs:label"
        assert onto.value(term, SKOS.definition), f"{term} has no skos:definition"


def test_every_ng_term_used_is_declared(onto: Graph) -> None:
    used = {
        t for triple in onto for t in triple if isinstance(t, URIRef) and str(t).startswith(str(NG))
    }
    assert used <= ng_terms(onto)


def used_ng_terms(path: Path) -> set[str]:
    """The ng: names a query or source file writes: ``ng:X``, the full IRI, ``NG.X``, ``NG["X"]``."""
    text = path.read_text(encoding="utf-8")
    iri = re.escape(str(NG))
    found = set(re.findall(r"(?<![\w/])ng:([A-Za-z_][\w-]*)", text))
    found |= set(re.findall(iri + r"([A-Za-z_][\w-]*)", text))
    if path.suffix == ".py":
        found |= set(re.findall(r"\bNG\.([A-Za-z_]\w*)", text))
        found |= set(re.findall(r"\bNG\[[\"']([^\"']+)[\"']\]", text))
    return found - {"term"}  # NG.term(name) is the namespace's own method


def test_every_ng_term_the_queries_and_the_code_use_is_declared(onto: Graph) -> None:
    files = [
        *sorted((ROOT / "queries").glob("*.rq")),
        *sorted((ROOT / "loader" / "resources").rglob("*.r[qu]")),
        *sorted((ROOT / "loader" / "resources").glob("*.jsonld")),
        *sorted((ROOT / "loader").rglob("*.py")),
    ]
    used = {name: path for path in files for name in used_ng_terms(path)}
    assert {"hasParticipant", "sourceDigest", "withOffsets"} <= set(used)
    declared = {str(t)[len(str(NG)) :] for t in ng_terms(onto)}
    undeclared = {f"ng:{name} ({used[name].relative_to(ROOT)})" for name in set(used) - declared}
    assert undeclared == set(), "declare these in ontology/newsgraph.ttl"


def test_every_term_in_the_rdf_model_doc_is_declared(onto: Graph) -> None:
    doc = (ROOT / "docs" / "rdf-model.md").read_text(encoding="utf-8")
    blocks = "\n".join(re.findall(r"```turtle\n(.*?)```", doc, re.S))
    tokens = set(re.findall(r"\bng:([A-Za-z][A-Za-z0-9]*)", blocks + doc))
    assert {"Summit", "hasParticipant", "earliest", "wikidata", "MonthPrecision"} <= tokens
    declared = {str(t)[len(str(NG)) :] for t in ng_terms(onto)}
    assert tokens - declared == set()
    # Names in predicate position of the doc's Turtle are properties.
    predicates = set(re.findall(r"(?:^\s+|;\s*)ng:([a-z][A-Za-z0-9]*)\s", blocks, re.M))
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
    for name in predicates:
        assert any((NG[name], RDF.type, k) in onto for k in kinds), name


def test_alignments_are_declared(onto: Graph) -> None:
    sem = "http://semanticweb.cs.vu.nl/2009/11/sem/"
    assert (NG.Event, RDFS.subClassOf, URIRef(sem + "Event")) in onto
    assert (NG.Article, RDFS.subClassOf, URIRef("https://schema.org/NewsArticle")) in onto
    assert (NG.Evidence, RDFS.subClassOf, URIRef("http://www.w3.org/ns/prov#Entity")) in onto
    assert (
        NG.DateInterval,
        RDFS.subClassOf,
        URIRef("http://www.w3.org/2006/time#ProperInterval"),
    ) in onto
    oa_exact = URIRef("http://www.w3.org/ns/oa#exact")
    assert (NG.exactText, RDFS.subPropertyOf, oa_exact) in onto
    assert (oa_exact, RDF.type, OWL.DatatypeProperty) in onto


# --- OWL API ------------------------------------------------------------------


@pytest.mark.java
def test_owlapi_reads_every_serialisation_with_no_dl_violation(tmp_path: Path) -> None:
    rdfxml = tmp_path / "newsgraph.owl"
    ontology_graph().serialize(rdfxml, format="xml")
    ntriples = tmp_path / "newsgraph.nt"
    ntriples.write_text(ontology_ntriples(), encoding="utf-8")
    reports = owlapi_check(ontology_path(), rdfxml, ntriples)
    for report in reports:
        assert report.unparsed_triples == 0, report.unparsed_sample
        assert report.dl_violations == [], report.path
        assert report.guessed_declarations == [], report.path
        assert report.ontology_iri == str(ONTOLOGY_IRI)
        assert report.individuals == 53  # statuses, kinds, measure types, precisions, ...
        assert report.classes >= len(CLASSES)
    turtle, xml, nt = reports
    assert turtle.axioms == xml.axioms == nt.axioms
    assert turtle.logical_axioms == xml.logical_axioms > 100


@pytest.mark.java
def test_owlapi_reports_problems_it_finds(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text(
        "@prefix ng: <https://w3id.org/newsgraph/ontology#> .\n"
        "@prefix owl: <http://www.w3.org/2002/07/owl#> .\n"
        "<https://w3id.org/newsgraph/ontology> a owl:Ontology .\n"
        "ng:Meeting a owl:Class .\n"
        '<https://w3id.org/newsgraph/id/event/x> a ng:Meeting ; ng:undeclared "1" .\n',
        encoding="utf-8",
    )
    (report,) = owlapi_check(bad)
    assert any("undeclared" in v.lower() for v in report.dl_violations)
    assert report.class_assertions == 1


# --- HermiT -------------------------------------------------------------------


@pytest.mark.java
def test_hermit_finds_the_ontology_consistent_with_no_unsatisfiable_class(tmp_path: Path) -> None:
    require_java()
    rdfxml = tmp_path / "newsgraph.owl"
    ontology_graph().serialize(rdfxml, format="xml")
    report = check_consistency(rdfxml)
    assert report.consistent and report.unsatisfiable == [] and report.culprits == []


@pytest.mark.java
def test_hermit_accepts_valid_graph() -> None:
    require_java()
    report = check_graph(valid_graph())
    assert report.consistent, report.reasons


@pytest.mark.java
def test_hermit_names_a_person_that_is_also_a_state() -> None:
    require_java()
    data = valid_graph()
    lavrov = ID["actor/sergei-lavrov"]
    data.add((lavrov, RDF.type, NG.State))
    report = check_graph(data)
    assert not report.consistent
    assert report.culprits == [str(lavrov)]
    (reason,) = report.reasons
    assert "ng:Person" in reason.reason and "ng:State" in reason.reason


@pytest.mark.java
def test_hermit_names_an_individual_made_contradictory_by_a_range() -> None:
    require_java()
    data = valid_graph()
    statement = ID["statement/a1/s1"]
    data.set((statement, NG.viaOutlet, ID["actor/russia"]))
    report = check_graph(data)
    assert not report.consistent
    assert report.culprits == [str(ID["actor/russia"])]
    assert "ng:viaOutlet" in report.reasons[0].reason


def test_culprit_search_reports_functional_and_ill_typed_values() -> None:
    g = ontology_graph()
    date = ID["date/a1/d1"]
    g.add((date, NG.hasPrecision, NG.DayPrecision))
    g.add((date, NG.hasPrecision, NG.YearPrecision))
    g.add(
        (
            ID["evidence/a1/0-1"],
            NG.startOffset,
            Literal("-1", datatype=URIRef("http://www.w3.org/2001/XMLSchema#nonNegativeInteger")),
        )
    )
    found = {(c.individual, c.reason.split(" ")[0]) for c in find_culprits(g)}
    assert found == {(str(date), "has"), (str(ID["evidence/a1/0-1"]), "ng:startOffset")}
    assert find_culprits(ontology_graph()) == []


@pytest.mark.java
def test_the_ontology_file_alone_reasons_with_hermit(tmp_path: Path) -> None:
    """Protégé users open ontology/newsgraph.ttl itself: HermiT, as Protégé runs it (no
    ignoring of unsupported datatypes), must accept the file and find it consistent."""
    import owlready2

    from .owlapi import require_java

    require_java()
    out = tmp_path / "newsgraph.owl"  # owlready2 reads RDF/XML, not Turtle
    Graph().parse(ontology_path(), format="turtle").serialize(out, format="xml")
    world = owlready2.World()
    try:
        world.get_ontology(out.resolve().as_uri()).load(format="rdfxml")
        owlready2.sync_reasoner_hermit(world, debug=0, ignore_unsupported_datatypes=False)
        unsatisfiable = [c for c in world.inconsistent_classes() if c is not owlready2.Nothing]
    finally:
        world.close()
    assert unsatisfiable == []
