"""Generated docs: the query tables and the CLI reference are current (`make docs`)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from types import ModuleType

import pytest

from loader.cli import main
from loader.queries.canned import catalog

from .conftest import ROOT


def gen_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_docs", ROOT / "tools" / "gen_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generated_docs_are_current() -> None:
    check = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "gen_docs.py"), "--check"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert check.returncode == 0, check.stderr


def test_every_canned_query_says_what_it_answers() -> None:
    for q in catalog().values():
        assert q.summary, f"queries/{q.name}.rq has no '# summary:' line"


def test_a_stale_table_is_replaced_and_unmarked_docs_are_refused() -> None:
    docs = gen_docs()
    table = docs.query_table(list(catalog().values()))
    stale = f"intro\n\n{docs.BEGIN}\n| query | answers |\n| `old` | gone |\n{docs.END}\nrest\n"
    fresh = docs.with_table(stale, table, path=ROOT / "README.md")
    assert fresh == f"intro\n\n{docs.BEGIN}\n{table}{docs.END}\nrest\n"
    assert "| `who-met-whom` | one row per pair of participants" in fresh
    assert "[actor], [other], [from], [to], [status], [dated_only] |" in fresh
    with pytest.raises(SystemExit, match="needs exactly one pair"):
        docs.with_table("no markers here\n", table, path=ROOT / "README.md")


def test_cli_reference_covers_every_command() -> None:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for path in gen_docs()._commands(main):
        assert f"## newsgraph {' '.join(path)}\n" in text
        assert f"Usage: newsgraph {' '.join(path)} " in text
