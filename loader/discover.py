"""Find the article files of the paths given: files, and folders searched recursively."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from loader.errors import Location, ReadError
from loader.gazetteer import GAZETTEER_NAME, find_gazetteer

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Corpus:
    """The articles to load, grouped under the gazetteer each one uses."""

    gazetteer: Path
    articles: tuple[Path, ...]


def discover(paths: Sequence[Path]) -> list[Corpus]:
    """Expand files and directories into corpora (one per gazetteer), in a stable order."""
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise ReadError(
                "no such file or directory", hint="check the path", location=Location(path)
            )
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in SUFFIXES
                and p.name != GAZETTEER_NAME
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            start = path
        else:
            files = [] if path.name == GAZETTEER_NAME else [path]
            start = path.parent
        gaz = find_gazetteer(start.resolve())
        if gaz is None:
            raise ReadError(
                f"no {GAZETTEER_NAME} found in {start} or its parent directories",
                hint=f"put the corpus's actors and places in {start / GAZETTEER_NAME}",
                location=Location(path),
            )
        groups.setdefault(gaz, []).extend(files)
    return [Corpus(g, tuple(dict.fromkeys(files))) for g, files in groups.items()]


__all__ = ["SUFFIXES", "Corpus", "discover"]
