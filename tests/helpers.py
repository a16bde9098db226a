"""Helpers shared by several test modules, so that no test module imports another.

Corpora written on the fly (a small valid one, a synthetic one of any size), the
ways of running the CLI (in-process, or as a fresh process), and readers of a
store's contents.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from click.testing import CliRunner, Result
from rdflib import XSD, Dataset, Graph, Literal, URIRef

from loader.cli import main
from loader.core.errors import NewsgraphError
from loader.core.terms import Triple
from loader.pipeline import corpus
from loader.store.base import GraphPayload
from loader.store.embedded import EmbeddedStore

SHAPES = Path(__file__).parent / "fixtures" / "shapes"
_ID = "https://w3id.org/newsgraph/id/"
_NOTE = URIRef("https://w3id.org/newsgraph/ontology#note")
_NUMBER = URIRef("https://w3id.org/newsgraph/ontology#number")

# --- running the CLI ----------------------------------------------------------------

CLI = [sys.executable, "-c", "from loader.cli import main; main()"]


def run(*args: str | os.PathLike[str]) -> Result:
    """Run the CLI in-process, catching everything the way a user's terminal would see it."""
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=True)


def cli_output(args: list[str], env: dict[str, str] | None = None) -> tuple[int, str]:
    """Run the CLI in-process (exceptions propagate); its exit code and output."""
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    return result.exit_code, result.output


def run_cli(*args: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """Run the newsgraph command in a fresh interpreter, its output as text."""
    return subprocess.run(
        [*CLI, *args], capture_output=True, text=True, timeout=timeout, check=False
    )


# A running load says on stderr each time a batch is in the store.
PROGRESS_LINES = {"NEWSGRAPH_PROGRESS": "lines"}
_IN_STORE = re.compile(rb"in the store: (\d+) of (\d+) articles")


def first_batch(proc: subprocess.Popen[bytes]) -> tuple[int, int]:
    """Read a load's stderr up to its first "in the store: N of M articles"; return (N, M).

    The load must run with ``PROGRESS_LINES`` in its environment and stderr piped.
    """
    assert proc.stderr is not None
    seen = []
    while line := proc.stderr.readline():
        seen.append(line)
        found = _IN_STORE.search(line)
        if found:
            return int(found[1]), int(found[2])
    proc.wait()
    raise AssertionError(f"the load ended (rc {proc.returncode}) before a batch: {seen}")


# --- a small valid corpus, and edits of it ----------------------------------------

GAZETTEER = """\
actors:
  - id: sergei-lavrov
    type: person
    name: Sergei Lavrov
    aliases: [Lavrov]
  - id: marco-rubio
    type: person
    name: Marco Rubio
    aliases: [Rubio]
  - id: russia
    type: state
    name: Russia
places:
  - id: geneva
    name: Geneva
"""


# Line numbers below are part of the expectations: edit with care.
ARTICLE = """\
article:
  id: art-one
  title: Talks in Geneva
  published: 2025-11-10
  text: |
    Lavrov met Rubio in Geneva on Friday.
    Lavrov said the talks were useful.
meetings:
  - kind: talks
    status: held
    participants: [sergei-lavrov, marco-rubio]
    date: last Friday
    place: geneva
    evidence:
      - met Rubio in Geneva
statements:
  - speaker: sergei-lavrov
    speech: reported
    evidence:
      - the talks were useful
"""


def article(article_id: str = "art-one", text: str = ARTICLE) -> str:
    """The valid article with another id."""
    return text.replace("id: art-one", f"id: {article_id}", 1)


def write_corpus(
    root: Path,
    *,
    articles: dict[str, str | bytes] | None = None,
    gazetteer: str = GAZETTEER,
) -> Path:
    """Write ``gazetteer.yaml`` and the article files (name → text) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "gazetteer.yaml").write_text(gazetteer, encoding="utf-8")
    for name, text in (articles if articles is not None else {"a1.yaml": ARTICLE}).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def edit(old: str, new: str, text: str = ARTICLE) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def library_error(root: Path) -> NewsgraphError:
    """The first error the library reports for a corpus (raised or listed)."""
    try:
        report = corpus.validate([root], workers=1)
    except NewsgraphError as exc:
        return exc
    assert report.errors, "the corpus was expected to be invalid"
    return report.errors[0]


# --- a synthetic corpus of any size -----------------------------------------------

SYNTHETIC_ARTICLE = """\
article:
  id: crash-{n:05d}
  title: Talks number {n}
  published: 2025-11-10
  text: |
    Report {n}. Lavrov met Rubio in Geneva on Friday for round {n}.
    Lavrov said round {n} of the talks was useful.
meetings:
  - event: round-{round}
    kind: talks
    status: held
    participants: [sergei-lavrov, marco-rubio]
    date: last Friday
    place: geneva
    evidence:
      - met Rubio in Geneva on Friday for round {n}
statements:
  - speaker: sergei-lavrov
    speech: reported
    about: [marco-rubio]
    evidence:
      - round {n} of the talks was useful
"""


def synthetic_corpus(root: Path, articles: int) -> Path:
    """A valid corpus of ``articles`` small articles (shared events, so graphs overlap)."""
    (root / "articles").mkdir(parents=True)
    (root / "gazetteer.yaml").write_text(GAZETTEER, encoding="utf-8")
    for n in range(articles):
        path = root / "articles" / f"crash-{n:05d}.yaml"
        path.write_text(SYNTHETIC_ARTICLE.format(n=n, round=n % 50), encoding="utf-8")
    return root


# --- what a store holds -------------------------------------------------------------


def graphs_of(store: Path) -> dict[str, list[str]]:
    """Each graph of a store as its sorted N-Triples lines (no blank nodes here)."""
    db = ox.Store.read_only(str(store))
    graphs: dict[str, list[str]] = defaultdict(list)
    for quad in db:
        graphs[str(quad.graph_name)].append(str(quad.triple))
    del db
    return {g: sorted(lines) for g, lines in graphs.items()}


def valid_graph() -> Graph:
    """The valid fixture, flattened (the union of its graphs)."""
    ds = Dataset()
    ds.parse(SHAPES / "valid.trig", format="trig")
    g = Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    return g


def numbered_graph(i: int, *, notes: int = 3, extra: list[str] | None = None) -> GraphPayload:
    """A small article-like graph ``article/t{i}``: a number, notes, a date, a flag, a label."""
    g = URIRef(f"{_ID}article/t{i}")
    triples: list[Triple] = [(g, _NUMBER, Literal(i))]
    triples += [(URIRef(f"{_ID}note/{i}/{k}"), _NOTE, Literal(f"note {k}")) for k in range(notes)]
    triples.append((g, URIRef(f"{_ID}date"), Literal("2025-08-15", datatype=XSD.date)))
    triples.append((g, URIRef(f"{_ID}flag"), Literal(True)))
    triples.append((g, URIRef(f"{_ID}label"), Literal("hello", lang="en")))
    for k, text in enumerate(extra or []):
        triples.append((URIRef(f"{_ID}nasty/{i}/{k}"), _NOTE, Literal(text)))
    return GraphPayload(g, triples)


# --- stores written by earlier releases --------------------------------------------

# How releases before ``ng:sourceDigest`` recorded each graph's source digest.
OLD_DIGESTS = """
PREFIX ng: <https://w3id.org/newsgraph/ontology#>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
DELETE { GRAPH ?g { ?s ng:sourceDigest ?v } }
INSERT { GRAPH ?g { ?s owl:versionInfo ?v } }
WHERE { GRAPH ?g { ?s ng:sourceDigest ?v } }
"""


def with_old_digests(store_dir: Path) -> None:
    """Turn a store into one an earlier release wrote: digests in ``owl:versionInfo``."""
    store = EmbeddedStore(store_dir)
    try:
        store.update(OLD_DIGESTS)
    finally:
        store.close()


# --- drafting rules ---------------------------------------------------------------

DRAFT_GAZETTEER = Path(__file__).resolve().parent.parent / "examples" / "gazetteer.yaml"


@lru_cache(maxsize=1)
def draft_pipe() -> Any:
    """The draft pipeline over the examples' gazetteer (built once: spaCy is slow to start)."""
    from loader.draft.nlp import Pipeline
    from loader.ingest.gazetteer import load_gazetteer

    return Pipeline(load_gazetteer(DRAFT_GAZETTEER))


def draft(text: str, kind: str) -> list[dict[str, Any]]:
    """The items of one kind (meetings, statements, sanctions) drafted from one text."""
    import datetime as dt

    from loader.draft.build import DraftOptions, draft_text

    doc = draft_text(
        text + "\n",
        pipe=draft_pipe(),
        article_id="t",
        text_file="t.txt",
        options=DraftOptions(published=dt.date(2025, 10, 22)),
    ).doc
    items: list[dict[str, Any]] = doc.get(kind, [])
    return items
