"""Web Annotation and brat: export, import, round trip to the same graph, and bad input."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from pyld import jsonld
from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from loader.ingest.gazetteer import load_gazetteer
from loader.pipeline.corpus import compile_article, discover
from tests.conftest import EXAMPLES, SEEDS

Cli = Callable[..., Result]
CORPORA = [pytest.param(EXAMPLES, id="examples"), pytest.param(SEEDS, id="seeds")]


def graphs(corpus: Path) -> dict[str, Graph]:
    """Each article's named graph, as the loader builds it."""
    out: dict[str, Graph] = {}
    for c in discover([corpus]):
        gaz = load_gazetteer(c.gazetteer)
        for path in c.articles:
            compiled = compile_article(path, gaz)
            g = Graph()
            g.parse(data=compiled.ntriples, format="nt")
            out[compiled.article_id] = g
    return out


def empty_corpus(tmp_path: Path, source: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(source / "gazetteer.yaml", corpus / "gazetteer.yaml")
    return corpus


def assert_same_graphs(original: Path, imported: Path) -> None:
    before, after = graphs(original), graphs(imported)
    assert sorted(before) == sorted(after)
    for aid, g in before.items():
        assert len(g) > 10
        assert isomorphic(g, after[aid]), aid


@pytest.mark.parametrize("source", CORPORA)
def test_web_annotation_round_trip_gives_the_same_graph(
    cli: Cli, tmp_path: Path, source: Path
) -> None:
    out = tmp_path / "wa" / "annotations.jsonld"
    result = cli("export", "--format", "web-annotation", "--corpus", source, out)
    assert result.exit_code == 0, result.output
    corpus = empty_corpus(tmp_path, source)
    result = cli("import", "web-annotation", out, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert cli("validate", corpus).exit_code == 0
    assert_same_graphs(source, corpus)


def test_web_annotation_export_is_json_ld_of_the_w3c_model(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "annotations.jsonld"
    assert cli("export", "--format", "web-annotation", "--corpus", EXAMPLES, out).exit_code == 0
    doc = json.loads(out.read_text())
    nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"})
    g = Dataset()
    g.parse(data=nquads, format="nquads")
    oa = "http://www.w3.org/ns/oa#"
    rows = g.query(
        "SELECT ?exact ?start WHERE { ?a a oa:Annotation ; oa:hasTarget ?t . "
        "?t oa:hasSelector ?q, ?p . ?q a oa:TextQuoteSelector ; oa:exact ?exact . "
        "?p a oa:TextPositionSelector ; oa:start ?start }",
        initNs={"oa": oa},
    )
    exacts = {str(r[0]) for r in rows}
    assert "spoke by phone on Monday" in exacts
    links = {str(o) for o in g.objects(None, URIRef(oa + "hasBody"))}
    assert "https://w3id.org/newsgraph/id/event/lavrov-rubio-call-2025-10-20" in links
    assert "https://w3id.org/newsgraph/id/sanctions/eu-19" in links
    tags = {str(o) for o in g.objects(None, g.namespace_manager.expand_curie("rdf:value"))}
    assert {"meeting", "sanctions", "statement", "status:held"} <= tags


def test_hypothesis_style_annotation_with_tags_imports(cli: Cli, tmp_path: Path) -> None:
    texts = tmp_path / "texts"
    texts.mkdir()
    text = (EXAMPLES / "texts" / "ed-2025-10-21-lavrov-rubio-call.txt").read_text()
    (texts / "lavrov-rubio-call.txt").write_text(text)
    exact = "spoke by phone on Monday"
    i = text.index(exact)
    doc = {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "https://hyp.example/a/1",
        "type": "Annotation",
        "body": [
            {"type": "TextualBody", "purpose": "tagging", "value": v}
            for v in [
                "meeting",
                "status:held",
                "kind:phone-call",
                "participants:sergei-lavrov marco-rubio",
                "date:2025-10-20",
            ]
        ],
        "target": {
            "source": "https://news.example/2025/10/lavrov-rubio-call",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact, "prefix": text[i - 10 : i]},
                {"type": "TextPositionSelector", "start": i, "end": i + len(exact)},
            ],
        },
    }
    path = tmp_path / "hyp.jsonld"
    path.write_text(json.dumps(doc))
    corpus = empty_corpus(tmp_path, EXAMPLES)
    result = cli("import", "web-annotation", path, "--corpus", corpus, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "participants:\n  - sergei-lavrov\n  - marco-rubio" in result.output
    assert not (corpus / "lavrov-rubio-call.yaml").exists()
    assert cli("import", "web-annotation", path, "--corpus", corpus).exit_code == 0
    g = graphs(corpus)["lavrov-rubio-call"]
    assert any("phone on Monday" in str(o) for o in g.objects())


@pytest.mark.parametrize("source", CORPORA)
def test_brat_round_trip_gives_the_same_graph(cli: Cli, tmp_path: Path, source: Path) -> None:
    out = tmp_path / "brat"
    assert cli("export", "--format", "brat", "--corpus", source, out).exit_code == 0
    assert (out / "annotation.conf").read_text().count("Meeting") >= 1
    corpus = empty_corpus(tmp_path, source)
    result = cli("import", "brat", out, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    assert_same_graphs(source, corpus)


def test_bad_brat_gives_one_message_per_problem_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    bad = tmp_path / "bad"
    shutil.copytree(FIXTURE_BRAT, bad)
    corpus = empty_corpus(tmp_path, EXAMPLES)
    result = cli("import", "brat", bad, "--corpus", corpus)
    assert result.exit_code == 1
    errors = [
        ln for ln in result.output.splitlines() if ln.startswith("error: ") and "bad.ann" in ln
    ]
    assert len(errors) == 5, result.output
    text = "\n".join(errors)
    assert "bad.ann:2: T2: label 'Person' is not a fact type" in text
    assert "bad.ann:3: T3: offsets 9000-9010 are outside the text" in text
    assert "bad.ann:6: R1: relation end T9 is not a passage" in text
    assert "bad.ann:7: A2: attribute 'Mood' is not one of ours" in text
    assert "bad.ann:1: T1: status: Input should be" in text
    assert "5 problems" in result.output
    assert sorted(p.name for p in corpus.iterdir()) == ["gazetteer.yaml"]


def test_import_that_fails_the_loaders_checks_names_the_annotation(
    cli: Cli, tmp_path: Path
) -> None:
    out = tmp_path / "annotations.jsonld"
    assert cli("export", "--format", "web-annotation", "--corpus", EXAMPLES, out).exit_code == 0
    doc = json.loads(out.read_text())
    first = doc["items"][0]
    first["body"] = [
        {"type": "TextualBody", "purpose": "tagging", "value": "meeting"},
        {"type": "TextualBody", "purpose": "tagging", "value": "status:held"},
        {
            "type": "TextualBody",
            "purpose": "tagging",
            "value": "participants:sergei-lavrov nobody-x",
        },
        {"type": "TextualBody", "purpose": "tagging", "value": "mood:calm"},
    ]
    out.write_text(json.dumps(doc))
    corpus = empty_corpus(tmp_path, EXAMPLES)
    result = cli("import", "web-annotation", out, "--corpus", corpus)
    assert result.exit_code == 1
    assert f"annotation {first['id']}: tag mood:calm is not a field of a meeting" in result.output
    first["body"].pop()  # fixed in the tool: now the loader's own checks run
    out.write_text(json.dumps(doc))
    result = cli("import", "web-annotation", out, "--corpus", corpus)
    assert result.exit_code == 1
    assert f"annotation {first['id']}: unknown actor id 'nobody-x'" in result.output
    assert ".yaml:" in result.output  # and the line of the file as it would be written
    assert sorted(p.name for p in corpus.iterdir()) == ["gazetteer.yaml"]


FIXTURE_BRAT = Path(__file__).parent / "fixtures" / "importers" / "brat-bad"


def test_bad_web_annotation_gives_one_message_per_problem(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "annotations.jsonld"
    assert cli("export", "--format", "web-annotation", "--corpus", EXAMPLES, out).exit_code == 0
    doc = json.loads(out.read_text())
    items = doc["items"]
    items[0]["target"]["selector"] = [{"type": "TextPositionSelector", "start": 5, "end": 99999}]
    items[1]["body"] = [{"type": "TextualBody", "purpose": "tagging", "value": "rumour"}]
    items[2]["target"] = "https://w3id.org/newsgraph/id/article/whole-page"
    quote = next(
        s for it in items[3:] for s in it["target"]["selector"] if s["type"] == "TextQuoteSelector"
    )
    quote["exact"] = "words that the article never uses"
    out.write_text(json.dumps(doc))
    corpus = empty_corpus(tmp_path, EXAMPLES)
    result = cli("import", "web-annotation", out, "--corpus", corpus)
    assert result.exit_code == 1
    lines = [
        ln
        for ln in result.output.splitlines()
        if ln.startswith("error: ") and "problems in" not in ln
    ]
    assert len(lines) == 4, result.output
    assert f"annotation {items[0]['id']}: offsets 5-99999 are outside the text" in lines[0]
    assert f"annotation {items[1]['id']}: has no tag naming a fact type" in result.output
    assert f"annotation {items[2]['id']}: its target has no text selector" in result.output
    assert "'words that the article never uses' is not in the article text" in result.output
    assert sorted(p.name for p in corpus.iterdir()) == ["gazetteer.yaml"]
    out.write_text("{not json")
    result = cli("import", "web-annotation", out, "--corpus", corpus)
    assert result.exit_code == 1 and "not valid JSON" in result.output
