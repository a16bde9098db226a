"""Label Studio round trip against a real server: config, tasks with draft predictions,
annotations submitted through the API, export, import, load, query."""

from __future__ import annotations

import itertools
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import Result

from tests.conftest import EXAMPLES
from tests.labelstudio_server import LabelStudio, label_studio  # noqa: F401

Cli = Callable[..., Result]
CALL = "ed-2025-10-21-lavrov-rubio-call"
EU = "ed-2025-10-24-eu-19th-package"


class Person:
    """Draws regions and relations on a task text, as an analyst does in the editor."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.result: list[dict[str, Any]] = []
        self.ids = itertools.count(1)

    def region(self, quote: str, label: str, **fields: str) -> str:
        start = self.text.index(quote)
        rid = f"p{next(self.ids)}"
        span = {"start": start, "end": start + len(quote)}
        self._add(rid, "label", "labels", {**span, "text": quote, "labels": [label]})
        for name, value in fields.items():
            if name in ("key", "date", "number"):
                self._add(rid, name, "textarea", {**span, "text": [value]})
            else:
                self._add(rid, name, "choices", {**span, "text": quote, "choices": [value]})
        return rid

    def relate(self, a: str, b: str, label: str) -> None:
        self.result.append(
            {"type": "relation", "from_id": a, "to_id": b, "direction": "right", "labels": [label]}
        )

    def _add(self, rid: str, name: str, kind: str, value: dict[str, Any]) -> None:
        self.result.append(
            {
                "id": rid,
                "from_name": name,
                "to_name": "text",
                "type": kind,
                "value": value,
                "origin": "manual",
            }
        )


def corrected_call(text: str, predicted: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Keep the predicted actor highlights; redraw the facts this article states."""
    p = Person(text)
    call = p.region(
        "spoke by phone on Monday",
        "Meeting",
        kind="phone-call",
        event_status="held",
        key="lavrov-rubio-call-2025-10-20",
    )
    p.relate(p.region("Sergei Lavrov", "Actor"), call, "participant-of")
    p.relate(p.region("Marco Rubio", "Actor"), call, "participant-of")
    p.relate(p.region("on Monday", "Date"), call, "date-of")
    quote = p.region(
        "no dates had ever been fixed for the summit, so it could not be said to have "
        "been postponed",
        "Quote",
        speech="reported",
        medium="press-conference",
    )
    p.relate(p.region("Dmitry Peskov", "Actor"), quote, "speaker-of")
    p.relate(p.region("RIA Novosti", "Actor"), quote, "outlet-of")
    kept = [
        r
        for r in predicted
        if r.get("type") == "labels"
        and r["value"]["labels"] == ["Actor"]
        and all(
            r["value"]["start"] >= x["value"]["end"] or r["value"]["end"] <= x["value"]["start"]
            for x in p.result
            if x.get("type") == "labels"
        )
    ]
    return p.result + [{**r, "id": f"kept{i}"} for i, r in enumerate(kept)]


def corrected_eu(text: str) -> list[dict[str, Any]]:
    p = Person(text)
    package = p.region(
        "adopted their 19th package of sanctions against Russia yesterday",
        "Sanctions",
        package_status="adopted",
        key="eu-19",
        number="19",
        date="yesterday",
    )
    p.relate(package, p.region("European Union", "Actor"), "issued-by")
    p.relate(p.region("Rosneft", "Actor"), package, "target-of")
    p.relate(p.region("Gazprom Neft", "Actor"), package, "target-of")
    return p.result


def test_label_studio_round_trip(cli: Cli, tmp_path: Path, label_studio: LabelStudio) -> None:  # noqa: F811
    ls = label_studio
    config = cli("labelstudio", "config").output
    assert (
        config == (Path(__file__).parents[1] / "integrations/label-studio/config.xml").read_text()
    )
    project = ls.api(
        "POST", "/api/projects", json={"title": "newsgraph round trip", "label_config": config}
    )
    pid = project["id"]
    tasks: list[dict[str, Any]] = []
    for aid, day in ((CALL, "2025-10-21"), (EU, "2025-10-24")):
        out = tmp_path / f"{aid}.tasks.json"
        result = cli(
            "labelstudio",
            "tasks",
            EXAMPLES / "texts" / f"{aid}.txt",
            "--corpus",
            EXAMPLES,
            "--published",
            day,
            "--predictions",
            "--out",
            out,
        )
        assert result.exit_code == 0, result.output
        tasks += json.loads(out.read_text())
    assert all(t["predictions"][0]["result"] for t in tasks)  # the draft found something
    ls.api("POST", f"/api/projects/{pid}/import", json=tasks)
    listed = ls.api("GET", f"/api/tasks?project={pid}&page_size=100")
    server_tasks = listed["tasks"] if isinstance(listed, dict) else listed
    assert len(server_tasks) == 2
    for task in server_tasks:
        full = ls.api("GET", f"/api/tasks/{task['id']}")
        predicted = full["predictions"][0]["result"]
        assert full["predictions"][0]["model_version"] == "newsgraph-draft"
        text = full["data"]["text"]
        if full["data"]["article_id"] == CALL:
            result = corrected_call(text, predicted)
        else:
            result = corrected_eu(text)
        ls.api(
            "POST",
            f"/api/tasks/{task['id']}/annotations/",
            json={"result": result, "was_cancelled": False, "lead_time": 42.0},
        )
    export = ls.api("GET", f"/api/projects/{pid}/export?exportType=JSON")
    export_path = tmp_path / "export.json"
    export_path.write_text(json.dumps(export))

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(EXAMPLES / "gazetteer.yaml", corpus / "gazetteer.yaml")
    result = cli("import", "label-studio", export_path, "--corpus", corpus)
    assert result.exit_code == 0, result.output
    pulled = tmp_path / "pulled"
    pulled.mkdir()
    shutil.copy(EXAMPLES / "gazetteer.yaml", pulled / "gazetteer.yaml")
    os.environ["LABEL_STUDIO_API_KEY"] = ls.personal_token
    try:
        result = cli(
            "import",
            "label-studio",
            "--url",
            ls.base_url,
            "--project",
            str(pid),
            "--corpus",
            pulled,
        )
    finally:
        del os.environ["LABEL_STUDIO_API_KEY"]
    assert result.exit_code == 0, result.output
    for written in corpus.glob("*.yaml"):
        assert (pulled / written.name).read_text() == written.read_text()
    assert cli("validate", corpus).exit_code == 0
    store = tmp_path / "store"
    assert cli("--store", store, "load", corpus).exit_code == 0

    def rows(*args: str) -> list[dict[str, Any]]:
        r = cli("--store", store, "query", *args, "--format", "json")
        assert r.exit_code == 0, r.output
        data: list[dict[str, Any]] = json.loads(r.output)
        return data

    met = rows("who-met-whom", "-p", "actor=Lavrov")
    assert [
        (*sorted((m["actor_a"], m["actor_b"])), m["kind"], m["status"], m["date_earliest"])
        for m in met
    ] == [("Marco Rubio", "Sergei Lavrov", "phone-call", "held", "2025-10-20")], met
    said = rows("statements-by", "-p", "actor=Peskov")
    assert [(r["speaker"], r["speech"], r["medium"], r["outlet"]) for r in said] == [
        ("Dmitry Peskov", "reported", "press-conference", "RIA Novosti")
    ], said
    assert said[0]["quote"].startswith("no dates had ever been fixed"), said
    packages = rows("sanctions-packages", "-p", "issuer=european-union")
    assert [
        (r["issuer"], r["number"], sorted(r["targets"].split("; ")), r["date_earliest"], r["status"])
        for r in packages
    ] == [("European Union", 19, ["Gazprom Neft", "Rosneft"], "2025-10-23", "adopted")], packages
