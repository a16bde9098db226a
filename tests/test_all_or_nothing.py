"""All or nothing: one bad article writes nothing; --keep-going loads the rest; never half an article."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from loader.core.vocab import article_iri
from tests.helpers import article, edit, run, write_corpus

BAD_LATE = edit("      - the talks were useful", "      - the talks were pointless")


def dump(store: Path) -> list[str]:
    """Every quad of a store as sorted N-Quads lines ([] when there is no store yet)."""
    if not (store / "CURRENT").exists():
        return []
    db = ox.Store.read_only(str(store))
    lines = sorted(str(q) for q in db)
    del db
    return lines


def article_graphs(store: Path) -> set[str]:
    prefix = str(article_iri("x"))[:-1]
    return {line.split(" ")[-2] for line in dump(store) if f"<{prefix}" in line.split(" ")[-2]}


def corpus_of(root: Path, good: int, bad: dict[str, str]) -> Path:
    files: dict[str, str | bytes] = {
        f"good-{i:03d}.yaml": article(f"good-{i:03d}") for i in range(good)
    }
    files.update(bad)
    return write_corpus(root, articles=files)


def test_one_bad_article_writes_nothing_into_an_empty_store(tmp_path: Path) -> None:
    root = corpus_of(tmp_path / "c", 3, {"bad.yaml": article("bad", BAD_LATE)})
    result = run("--store", tmp_path / "s", "load", root)
    assert result.exit_code == 1
    assert "nothing was written" in result.output
    assert dump(tmp_path / "s") == []


def test_one_bad_article_leaves_a_full_store_identical(tmp_path: Path) -> None:
    store = tmp_path / "s"
    first = corpus_of(tmp_path / "first", 2, {})
    assert run("--store", store, "load", first).exit_code == 0
    before = dump(store)
    assert before
    # The bad corpus also revises an article already in the store: that must not show either.
    revised = edit("title: Talks in Geneva", "title: Revised", article("good-000"))
    second = corpus_of(
        tmp_path / "second", 3, {"good-000.yaml": revised, "z-bad.yaml": article("z", BAD_LATE)}
    )
    result = run("--store", store, "load", second)
    assert result.exit_code == 1
    assert dump(store) == before


def test_parallel_check_of_a_larger_corpus_still_writes_nothing(tmp_path: Path) -> None:
    root = corpus_of(tmp_path / "c", 80, {"m-bad.yaml": article("m-bad", BAD_LATE)})
    result = run("--store", tmp_path / "s", "load", "--workers", "2", root)
    assert result.exit_code == 1
    assert "m-bad.yaml:20:9" in result.output
    assert dump(tmp_path / "s") == []


def test_keep_going_loads_every_valid_article_and_reports_every_invalid_one(
    tmp_path: Path,
) -> None:
    bad = {
        "bad-quote.yaml": article("bad-quote", BAD_LATE),
        "bad-actor.yaml": article("bad-actor", edit("marco-rubio]", "nobody]")),
        "bad-yaml.yaml": "article: [\n",
    }
    root = corpus_of(tmp_path / "c", 4, bad)
    result = run("--store", tmp_path / "s", "load", "--keep-going", root)
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(errors) == 3
    for name in bad:
        assert sum(name in line for line in errors) == 1
    assert "loaded 4 of 7 articles" in result.output
    assert article_graphs(tmp_path / "s") == {f"<{article_iri(f'good-{i:03d}')}>" for i in range(4)}


def test_an_article_is_never_half_loaded(tmp_path: Path) -> None:
    """A late error (the last fact) keeps the whole article out, and the old version whole."""
    store = tmp_path / "s"
    assert run("--store", store, "load", write_corpus(tmp_path / "v1")).exit_code == 0
    old = [line for line in dump(store) if f"<{article_iri('art-one')}> ." in line]
    # Version 2 changes the meeting (valid) and breaks the statement (invalid).
    v2 = edit("status: held", "status: planned", BAD_LATE)
    result = run(
        "--store",
        store,
        "load",
        "--keep-going",
        write_corpus(tmp_path / "v2", articles={"a1.yaml": v2}),
    )
    assert result.exit_code == 1
    now = [line for line in dump(store) if f"<{article_iri('art-one')}> ." in line]
    assert now == old
    assert not any("planned" in line for line in now)


def test_reloading_the_same_corpus_leaves_an_identical_store(tmp_path: Path) -> None:
    root = corpus_of(tmp_path / "c", 3, {})
    assert run("--store", tmp_path / "s", "load", root).exit_code == 0
    once = dump(tmp_path / "s")
    assert run("--store", tmp_path / "s", "load", root).exit_code == 0
    assert dump(tmp_path / "s") == once
