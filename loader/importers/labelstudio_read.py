"""Read a Label Studio JSON export into annotation data classes.

One article per task, from the task's latest submitted annotation. Every
problem names the task id, the annotation id and the region, so the analyst
finds it in Label Studio. Names the gazetteer lacks are collected as
suggested gazetteer entries instead of being guessed.
"""

from __future__ import annotations

import itertools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from loader.importers.common import Imported, Problems, check_span, span_evidence
from loader.importers.fields import FactKind, from_fields, problem_text
from loader.ingest.gazetteer import GazetteerIndex
from loader.ingest.model import ArticleDoc
from loader.ingest.yamlsrc import read_text

ENTITIES = {"Actor", "Place", "Date"}
TRIGGERS: dict[str, FactKind] = {
    "Meeting": "meeting",
    "Sanctions": "sanctions",
    "Quote": "statement",
}
# relation -> (labels of the other end, trigger labels, field it fills)
RELATIONS: dict[str, tuple[set[str], set[str], str]] = {
    "participant-of": ({"Actor"}, {"Meeting"}, "participants"),
    "place-of": ({"Place"}, {"Meeting"}, "place"),
    "issued-by": ({"Actor"}, {"Sanctions"}, "issuer"),
    "target-of": ({"Actor"}, {"Sanctions"}, "targets"),
    "speaker-of": ({"Actor"}, {"Quote"}, "speaker"),
    "outlet-of": ({"Actor"}, {"Quote"}, "outlet"),
    "addressee-of": ({"Actor"}, {"Quote"}, "addressee"),
    "about": ({"Actor", "Place", "Meeting", "Sanctions"}, {"Quote"}, "about"),
    "date-of": ({"Date"}, {"Meeting", "Sanctions", "Quote"}, "date"),
}
CHOICE_FIELDS = {
    "event_status": "status",
    "package_status": "status",
    "kind": "kind",
    "speech": "speech",
    "medium": "medium",
}
LIST_FIELDS = {"participants", "targets", "about"}


@dataclass
class LabelStudioImport:
    articles: list[Imported]
    suggested: dict[str, str] = field(default_factory=dict)  # suggested id -> name


def read_label_studio(path: Path, *, gaz: GazetteerIndex) -> LabelStudioImport:
    problems = Problems(str(path))
    try:
        tasks = json.loads(read_text(path, what="Label Studio export"))
    except json.JSONDecodeError as exc:
        problems.add(
            "JSON",
            f"not valid JSON: {exc.msg}",
            line=exc.lineno,
            hint="export the project from Label Studio as JSON",
        )
        tasks = []
    if isinstance(tasks, dict):
        tasks = [tasks]
    if not isinstance(tasks, list) or (not tasks and not problems.items):
        problems.add("export", "holds no tasks", hint="export the project as JSON (not JSON-MIN)")
        tasks = []
    result = LabelStudioImport([])
    for task in tasks:
        item = _Task(task, gaz, problems, result.suggested).read()
        if item is not None:
            result.articles.append(item)
    if result.suggested:
        entries = [{"id": k, "type": "person", "name": v} for k, v in result.suggested.items()]
        problems.notes.append(
            "suggested gazetteer entries (check each type, then add them to gazetteer.yaml):\n"
            + yaml.safe_dump({"actors": entries}, sort_keys=False, allow_unicode=True).rstrip()
        )
    problems.check()
    return result


class _Task:
    def __init__(
        self, task: Any, gaz: GazetteerIndex, problems: Problems, suggested: dict[str, str]
    ) -> None:
        self.task = task if isinstance(task, dict) else {}
        self.gaz = gaz
        self.problems = problems
        self.suggested = suggested
        self.where = f"task {self.task.get('id', '?')}"
        self.regions: dict[str, dict[str, Any]] = {}

    def problem(self, text: str, hint: str | None = None) -> None:
        self.problems.add(self.where, text, hint=hint)

    def read(self) -> Imported | None:
        data = self.task.get("data")
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            self.problem("has no data.text", hint="tasks come from `newsgraph labelstudio tasks`")
            return None
        self.text = data["text"]
        done = [
            a
            for a in self.task.get("annotations") or []
            if isinstance(a, dict) and not a.get("was_cancelled")
        ]
        if not done:
            self.problem(
                "has no submitted annotation",
                hint="submit it in Label Studio, or leave the task out of the export",
            )
            return None
        ann = max(done, key=lambda a: str(a.get("updated_at") or a.get("id")))
        self.where = f"task {self.task.get('id', '?')}, annotation {ann.get('id', '?')}"
        before = len(self.problems.items)
        results = [r for r in ann.get("result") or [] if isinstance(r, dict)]
        for r in results:
            if r.get("type") != "relation":
                self._region(r)
        self._overlaps()
        links = [r for r in results if r.get("type") == "relation"]
        facts = {
            rid: {"fields": dict(reg["fields"]), "lists": {}}
            for rid, reg in self.regions.items()
            if reg.get("label") in TRIGGERS
        }
        for r in links:
            self._relation(r, facts)
        item = self._build(data, facts)
        return item if len(self.problems.items) == before else None

    def _region(self, r: dict[str, Any]) -> None:
        rid, value = str(r.get("id", "?")), r.get("value") or {}
        start, end = value.get("start"), value.get("end")
        why = check_span(self.text, start, end)
        if why:
            self.problem(f"region {rid}: {why}", hint="the task text changed after labelling")
            return
        reg = self.regions.setdefault(rid, {"start": start, "end": end, "fields": {}})
        kind, name = r.get("type"), r.get("from_name")
        if kind == "labels":
            labels = value.get("labels") or []
            label = labels[0] if len(labels) == 1 else None
            if label not in ENTITIES and label not in TRIGGERS:
                self.problem(
                    f"region {rid}: label {labels} is not one of ours",
                    hint="use the shipped config (newsgraph labelstudio config)",
                )
                reg["bad"] = True
                return
            shown = value.get("text")
            if isinstance(shown, str) and shown != self.text[start:end]:
                self.problem(
                    f"region {rid}: its text {shown[:40]!r} is not the task text at {start}-{end}",
                    hint="the task text changed after labelling",
                )
            reg["label"] = label
        elif kind == "choices" and name in CHOICE_FIELDS:
            choices = value.get("choices") or []
            if choices:
                reg["fields"][CHOICE_FIELDS[name]] = str(choices[0])
        elif kind == "textarea" and name in ("key", "date", "number"):
            texts = value.get("text") or []
            if texts and str(texts[0]).strip():
                reg["fields"][name] = str(texts[0]).strip()
        else:
            self.problem(
                f"region {rid}: field {name!r} ({kind}) is not one of ours",
                hint="use the shipped config (newsgraph labelstudio config)",
            )

    def _overlaps(self) -> None:
        """Two regions of one label over overlapping text are one passage drawn twice."""
        spans = sorted(
            (reg["label"], reg["start"], reg["end"], rid)
            for rid, reg in self.regions.items()
            if "label" in reg
        )
        for (la, s1, e1, a), (lb, s2, e2, b) in itertools.pairwise(spans):
            if la == lb and s2 < e1 and (s1, e1) != (s2, e2):
                self.problem(
                    f"regions {a} and {b} overlap ({la} at {s1}-{e1} and {s2}-{e2})",
                    hint="one passage is one region: merge them, or make them apart",
                )

    def _relation(self, r: dict[str, Any], facts: dict[str, dict[str, Any]]) -> None:
        labels = r.get("labels") or []
        name = labels[0] if labels else "(no label)"
        ends = [self.regions.get(str(r.get(k))) for k in ("from_id", "to_id")]
        if name not in RELATIONS:
            self.problem(
                f"relation {r.get('from_id')}->{r.get('to_id')}: {name!r} is not one of ours",
                hint=f"use one of {', '.join(RELATIONS)}",
            )
            return
        if None in ends or any(e.get("bad") or "label" not in e for e in ends if e):
            missing = r.get("from_id") if ends[0] is None else r.get("to_id")
            if not any(e and e.get("bad") for e in ends):
                self.problem(
                    f"relation {name}: its end {missing} is not a labelled region",
                    hint="delete the relation and draw it again",
                )
            return
        others, triggers, target = RELATIONS[name]
        a, b = (str(r["from_id"]), str(r["to_id"]))
        if self.regions[a]["label"] in triggers and self.regions[b]["label"] in others:
            a, b = b, a
        if self.regions[b]["label"] not in triggers or self.regions[a]["label"] not in others:
            self.problem(
                f"relation {name} joins {self.regions[a]['label']} {a} and "
                f"{self.regions[b]['label']} {b}",
                hint=f"{name} joins {'/'.join(sorted(others))} and {'/'.join(sorted(triggers))}",
            )
            return
        value = self._value_of(a)
        if value is None:
            return
        fact = facts[b]
        if target in LIST_FIELDS:
            fact["lists"].setdefault(target, []).append(value)
        elif target == "date":
            fact["fields"].setdefault("date", value)
        else:
            fact["fields"][target] = value

    def _value_of(self, rid: str) -> str | None:
        reg = self.regions[rid]
        text = str(self.text[reg["start"] : reg["end"]])
        if reg["label"] == "Date":
            return text
        if reg["label"] in TRIGGERS:
            key: str | None = reg["fields"].get("key")
            if not key:
                self.problem(
                    f"region {rid}: a statement is about this {reg['label']}, which has no key",
                    hint="fill in its key field",
                )
            return key
        name = re.sub(r"['’]s$", "", text.strip())
        if reg["label"] == "Place":
            for place in self.gaz.places.values():
                if name.casefold() in {n.casefold() for n in (place.name, *place.aliases)}:
                    return str(place.id)
        found = self.gaz.resolve_name(name)
        if found is None:
            slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "unnamed"
            self.suggested.setdefault(slug, name)
            close = self.gaz.closest(name, n=3)
            self.problem(
                f"region {rid}: {name!r} is not in the gazetteer",
                hint=(f"did you mean {' or '.join(map(repr, close))}? " if close else "")
                + f"or add it to gazetteer.yaml (suggested id {slug})",
            )
        return found

    def _build(self, data: dict[str, Any], facts: dict[str, dict[str, Any]]) -> Imported | None:
        lists: dict[str, list[Any]] = {"meetings": [], "sanctions": [], "statements": []}
        origins: dict[str, str] = {}
        for rid, fact in sorted(facts.items(), key=lambda f: self.regions[f[0]]["start"]):
            reg = self.regions[rid]
            kind = TRIGGERS[reg["label"]]
            fields = dict(fact["fields"])
            if "key" in fields:
                fields["event" if kind == "meeting" else "package"] = fields.pop("key")
            for name, values in fact["lists"].items():
                fields[name] = " ".join(dict.fromkeys(values))
            if kind == "statement":
                fields.pop("package", None)
            evidence = [span_evidence(self.text, reg["start"], reg["end"])]
            try:
                built = from_fields(kind, fields, evidence)
            except ValidationError as exc:
                self.problem(
                    f"region {rid} ({reg['label']}): {problem_text(exc)}",
                    hint="set the missing choice or relation on this region",
                )
                continue
            name = {"meeting": "meetings", "sanctions": "sanctions", "statement": "statements"}[
                kind
            ]
            origins[f"{name}.{len(lists[name])}"] = f"{self.where}, region {rid}"
            lists[name].append(built)
        meta = {
            k: data[k]
            for k in ("title", "url", "publisher", "author", "published", "language")
            if data.get(k)
        }
        meta["id"] = data.get("article_id") or f"label-studio-task-{self.task.get('id')}"
        meta.setdefault("title", meta["id"])
        try:
            doc = ArticleDoc.model_validate({"article": {**meta, "text": self.text}, **lists})
        except ValidationError as exc:
            self.problem(
                f"article metadata: {problem_text(exc)}",
                hint="fix the task's data (article_id, title, published)",
            )
            return None
        return Imported(doc=doc, text=self.text, origins=origins)
