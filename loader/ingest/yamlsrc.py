"""Read YAML into plain Python data while remembering where every value was written.

libyaml (C) builds the node tree; we walk it ourselves so that each value's
line and column are kept for error messages, and so that anchors and aliases
(the "billion laughs" bomb) are refused before anything is expanded.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from loader.core.errors import DateError, Location, ReadError, SchemaError, YamlSyntaxError

try:  # libyaml is much faster; fall back to the pure-Python parser when absent.
    _Loader: type[Any] = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

MAX_ANNOTATION_BYTES = 32 * 1024 * 1024
MAX_TEXT_BYTES = 128 * 1024 * 1024

PathKey = tuple[str | int, ...]
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(slots=True)
class SourceDoc:
    """A parsed YAML document and the position of each value, by its path."""

    path: Path
    data: Any
    positions: dict[PathKey, tuple[int, int]] = field(default_factory=dict)

    def location(self, path: PathKey = ()) -> Location:
        """The location of the value at ``path``, or of its nearest written ancestor."""
        key = tuple(path)
        while key and key not in self.positions:
            key = key[:-1]
        line, column = self.positions.get(key, (1, 1))
        return Location(self.path, line, column)


def read_bytes(path: Path, *, limit: int, what: str) -> bytes:
    """Read a file with a size limit, turning OS errors into ReadError."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise ReadError(
                f"{what} is {size // 2**20} MB, more than the {limit // 2**20} MB limit",
                hint="split it into smaller files",
                location=Location(path),
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise ReadError(
            f"{what} does not exist", hint="check the path", location=Location(path)
        ) from exc
    except IsADirectoryError as exc:
        raise ReadError(
            f"{what} is a directory", hint="give a file", location=Location(path)
        ) from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise ReadError(
                f"{what} is a symbolic link that leads back to itself",
                hint="fix or remove the link",
                location=Location(path),
            ) from exc
        raise ReadError(
            f"cannot read {what}: {exc.strerror or exc}",
            hint="check the file's permissions",
            location=Location(path),
        ) from exc


def decode_utf8(raw: bytes, path: Path, *, what: str) -> str:
    """Decode UTF-8 (a BOM is dropped), naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ReadError(
            f"{what} is not UTF-8 (byte 0x{raw[exc.start]:02x})",
            hint="save the file as UTF-8",
            location=Location(path, line, column),
        ) from exc


def read_text(path: Path, *, what: str = "text file") -> str:
    return decode_utf8(read_bytes(path, limit=MAX_TEXT_BYTES, what=what), path, what=what)


def read_yaml(path: Path) -> SourceDoc:
    """Parse one YAML file into a :class:`SourceDoc`."""
    text = decode_utf8(
        read_bytes(path, limit=MAX_ANNOTATION_BYTES, what="annotation file"),
        path,
        what="annotation file",
    )
    return parse_yaml(text, path)


def read_article_yaml(path: Path) -> SourceDoc:
    """Parse an article file; an empty one (or one of comments only) is an error."""
    doc = read_yaml(path)
    if doc.data is None:
        raise SchemaError(
            "the file is empty",
            hint="an annotation file starts with `article:` "
            "(`newsgraph init DIR` writes one to start from)",
            location=Location(path, 1, 1),
        )
    return doc


def _tab_at(text: str, line: int) -> bool:
    """Whether a line (1-based) is indented with a tab character."""
    lines = text.splitlines()
    if not 0 < line <= len(lines):
        return False
    body = lines[line - 1]
    return "\t" in body[: len(body) - len(body.lstrip(" \t"))]


def parse_yaml(text: str, path: Path) -> SourceDoc:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        loc = Location(path, mark.line + 1, mark.column + 1) if mark else Location(path)
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        if mark and _tab_at(text, mark.line + 1):
            raise YamlSyntaxError(
                "this line is indented with a tab character, which YAML does not allow",
                hint="indent with spaces (two per level), not tabs",
                location=Location(path, mark.line + 1, 1),
            ) from exc
        raise YamlSyntaxError(
            f"YAML syntax error: {problem}",
            hint="fix the indentation or quoting near this line",
            location=loc,
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(
            f"YAML syntax error: {exc}", hint="check the file", location=Location(path)
        ) from exc
    doc = SourceDoc(path=path, data=None)
    if node is None:
        return doc
    doc.data = _Walker(doc).walk(node, ())
    return doc


class _Walker:
    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.seen: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def walk(self, node: yaml.Node, path: PathKey) -> Any:
        if len(path) > 64:
            raise SchemaError(
                "the document is nested more than 64 levels deep",
                hint="annotation files are a few levels deep; check the indentation",
                location=self._loc(node),
            )
        if id(node) in self.seen or getattr(node, "anchor", None):
            raise YamlSyntaxError(
                "YAML anchors and aliases (&name / *name) are not supported",
                hint="write the value out in full",
                location=self._loc(node),
            )
        self.seen.add(id(node))
        self.doc.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise SchemaError(
                        "a key must be a plain name",
                        hint="write `name: value`",
                        location=self._loc(key_node),
                    )
                key = str(key_node.value)
                if key in result:
                    raise SchemaError(
                        f"key {key!r} appears twice in the same mapping",
                        hint="remove one of them",
                        location=self._loc(key_node),
                    )
                result[key] = self.walk(value_node, (*path, key))
                self.doc.positions.setdefault((*path, key), self.doc.positions[(*path, key)])
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
        if node.tag == _STR_TAG:  # most scalars: no constructor needed
            return node.value
        try:
            return self.constructor.construct_object(node, deep=True)
        except (yaml.constructor.ConstructorError, ValueError, OverflowError) as exc:
            field = ".".join(map(str, path)) or None
            if node.tag.endswith(":timestamp"):
                raise DateError(
                    f"{node.value} is not a real date",
                    hint="check the day and the month (YYYY-MM-DD)",
                    location=self._loc(node),
                    field=field,
                ) from exc
            raise SchemaError(
                f"cannot read the value {node.value!r}: {exc}",
                hint="quote it to make it a string",
                location=self._loc(node),
                field=field,
            ) from exc

    def _loc(self, node: yaml.Node) -> Location:
        return Location(self.doc.path, node.start_mark.line + 1, node.start_mark.column + 1)
