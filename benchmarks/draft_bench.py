"""Articles per second for `newsgraph draft`: on examples/ and on synthetic corpus texts.

Runs in one process with the blank spaCy pipeline (no NER model), as the
command does: the pipeline is built once per gazetteer, then each article is
drafted. Usage: python benchmarks/draft_bench.py [--articles N] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import generate  # noqa: E402

from loader.draft.build import DraftOptions, draft_text  # noqa: E402
from loader.draft.nlp import Pipeline  # noqa: E402
from loader.ingest.gazetteer import load_gazetteer  # noqa: E402


def rate(gazetteer: Path, texts: list[Path], *, rounds: int = 1) -> dict[str, float]:
    """Draft every text ``rounds`` times; articles per second after building the pipeline."""
    started = time.perf_counter()
    pipe = Pipeline(load_gazetteer(gazetteer))
    setup = time.perf_counter() - started
    options = DraftOptions(published=dt.date(2025, 10, 21))
    bodies = [t.read_text(encoding="utf-8") for t in texts]
    started = time.perf_counter()
    for _ in range(rounds):
        for i, body in enumerate(bodies):
            draft_text(body, pipe=pipe, article_id=f"a{i}", text_file="t.txt", options=options)
    seconds = time.perf_counter() - started
    n = len(bodies) * rounds
    return {"articles": n, "seconds": round(seconds, 3), "articles_per_s": round(n / seconds, 1),
            "pipeline_setup_s": round(setup, 3)}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=200, help="synthetic articles to draft")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    results = {"examples": rate(ROOT / "examples" / "gazetteer.yaml",
                                sorted((ROOT / "examples" / "texts").glob("*.txt")), rounds=5)}  # fmt: skip
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate.generate(corpus, articles=args.articles, seed=42)
        texts = sorted(p for p in corpus.rglob("*.txt"))
        results["synthetic"] = rate(corpus / "gazetteer.yaml", texts)
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for name, r in results.items():
            print(f"{name:10} {r['articles']:6} articles  {r['articles_per_s']:8.1f} articles/s"
                  f"  (pipeline built in {r['pipeline_setup_s']} s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
