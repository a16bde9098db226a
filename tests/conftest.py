"""Shared fixtures: a CLI runner, fresh stores, and the corpora."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loader.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SEEDS = ROOT / "tests" / "fixtures" / "seeds"
FIXTURES = ROOT / "tests" / "fixtures"
EXAMPLE_ARTICLES = sum(1 for p in EXAMPLES.glob("*.yaml") if p.name != "gazetteer.yaml")

# Real servers (Oxigraph server, Virtuoso) are started by the fixtures in tests/servers.py.
pytest_plugins = ["tests.servers"] if (Path(__file__).parent / "servers.py").exists() else []


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session", autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The user cache (the checked-gazetteer cache) of every test, and of every process a
    test starts, is a temporary directory: a test run never writes to the real home."""
    cache = tmp_path_factory.mktemp("cache-home")
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(cache))
    yield cache
    patch.undo()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def cli(runner: CliRunner) -> Callable[..., Result]:
    """Run ``newsgraph ARGS...`` in-process; returns click's Result."""

    def run(*args: str | os.PathLike[str], input: str | None = None) -> Result:
        return runner.invoke(main, [str(a) for a in args], input=input, catch_exceptions=False)

    return run


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    """A path for a fresh embedded store."""
    return tmp_path / "store"
