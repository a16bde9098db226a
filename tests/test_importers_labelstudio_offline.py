"""Label Studio conversion without a server: config, tasks, and bad exports."""

from __future__ import annotations

import itertools
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from tests.conftest import EXAMPLES, ROOT

Cli = Callable[..., Result]
CALL = EXAMPLES / "ed-2025-10-21-lavrov-rubio-call.yaml"


def accepted_export(cli: Cli, tmp_path: Path, *articles: Path) -> list[dict[str, Any]]:
    """Tasks whose predictions (the annotations themselves) are submitted unchanged."""
    out = tmp_path / "tasks.json"
    result = cli("labelstudio", "tasks", *articles, "--predictions", "--out", out)
    assert result.exit_code == 0, result.output
    tasks: list[dict[str, Any]] = json.loads(out.read_text())
    for i, task in enumerate(tasks, 1):
        task["id"] = i
        task["annotations"] = [
            {"id": 100 + i, "result": task["predictions"][0]["result"], "was_cancelled": False}
        ]
    return tasks


def corpus_dir(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLES / "gazetteer.yaml", corpus / "gazetteer.yaml")
    return corpus


def test_config_is_the_shipped_file(cli: Cli) -> None:
    shipped = (ROOT / "integrations" / "label-studio" / "config.xml").read_text()
    assert cli("labelstudio", "config").output == shipped
    for name in ("participant-of", "speaker-of", "about", "target-of", "issued-by", "medium"):
        assert f'"{name}"' in shipped


def test_annotations_as_predictions_come_back_as_the_same_facts(cli: Cli, tmp_path: Path) -> None:
    export = tmp_path / "export.json"
    export.write_text(json.dumps(accepted_export(cli, tmp_path, CALL)))
    corpus = corpus_dir(tmp_path)
    result = cli("import", "label-studio", export, "--corpus", corpus, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would write" in result.output and not (corpus / "texts").exists()
    assert cli("import", "label-studio", export, "--corpus", corpus).exit_code == 0
    written = (corpus / f"{CALL.stem}.yaml").read_text()
    assert "participants:\n  - sergei-lavrov\n  - marco-rubio" in written
    assert "outlet: ria-novosti" in written and "place: budapest" in written
    assert cli("validate", corpus).exit_code == 0


def test_bad_export_gives_one_message_per_problem_and_writes_nothing(
    cli: Cli, tmp_path: Path
) -> None:
    tasks = accepted_export(cli, tmp_path, CALL)
    result = tasks[0]["annotations"][0]["result"]
    labels = [r for r in result if r["type"] == "labels"]
    labels[0]["value"]["labels"] = ["Person"]  # a label the config does not have
    first = next(r for r in result if r["type"] == "relation")
    first["to_id"] = "gone"  # a relation with a missing end
    lavrov = next(r for r in labels if r["value"]["text"] == "Lavrov")
    overlap = json.loads(json.dumps(lavrov))
    overlap["id"] = "dup"
    overlap["value"].update(start=lavrov["value"]["start"] - 3, text=None)
    result.append(overlap)  # an overlapping region of the same label
    past = json.loads(json.dumps(lavrov))
    past["id"] = "past"
    past["value"].update(start=99990, end=99999)
    result.append(past)  # offsets past the text
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    corpus = corpus_dir(tmp_path)
    out = cli("import", "label-studio", export, "--corpus", corpus).output
    errors = [line for line in out.splitlines() if line.startswith("error: ") and "task" in line]
    where = "task 1, annotation 101"
    assert any(f"{where}: region r1: label ['Person'] is not one of ours" in e for e in errors)
    assert any(f"{where}: relation participant-of: its end gone" in e for e in errors)
    assert any(f"{where}: regions dup and" in e and "overlap" in e for e in errors)
    assert any(f"{where}: region past: offsets 99990-99999 are outside" in e for e in errors)
    assert len(errors) == 4, out
    assert sorted(p.name for p in corpus.iterdir()) == ["gazetteer.yaml"]


def test_unknown_names_are_suggested_for_the_gazetteer(cli: Cli, tmp_path: Path) -> None:
    tasks = accepted_export(cli, tmp_path, CALL)
    text = tasks[0]["data"]["text"]
    result = tasks[0]["annotations"][0]["result"]
    start = text.index("People familiar")
    result.append(
        {
            "id": "new",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {"start": start, "end": start + 6, "text": "People", "labels": ["Actor"]},
        }
    )
    quote = next(r for r in result if r["type"] == "labels" and r["value"]["labels"] == ["Quote"])
    result.append({"type": "relation", "from_id": "new", "to_id": quote["id"], "labels": ["about"]})
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    out = cli("import", "label-studio", export, "--corpus", corpus_dir(tmp_path)).output
    assert "task 1, annotation 101: region new: 'People' is not in the gazetteer" in out
    assert "suggested gazetteer entries" in out and "id: people" in out


def test_facts_sharing_a_passage_stay_apart_and_mentions_do_not_overlap(
    cli: Cli, tmp_path: Path
) -> None:
    source = EXAMPLES / "nw-2025-08-16-anchorage-summit.yaml"
    tasks = accepted_export(cli, tmp_path, source)
    regions = [r for r in tasks[0]["predictions"][0]["result"] if r["type"] == "labels"]
    actors = sorted(
        (r["value"]["start"], r["value"]["end"])
        for r in regions
        if r["value"]["labels"] == ["Actor"]
    )
    assert all(
        e1 <= s2 or (s1, e1) == (s2, e2) for (s1, e1), (s2, e2) in itertools.pairwise(actors)
    )
    export = tmp_path / "export.json"
    export.write_text(json.dumps(tasks))
    corpus = corpus_dir(tmp_path)
    assert cli("import", "label-studio", export, "--corpus", corpus).exit_code == 0
    import yaml

    before = yaml.safe_load(source.read_text())
    after = yaml.safe_load((corpus / source.name).read_text())
    for kind in ("meetings", "statements"):
        assert len(after[kind]) == len(before[kind]), kind
    assert "addressee: donald-trump" in (corpus / source.name).read_text()
