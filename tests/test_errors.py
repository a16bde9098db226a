"""The error catalog: every class of bad input gets one error type and one clear message.

Each case writes a small corpus with one defect, runs ``newsgraph validate`` and
``newsgraph load`` on it, and checks the exit code, the message parts
(``FILE:LINE:COLUMN: field.path: what is wrong — what to do``) and, through the
library, the exact error class. No case may show a Python traceback unless
``--debug`` is given.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from loader.core.errors import (
    ConstraintError,
    DateError,
    DuplicateIdError,
    EvidenceError,
    NewsgraphError,
    ReadError,
    SchemaError,
    UnknownIdError,
    YamlSyntaxError,
)
from tests.helpers import ARTICLE, GAZETTEER, edit, library_error, run, write_corpus


@dataclass(frozen=True)
class Case:
    """One class of bad input and what its message must say."""

    name: str
    build: Callable[[Path], Path]
    error: type[NewsgraphError]
    file: str
    parts: tuple[str, ...]
    line: int | None = None
    column: int | None = None
    field_path: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _article(text: str | bytes, name: str = "a1.yaml") -> Callable[[Path], Path]:
    return lambda root: write_corpus(root, articles={name: text})


def _unreadable_dir(root: Path) -> Path:
    write_corpus(root)
    (root / "b.yaml").mkdir()
    return root


def _unreadable_perm(root: Path) -> Path:
    write_corpus(root)
    (root / "a1.yaml").chmod(0)
    return root


def _duplicate_article(root: Path) -> Path:
    return write_corpus(root, articles={"a1.yaml": ARTICLE, "a2.yaml": ARTICLE})


def _duplicate_place(root: Path) -> Path:
    return write_corpus(root, gazetteer=GAZETTEER + "  - id: geneva\n    name: Geneve\n")


CASES = [
    Case(
        "unreadable-file", _unreadable_dir, ReadError, "b.yaml", ("is a directory", "give a file")
    ),
    *(
        []
        if os.geteuid() == 0  # root reads any file: the directory case covers unreadable files
        else [
            Case(
                "unreadable-permission",
                _unreadable_perm,
                ReadError,
                "a1.yaml",
                ("cannot read annotation file", "check the file's permissions"),
            )
        ]
    ),
    Case(
        "not-utf8",
        _article(ARTICLE.encode().replace(b"Talks in Geneva", b"Talks in Gen\xe8ve")),
        ReadError,
        "a1.yaml",
        ("is not UTF-8 (byte 0xe8)", "save the file as UTF-8"),
        line=3,
        column=22,
    ),
    Case(
        "yaml-syntax",
        _article(edit("title: Talks in Geneva", "title: [Talks in Geneva")),
        YamlSyntaxError,
        "a1.yaml",
        ("YAML syntax error", "fix the indentation or quoting near this line"),
        line=4,
        column=12,
    ),
    Case(
        "yaml-aliases",
        _article("article: &a {id: x}\nother: *a\n"),
        YamlSyntaxError,
        "a1.yaml",
        ("anchors and aliases", "write the value out in full"),
        line=1,
        column=10,
    ),
    Case(
        "top-level-shape",
        _article("- article\n- meetings\n"),
        SchemaError,
        "a1.yaml",
        ("holds a list, not a mapping", "starts with `article:`"),
        line=1,
        column=1,
    ),
    Case(
        "unknown-field",
        _article(edit("  title:", "  titel:")),
        SchemaError,
        "a1.yaml",
        ("unknown field 'titel'", "did you mean 'title'?"),
        line=3,
        column=10,
        field_path="article.titel",
    ),
    Case(
        "wrong-type",
        _article(edit("participants: [sergei-lavrov, marco-rubio]", "participants: sergei-lavrov")),
        SchemaError,
        "a1.yaml",
        ("valid list", "got 'sergei-lavrov'", "newsgraph schema"),
        line=11,
        column=19,
        field_path="meetings.0.participants",
    ),
    Case(
        "missing-field",
        _article(edit("    status: held\n", "")),
        SchemaError,
        "a1.yaml",
        ("required field is missing", "add `status:`"),
        line=9,
        column=5,
        field_path="meetings.0.status",
    ),
    Case(
        "unknown-actor",
        _article(edit("marco-rubio]", "marco-rubo]")),
        UnknownIdError,
        "a1.yaml",
        ("unknown actor id 'marco-rubo'", "did you mean 'marco-rubio'?"),
        line=11,
        column=35,
        field_path="meetings.0.participants.1",
    ),
    Case(
        "unknown-place",
        _article(edit("place: geneva", "place: genva")),
        UnknownIdError,
        "a1.yaml",
        ("unknown place id 'genva'", "did you mean 'geneva'?"),
        line=13,
        column=12,
        field_path="meetings.0.place",
    ),
    Case(
        "duplicate-gazetteer-id",
        _duplicate_place,
        DuplicateIdError,
        "gazetteer.yaml",
        ("id 'geneva' is defined twice", "give each actor and place its own id"),
        line=16,
        column=9,
        field_path="places.1.id",
    ),
    Case(
        "duplicate-article-id",
        _duplicate_article,
        DuplicateIdError,
        "a2.yaml",
        ("article id 'art-one' is also used at", "a1.yaml:2:7", "give every article its own id"),
        line=2,
        column=7,
        field_path="article.id",
    ),
    Case(
        "quote-not-found",
        _article(edit("      - met Rubio in Geneva", "      - met Rubio at Geneva")),
        EvidenceError,
        "a1.yaml",
        (
            "'met Rubio at Geneva' is not in the article text",
            "nearest passage at line 1",
            "'met Rubio in Geneva'",
            "copy the quote exactly",
        ),
        line=15,
        column=9,
        field_path="meetings.0.evidence.0",
    ),
    Case(
        "ambiguous-quote",
        _article(edit("      - met Rubio in Geneva", "      - Lavrov")),
        EvidenceError,
        "a1.yaml",
        ("'Lavrov' occurs 2 times", "line 1 (offset 0)", "line 2 (offset 38)", "prefix:"),
        line=15,
        column=9,
        field_path="meetings.0.evidence.0",
    ),
    Case(
        "offsets-out-of-range",
        _article(edit("      - the talks were useful", "      - {start: 5, end: 900}")),
        EvidenceError,
        "a1.yaml",
        ("offsets 5-900 are out of range for a text of 73 characters", "end is exclusive"),
        line=20,
        column=9,
        field_path="statements.0.evidence.0",
    ),
    Case(
        "impossible-date",
        _article(edit("date: last Friday", "date: 2025-02-30")),
        DateError,
        "a1.yaml",
        ("2025-02-30 is not a real date", "check the day and the month"),
        line=12,
        column=11,
        field_path="meetings.0.date",
    ),
    Case(
        "end-before-start",
        _article(edit("date: last Friday", "date: {from: 2025-03-02, to: 2025-03-01}")),
        DateError,
        "a1.yaml",
        ("the interval ends (2025-03-01) before it starts (2025-03-02)", "swap 'from' and 'to'"),
        line=12,
        column=11,
        field_path="meetings.0.date",
    ),
    Case(
        "relative-date-without-publication",
        _article(edit("  published: 2025-11-10\n", "")),
        DateError,
        "a1.yaml",
        ("'last Friday' is relative to the publication date", "add article.published"),
        line=11,
        column=11,
        field_path="meetings.0.date",
    ),
    Case(
        "meeting-one-participant",
        _article(edit("[sergei-lavrov, marco-rubio]", "[sergei-lavrov, sergei-lavrov]")),
        ConstraintError,
        "a1.yaml",
        ("at least two different participants, got 1", "list every actor who took part"),
        line=11,
        column=19,
        field_path="meetings.0.participants",
    ),
    Case(
        "statement-without-speaker",
        _article(edit("  - speaker: sergei-lavrov\n    speech", "  - speech")),
        ConstraintError,
        "a1.yaml",
        ("a statement needs a speaker", "add `speaker:`"),
        line=17,
        column=5,
        field_path="statements.0.speaker",
    ),
    Case(
        "missing-text-file",
        _article(
            edit(
                "  text: |\n    Lavrov met Rubio in Geneva on Friday.\n"
                "    Lavrov said the talks were useful.\n",
                "  text_file: texts/missing.txt\n",
            )
        ),
        ReadError,
        "a1.yaml",
        ("text file does not exist", "missing.txt", "check the path"),
        line=5,
        column=14,
        field_path="article.text_file",
    ),
]


def _head(case: Case, root: Path) -> str:
    where = [str(root / case.file)]
    if case.line is not None:
        where.append(str(case.line))
        if case.column is not None:
            where.append(str(case.column))
    head = ":".join(where) + ": "
    return head + (f"{case.field_path}: " if case.field_path else "")


@pytest.mark.parametrize("command", ["validate", "load"])
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_every_bad_input_gets_one_clear_error(case: Case, command: str, tmp_path: Path) -> None:
    root = case.build(tmp_path / "corpus")
    result = run("--store", tmp_path / "store", command, root)
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    lines = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(lines) == 1, result.output
    message = lines[0].removeprefix("error: ")
    assert message.startswith(_head(case, root)), message
    assert " — " in message
    for part in case.parts:
        assert part in message, (part, message)
    if command == "load" and case.file != "gazetteer.yaml":
        assert "nothing was written" in message


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_library_raises_the_exact_error_class(case: Case, tmp_path: Path) -> None:
    root = case.build(tmp_path / "corpus")
    error = library_error(root)
    assert type(error) is case.error
    assert error.exit_code == 1
    assert error.hint, "every error says what to do"
    assert str(error.location.file) == str(root / case.file)
    assert error.location.line == case.line
    assert error.location.column == case.column
    assert error.field == case.field_path
    assert str(error) == error.message


def test_every_error_is_reported_with_keep_going(tmp_path: Path) -> None:
    articles: dict[str, str | bytes] = {"good.yaml": ARTICLE}
    for case in CASES:
        if case.build.__name__ == "<lambda>" and case.file == "a1.yaml":
            text = case.build(tmp_path / "probe" / case.name).joinpath("a1.yaml").read_bytes()
            articles[f"{case.name}.yaml"] = text.replace(b"art-one", case.name.encode())
    root = write_corpus(tmp_path / "corpus", articles=articles)
    result = run("validate", root)
    assert result.exit_code == 1
    reported = [line for line in result.output.splitlines() if line.startswith("error: ")]
    assert len(reported) == len(articles) - 1
    assert f"1 of {len(articles)} articles are valid" in result.output


def test_missing_path_and_missing_gazetteer(tmp_path: Path) -> None:
    result = run("validate", tmp_path / "nowhere")
    assert result.exit_code == 1
    assert f"error: {tmp_path / 'nowhere'}: no such file or directory — check the path" in (
        result.output
    )
    (tmp_path / "lonely").mkdir()
    (tmp_path / "lonely" / "a.yaml").write_text(ARTICLE, encoding="utf-8")
    result = run("validate", tmp_path / "lonely")
    assert result.exit_code == 1
    assert "no gazetteer.yaml found" in result.output
    assert isinstance(library_error(tmp_path / "lonely"), ReadError)


def test_no_traceback_without_debug_and_one_with_it(tmp_path: Path) -> None:
    root = write_corpus(
        tmp_path / "corpus", articles={"a1.yaml": edit("place: geneva", "place: x")}
    )
    plain = run("--store", tmp_path / "s", "load", root)
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    debug = run("--debug", "--store", tmp_path / "s", "load", root)
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.output
    assert "CorpusInvalidError" in debug.output
    assert "unknown place id 'x'" in debug.output
