"""Limits: huge texts, huge annotation files and YAML alias bombs load or are refused cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest

from loader.core.errors import YamlSyntaxError
from loader.ingest.yamlsrc import parse_yaml
from tests.helpers import CLI, GAZETTEER, library_error, run, write_corpus

MAX_RSS_BYTES = 1536 * 2**20
TEXT_MB = 50
LINE = "Officials from both sides met again in Geneva to continue the talks. {n:08d}\n"

# Runs the CLI as a child and prints the peak RSS of the child and its workers.
MEASURE = """
import json, resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": done.returncode, "stderr": done.stderr, "peak": peak_kb * 1024}))
"""


def run_measured(*args: str | Path, timeout: float = 300) -> tuple[int, str, int]:
    """Run ``newsgraph ARGS`` in a fresh process; return exit code, stderr and peak RSS."""
    out = subprocess.run(
        [sys.executable, "-c", MEASURE, *CLI, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    result = json.loads(out.stdout)
    return result["rc"], result["stderr"], result["peak"]


def big_text_corpus(root: Path, *, quote: str) -> Path:
    (root / "texts").mkdir(parents=True)
    lines = TEXT_MB * 2**20 // len(LINE.format(n=0))
    with (root / "texts" / "big.txt").open("w", encoding="utf-8") as out:
        out.write("Lavrov met Rubio in Geneva on Friday.\n")
        for start in range(0, lines, 10_000):
            out.write("".join(LINE.format(n=n) for n in range(start, min(lines, start + 10_000))))
        out.write("Lavrov said the very last round was useful.\n")
    article = f"""\
article:
  id: big-text
  title: A very long article
  published: 2025-11-10
  text_file: texts/big.txt
meetings:
  - kind: talks
    status: held
    participants: [sergei-lavrov, marco-rubio]
    evidence: [met Rubio in Geneva]
statements:
  - speaker: sergei-lavrov
    speech: reported
    evidence: [{quote}]
"""
    return write_corpus(root, articles={"big.yaml": article})


@pytest.mark.slow
def test_a_50_mb_text_loads_within_bounded_memory(tmp_path: Path) -> None:
    root = big_text_corpus(tmp_path / "c", quote="the very last round was useful")
    assert (root / "texts" / "big.txt").stat().st_size >= TEXT_MB * 2**20 - 2**16
    rc, stderr, peak = run_measured("--store", tmp_path / "s", "load", root)
    assert rc == 0, stderr
    assert "loaded 1 of 1 articles" in stderr
    assert peak < MAX_RSS_BYTES, f"peak RSS {peak / 2**20:.0f} MB"


@pytest.mark.slow
def test_a_missing_quote_in_a_50_mb_text_is_a_clear_error(tmp_path: Path) -> None:
    root = big_text_corpus(tmp_path / "c", quote="the talks collapsed entirely")
    rc, stderr, peak = run_measured("validate", root)
    assert rc == 1
    assert "big.yaml:14:16: statements.0.evidence.0: quote 'the talks collapsed entirely'" in (
        stderr
    )
    assert "is not in the article text" in stderr
    assert "Traceback" not in stderr
    assert peak < MAX_RSS_BYTES, f"peak RSS {peak / 2**20:.0f} MB"


def long_annotation(statements: int) -> str:
    """An article whose statements make an annotation file of about 8 lines each."""
    text = "".join(f"Lavrov said point {n:06d} matters.\n" for n in range(statements))
    width = len("Lavrov said point 000000 matters.\n")
    head = f"""\
article:
  id: long-file
  title: A long annotation file
  text: |
{"".join("    " + line + chr(10) for line in text.splitlines())}statements:
"""
    body = []
    for n in range(statements):
        start = n * width + len("Lavrov said ")
        body.append(
            "  - speaker: sergei-lavrov\n"
            "    speech: reported\n"
            "    about:\n"
            "      - russia\n"
            "      - marco-rubio\n"
            "    evidence:\n"
            f"      - start: {start}\n"
            f"        end: {start + len('point 000000')}\n"
        )
    return head + "".join(body)


@pytest.mark.slow
def test_a_100k_line_annotation_file_loads(tmp_path: Path) -> None:
    text = long_annotation(12_000)
    assert text.count("\n") >= 100_000
    root = write_corpus(tmp_path / "c", articles={"long.yaml": text})
    rc, stderr, peak = run_measured("--store", tmp_path / "s", "load", root)
    assert rc == 0, stderr
    assert "12000 statement mentions" in stderr
    assert peak < MAX_RSS_BYTES, f"peak RSS {peak / 2**20:.0f} MB"


@pytest.mark.slow
def test_a_100k_line_annotation_file_with_an_error_at_the_end(tmp_path: Path) -> None:
    lines = long_annotation(12_000).rstrip("\n").split("\n")
    lines[-4] = "      - nobody"
    root = write_corpus(tmp_path / "c", articles={"long.yaml": "\n".join(lines) + "\n"})
    result = run("validate", root)
    assert result.exit_code == 1
    assert f"long.yaml:{len(lines) - 3}:9: statements.11999.about.1: unknown actor id 'nobody'" in (
        result.output
    )


def alias_bomb(levels: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels + 1):
        refs = ", ".join([f"*a{i - 1}"] * 10)
        lines.append(f"a{i}: &a{i} [{refs}]")
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_alias_bomb_is_refused_without_expanding(tmp_path: Path) -> None:
    bomb = alias_bomb()
    tracemalloc.start()
    try:
        parse_yaml(bomb, Path("bomb.yaml"))
    except YamlSyntaxError as exc:
        error = exc
    else:
        raise AssertionError("the alias bomb was accepted")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # Expanded, the bomb would take gigabytes: a small peak proves it was refused unread.
    assert peak < 20 * 2**20
    assert "YAML anchors and aliases (&name / *name) are not supported" in error.message
    assert error.location.line == 1

    root = write_corpus(tmp_path / "c", articles={"bomb.yaml": bomb})
    result = run("--store", tmp_path / "s", "load", root)
    assert result.exit_code == 1
    assert "bomb.yaml:1:5: YAML anchors and aliases" in result.output
    assert isinstance(library_error(root), YamlSyntaxError)


def test_an_alias_bomb_gazetteer_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", gazetteer=alias_bomb() + GAZETTEER)
    result = run("validate", root)
    assert result.exit_code == 1
    assert "gazetteer.yaml:1:5: YAML anchors and aliases" in result.output


def test_an_oversized_annotation_file_is_refused(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c")
    with (root / "huge.yaml").open("w", encoding="utf-8") as out:
        out.write("# padding\n" * (33 * 2**20 // 10 + 1))
    result = run("validate", root)
    assert result.exit_code == 1
    assert "huge.yaml: annotation file is 33 MB, more than the 32 MB limit" in result.output
    assert "split it into smaller files" in result.output
