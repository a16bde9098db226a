"""A corpus given as several folders is checked as one: ids are unique across all of them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from loader.core.errors import CorpusInvalidError
from loader.pipeline import corpus
from loader.store.embedded import EmbeddedStore
from tests.helpers import ARTICLE, GAZETTEER

Cli = Callable[..., Result]


def _folder(root: Path, status: str) -> Path:
    root.mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    text = ARTICLE.replace("status: held", f"status: {status}")
    (root / "talks.yaml").write_text(text, encoding="utf-8")
    return root


def test_the_same_article_id_in_two_folders_names_both_files(
    cli: Cli, tmp_path: Path, store_dir: Path
) -> None:
    one = _folder(tmp_path / "desk-a", "held")
    two = _folder(tmp_path / "desk-b", "cancelled")
    for command in ("validate", "load"):
        args = (
            [command, one, two]
            if command == "validate"
            else ["--store", store_dir, "load", one, two]
        )
        result = cli(*args)
        assert result.exit_code == 1, result.output
        assert f"{two / 'talks.yaml'}:2:7: article.id: article id 'art-one'" in result.output
        assert f"is also used at {one / 'talks.yaml'}:2:7" in result.output
    # Nothing of either version was merged into one graph.
    store = EmbeddedStore(store_dir)
    try:
        assert not [g for g in store.graph_names() if "/article/" in str(g)]
    finally:
        store.close()


def test_library_errors_speak_the_library_language(
    cli: Cli, tmp_path: Path, store_dir: Path
) -> None:
    root = _folder(tmp_path / "desk", "maybe")  # not a status
    store = EmbeddedStore(store_dir)
    try:
        with pytest.raises(CorpusInvalidError) as raised:
            corpus.load([root], store)
    finally:
        store.close()
    assert "--keep-going" not in str(raised.value)
    assert "nothing was written (load with keep_going=True to write the valid articles)" in str(
        raised.value
    )
    result = cli("--store", store_dir, "load", root)
    assert result.exit_code == 1
    assert "nothing was written (use --keep-going to load the valid articles)" in result.output
