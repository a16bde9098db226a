"""brat standoff: ``<article-id>.txt`` beside ``<article-id>.ann``, with a shipped annotation.conf.

Each evidence passage is a text-bound annotation typed Meeting, Sanctions or
Statement. A fact's closed choices are brat attributes (Status, Kind, Speech,
Medium); its other fields (ids, dates, keys) are a JSON object in the
AnnotatorNotes of its first passage; further passages of the same fact are
linked to the first by an ``Evidence`` relation. Article metadata (title,
publisher, dates) sits in ``metadata.json`` beside the documents.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from loader.importers.common import Imported, evidence_hints
from loader.importers.fields import FactKind, kind_of, to_fields
from loader.ingest.anchor import ArticleText

TYPES: dict[FactKind, str] = {
    "meeting": "Meeting",
    "sanctions": "Sanctions",
    "statement": "Statement",
}
KINDS: dict[str, FactKind] = {v: k for k, v in TYPES.items()}
ATTRIBUTES = {"status": "Status", "kind": "Kind", "speech": "Speech", "medium": "Medium"}
FIELD_OF_ATTRIBUTE = {v: k for k, v in ATTRIBUTES.items()}
RELATION = "Evidence"
METADATA = "metadata.json"


def annotation_conf() -> str:
    """The shipped brat configuration for newsgraph facts."""
    return resources.files("loader.resources").joinpath("annotation.conf").read_text("utf-8")


def article_ann(item: Imported) -> tuple[str, int]:
    """The .ann text of one article and the number of text-bound annotations."""
    text = ArticleText(item.text)
    lines: list[str] = []
    t = a = r = n = 0
    for list_name in ("meetings", "sanctions", "statements"):
        for fact in getattr(item.doc, list_name):
            fields = to_fields(fact)
            first = ""
            for ev in fact.evidence:
                anchor = text.anchor(
                    quote=ev.quote, prefix=ev.prefix, suffix=ev.suffix, start=ev.start, end=ev.end
                )
                t += 1
                tid = f"T{t}"
                exact = anchor.exact.replace("\n", " ")
                lines.append(f"{tid}\t{TYPES[kind_of(fact)]} {anchor.start} {anchor.end}\t{exact}")
                hints = evidence_hints(ev)
                if not first:
                    first = tid
                    for name, attr in ATTRIBUTES.items():
                        if name in fields:
                            a += 1
                            lines.append(f"A{a}\t{attr} {tid} {fields[name]}")
                    notes: dict[str, Any] = {k: v for k, v in fields.items() if k not in ATTRIBUTES}
                    if hints:
                        notes["anchor"] = hints
                    n += 1
                    lines.append(f"#{n}\tAnnotatorNotes {tid}\t{json.dumps(notes)}")
                else:
                    r += 1
                    lines.append(f"R{r}\t{RELATION} Arg1:{first} Arg2:{tid}")
                    if hints:
                        n += 1
                        lines.append(f"#{n}\tAnnotatorNotes {tid}\t{json.dumps({'anchor': hints})}")
    return "".join(line + "\n" for line in lines), t


def write_brat(articles: list[Imported], out: Path) -> int:
    """Write one .txt/.ann pair per article, metadata.json and annotation.conf into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    metadata: dict[str, Any] = {}
    for item in articles:
        aid = item.doc.article.id
        ann, count = article_ann(item)
        total += count
        (out / f"{aid}.txt").write_text(item.text, encoding="utf-8", newline="")
        (out / f"{aid}.ann").write_text(ann, encoding="utf-8")
        metadata[aid] = item.doc.article.model_dump(
            mode="json", by_alias=True, exclude_none=True, exclude={"text", "text_file"}
        )
    (out / METADATA).write_text(
        json.dumps(metadata, indent=1, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    (out / "annotation.conf").write_text(annotation_conf(), encoding="utf-8")
    return total
