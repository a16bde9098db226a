"""`newsgraph init DIR` starts a corpus that validates and loads as it is."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

Cli = Callable[..., Result]


def test_init_writes_a_corpus_that_validates_and_loads(cli: Cli, tmp_path: Path) -> None:
    folder = tmp_path / "my-corpus"
    result = cli("init", folder)
    assert result.exit_code == 0, result.output
    article = folder / "example-lavrov-rubio-call.yaml"
    assert article.read_text(encoding="utf-8").startswith(
        "# yaml-language-server: $schema=schema/article.schema.json\n"
    )
    schema = json.loads((folder / "schema" / "article.schema.json").read_text(encoding="utf-8"))
    assert "article" in schema["properties"]
    assert (folder / "texts" / "example-lavrov-rubio-call.txt").exists()
    assert cli("validate", folder).exit_code == 0
    store = tmp_path / "store"
    assert cli("--store", store, "load", folder).exit_code == 0
    rows = cli("--store", store, "query", "who-met-whom", "--format", "json")
    [row] = json.loads(rows.stdout)
    assert (row["actor_a"], row["actor_b"], row["date_earliest"]) == (
        "Marco Rubio",
        "Sergei Lavrov",
        "2025-10-20",
    )
    again = cli("init", folder)
    assert again.exit_code == 2
    assert "already exists and is not an empty folder" in again.output
