"""What checking an article gave, remembered, so reloading a corpus does not check it again.

Loading a corpus again after editing one article used to check (parse,
validate, map) every article only to find that its digest matches the
store's. The cache keeps, per article, what checking it gave except its
triples: graph, digest, counts, warnings, event dates. The key covers every
input of that check: the annotation file's bytes and path, the gazetteer as
merged for the load, the loader's own code and the ontology. The bytes of the
text file an article names are recorded beside the entry and compared when it
is read back.

An article counts as unchanged without being checked again only when its
entry is found and the store's graph records the same digest. Anything else
(no entry, another digest, a text file that changed) is checked as before,
so a stale or missing cache can cost time, never correctness.

It lives in ``$XDG_CACHE_HOME/newsgraph`` (``~/.cache/newsgraph``), next to
the checked gazetteers, as one SQLite file. A cache that cannot be opened,
read or written is not used; a load never fails because of it.
"""

from __future__ import annotations

import functools
import hashlib
import json
import pickle
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import replace
from pathlib import Path

from loader.ingest.gazetteer import GazetteerIndex, cache_dir
from loader.owl.ontology import ontology_path
from loader.pipeline.outcome import Compiled

FILE_NAME = "checked-articles.sqlite3"
KEEP_DAYS = 60  # entries not used for this long are dropped
_DAY = 86_400
_BUSY_S = 2.0  # another load writing the cache: wait this long, then go without it


@functools.cache
def code_digest() -> str:
    """A digest of the loader's code and resources and of the ontology: what checking runs."""
    h = hashlib.sha256()
    root = Path(__file__).resolve().parents[1]  # the loader package
    files = [p for p in root.rglob("*") if p.is_file() and _is_code(p.relative_to(root))]
    for path in sorted(files):
        h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    h.update(ontology_path().read_bytes())
    return h.hexdigest()


def _is_code(rel: Path) -> bool:
    # The report's vendored scripts and byte-code caches play no part in checking.
    return "__pycache__" not in rel.parts and rel.parts[:2] != ("server", "static")


def _content(gaz: GazetteerIndex) -> bytes:
    """The gazetteer as checking sees it, in its order (JSON: a pickle of a model is not
    the same bytes in every process)."""
    return json.dumps(
        [
            str(gaz.path),
            {k: a.model_dump(mode="json") for k, a in gaz.actors.items()},
            {k: p.model_dump(mode="json") for k, p in gaz.places.items()},
            gaz.names,
            gaz.lines,
        ]
    ).encode()


def file_digest(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, or None when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


class CheckedCache:
    """The cache for one gazetteer (as merged for this load); see the module docstring."""

    def __init__(self, db: sqlite3.Connection | None, gaz: GazetteerIndex) -> None:
        self._db = db
        self._scope = hashlib.sha256(code_digest().encode() + _content(gaz)).hexdigest()
        self._today = int(time.time()) // _DAY

    def _key(self, path: Path, file: str) -> str:
        # The absolute path as given (a symlink is another key: checked again, never wrong).
        where = path.absolute()
        return hashlib.sha256(f"{self._scope}\0{where}\0{file}".encode()).hexdigest()

    def get(self, path: Path) -> Compiled | None:
        """What checking ``path`` gave last time its inputs were these (no triples), or None."""
        if self._db is None:
            return None
        file = file_digest(path)
        if file is None:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM checked WHERE key = ?", (self._key(path, file),)
            ).fetchone()
        except sqlite3.Error:
            self._db = None
            return None
        if row is None:
            return None
        try:
            item, text = pickle.loads(row[0])  # noqa: S301 - written by us, keyed by content
        except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None
        if not isinstance(item, Compiled) or (text and file_digest(Path(text[0])) != text[1]):
            return None
        return replace(item, path=path, reused=True, inputs=(file, text))

    def note_hit(self, item: Compiled) -> None:
        """Record that an entry was used (it is kept ``KEEP_DAYS`` after its last use)."""
        if item.inputs:
            key = self._key(item.path, item.inputs[0])
            self._run("UPDATE checked SET used = ? WHERE key = ?", (self._today, key))

    def put(self, item: Compiled) -> None:
        """Remember what checking gave (the inputs it read are in ``item.inputs``)."""
        if item.inputs:
            file, text = item.inputs
            meta = replace(item, ntriples="", inputs=(), reused=False)
            value = pickle.dumps((meta, text), protocol=pickle.HIGHEST_PROTOCOL)
            self._run(
                "INSERT OR REPLACE INTO checked (key, value, used) VALUES (?, ?, ?)",
                (self._key(item.path, file), value, self._today),
            )

    def finish(self) -> None:
        """Drop the entries unused for ``KEEP_DAYS`` and commit."""
        self._run("DELETE FROM checked WHERE used < ?", (self._today - KEEP_DAYS,))
        if self._db is not None:
            try:
                self._db.commit()
            except sqlite3.Error:
                self._db = None

    def _run(self, sql: str, params: tuple[object, ...]) -> None:
        """One statement; a cache that fails is not used for the rest of the load."""
        if self._db is None:
            return
        try:
            self._db.execute(sql, params)
        except sqlite3.Error:
            self._db = None


@contextmanager
def checked_cache(gaz: GazetteerIndex) -> Iterator[CheckedCache]:
    """The cache of checked articles for one gazetteer, written when the block ends."""
    db = _open(cache_dir() / FILE_NAME)
    cache = CheckedCache(db, gaz)
    if db is None:
        yield cache
        return
    with closing(db):
        try:
            yield cache
        finally:
            cache.finish()  # what was checked stays useful even when the load stopped


def _open(path: Path) -> sqlite3.Connection | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=_BUSY_S)
        db.execute(
            "CREATE TABLE IF NOT EXISTS checked "
            "(key TEXT PRIMARY KEY, value BLOB NOT NULL, used INTEGER NOT NULL)"
        )
        db.execute("CREATE INDEX IF NOT EXISTS checked_used ON checked (used)")
    except (OSError, sqlite3.Error):
        return None
    return db


__all__ = ["CheckedCache", "checked_cache", "code_digest", "file_digest"]
