"""Messages for everyday mistakes: tabs, empty files, symbolic links."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from loader.core.errors import EvidenceError
from loader.ingest.anchor import ArticleText
from tests.helpers import ARTICLE, article, run, write_corpus


def test_tab_indentation_is_named(tmp_path: Path) -> None:
    text = ARTICLE.replace("  title:", "\ttitle:", 1)
    root = write_corpus(tmp_path / "c", articles={"tabs.yaml": text})
    result = run("validate", root)
    assert result.exit_code == 1
    assert "tabs.yaml:3:1: this line is indented with a tab character" in result.output
    assert "indent with spaces" in result.output


def test_an_empty_file_is_called_empty(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", articles={"empty.yaml": "", "notes.yaml": "# todo\n"})
    result = run("validate", root)
    assert result.exit_code == 1
    for name in ("empty.yaml", "notes.yaml"):
        assert f"{name}:1:1: the file is empty — an annotation file starts with" in result.output
    assert "a empty" not in result.output


def test_a_symlink_loop_is_named_and_symlinked_folders_are_followed(tmp_path: Path) -> None:
    root = write_corpus(tmp_path / "c", articles={"a.yaml": article("a")})
    loop = root / "self.yaml"
    loop.symlink_to(loop)
    result = run("validate", loop)
    assert result.exit_code == 1
    assert "self.yaml: is a symbolic link that leads back to itself" in result.output
    assert "permissions" not in result.output
    loop.unlink()

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "b.yaml").write_text(article("b"), encoding="utf-8")
    (root / "more").symlink_to(elsewhere)  # a linked sub-folder is part of the corpus
    (elsewhere / "back").symlink_to(root)  # and a link back up is not followed twice
    result = run("validate", root)
    assert result.exit_code == 0, result.output
    assert "2 of 2 articles are valid" in result.output


def test_a_quote_in_another_unicode_form_matches_with_offsets_on_the_text(tmp_path: Path) -> None:
    # The text arrived decomposed (e + combining accent), the quote was typed composed.
    text = unicodedata.normalize("NFD", "Le ministre a déclaré : « Nous irons à Genève ».\r\n")
    assert len(text) > len(unicodedata.normalize("NFC", text))
    quote = "Nous irons à Genève"
    anchor = ArticleText(text).anchor(quote=quote, prefix="« ")
    assert text[anchor.start : anchor.end] == anchor.exact
    assert unicodedata.normalize("NFC", anchor.exact) == quote
    assert anchor.start == text.index("Nous")
    # The other way round, and a quote that is only part of a character is not a match.
    composed = ArticleText(unicodedata.normalize("NFC", text))
    decomposed_quote = unicodedata.normalize("NFD", "à Genève")
    found = composed.anchor(quote=decomposed_quote)
    assert found.exact == "à Genève"
    with pytest.raises(EvidenceError):
        ArticleText(text).anchor(quote="a Gene")  # an accent-less quote is another text


def test_synonyms_and_names_where_ids_belong_get_the_right_suggestion(tmp_path: Path) -> None:
    text = (
        ARTICLE.replace("    place: geneva", "    venue: geneva")
        .replace(
            "participants: [sergei-lavrov, marco-rubio]",
            "participants: [Sergei Lavrov, marco-rubio]",
        )
        .replace("  - speaker: sergei-lavrov", "  - speakers: sergei-lavrov")
    )
    root = write_corpus(tmp_path / "c", articles={"slips.yaml": text})
    result = run("validate", root)
    assert result.exit_code == 1
    out = " ".join(result.output.split())
    assert "unknown field 'venue' — did you mean 'place'?" in out
    assert "unknown field 'speakers' — did you mean 'speaker'?" in out
    assert "'Sergei Lavrov' is not a valid id — did you mean 'sergei-lavrov'?" in out
