"""The cache of checked articles: a reload does not check an unchanged article again, and a
store reloaded through it holds exactly what a fresh load of the same files gives."""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace

import pyoxigraph as ox
import pytest
from rdflib import URIRef

from loader.core.vocab import ONTOLOGY_GRAPH, article_iri
from loader.pipeline import checked_cache
from loader.pipeline.corpus import load
from loader.pipeline.outcome import Report
from loader.store.catalog import CATALOG_GRAPH
from loader.store.embedded import EmbeddedStore

from .conftest import EXAMPLE_ARTICLES, EXAMPLES

ANCHORAGE = "nw-2025-08-16-anchorage-summit"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return Path(shutil.copytree(EXAMPLES, tmp_path / "corpus"))


def _load(corpus: Path, store_dir: Path) -> Report:
    store = EmbeddedStore(store_dir)
    try:
        report = load([corpus], store)
    finally:
        store.close()
    assert report.ok, report.errors
    return report


def _data(store_dir: Path) -> list[str]:
    """Every quad but the catalog's (load times) and the ontology's (blank nodes)."""
    skip = (f"<{CATALOG_GRAPH}>", f"<{ONTOLOGY_GRAPH}>")
    store = ox.Store.read_only(str(store_dir))
    return sorted(str(q) for q in store if not str(q).endswith(skip))


def _fresh(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What a load of the corpus as it is now gives a new store, with an empty cache."""
    with monkeypatch.context() as m:
        m.setenv("XDG_CACHE_HOME", str(tmp_path / "other-cache"))
        report = _load(corpus, tmp_path / "fresh")
    assert report.reused == 0
    return _data(tmp_path / "fresh")


def test_a_reload_checks_no_unchanged_article_again(corpus: Path, store_dir: Path) -> None:
    assert _load(corpus, store_dir).reused == 0
    before = _data(store_dir)
    again = _load(corpus, store_dir)
    assert again.unchanged == again.reused == EXAMPLE_ARTICLES
    assert len(again.loaded) == EXAMPLE_ARTICLES
    assert _data(store_dir) == before


@pytest.mark.parametrize("edit", ["annotation", "text"])
def test_an_edited_article_or_text_file_is_checked_again(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, edit: str
) -> None:
    _load(corpus, store_dir)
    if edit == "annotation":
        path = corpus / f"{ANCHORAGE}.yaml"
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("without a ceasefire deal", "with no deal"), encoding="utf-8")
    else:  # the passages move: every evidence offset of the article changes
        path = corpus / "texts" / f"{ANCHORAGE}.txt"
        path.write_text("Updated. " + path.read_text(encoding="utf-8"), encoding="utf-8")
    report = _load(corpus, store_dir)
    assert report.reused == report.unchanged == EXAMPLE_ARTICLES - 1
    assert _data(store_dir) == _fresh(corpus, tmp_path, monkeypatch)


def test_a_gazetteer_edit_checks_every_article_again(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(corpus, store_dir)
    gazetteer = corpus / "gazetteer.yaml"
    text = gazetteer.read_text(encoding="utf-8")
    gazetteer.write_text(text.replace("name: Marco Rubio", "name: Marco A. Rubio"), "utf-8")
    report = _load(corpus, store_dir)
    assert report.reused == 0
    assert _data(store_dir) == _fresh(corpus, tmp_path, monkeypatch)


def test_an_article_moved_to_another_file_is_checked_again(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _load(corpus, store_dir)
    (corpus / f"{ANCHORAGE}.yaml").rename(corpus / "renamed.yaml")
    report = _load(corpus, store_dir)
    assert report.reused == EXAMPLE_ARTICLES - 1 and report.unchanged == EXAMPLE_ARTICLES
    assert _data(store_dir) == _fresh(corpus, tmp_path, monkeypatch)


def test_a_graph_the_store_lost_is_written_again(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache knows the article, the store no longer has its graph: it is checked and
    written again, never counted as unchanged."""
    _load(corpus, store_dir)
    store = EmbeddedStore(store_dir)
    try:
        article = next(p for p in sorted(corpus.glob("*.yaml")) if p.name != "gazetteer.yaml")
        graph = URIRef(article_iri(article.stem))
        assert graph in store.graph_names()
        store.update(f"DROP GRAPH <{graph}>")
    finally:
        store.close()
    report = _load(corpus, store_dir)
    assert report.reused == report.unchanged == EXAMPLE_ARTICLES - 1
    assert _data(store_dir) == _fresh(corpus, tmp_path, monkeypatch)


@pytest.mark.parametrize("damage", ["not a directory", "not a database"])
def test_a_cache_that_cannot_be_used_is_left_aside(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, damage: str
) -> None:
    home = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    if damage == "not a directory":
        home.write_text("a file where the cache directory should be", encoding="utf-8")
    else:
        (home / "newsgraph").mkdir(parents=True)
        (home / "newsgraph" / "checked-articles.sqlite3").write_bytes(b"not a database" * 100)
    first = _load(corpus, store_dir)
    again = _load(corpus, store_dir)
    assert first.reused == again.reused == 0 and again.unchanged == EXAMPLE_ARTICLES


def test_an_entry_in_use_is_kept_and_an_unused_one_dropped(
    corpus: Path, store_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Entries unused for KEEP_DAYS are dropped when a load ends; using one keeps it."""
    day = 86_400

    def on_day(n: int) -> Report:
        monkeypatch.setattr(checked_cache, "time", SimpleNamespace(time=lambda: n * day))
        return _load(corpus, store_dir)

    on_day(1_000)
    assert on_day(1_000 + checked_cache.KEEP_DAYS - 10).reused == EXAMPLE_ARTICLES
    later = 1_000 + checked_cache.KEEP_DAYS + 20  # 30 days after the last use
    assert on_day(later).reused == EXAMPLE_ARTICLES
    assert on_day(later).reused == EXAMPLE_ARTICLES
    # Unused for longer than KEEP_DAYS when another load (of a copy) ends: dropped.
    copy = Path(shutil.copytree(corpus, tmp_path / "copy"))
    monkeypatch.setattr(checked_cache, "time", SimpleNamespace(time=lambda: (later + 61) * day))
    _load(copy, tmp_path / "other-store")
    assert on_day(later + 61).reused == 0
