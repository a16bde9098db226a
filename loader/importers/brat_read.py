"""Read a brat standoff directory (``.txt`` + ``.ann``) into annotation data classes.

Every problem names the .ann file, its line and the annotation id; a
document with any problem is not imported, and neither is anything else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from loader.core.errors import InputError, Location, NewsgraphError
from loader.importers.brat import ATTRIBUTES, FIELD_OF_ATTRIBUTE, KINDS, METADATA, RELATION
from loader.importers.common import Imported, Problems, span_evidence
from loader.importers.fields import MODELS, SKIPPED, from_fields, problem_text
from loader.ingest.model import ArticleDoc
from loader.ingest.yamlsrc import read_text


def read_brat(directory: Path) -> list[Imported]:
    """Every document of a brat directory (each ``X.ann`` with its ``X.txt``)."""
    problems = Problems(str(directory))
    if not directory.is_dir():
        problems.add("brat", "is not a directory", hint="give the folder of .txt and .ann files")
        problems.check()
    metadata: dict[str, Any] = {}
    meta_path = directory / METADATA
    if meta_path.exists():
        try:
            metadata = json.loads(read_text(meta_path, what="metadata file"))
        except json.JSONDecodeError as exc:
            problems.add(METADATA, f"not valid JSON: {exc.msg}", line=exc.lineno)
    out: list[Imported] = []
    anns = sorted(directory.glob("*.ann"))
    if not anns:
        problems.add("brat", "holds no .ann files", hint="export the brat collection folder")
    for ann in anns:
        item = _Document(ann, metadata.get(ann.stem, {}), problems).read()
        if item is not None:
            out.append(item)
    problems.check()
    return out


class _Document:
    def __init__(self, ann: Path, meta: dict[str, Any], problems: Problems) -> None:
        self.ann = ann
        self.meta = meta
        self.problems = problems
        self.count = len(problems.items)
        self.spans: dict[str, dict[str, Any]] = {}
        self.firsts: dict[str, str] = {}  # further passage -> first passage
        self.rejected: set[str] = set()  # passages already reported: no follow-on messages

    def problem(self, line: int, ident: str, text: str, hint: str | None = None) -> None:
        self.problems.items.append(
            InputError(f"{ident}: {text}", hint=hint, location=Location(self.ann, line))
        )

    def read(self) -> Imported | None:
        txt = self.ann.with_suffix(".txt")
        try:
            self.text = read_text(txt, what="brat text")
            lines = read_text(self.ann, what="brat annotation file").splitlines()
        except NewsgraphError as exc:
            self.problems.items.append(exc)
            return None
        for number, line in enumerate(lines, 1):
            if line.strip():
                self._line(number, line)
        item = self._build()
        return item if len(self.problems.items) == self.count else None

    def _line(self, number: int, line: str) -> None:
        parts = line.split("\t")
        ident = parts[0]
        head = parts[1].split() if len(parts) > 1 else []
        if ident.startswith("T") and len(parts) >= 2:
            self._span(number, ident, head, parts[2] if len(parts) > 2 else "")
        elif ident.startswith("A") and len(head) == 3:
            self._attribute(number, ident, head)
        elif ident.startswith("R") and len(head) == 3:
            self._relation(number, ident, head)
        elif ident.startswith("#") and len(head) == 2 and len(parts) > 2:
            self._note(number, ident, head[1], parts[2])
        else:
            self.problem(
                number,
                ident or "(line)",
                "is not a brat annotation line this format uses",
                hint="use T, A, R and # (AnnotatorNotes) lines",
            )

    def _span(self, number: int, ident: str, head: list[str], shown: str) -> None:
        self.rejected.add(ident)  # until it passes every check below
        if not head or head[0] not in KINDS:
            self.problem(
                number,
                ident,
                f"label {head[0] if head else ''!r} is not a fact type",
                hint="use Meeting, Sanctions or Statement (see annotation.conf)",
            )
            return
        if len(head) != 3 or ";" in " ".join(head):
            self.problem(
                number,
                ident,
                "a discontinuous or malformed span",
                hint="one passage is one continuous span: TYPE START END",
            )
            return
        try:
            start, end = int(head[1]), int(head[2])
        except ValueError:
            self.problem(number, ident, f"offsets {head[1]} {head[2]} are not numbers")
            return
        if not 0 <= start < end <= len(self.text):
            self.problem(
                number,
                ident,
                f"offsets {start}-{end} are outside the text ({len(self.text)} characters)",
                hint="check the .txt file beside it",
            )
            return
        if shown and " ".join(self.text[start:end].split()) != " ".join(shown.split()):
            self.problem(
                number,
                ident,
                f"the text at {start}-{end} is {self.text[start:end][:60]!r}, not {shown[:60]!r}",
                hint="the .txt file changed after annotating; annotate it again",
            )
            return
        self.rejected.discard(ident)
        self.spans[ident] = {
            "kind": KINDS[head[0]],
            "start": start,
            "end": end,
            "fields": {},
            "hints": {},
            "line": number,
        }

    def _attribute(self, number: int, ident: str, head: list[str]) -> None:
        name, target, value = head
        if name not in FIELD_OF_ATTRIBUTE:
            self.problem(
                number,
                ident,
                f"attribute {name!r} is not one of ours",
                hint=f"use {', '.join(ATTRIBUTES.values())}",
            )
        elif target in self.rejected:
            return
        elif target not in self.spans:
            self.problem(number, ident, f"points at {target}, which is not a passage above it")
        else:
            self.spans[target]["fields"][FIELD_OF_ATTRIBUTE[name]] = value

    def _relation(self, number: int, ident: str, head: list[str]) -> None:
        args = dict(a.split(":", 1) for a in head[1:] if ":" in a)
        first, other = args.get("Arg1"), args.get("Arg2")
        if head[0] != RELATION:
            self.problem(
                number,
                ident,
                f"relation {head[0]!r} is not one of ours",
                hint=f"link further passages of a fact with {RELATION}",
            )
        elif first in self.rejected or other in self.rejected:
            return
        elif first not in self.spans or other not in self.spans:
            missing = first if first not in self.spans else other
            self.problem(
                number,
                ident,
                f"relation end {missing} is not a passage",
                hint="both ends must be text-bound annotations of this document",
            )
        else:
            self.firsts[other] = first

    def _note(self, number: int, ident: str, target: str, body: str) -> None:
        if target in self.rejected:
            return
        if target not in self.spans:
            self.problem(number, ident, f"note points at {target}, which is not a passage")
            return
        try:
            notes = json.loads(body)
        except json.JSONDecodeError:
            self.problem(
                number,
                ident,
                "note is not a JSON object of fields",
                hint='write e.g. {"participants": "sergei-lavrov marco-rubio"}',
            )
            return
        span = self.spans[target]
        if not isinstance(notes, dict):
            self.problem(number, ident, "note is not a JSON object of fields")
            return
        span["hints"] = notes.pop("anchor", {}) or {}
        allowed = [f for f in MODELS[span["kind"]].model_fields if f not in SKIPPED]
        for key, value in notes.items():
            if key not in allowed:
                self.problem(
                    number,
                    ident,
                    f"{key!r} is not a field of a {span['kind']}",
                    hint=f"use one of {', '.join(allowed)}",
                )
            else:
                span["fields"][key] = str(value)

    def _build(self) -> Imported | None:
        facts: dict[str, dict[str, Any]] = {}
        for ident, span in self.spans.items():
            first = self.firsts.get(ident, ident)
            fact = facts.setdefault(first, {"kind": self.spans[first]["kind"], "evidence": []})
            fact["evidence"].append(
                span_evidence(self.text, span["start"], span["end"], hints=span["hints"])
            )
        lists: dict[str, list[Any]] = {"meetings": [], "sanctions": [], "statements": []}
        origins: dict[str, str] = {}
        name_of = {"meeting": "meetings", "sanctions": "sanctions", "statement": "statements"}
        for first, fact in facts.items():
            span = self.spans[first]
            try:
                built = from_fields(fact["kind"], span["fields"], fact["evidence"])
            except ValidationError as exc:
                self.problem(
                    span["line"],
                    first,
                    problem_text(exc),
                    hint="fix the attributes or the AnnotatorNotes of this passage",
                )
                continue
            name = name_of[fact["kind"]]
            origins[f"{name}.{len(lists[name])}"] = f"{self.ann.name} {first}"
            lists[name].append(built)
        meta = {"id": self.ann.stem, "title": self.ann.stem, **self.meta, "text": self.text}
        meta.pop("text_file", None)
        try:
            doc = ArticleDoc.model_validate({"article": meta, **lists})
        except ValidationError as exc:
            self.problem(
                1,
                self.ann.stem,
                problem_text(exc),
                hint=f"fix the article's entry in {METADATA} (ids are lower-case slugs)",
            )
            return None
        return Imported(doc=doc, text=self.text, origins=origins)
