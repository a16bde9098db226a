"""Write a synthetic annotated corpus in the newsgraph annotation format.

    python benchmarks/generate.py OUT_DIR --articles N [--seed 42]

Writes ``OUT_DIR/gazetteer.yaml``, ``OUT_DIR/articles/<shard>/<id>.yaml`` and
``OUT_DIR/texts/<shard>/<id>.txt`` (at most 1,000 files per shard directory).
Every article is built from its own seeded random stream, so the output depends
only on the seed and N, and one article can be rebuilt (or edited) alone.
Articles are written one at a time: memory stays flat whatever N is.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import synth_gazetteer as gz
import synth_text as st

SHARD_SIZE = 1000
FIRST_DAY = dt.date(2024, 1, 1)
DAYS = 720
KINDS = ("meeting", "summit", "talks", "phone-call", "video-call", "visit")
STATUSES = ("held", "planned", "proposed", "postponed", "cancelled")
STATUS_WEIGHTS = (60, 14, 9, 9, 8)
MEDIA = (
    "interview",
    "press-conference",
    "broadcast",
    "social-media",
    "written-statement",
    "speech",
)


def article_id(index: int) -> str:
    return f"synth-{index:06d}"


def shard(index: int) -> str:
    return f"{index // SHARD_SIZE:03d}"


def article_path(out: Path, index: int) -> Path:
    return out / "articles" / shard(index) / f"{article_id(index)}.yaml"


def text_path(out: Path, index: int) -> Path:
    return out / "texts" / shard(index) / f"{article_id(index)}.txt"


@dataclass(slots=True)
class Event:
    """A real-world meeting that several articles report (shared ``event`` key)."""

    key: str
    kind: str
    status: str
    participants: list[str]
    place: str | None
    day: dt.date


@dataclass(slots=True)
class Package:
    key: str
    issuer: str
    number: int
    status: str


@dataclass(slots=True)
class Fact:
    """One annotation item plus the sentence that carries its evidence."""

    section: str
    fields: list[tuple[str, str]]
    sentence: str
    evidence: list[str]  # substrings of the sentence
    start: int = -1  # where the sentence lands in the text


class Corpus:
    """Shared pools (events, sanctions packages) and the article builder for one seed and N."""

    def __init__(self, *, seed: int, articles: int) -> None:
        self.seed = seed
        self.articles = articles
        self.gaz = gz.build(seed)
        self.names = self.gaz.names()
        self.events = max(2, articles // 8)
        issuers = self.gaz.by_type["international-organization"][:6] + self.gaz.by_type["state"][:4]
        self.issuers = [e.id for e in issuers]
        self.gaz_people = {e.id for e in self.gaz.by_type["person"]}

    # --- shared pools, each entry rebuilt from its own seed -------------------------------
    def event(self, k: int) -> Event:
        rng = random.Random(f"{self.seed}-event-{k}")
        kind = rng.choice(KINDS)
        people = {self.gaz.person(rng).id for _ in range(rng.choice((2, 2, 2, 3)))}
        if len(people) < 2:
            people.add(self.gaz.by_type["person"][1 + k % 50].id)
        if rng.random() < 0.2:
            people.add(rng.choice(self.gaz.by_type["state"]).id)
        place = None if kind in ("phone-call", "video-call") else rng.choice(self.gaz.places).id
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
        return Event(f"{kind}-{k:05d}", kind, status, sorted(people), place, day)

    def package(self, rng: random.Random) -> Package:
        issuer = rng.choice(self.issuers)
        number = rng.randint(1, 30)
        status = ("adopted", "proposed", "failed")[(number * 7 + len(issuer)) % 3]
        return Package(f"{issuer}-{number}", issuer, number, status)

    # --- one article -----------------------------------------------------------------------
    def article(self, index: int, *, edit: int = 0) -> tuple[str, str]:
        """The annotation YAML and the text of article ``index`` (``edit`` > 0 gives a revision)."""
        rng = random.Random(f"{self.seed}-article-{index}")
        aid = article_id(index)
        events: list[Event] = []
        n_meetings = rng.choice((1, 1, 2))
        for _ in range(n_meetings):
            if rng.random() < 0.34:
                events.append(self.event(rng.randrange(self.events)))
        published = (
            events[0].day + dt.timedelta(days=rng.choice((-9, -3, 1, 1, 2, 3, 5, 6, 8, 20, 40)))
            if events
            else FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS + 30))
        )
        people = [p for ev in events for p in ev.participants if p in self.gaz_people]
        while len(set(people)) < rng.randint(2, 4):
            people.append(self.gaz.person(rng).id)
        people = list(dict.fromkeys(people))
        others = [
            rng.choice(self.gaz.by_type[t]).id
            for t in rng.sample(st.OTHER_TYPES, rng.randint(1, 2))
        ]
        ctx = st.Ctx(rng=rng, names=self.names, published=published, places=self.gaz.places)
        facts: list[Fact] = []
        for m in range(n_meetings):
            ev = events[m] if m < len(events) else None
            facts.append(self._meeting(ctx, ev, people, others, edit=edit if m == 0 else 0))
        if rng.random() < 0.55:
            facts.append(self._sanctions(ctx))
        for s in range(rng.randint(2, 4)):
            facts.append(self._statement(ctx, people, others, edit=edit if s == 0 else 0))
        text = st.assemble(ctx, facts, people + others)
        outlet = rng.choice(self.gaz.by_type["media-outlet"])
        title = facts[0].sentence.rstrip(".")[:120]
        head = [
            "# yaml-language-server: $schema=https://w3id.org/newsgraph/schema/article.json",
            "article:",
            f"  id: {aid}",
            f"  title: {_q(title)}",
            f"  url: https://news.example.org/{published.year}/{aid}",
            f"  publisher: {_q(outlet.name)}",
            f"  author: {_q(st.author(rng))}",
            f"  published: {published.isoformat()}",
            "  language: en",
            f"  text_file: ../../texts/{shard(index)}/{aid}.txt",
        ]
        return "\n".join(head + _sections(rng, facts, text)) + "\n", text

    def _meeting(
        self, ctx: st.Ctx, ev: Event | None, people: list[str], others: list[str], *, edit: int
    ) -> Fact:
        rng = ctx.rng
        if ev is None:
            kind = rng.choice(KINDS)
            parts = rng.sample(people, min(len(people), rng.choice((2, 2, 3))))
            if len(parts) < 2 or rng.random() < 0.2:
                parts.append(others[0])
            status = rng.choices(STATUSES, weights=STATUS_WEIGHTS)[0]
            place = None if kind.endswith("call") else rng.choice(self.gaz.places).id
            day = ctx.published + dt.timedelta(
                days=rng.randint(-40, -1 if status == "held" else 30)
            )
            key = None
        else:
            kind, parts, place, day, key = ev.kind, ev.participants, ev.place, ev.day, ev.key
            # Sources now and then disagree about what happened.
            status = ev.status if rng.random() > 0.12 else rng.choice(STATUSES)
        if edit:
            status = STATUSES[(STATUSES.index(status) + edit) % len(STATUSES)]
        date_value, date_text = st.date_phrase(rng, day, ctx.published)
        sentence = st.meeting_sentence(
            ctx, kind=kind, status=status, parts=parts, place=place, when=date_text
        )
        fields = [("kind", kind), ("status", status), ("participants", _ids(parts))]
        if key:
            fields.insert(0, ("event", key))
        if date_value is not None and rng.random() < 0.92:
            fields.append(("date", date_value))
        if place and rng.random() < 0.9:
            fields.append(("place", place))
        return Fact("meetings", fields, sentence, [sentence])

    def _sanctions(self, ctx: st.Ctx) -> Fact:
        rng = ctx.rng
        pkg = self.package(rng)
        status = pkg.status if rng.random() > 0.1 else rng.choice(("proposed", "adopted", "failed"))
        pool = (
            [rng.choice(self.gaz.by_type["state"]).id]
            + [rng.choice(self.gaz.by_type["company"]).id for _ in range(2)]
            + [self.gaz.person(rng).id]
        )
        targets = list(dict.fromkeys(rng.sample(pool, rng.randint(1, 3))))
        day = ctx.published - dt.timedelta(days=rng.randint(1, 50))
        date_value, date_text = st.date_phrase(rng, day, ctx.published)
        keyed = rng.random() < 0.85
        sentence = st.sanctions_sentence(
            ctx,
            issuer=pkg.issuer,
            number=pkg.number if keyed else None,
            status=status,
            targets=targets,
            when=date_text,
        )
        fields = [("issuer", pkg.issuer)]
        if keyed:
            fields = [("package", pkg.key), *fields, ("number", str(pkg.number))]
        fields += [("targets", _ids(targets)), ("status", status)]
        if date_value is not None:
            fields.append(("date", date_value))
        return Fact("sanctions", fields, sentence, [sentence])

    def _statement(self, ctx: st.Ctx, people: list[str], others: list[str], *, edit: int) -> Fact:
        rng = ctx.rng
        speaker = rng.choice(people)
        medium = rng.choice(MEDIA)
        outlet = (
            rng.choice(self.gaz.by_type["media-outlet"]).id
            if medium in ("interview", "broadcast")
            else None
        )
        about = rng.sample([p for p in people + others if p != speaker], rng.randint(1, 2))
        speech = "direct" if rng.random() < 0.6 else "reported"
        quote, sentence = st.statement(
            ctx,
            speaker=speaker,
            about=about[0],
            medium=medium,
            outlet=outlet,
            speech=speech,
            edit=edit,
        )
        fields = [
            ("speaker", speaker),
            ("quote", _q(quote)),
            ("speech", speech),
            ("medium", medium),
        ]
        if outlet:
            fields.append(("outlet", outlet))
        # The format also allows event keys in `about`; the loader does not resolve them yet.
        if rng.random() < 0.1:
            about.append(rng.choice(self.gaz.places).id)
        fields.append(("about", _ids(about)))
        if rng.random() < 0.1:
            fields.append(("addressee", rng.choice(others)))
        if rng.random() < 0.4:
            fields.append(("date", rng.choice(("yesterday", "today", ctx.published.isoformat()))))
        evidence = quote if speech == "direct" else sentence
        return Fact("statements", fields, sentence, [evidence])


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _ids(ids: list[str]) -> str:
    return "[" + ", ".join(ids) + "]"


def _sections(rng: random.Random, facts: list[Fact], text: str) -> list[str]:
    """The meetings / sanctions / statements blocks, with evidence in all three written forms."""
    lines: list[str] = []
    for section in ("meetings", "sanctions", "statements"):
        items = [f for f in facts if f.section == section]
        if not items:
            continue
        lines.append(f"{section}:")
        for fact in items:
            for j, (key, value) in enumerate(fact.fields):
                lines.append(f"  {'- ' if j == 0 else '  '}{key}: {value}")
            lines.append("    evidence:")
            for quote in fact.evidence:
                start = fact.start + fact.sentence.index(quote)
                lines.append("      - " + _evidence(rng, text, quote, start))
    return lines


def _evidence(rng: random.Random, text: str, quote: str, start: int) -> str:
    end = start + len(quote)
    if text.count(quote) != 1:
        return f"{{quote: {_q(quote)}, start: {start}, end: {end}}}"
    roll = rng.random()
    if roll < 0.08:
        return f"{{start: {start}, end: {end}}}"
    if roll < 0.14 and start > 0:
        return f"{{quote: {_q(quote)}, prefix: {_q(text[max(0, start - 12) : start])}}}"
    return _q(quote)


def generate(out: Path, *, articles: int, seed: int = 42, progress: bool = False) -> None:
    """Write the gazetteer and ``articles`` article files (and texts) under ``out``."""
    corpus = Corpus(seed=seed, articles=articles)
    out.mkdir(parents=True, exist_ok=True)
    gz.write(corpus.gaz, out / "gazetteer.yaml")
    for index in range(articles):
        if index % SHARD_SIZE == 0:
            article_path(out, index).parent.mkdir(parents=True, exist_ok=True)
            text_path(out, index).parent.mkdir(parents=True, exist_ok=True)
            if progress and index and index % 10_000 == 0:
                print(f"  {index} articles", file=sys.stderr)
        yaml_text, text = corpus.article(index)
        article_path(out, index).write_text(yaml_text, encoding="utf-8")
        text_path(out, index).write_text(text, encoding="utf-8")


def edit_article(
    out: Path, index: int, *, seed: int = 42, articles: int, revision: int = 1
) -> Path:
    """Rewrite one article as a revision (other meeting status, other quote); return its path."""
    corpus = Corpus(seed=seed, articles=articles)
    yaml_text, text = corpus.article(index, edit=revision)
    article_path(out, index).write_text(yaml_text, encoding="utf-8")
    text_path(out, index).write_text(text, encoding="utf-8")
    return article_path(out, index)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="output corpus directory")
    parser.add_argument("--articles", type=int, default=1000, help="number of articles")
    parser.add_argument("--seed", type=int, default=42, help="random seed (default 42)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    generate(args.out, articles=args.articles, seed=args.seed, progress=True)
    print(
        f"{args.articles} articles in {time.perf_counter() - t0:.1f} s -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
