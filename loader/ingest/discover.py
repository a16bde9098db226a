"""Find the article files of the paths given: files, and folders searched recursively."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from loader.core.errors import Location, ReadError
from loader.ingest.gazetteer import GAZETTEER_NAME, find_gazetteer

SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Corpus:
    """The articles to load, grouped under the gazetteer each one uses."""

    gazetteer: Path
    articles: tuple[Path, ...]


def _missing(path: Path) -> ReadError:
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            if isinstance(exc, RuntimeError) or exc.errno == errno.ELOOP:
                return ReadError(
                    "is a symbolic link that leads back to itself",
                    hint="fix or remove the link",
                    location=Location(path),
                )
        return ReadError(
            f"is a symbolic link to {path.readlink()}, which does not exist",
            hint="fix or remove the link",
            location=Location(path),
        )
    return ReadError("no such file or directory", hint="check the path", location=Location(path))


def _article_files(root: Path) -> Iterator[Path]:
    """Article files under a folder, symlinked sub-folders included (each folder once)."""
    seen: set[tuple[int, int]] = set()
    for folder, dirs, names in os.walk(root, followlinks=True):
        here = Path(folder)
        stat = here.stat()
        if (stat.st_dev, stat.st_ino) in seen:  # a link back up the tree, or a second link
            dirs.clear()
            continue
        seen.add((stat.st_dev, stat.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        # A folder named like an article file is listed too: reading it says what is wrong.
        for name in [*names, *(d for d in dirs if Path(d).suffix in SUFFIXES)]:
            p = here / name
            # gazetteer.suggested.yaml and the like are gazetteers, not articles
            gazetteer = name == GAZETTEER_NAME or name.startswith("gazetteer.")
            if p.suffix in SUFFIXES and not gazetteer and not name.startswith("."):
                yield p


def discover(paths: Sequence[Path]) -> list[Corpus]:
    """Expand files and directories into corpora (one per gazetteer), in a stable order."""
    groups: dict[Path, list[Path]] = {}
    for path in paths:
        if not path.exists():
            raise _missing(path)
        if path.is_dir():
            files = sorted(_article_files(path))
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
