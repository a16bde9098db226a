"""The layout keeps its promises: no import cycles, layers point down, small modules.

See ARCHITECTURE.md for the layers; these tests keep the plan readable from the code.
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "loader"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every loader module ``name`` imports, at the top, in functions or for type checking."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("loader"):
            assert node.level == 0, f"{name}: use absolute imports"
            targets = [node.module] + [f"{node.module}.{a.name}" for a in node.names]
            found.update(t for t in targets if t in MODULES)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name in MODULES)
    found.discard(name)
    return found


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _cycle() -> list[str] | None:
    state: dict[str, int] = {}  # 1 = on the stack, 2 = done
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(GRAPH[node]):
            if state.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(GRAPH):
        if start not in state and (found := visit(start)):
            return found
    return None


def test_the_walk_sees_the_package() -> None:
    assert len(MODULES) > 80
    assert "loader.pipeline.corpus" in GRAPH["loader.cli.load"]


def test_no_import_cycle() -> None:
    cycle = _cycle()
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_no_module_imports_the_top_package() -> None:
    """``loader/__init__`` is the public API: nothing inside leans on it (no arrow back up)."""
    up = sorted(n for n, deps in GRAPH.items() if "loader" in deps and n != "loader")
    assert up == []


def test_core_stands_alone() -> None:
    """The base layer imports nothing from the layers above it."""
    for name, deps in GRAPH.items():
        if name.startswith("loader.core"):
            above = sorted(d for d in deps if not d.startswith("loader.core"))
            assert above == [], f"{name} imports {above}"


def test_only_the_cli_imports_the_cli() -> None:
    for name, deps in GRAPH.items():
        if not name.startswith("loader.cli"):
            assert not any(d.startswith("loader.cli") for d in deps), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_module_is_small(name: str) -> None:
    lines = MODULES[name].read_text(encoding="utf-8").count("\n")
    assert lines <= MAX_LINES, f"{MODULES[name]} has {lines} lines; split it by concern"


@pytest.mark.parametrize(
    "package", sorted(n for n, p in MODULES.items() if p.name == "__init__.py")
)
def test_every_package_says_what_it_owns(package: str) -> None:
    tree = ast.parse(MODULES[package].read_text(encoding="utf-8"))
    doc = ast.get_docstring(tree)
    assert doc and len(doc) > 30, f"{package} needs a docstring saying what it owns"


def test_architecture_names_every_sub_package() -> None:
    text = (ROOT / "ARCHITECTURE.md").read_text(encoding="utf-8")
    subs = sorted(p.parent.name for p in PACKAGE.glob("*/__init__.py"))
    missing = [s for s in subs if f"loader/{s}/" not in text]
    assert missing == []


def test_api_example_runs(tmp_path: Path) -> None:
    """The example of docs/api.md runs as written, from the project folder."""
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.S)
    assert blocks, "docs/api.md has no python example"
    script = blocks[0].replace('"my-store"', repr(str(tmp_path / "store")))
    script = script.replace('"graph.owl"', repr(str(tmp_path / "graph.owl")))
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Sergei Lavrov" in done.stdout
    assert (tmp_path / "graph.owl").stat().st_size > 10_000
