"""The synthetic corpus generator and the benchmark runner, on a small corpus."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from loader.cli import main

BENCH_DIR = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCH_DIR))

import generate  # noqa: E402


def _files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthetic") / "corpus"
    generate.generate(out, articles=50, seed=7)
    return out


def test_generated_corpus_validates(corpus: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "50 of 50 articles are valid" in result.output


def test_layout_and_content(corpus: Path) -> None:
    assert (corpus / "gazetteer.yaml").is_file()
    assert len(list((corpus / "articles" / "000").glob("*.yaml"))) == 50
    assert len(list((corpus / "texts" / "000").glob("*.txt"))) == 50
    gaz = yaml.safe_load((corpus / "gazetteer.yaml").read_text())
    types = {a["type"] for a in gaz["actors"]}
    assert types == {
        "person", "state", "international-organization", "government-body", "company", "media-outlet",
    }  # fmt: skip
    assert len(gaz["actors"]) >= 2000 and len(gaz["places"]) >= 300
    docs = [yaml.safe_load(p.read_text()) for p in sorted((corpus / "articles").rglob("*.yaml"))]
    assert all(1 <= len(d["meetings"]) <= 2 and 2 <= len(d["statements"]) <= 4 for d in docs)
    assert all(len(m["participants"]) >= 2 for d in docs for m in d["meetings"])
    assert any("event" in m for d in docs for m in d["meetings"])
    assert any("sanctions" in d for d in docs)


def test_same_seed_same_files(corpus: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    generate.generate(again, articles=50, seed=7)
    assert _files(again) == _files(corpus)
    other = tmp_path / "other"
    generate.generate(other, articles=50, seed=8)
    assert _files(other) != _files(corpus)


def test_edit_article_stays_valid_and_restores(corpus: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy"
    generate.generate(copy, articles=50, seed=7)
    path = generate.edit_article(copy, 10, seed=7, articles=50, revision=1)
    assert path.read_bytes() != (corpus / path.relative_to(copy)).read_bytes()
    result = CliRunner().invoke(main, ["validate", str(path)])
    assert result.exit_code == 0, result.output
    generate.edit_article(copy, 10, seed=7, articles=50, revision=0)
    assert _files(copy) == _files(corpus)


@pytest.mark.slow
def test_runner_reports_every_figure(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, str(BENCH_DIR / "run.py"), "--articles", "50", "--workdir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    last = proc.stdout.strip().splitlines()[-1]
    assert last.startswith("BENCH {")
    result = json.loads(last.removeprefix("BENCH "))
    assert set(result) >= {"machine", "runs", "rss_growth", "seed"}
    (run,) = result["runs"]
    assert run["articles"] == 50
    for key in ("load_s", "bulk_load_s", "reload_one_s", "load_peak_rss_mb", "quads",
                "load_ratio_vs_bulk", "who_met_whom_actor_s", "meetings_of_s"):  # fmt: skip
        assert run[key] > 0, key
    for key in ("rdflib_s", "export_owl_s", "export_trig_s", "export_ratio", "rows_per_s",
                "statements_by_s", "timeline_s", "conflicting_reports_s",
                "conflicting_reports_actor_s",
                "who_met_whom_busiest_s", "meetings_of_busiest_s",
                "listing_ceiling_rows_per_s", "listing_vs_ceiling",
                "listing_ceiling_disk_rows_per_s", "listing_vs_disk_ceiling"):  # fmt: skip
        assert key in run and (run[key] is None or run[key] > 0), key
    # The typical person has no more meetings than the busiest, and both were queried.
    assert 0 < run["typical_actor_meetings"] <= run["busiest_actor_meetings"]
    assert run["who_met_whom_actor_rows"] <= run["who_met_whom_busiest_rows"]
    assert run["who_met_whom_all_rows"] >= run["who_met_whom_busiest_rows"] > 0
