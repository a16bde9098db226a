"""`validate` lists every problem of every file, grouped by file; `load` still writes nothing."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from tests.helpers import GAZETTEER, run, write_corpus

# Four independent mistakes: a misspelt field (schema), an unknown participant (gazetteer),
# a quote not in the text (evidence), a field a statement does not have (schema).
FOUR = """\
article:
  id: four-problems
  title: Talks in Geneva, then a phone call
  published: 2025-11-10
  text: |
    Lavrov met Rubio in Geneva on Friday.
    Lavrov said the talks were useful.
    The two spoke again by phone on Sunday.
meetings:
  - kind: talks
    status: held
    participants: [sergei-lavrov, marco-rubio]
    date: last Friday
    venue: geneva
    evidence:
      - met Rubio in Geneva
  - kind: phone-call
    status: held
    participants: [sergei-lavrov, marco-rubbio]
    date: on Sunday
    evidence:
      - spoke again by phone
statements:
  - speaker: sergei-lavrov
    speech: reported
    evidence:
      - the talks were very useful
  - speaker: marco-rubio
    speech: reported
    status: maybe
    evidence:
      - the talks were useful
"""

ONE = FOUR.replace("id: four-problems", "id: one-problem").replace("    venue: geneva\n", "")
ONE = ONE.replace("marco-rubbio", "marco-rubio").replace("were very useful", "were useful")
ONE = ONE.replace("    status: maybe\n", "").replace(
    "marco-rubio]\n    date: on", "x]\n    date: on"
)


def test_a_file_with_four_problems_lists_four_in_file_order(tmp_path: Path) -> None:
    root = write_corpus(
        tmp_path / "c", articles={"a-four.yaml": FOUR, "b-one.yaml": ONE}, gazetteer=GAZETTEER
    )
    result = run("validate", root)
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    four = [line for line in lines if "a-four.yaml" in line]
    assert len(four) == 4, result.output
    expected = [
        ("a-four.yaml:14:", "meetings.0.venue: unknown field 'venue' — did you mean 'place'?"),
        ("a-four.yaml:19:35: meetings.1.participants.1: unknown actor id 'marco-rubbio'",),
        ("a-four.yaml:27:9: statements.0.evidence.0: quote 'the talks were very useful'",),
        ("a-four.yaml:30:13: statements.1.status: unknown field 'status'",),
    ]
    for line, parts in zip(four, expected, strict=True):
        for part in parts:
            assert part in line, (part, line)
    # Grouped by file: all of one file's problems, then the next file's.
    assert lines[:4] == four
    assert len(lines) == 5 and "b-one.yaml" in lines[4] and "'x'" in lines[4]
    assert "0 of 2 articles are valid" in result.output

    load = run("--store", tmp_path / "s", "load", root)
    assert load.exit_code == 1
    assert "nothing was written" in load.output
    assert load.output.count("error:") == 1, "a load stops at the first problem"
    assert not list(ox.Store.read_only(str(tmp_path / "s"))), "and writes nothing"
