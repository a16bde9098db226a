"""Rules the test suite keeps: shared helpers live in tests/helpers.py, not in test modules."""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from tests.helpers import run_cli, write_corpus

TESTS = Path(__file__).parent


def imported_modules(path: Path) -> set[str]:
    """The modules a file imports, relative imports resolved inside tests/."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            found.add(f"tests.{module}" if node.level else module)
            if node.level and not module:  # from . import test_x
                found.update(f"tests.{alias.name}" for alias in node.names)
    return found


def test_no_test_module_imports_another() -> None:
    modules = sorted(TESTS.glob("test_*.py"))
    assert len(modules) > 30
    offenders = {
        f"{path.name} imports {name}"
        for path in modules
        for name in imported_modules(path)
        if name.startswith("tests.test_")
    }
    assert offenders == set(), "move what they share to tests/helpers.py"


def test_the_rule_sees_every_import_form(tmp_path: Path) -> None:
    probe = tmp_path / "test_probe.py"
    probe.write_text(
        "import tests.test_a\nfrom tests.test_b import x\nfrom .test_c import y\n"
        "from . import test_d\nfrom tests.helpers import z\n",
        encoding="utf-8",
    )
    assert {m for m in imported_modules(probe) if m.startswith("tests.test_")} == {
        "tests.test_a",
        "tests.test_b",
        "tests.test_c",
        "tests.test_d",
    }


def test_the_gazetteer_cache_goes_to_a_temporary_directory(
    cache_home: Path, tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    assert os.environ["XDG_CACHE_HOME"] == str(cache_home)
    assert cache_home.is_relative_to(tmp_path_factory.getbasetemp())
    before = set(cache_home.rglob("gazetteer-*.pickle"))
    gazetteer = f"actors:\n  - {{id: cache-probe-{os.getpid()}, type: person, name: Probe}}\n"
    root = write_corpus(tmp_path / "c", gazetteer=gazetteer, articles={})
    result = run_cli("validate", str(root), timeout=120)  # a process of its own
    assert result.returncode == 0, result.stderr
    assert len(set(cache_home.rglob("gazetteer-*.pickle")) - before) == 1
