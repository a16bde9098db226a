"""Score drafts against hand annotations: precision, recall and F1 per kind.

Matching is one-to-one and greedy, in document order:

* meetings match on the participant set and the status (a gold meeting of the same
  kind, then of the same date, is preferred); for matched meetings the date
  (resolved interval, or both absent) and place are compared apart;
* statements match on the speaker and evidence that overlaps by at least half
  of the shorter passage;
* sanctions match on the issuer and the package number (or, without numbers,
  at least one shared named target; with neither, overlapping evidence).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from loader.core.errors import DateError, NewsgraphError
from loader.dates.resolve import resolve_date
from loader.draft.build import KINDS, DraftOptions, draft_text
from loader.draft.nlp import Pipeline
from loader.ingest.anchor import ArticleText
from loader.ingest.gazetteer import load_gazetteer
from loader.ingest.model import ArticleDoc, Evidence, parse_model
from loader.ingest.model_sanctions import NamedTarget, Sanctions
from loader.ingest.yamlsrc import read_text, read_yaml
from loader.pipeline.corpus import discover

MIN_OVERLAP = 0.5
T = TypeVar("T")


@dataclass
class KindScore:
    gold: int = 0
    drafted: int = 0
    matched: int = 0
    date_same: int = 0
    place_same: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class ScoreReport:
    articles: int = 0
    kinds: dict[str, KindScore] = field(default_factory=lambda: {k: KindScore() for k in KINDS})

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": self.articles}
        for kind, s in self.kinds.items():
            row: dict[str, Any] = {
                "gold": s.gold,
                "drafted": s.drafted,
                "matched": s.matched,
                "precision": round(s.precision, 3),
                "recall": round(s.recall, 3),
                "f1": round(s.f1, 3),
            }
            if kind == "meetings":
                row["date_exact"] = round(s.date_same / s.matched, 3) if s.matched else None
                row["place_exact"] = round(s.place_same / s.matched, 3) if s.matched else None
            out[kind] = row
        return out


def score_corpus(root: Path) -> ScoreReport:
    """Draft every annotated article under ``root`` and compare with its annotation."""
    report = ScoreReport()
    for corpus in discover([root]):
        pipe = Pipeline(load_gazetteer(corpus.gazetteer))
        for path in corpus.articles:
            source = read_yaml(path)
            gold = parse_model(ArticleDoc, source)
            meta = gold.article
            if meta.text is not None:
                text = meta.text
            else:
                assert meta.text_file is not None  # the model requires one of the two
                text = read_text(path.parent / meta.text_file)
            draft = draft_text(
                text,
                pipe=pipe,
                article_id=meta.id,
                text_file=meta.text_file or "inline",
                options=DraftOptions(published=meta.published),
            )
            drafted = ArticleDoc.model_validate(draft.doc)
            _compare(report, gold, drafted, ArticleText(text))
    return report


def _compare(report: ScoreReport, gold: ArticleDoc, draft: ArticleDoc, text: ArticleText) -> None:
    report.articles += 1
    published = gold.article.published

    def spans(evidence: list[Evidence]) -> list[tuple[int, int]]:
        out = []
        for e in evidence:
            a = text.anchor(
                quote=e.quote, prefix=e.prefix, suffix=e.suffix, start=e.start, end=e.end
            )
            out.append((a.start, a.end))
        return out

    def when(value: object) -> object:
        if value is None:
            return None
        try:
            r = resolve_date(value, published=published)
        except (DateError, NewsgraphError):
            return value
        return (r.earliest, r.latest)

    m = report.kinds["meetings"]
    pairs = _match(
        gold.meetings,
        draft.meetings,
        lambda g, d: set(g.participants) == set(d.participants) and g.status == d.status,
        prefer=lambda g, d: (g.kind == d.kind, when(g.date) == when(d.date)),
    )
    m.gold += len(gold.meetings)
    m.drafted += len(draft.meetings)
    m.matched += len(pairs)
    for g, d in pairs:
        m.date_same += when(g.date) == when(d.date)
        m.place_same += g.place == d.place

    s = report.kinds["statements"]
    s.gold += len(gold.statements)
    s.drafted += len(draft.statements)
    s.matched += len(
        _match(
            gold.statements,
            draft.statements,
            lambda g, d: g.speaker == d.speaker and _overlaps(spans(g.evidence), spans(d.evidence)),
        )
    )

    k = report.kinds["sanctions"]
    k.gold += len(gold.sanctions)
    k.drafted += len(draft.sanctions)
    k.matched += len(
        _match(
            gold.sanctions,
            draft.sanctions,
            lambda g, d: g.issuer == d.issuer and _same_package(g, d, spans),
        )
    )


def _actors(p: Sanctions) -> set[str]:
    """Named target actor ids; structured targets (subsidiaries, groups) by their actor."""
    return {t.actor for t in p.target_items() if isinstance(t, NamedTarget)}


def _same_package(
    g: Sanctions,
    d: Sanctions,
    spans: Callable[[list[Evidence]], list[tuple[int, int]]],
) -> bool:
    """Number first, then a shared target; with neither, the same passage.

    Renewals and designations often have no number, and a renewal may name no
    target at all: without the passage fallback they could never match.
    """
    if g.number or d.number:
        return g.number == d.number
    if _actors(g) or _actors(d):
        return bool(_actors(g) & _actors(d))
    return _overlaps(spans(g.evidence), spans(d.evidence))


def _match(
    gold: list[T],
    drafted: list[T],
    same: Callable[[T, T], bool],
    *,
    prefer: Callable[[T, T], tuple[bool, ...]] = lambda g, d: (),
) -> list[tuple[T, T]]:
    """Pair each draft with the free gold item it matches best by ``prefer`` (the same
    kind, then the same date, for meetings), the first in document order on a tie."""
    free = list(gold)
    pairs: list[tuple[T, T]] = []
    for d in drafted:
        candidates = [g for g in free if same(g, d)]
        g = max(candidates, key=lambda g: prefer(g, d), default=None)
        if g is not None:
            free.remove(g)
            pairs.append((g, d))
    return pairs


def _overlaps(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    for s1, e1 in a:
        for s2, e2 in b:
            shorter = min(e1 - s1, e2 - s2)
            if shorter > 0 and min(e1, e2) - max(s1, s2) >= MIN_OVERLAP * shorter:
                return True
    return False
