"""A new corpus to start from: a gazetteer, one annotated article and its text.

`newsgraph init DIR` writes these files; they validate and load as they are,
and show the shape of every part (actors, places, a meeting, a statement,
evidence quotes, a relative date).
"""

from __future__ import annotations

import json
from pathlib import Path

from loader.core.errors import UsageError
from loader.ingest.model import json_schema

SCHEMA_HINT = "# yaml-language-server: $schema={schema}\n"

GAZETTEER = """\
# Actors and places of this corpus: each with a stable id used by the articles.
actors:
  - id: sergei-lavrov
    type: person
    name: Sergei Lavrov
    aliases: [Lavrov]
    wikidata: Q80447
  - id: marco-rubio
    type: person
    name: Marco Rubio
    aliases: [Rubio]
    wikidata: Q324546
  - id: russia
    type: state
    name: Russia
  - id: united-states
    type: state
    name: United States
places:
  - id: budapest
    name: Budapest
"""

TEXT = (
    "Russian Foreign Minister Sergei Lavrov and US Secretary of State Marco Rubio spoke by "
    "phone on Monday, according to the Russian foreign ministry.\n\n"
    "The call was meant to prepare a possible meeting of the two countries' presidents in "
    "Budapest. Lavrov later described the conversation as constructive.\n"
)

ARTICLE = """\
article:
  id: example-lavrov-rubio-call
  title: Lavrov and Rubio speak by phone ahead of a possible summit
  publisher: Example Desk
  published: 2025-10-21
  text_file: texts/example-lavrov-rubio-call.txt
meetings:
  - kind: phone-call            # meeting | summit | talks | phone-call | video-call | visit
    status: held                # held | planned | proposed | postponed | cancelled
    participants: [sergei-lavrov, marco-rubio]
    date: on Monday             # relative to `published`; or 2025-10-20, 2025-10, ...
    evidence:
      - spoke by phone on Monday  # an exact quote from the text
statements:
  - speaker: sergei-lavrov
    speech: reported            # direct | reported
    about: [marco-rubio]
    evidence:
      - described the conversation as constructive
"""

FILES: dict[str, tuple[str | None, str]] = {
    "gazetteer.yaml": ("gazetteer", GAZETTEER),
    "example-lavrov-rubio-call.yaml": ("article", ARTICLE),
    "texts/example-lavrov-rubio-call.txt": (None, TEXT),
}


def write_starter(folder: Path) -> list[Path]:
    """Write a starter corpus into ``folder`` (new or empty); return the files written."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(
            f"{folder} already exists and is not an empty folder",
            hint="give a new folder name; nothing was written",
        )
    written: list[Path] = []
    for schema in ("article", "gazetteer"):
        path = folder / "schema" / f"{schema}.schema.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(json_schema(schema), indent=2, sort_keys=True) + "\n")
        written.append(path)
    for name, (kind, body) in FILES.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        hint = SCHEMA_HINT.format(schema=f"schema/{kind}.schema.json") if kind else ""
        path.write_text(hint + body, encoding="utf-8")
        written.append(path)
    return written


__all__ = ["write_starter"]
