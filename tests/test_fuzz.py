"""Property-based fuzzing: any input either loads or raises a NewsgraphError with a message.

Documents are written as YAML text (so the YAML layer is fuzzed too) and run
through the library: ``parse_yaml`` → ``parse_model`` → ``map_article``. The
number of annotation documents is 10,000 in CI (``CI=true``), 500 locally, or
``NEWSGRAPH_FUZZ_EXAMPLES``: 40% random documents, 60% mutations of a valid
article. The date parser gets as many examples again.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loader.core.errors import DateError, NewsgraphError
from loader.dates.resolve import resolve_date
from loader.ingest.gazetteer import GazetteerIndex, load_gazetteer
from loader.ingest.model import ArticleDoc, parse_model
from loader.ingest.yamlsrc import parse_yaml
from loader.rdf.mapping import map_article
from tests.conftest import in_ci
from tests.helpers import ARTICLE, write_corpus


def _examples() -> int:
    override = os.environ.get("NEWSGRAPH_FUZZ_EXAMPLES")
    if override:
        return int(override)
    return 10_000 if in_ci() else 500


def _settings(examples: int) -> settings:
    return settings(
        max_examples=max(1, examples),
        deadline=None,
        derandomize=in_ci(),
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


EXAMPLES = _examples()
RANDOM_DOCS = EXAMPLES * 2 // 5
PATH = Path("fuzz.yaml")
VALID: dict[str, Any] = yaml.safe_load(ARTICLE)
IDS = ["sergei-lavrov", "marco-rubio", "russia", "geneva", "art-one", "Sergei Lavrov", "", "-x"]
NASTY = ['"', "'", ">", "}", "{", "DROP ALL", "\n", "#", "\\", "\u0000", "\u202e", "\ud7ff",
         "😀", "é", "\t", "*a", "&a", "!!python/object", "%", "<x>", "0" * 400]  # fmt: skip


@pytest.fixture(scope="module")
def gaz(tmp_path_factory: pytest.TempPathFactory) -> GazetteerIndex:
    root = write_corpus(tmp_path_factory.mktemp("fuzz"))
    return load_gazetteer(root / "gazetteer.yaml")


def check(text: str, gaz: GazetteerIndex) -> None:
    """The one property: success, or a NewsgraphError with a non-empty message."""
    try:
        source = parse_yaml(text, PATH)
        doc = parse_model(ArticleDoc, source)
        payload, _ = map_article(doc, source, gaz)
    except NewsgraphError as exc:
        assert exc.message.strip()
        assert exc.problem.strip()
        return
    assert payload.ntriples()


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(NASTY + IDS),
    st.dates().map(str),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.one_of(st.text(max_size=10), st.sampled_from(list(VALID))), inner, max_size=4
        ),
    ),
    max_leaves=30,
)


def dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@_settings(RANDOM_DOCS)
@given(
    st.one_of(
        st.text(max_size=300),
        values.map(dump),
        st.dictionaries(st.sampled_from([*VALID, "other"]), values, max_size=5).map(dump),
        st.integers(min_value=1, max_value=300).map(lambda n: "a:\n" + "- " * n + "x\n"),
        st.integers(min_value=1, max_value=300).map(lambda n: "[" * n + "]" * n),
    )
)
def test_random_documents(gaz: GazetteerIndex, text: str) -> None:
    check(text, gaz)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            out += _paths(value, (*prefix, i))
    return out


def _mutate(data: dict[str, Any], op: str, where: int, value: Any, extra: str) -> dict[str, Any]:
    data = copy.deepcopy(data)
    paths = _paths(data)
    path = paths[where % len(paths)]
    parent: Any = data
    for part in path[:-1]:
        parent = parent[part]
    key = path[-1]
    if op == "drop":
        del parent[key]
    elif op == "retype":
        parent[key] = value
    elif op == "unicode" and isinstance(parent[key], str):
        text = parent[key]
        cut = where % (len(text) + 1)
        parent[key] = text[:cut] + extra + text[cut:]
    elif op == "swap-id":
        parent[key] = extra if isinstance(parent[key], str) else [extra]
    elif op == "rename" and isinstance(parent, dict):
        parent[f"{key}{extra}"] = parent.pop(key)
    return data


@_settings(EXAMPLES - RANDOM_DOCS)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["drop", "retype", "unicode", "swap-id", "rename"]),
            st.integers(min_value=0, max_value=10_000),
            values,
            st.one_of(st.sampled_from(NASTY + IDS), st.text(min_size=1, max_size=8)),
        ),
        min_size=1,
        max_size=3,
    ),
    st.one_of(st.none(), st.tuples(st.integers(0, 2000), st.text(max_size=6))),
)
def test_mutations_of_a_valid_article(
    gaz: GazetteerIndex,
    mutations: list[tuple[str, int, Any, str]],
    splice: tuple[int, str] | None,
) -> None:
    data = VALID
    for op, where, value, extra in mutations:
        data = _mutate(data, op, where, value, extra)
    text = dump(data)
    if splice is not None:  # also damage the YAML text itself
        at, insert = splice
        at %= len(text) + 1
        text = text[:at] + insert + text[at:]
    check(text, gaz)


def test_the_unmutated_article_is_valid(gaz: GazetteerIndex) -> None:
    source = parse_yaml(dump(VALID), PATH)
    payload, counts = map_article(parse_model(ArticleDoc, source), source, gaz)
    assert counts.meetings == 1 and counts.statements == 1
    assert len(payload) > 20


date_values = st.one_of(
    st.text(max_size=30),
    st.sampled_from(
        [
            "last Friday",
            "on Sunday",
            "late Wednesday",
            "last month",
            "in August",
            "yesterday",
            "2025-02-29",
            "2024-02-29",
            "2025-13",
            "0000",
            "9999-12-31",
            "3 days ago",
            "10000 years ago",
            "next Tuesday",
            "October 20",
            "2025-01/2024-12",
            "a fortnight ago",
        ]
    ),
    st.integers(),
    st.dates(),
    st.datetimes(),
    st.floats(),
    st.none(),
    st.lists(st.integers(), max_size=2),
    st.fixed_dictionaries({"from": scalars, "to": scalars}),
    st.dictionaries(st.text(max_size=5), scalars, max_size=3),
)


@_settings(EXAMPLES)
@given(date_values, st.one_of(st.none(), st.dates()))
def test_date_parser(value: Any, published: dt.date | None) -> None:
    try:
        resolved = resolve_date(value, published=published)
    except DateError as exc:
        assert exc.message.strip()
        return
    assert resolved.earliest is not None or resolved.latest is not None  # at most one open side
    if resolved.earliest is not None and resolved.latest is not None:
        assert resolved.earliest <= resolved.latest
    assert resolved.phrase is not None


# --- hostile content (the data side of injection) ---------------------------------

HOSTILE = "He said \"x\" } ; DROP ALL ; INSERT DATA { <a> <b> <c> } # 'q' > \\ end"


def _hostile_corpus(root: Path, *, article_id: str = "hostile") -> Path:
    gazetteer = {
        "actors": [
            {"id": "sergei-lavrov", "type": "person", "name": f"Lavrov {HOSTILE}",
             "aliases": ["} DROP ALL #", "a\nb", '"""']},
            {"id": "marco-rubio", "type": "person", "name": "Marco Rubio"},
        ],
        "places": [],
    }  # fmt: skip
    text = f"Intro.\n{HOSTILE}\nLavrov met Rubio.\n"
    doc = {
        "article": {"id": article_id, "title": HOSTILE, "publisher": "'>", "author": "\n#",
                    "text": text},
        "meetings": [{"status": "held", "participants": ["sergei-lavrov", "marco-rubio"],
                      "label": HOSTILE, "evidence": ["Lavrov met Rubio"]}],
        "statements": [{"speaker": "sergei-lavrov", "quote": HOSTILE, "evidence": [HOSTILE]}],
    }  # fmt: skip
    return write_corpus(root, articles={"h.yaml": dump(doc)}, gazetteer=dump(gazetteer))


def _graph(store: Path, graph: str) -> set[Any]:
    import pyoxigraph as ox

    db = ox.Store.read_only(str(store))
    triples = {q.triple for q in db.quads_for_pattern(None, None, None, ox.NamedNode(graph))}
    del db
    return triples


def test_hostile_free_text_is_stored_verbatim_and_touches_nothing_else(tmp_path: Path) -> None:
    import pyoxigraph as ox

    from loader.core.vocab import GAZETTEER_GRAPH, article_iri
    from loader.pipeline.corpus import compile_article
    from tests.helpers import run

    store = tmp_path / "s"
    other = write_corpus(tmp_path / "other", articles={"a.yaml": ARTICLE})
    assert run("--store", store, "load", other).exit_code == 0
    before = _graph(store, str(article_iri("art-one")))

    root = _hostile_corpus(tmp_path / "h")
    result = run("--store", store, "load", root)
    assert result.exit_code == 0, result.output
    compiled = compile_article(root / "h.yaml", load_gazetteer(root / "gazetteer.yaml"))
    # Through an in-memory Oxigraph store too, so both sides get its literal canonicalisation.
    memory = ox.Store()
    memory.load(compiled.ntriples.encode(), format=ox.RdfFormat.N_TRIPLES)
    expected = {q.triple for q in memory}
    assert len(expected) == compiled.triples
    assert _graph(store, compiled.graph) == expected
    assert _graph(store, str(article_iri("art-one"))) == before
    literals = {t.object.value for t in expected if isinstance(t.object, ox.Literal)}
    assert {HOSTILE, "'>", "\n#"} <= literals
    gaz = {t.object.value for t in _graph(store, str(GAZETTEER_GRAPH))}
    assert {f"Lavrov {HOSTILE}", "} DROP ALL #", "a\nb", '"""'} <= gaz
    db = ox.Store.read_only(str(store))
    graphs = {g.value for g in db.named_graphs()}
    del db
    assert str(article_iri("art-one")) in graphs and compiled.graph in graphs


def test_hostile_ids_are_refused_cleanly(tmp_path: Path) -> None:
    from tests.helpers import run

    store = tmp_path / "s"
    assert run("--store", store, "load", write_corpus(tmp_path / "ok")).exit_code == 0
    for n, bad in enumerate(["x> } DROP ALL #", 'a"b', "a\nb", "A}", "#", "x y", "-x"]):
        root = _hostile_corpus(tmp_path / f"h{n}", article_id=bad)
        result = run("--store", store, "load", root)
        assert result.exit_code == 1
        assert "article.id:" in result.output and "is not a valid id" in result.output
        assert "Traceback" not in result.output
        gaz = dump({"actors": [{"id": bad, "type": "person", "name": "X"}]})
        root = write_corpus(tmp_path / f"g{n}", gazetteer=gaz)
        result = run("--store", store, "load", root)
        assert result.exit_code == 1
        assert "actors.0.id:" in result.output and "is not a valid id" in result.output
    assert run("--store", store, "stats").exit_code == 0
