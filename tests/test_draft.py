"""`newsgraph draft`: drafts that validate and load as written, review notes, scoring."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from click.testing import Result

from loader.draft.build import KINDS, DraftOptions, draft_text
from loader.draft.nlp import Pipeline
from loader.ingest.gazetteer import load_gazetteer
from tests.conftest import EXAMPLE_ARTICLES

Cli = Callable[..., Result]
ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ARTICLE = ROOT / "tests" / "fixtures" / "draft" / "budapest-call.txt"


def test_drafts_of_examples_validate_and_load(cli: Cli, tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    texts = sorted((EXAMPLES / "texts").glob("*.txt"))
    result = cli("draft", *texts, "--published", "2025-10-21", "--corpus", EXAMPLES, "--out", out)
    assert result.exit_code == 0, result.output
    drafts = sorted(out.glob("*.yaml"))
    assert len([d for d in drafts if not d.name.startswith("gazetteer")]) == len(texts)
    assert cli("validate", out).exit_code == 0
    loaded = cli("--store", tmp_path / "store", "load", out)
    assert loaded.exit_code == 0, loaded.output
    rows = json.loads(cli("--store", tmp_path / "store", "query", "who-met-whom", "--format", "json").stdout)
    assert rows, "drafted meetings reach the graph"


def test_header_block_noise_and_evidence(cli: Cli, tmp_path: Path) -> None:
    result = cli("draft", ARTICLE, "--corpus", EXAMPLES, "--out", tmp_path)
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((tmp_path / "budapest-call.yaml").read_text())
    assert doc["article"]["title"].startswith("Rubio and Lavrov talk")
    assert doc["article"]["publisher"] == "Example Wire"
    assert str(doc["article"]["published"]) == "2025-10-21"
    text = ARTICLE.read_text()
    for kind in ("meetings", "statements"):
        for item in doc[kind]:
            for ev in item["evidence"]:
                quote = ev if isinstance(ev, str) else ev["quote"]
                assert quote in text
                # Nothing comes from the headline list, the credit, the "see also" or the byline.
                line = text[: text.index(quote)].count("\n")
                assert text.splitlines()[line].startswith(("MOSCOW", '"', "Kremlin", "The proposal"))
    call = doc["meetings"][0]
    assert call["kind"] == "phone-call" and call["status"] == "held"
    assert set(call["participants"]) == {"sergei-lavrov", "marco-rubio"}
    assert call["date"] == "on Monday" and "place" not in call  # Budapest is the summit's
    assert call["event"] == "lavrov-rubio-call-2025-10-20", "the key of the corpus's call"
    assert cli("validate", tmp_path).exit_code == 0


def test_only_and_json_format(cli: Cli, tmp_path: Path) -> None:
    result = cli("draft", ARTICLE, "--corpus", EXAMPLES, "--out", tmp_path, "--only", "meetings", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads((tmp_path / "budapest-call.json").read_text())
    assert doc["meetings"] and "statements" not in doc


def test_bad_only_and_missing_date_are_usage_errors(cli: Cli, tmp_path: Path) -> None:
    bad = cli("draft", ARTICLE, "--corpus", EXAMPLES, "--out", tmp_path, "--only", "meetngs")
    assert bad.exit_code != 0 and "--only" in bad.output
    plain = tmp_path / "plain.txt"
    plain.write_text("Sergei Lavrov and Marco Rubio met in Riyadh on Tuesday to talk about Ukraine.\n")
    nodate = cli("draft", plain, "--corpus", EXAMPLES, "--out", tmp_path / "o")
    assert nodate.exit_code != 0 and "--published" in nodate.output


def test_unknown_names_go_to_suggested_gazetteer(cli: Cli, tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text(
        "Finnish President Alexander Stubb said on Tuesday that Europe had to stay united.\n"
        "Foreign policy adviser Jonna Virtanen told reporters the talks would continue next week.\n"
    )
    result = cli("draft", story, "--published", "2025-10-21", "--corpus", EXAMPLES, "--out", tmp_path / "o")
    assert result.exit_code == 0, result.output
    suggested = yaml.safe_load((tmp_path / "o" / "gazetteer.suggested.yaml").read_text())
    names = {a["name"] for a in suggested["actors"]}
    assert "Alexander Stubb" in names
    assert cli("validate", tmp_path / "o").exit_code == 0, "the suggestions file is not an article"


def test_score_table_and_json(cli: Cli) -> None:
    table = cli("draft", "--score", EXAMPLES)
    assert table.exit_code == 0, table.output
    assert "statements" in table.output and "precision" in table.output
    data = json.loads(cli("draft", "--score", EXAMPLES, "--format", "json").stdout)
    assert data["articles"] == EXAMPLE_ARTICLES
    for kind in ("meetings", "statements", "sanctions"):
        assert 0.0 <= data[kind]["f1"] <= 1.0
        assert data[kind]["gold"] > 0
    # Floors a little under the figures measured on the examples (README, "Draft annotations").
    assert data["sanctions"]["f1"] >= 0.87  # measured 0.90
    assert data["meetings"]["f1"] >= 0.84 and data["meetings"]["date_exact"] >= 0.93  # 0.87, 0.96
    assert data["statements"]["precision"] >= 0.81  # measured 0.84
    assert data["statements"]["recall"] >= 0.86  # measured 0.89


# corpus -> floors (measured minus a small margin): meetings F1, sanctions F1, statements P, R.
# heldout-b is the set no rule was tuned on; its low meeting figure is an honest one.
SCORE_FLOORS = {
    "tests/fixtures/seeds": (0.89, 0.95, 0.93, 0.88),  # measured 0.92, 1.00, 0.96, 0.92
    "tests/fixtures/heldout": (0.95, 0.95, 0.95, 0.90),  # measured 1.00, 1.00, 1.00, 0.93
    "tests/fixtures/heldout-b": (0.55, 0.60, 0.95, 0.85),  # measured 0.60, 0.67, 1.00, 0.90
}


@pytest.mark.parametrize("corpus", sorted(SCORE_FLOORS))
def test_score_floors_on_seeds_and_held_out_articles(corpus: str) -> None:
    from loader.draft.score import score_corpus

    report = score_corpus(ROOT / corpus)
    meetings, sanctions, statements = (report.kinds[k] for k in KINDS)
    floors = SCORE_FLOORS[corpus]
    got = (meetings.f1, sanctions.f1, statements.precision, statements.recall)
    assert all(g >= f for g, f in zip(got, floors, strict=True)), (corpus, got)


def test_event_key_reused_from_corpus(tmp_path: Path) -> None:
    pipe = Pipeline(load_gazetteer(EXAMPLES / "gazetteer.yaml"))
    from loader.draft.events import EventIndex

    events = EventIndex.from_corpus(EXAMPLES)
    text = "Donald Trump and Vladimir Putin held a summit in Anchorage in August, officials said.\n"
    draft = draft_text(
        text, pipe=pipe, article_id="t", text_file="t.txt",
        options=DraftOptions(published=__import__("datetime").date(2025, 9, 1)), events=events,
    )  # fmt: skip
    assert draft.doc["meetings"][0]["event"] == "anchorage-summit-2025"


def test_help_has_an_example(cli: Cli) -> None:
    out = cli("draft", "--help").output
    assert "newsgraph draft story.txt" in out and "--score" in out


@pytest.mark.parametrize("kind", ["meetings", "statements", "sanctions"])
def test_every_seed_draft_validates(cli: Cli, tmp_path: Path, kind: str) -> None:
    seeds = ROOT / "tests" / "fixtures" / "seeds"
    for path in sorted(seeds.glob("0*.yaml")):
        doc = yaml.safe_load(path.read_text())
        text = (path.parent / doc["article"]["text_file"]).resolve()
        out = tmp_path / path.stem
        result = cli(
            "draft", text, "--published", str(doc["article"]["published"]),
            "--corpus", seeds, "--out", out, "--only", kind,
        )  # fmt: skip
        assert result.exit_code == 0, result.output
        assert cli("validate", out).exit_code == 0


def test_benchmark_drafts_examples() -> None:
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import draft_bench

    result = draft_bench.rate(EXAMPLES / "gazetteer.yaml", sorted((EXAMPLES / "texts").glob("*.txt"))[:2])
    assert result["articles"] == 2 and result["articles_per_s"] > 0


def test_cli_does_not_import_spacy_for_other_commands() -> None:
    import subprocess
    import sys

    code = "import sys, loader.cli; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    from loader.cli.draft import KINDS as CLI_KINDS
    from loader.draft.build import KINDS

    assert CLI_KINDS == KINDS


# Page furniture of the seed articles: related headlines, credits, "see also" links, bullets,
# bylines and subscription boilerplate. Drafts must take no fact from these lines.
NOISE_MARKERS = (
    "Netanyahu to Meet", "India–U.S. Interim", "Trump Says “Very Good Talks”",
    "US Pushes Ukraine-Russia", "Pavel Bednyakov", "You may also like", "See also",
    "Discover more", "Subscribe", "Leave a Reply", "•", "Source: Reuters", "Written By",
    "Related Articles", "Back to top",
)  # fmt: skip


def test_seed_drafts_take_nothing_from_page_furniture(tmp_path: Path) -> None:
    seeds = ROOT / "tests" / "fixtures" / "seeds"
    pipe = Pipeline(load_gazetteer(seeds / "gazetteer.yaml"))
    checked = 0
    for path in sorted(seeds.glob("0*.yaml")):
        meta = yaml.safe_load(path.read_text())["article"]
        text = (path.parent / meta["text_file"]).read_text()
        noise = [
            (m, m + len(line))
            for m, line in _lines_with_offsets(text)
            if line.strip().startswith(NOISE_MARKERS) or line.strip() in text[:m]
        ]
        draft = draft_text(
            text, pipe=pipe, article_id="s", text_file="s.txt",
            options=DraftOptions(published=meta["published"]),
        )  # fmt: skip
        for kind in ("meetings", "statements", "sanctions"):
            for item in draft.doc.get(kind, []):
                for ev in item["evidence"]:
                    quote = ev if isinstance(ev, str) else ev["quote"]
                    start = ev["start"] if isinstance(ev, dict) else text.index(quote)
                    end = start + len(quote)
                    assert not any(s < end and start < e for s, e in noise), (path.name, quote)
                    checked += 1
        checked += len(noise) > 0
    assert checked > 50


def _lines_with_offsets(text: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in text.split("\n"):
        if line.strip():
            out.append((pos, line))
        pos += len(line) + 1
    return out


def test_event_and_package_keys_come_from_the_store_and_the_corpus(cli: Cli, tmp_path: Path) -> None:
    store = tmp_path / "store"
    assert cli("--store", store, "load", EXAMPLES).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    (out / "gazetteer.yaml").write_bytes((EXAMPLES / "gazetteer.yaml").read_bytes())
    story = tmp_path / "story.txt"
    story.write_text(
        "Published: 2025-10-28\n\n"
        "Sergei Lavrov and Marco Rubio spoke by phone on October 20 about the summit.\n"
        "The European Union adopted its 19th package of sanctions against Russia on Thursday.\n"
    )
    # --corpus is the (empty) output directory: the event key can only come from the store.
    result = cli("--store", store, "draft", story, "--corpus", out, "--out", out)
    assert result.exit_code == 0, result.output
    doc = yaml.safe_load((out / "story.yaml").read_text())
    assert doc["meetings"][0]["event"] == "lavrov-rubio-call-2025-10-20"
    with_corpus = cli("draft", story, "--corpus", EXAMPLES, "--out", tmp_path / "o2")
    assert with_corpus.exit_code == 0
    doc = yaml.safe_load((tmp_path / "o2" / "story.yaml").read_text())
    assert doc["sanctions"][0]["package"] == "eu-19"
