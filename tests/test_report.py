"""`newsgraph report`: the static site's files, scope options and errors (no browser here)."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loader.cli import main
from loader.report.texts import segments

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

Run = Callable[..., Result]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "store"
    loaded = CliRunner().invoke(main, ["--store", str(path), "load", str(EXAMPLES), "-q"])
    assert loaded.exit_code == 0, loaded.output
    return path


@pytest.fixture
def run(store: Path) -> Run:
    def invoke(*args: str | Path) -> Result:
        return CliRunner().invoke(main, ["--store", str(store), *map(str, args)])

    return invoke


def rows(store: Path, name: str, **params: str) -> list[dict[str, object]]:
    """The canned query's rows as `newsgraph query NAME --format json` prints them."""
    args = ["--store", str(store), "query", name, "--format", "json"]
    for key, value in params.items():
        args += ["-p", f"{key}={value}"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert isinstance(found, list)
    return found


def data_file(site: Path, name: str) -> object:
    body = (site / "data" / f"{name}.js").read_text(encoding="utf-8")
    return json.loads(body[body.index("=") + 1 :].rstrip().rstrip(";"))


def test_site_files_and_pages(run: Run, store: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = run("report", site, "--texts", EXAMPLES)
    assert result.exit_code == 0, result.output
    pairs = rows(store, "who-met-whom")
    meetings = {r["meeting"] for r in pairs}
    assert f"{len(meetings)} meetings ({len(pairs)} edges)" in result.output
    for page in ("index.html", "timeline.html"):
        assert (site / page).is_file()
    vendor = site / "static" / "vendor" / "cytoscape"
    assert (vendor / "LICENSE").read_text().startswith("Copyright")
    assert (vendor / "VERSION").read_text().strip() == "cytoscape@3.33.1"
    network = data_file(site, "network")
    assert isinstance(network, dict)
    assert {e["data"]["meeting"] for e in network["edges"]} == meetings
    assert len(network["edges"]) == len(pairs)
    names = {r[side] for r in pairs for side in ("actor_a", "actor_b")}
    assert sorted(n["data"]["label"] for n in network["nodes"]) == sorted(names)
    for edge in network["edges"]:
        assert (site / edge["data"]["href"]).is_file()
    # Every fact and actor page links only to files of the site or to the web in <a>.
    for html in site.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert not re.search(r'<(script|link|img)[^>]+(src|href)="(https?:)?//', text), html
        for target in re.findall(r'(?:src|href)="([^"#:]+)"', text):
            assert (html.parent / target).exists(), (html, target)


def test_fact_page_highlights_the_passages_at_their_offsets(run: Run, store: Path,
                                                            tmp_path: Path) -> None:  # fmt: skip
    site = tmp_path / "site"
    assert run("report", site, "--texts", EXAMPLES).exit_code == 0
    page = (site / "facts" / "event--anchorage-summit-2025.html").read_text(encoding="utf-8")
    sources = rows(store, "sources-of", fact="event/anchorage-summit-2025")
    assert sources
    for row in sources:
        mark = f'<mark data-start="{row["start"]}" data-end="{row["end"]}"'
        assert mark in page
    # Status claims differ (planned before the summit, held after): marked as a conflict.
    assert "sources disagree" in page and "disputed" in page


def test_actor_scope_and_window(run: Run, store: Path, tmp_path: Path) -> None:
    site = tmp_path / "lavrov"
    result = run("report", site, "--actor", "Lavrov", "--from", "2025-08", "--to", "2025-10")
    assert result.exit_code == 0, result.output
    network = data_file(site, "network")
    assert isinstance(network, dict)
    want = rows(store, "who-met-whom", actor="Lavrov", **{"from": "2025-08", "to": "2025-10"})
    assert want and len(network["edges"]) == len(want)
    assert all("Sergei Lavrov" in (r["actor_a"], r["actor_b"]) for r in want)
    page = (site / "actors" / "actor--sergei-lavrov.html").read_text(encoding="utf-8")
    lavrov = next(r for r in rows(store, "actors") if r["id"] == "sergei-lavrov")
    assert "<h1>Sergei Lavrov</h1>" in page and str(lavrov["aliases"]) in page
    trump = next(r for r in rows(store, "actors") if r["id"] == "donald-trump")
    trump_page = (site / "actors" / "actor--donald-trump.html").read_text(encoding="utf-8")
    assert trump["wikidata"] and f'href="{trump["wikidata"]}"' in trump_page
    timeline = data_file(site, "timeline")
    assert isinstance(timeline, list)
    for item in timeline:
        assert item["latest"] >= "2025-08-01" and item["earliest"] <= "2025-10-31", item


def test_without_texts_the_passages_are_listed(run: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    assert run("report", site).exit_code == 0
    page = (site / "facts" / "event--anchorage-summit-2025.html").read_text(encoding="utf-8")
    assert "<mark" not in page and "--texts" in page
    assert "held a summit at a military base in Anchorage" in page


def test_changed_text_is_not_highlighted(run: Run, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, corpus)
    text = corpus / "texts" / "nw-2025-08-16-anchorage-summit.txt"
    assert text.is_file()
    text.write_text("ANCHORAGE — " + text.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("report", tmp_path / "site", "--texts", corpus)
    assert result.exit_code == 0
    assert "nw-2025-08-16-anchorage-summit.yaml: its text differs" in result.output
    page = (tmp_path / "site" / "facts" / "event--anchorage-summit-2025.html").read_text()
    assert page.count('class="article-text"') == 3  # the fourth source shows no text


def test_max_pages(run: Run, tmp_path: Path) -> None:
    from loader.cli.report import MAX_PAGES as CLI_DEFAULT
    from loader.report import MAX_PAGES

    assert CLI_DEFAULT == MAX_PAGES
    result = run("report", tmp_path / "site", "--max-pages", "5")
    assert result.exit_code == 0 and "; 5 fact pages" in result.output
    assert len(list((tmp_path / "site" / "facts").iterdir())) == 5


def test_errors(run: Run, tmp_path: Path) -> None:
    unknown = run("report", tmp_path / "x", "--actor", "Lavrof")
    assert unknown.exit_code != 0 and "Lavrov" in unknown.output  # the closest name
    bad = run("report", tmp_path / "y", "--from", "2025-13")
    assert bad.exit_code != 0 and "from" in bad.output
    blocked = tmp_path / "file"
    blocked.write_text("")
    assert run("report", blocked / "sub").exit_code != 0


def test_help() -> None:
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_segments_merge_overlapping_passages() -> None:
    cut = segments("abcdefghij", [(2, 5), (4, 7), (9, 12)])
    assert [(s.text, s.mark) for s in cut] == [("ab", False), ("cdefg", True), ("hi", False),
                                               ("j", True)]  # fmt: skip


def test_large_reports_aggregate_and_cap_pages(store: Path, tmp_path: Path) -> None:
    from loader.report import build_report
    from loader.report.data import gather, resolve_scope
    from loader.report.views import network
    from loader.store.embedded import EmbeddedStore

    opened = EmbeddedStore(store, read_only=True)
    try:
        data = gather(opened, resolve_scope(opened, actor=None, date_from=None, date_to=None))
        written = build_report(opened, tmp_path / "site", max_pages=3)
    finally:
        opened.close()
    pairs = rows(store, "who-met-whom")
    full = network(data, pages=set())
    assert len(full["edges"]) == len(pairs) and full["note"] == ""
    small = network(data, pages=set(), edge_limit=10, node_limit=5)
    assert len(small["nodes"]) == 5 and 0 < len(small["edges"]) <= 10
    ends = [(e["data"]["source"], e["data"]["target"]) for e in small["edges"]]
    assert len(ends) == len(set(ends))  # one edge per pair
    names = {iri: str(r["name"]) for iri, r in data.actors.items()}
    for edge in small["edges"]:
        a, b = names[edge["data"]["source"]], names[edge["data"]["target"]]
        met = {r["meeting"] for r in pairs if {r["actor_a"], r["actor_b"]} == {a, b}}
        assert edge["data"]["sources"] == len(met)  # as wide as the pair's meetings
    assert "actors with most meetings" in small["note"]
    assert written.pages == 3 and len(list((tmp_path / "site" / "facts").iterdir())) == 3
    edges = data_file(tmp_path / "site", "network")
    assert isinstance(edges, dict)
    linked = [e for e in edges["edges"] if e["data"]["href"]]
    assert linked and len(linked) < len(edges["edges"])
    for edge in linked:
        assert (tmp_path / "site" / edge["data"]["href"]).is_file()


def test_statements_of_many_actors_in_few_queries_are_those_of_one_each(store: Path) -> None:
    """The report asks ``statements-by`` for many speakers at once (a VALUES row each):
    the rows are exactly those of one query per speaker."""
    from rdflib import URIRef

    from loader.report.data import canned, canned_for_each, number
    from loader.store.connect import StoreOptions, open_store

    emb = open_store(StoreOptions(store_dir=store), read_only=True)
    try:
        speakers = [URIRef(str(r["actor"])) for r in canned(emb, "actors")
                    if number(r, "facts") > 0]  # fmt: skip
        one_each = [r for a in speakers for r in canned(emb, "statements-by", {"actor": a})]
        batched = canned_for_each(emb, "statements-by", "actor", speakers, batch=3)
    finally:
        emb.close()
    assert len(speakers) > 3 and len(one_each) > 10

    def key(row: Mapping[str, object]) -> tuple[tuple[str, str], ...]:
        return tuple(sorted((k, str(v)) for k, v in row.items()))

    assert sorted(map(key, batched)) == sorted(map(key, one_each))
