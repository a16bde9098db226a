"""Articles leave the store: `articles` lists them, `remove` and `load --sync` take them out.

Run on the embedded store and on real servers (Oxigraph server, Virtuoso).
After a removal the store must hold exactly what a clean load of the remaining
articles gives, so `sources` counts and every query see the article gone.
"""

from __future__ import annotations

import json
import re
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from loader.cli import main
from loader.pipeline import corpus
from loader.store.connect import StoreOptions, open_store
from loader.store.embedded import EmbeddedStore
from tests.conftest import EXAMPLE_ARTICLES, EXAMPLES
from tests.servers import Server, cli_args, cli_env

DROPPED = "mdr-2025-10-27-budapest-off"
REMOVED = "nw-2025-02-19-riyadh-talks"


class Where:
    """Runs the CLI against one store, embedded or remote."""

    def __init__(self, args: list[str], env: dict[str, str], options: StoreOptions) -> None:
        self.args, self.env, self.options = args, env, options

    def __call__(self, *args: str | Path) -> Result:
        return CliRunner().invoke(
            main, [*self.args, *map(str, args)], env=self.env, catch_exceptions=False
        )

    def ids(self) -> list[str]:
        result = self("articles", "--format", "json")
        assert result.exit_code == 0, result.output
        return [a["id"] for a in json.loads(result.stdout)]

    def quads(self) -> int:
        store = open_store(self.options)
        try:
            return int(store.quad_count())  # type: ignore[attr-defined]
        finally:
            store.close()


@pytest.fixture(params=["embedded", "oxigraph", "virtuoso"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Where:
    if request.param == "embedded":
        options = StoreOptions(store_dir=tmp_path / "store")
        return Where(["--store", str(options.store_dir)], {}, options)
    request.node.add_marker(pytest.mark.servers)
    server: Server = request.getfixturevalue(f"{request.param}_server")
    server.clean()
    options = server.options()
    return Where(cli_args(options), cli_env(options), options)


def _clean_quads(root: Path, tmp_path: Path) -> int:
    store = EmbeddedStore(tmp_path / "clean")
    try:
        assert corpus.load([root], store).ok
        return store.quad_count()
    finally:
        store.close()


def test_articles_remove_and_sync(where: Where, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, root)
    assert where("load", root).exit_code == 0
    listed = where("articles")
    assert listed.exit_code == 0 and DROPPED in listed.stdout
    assert len(where.ids()) == EXAMPLE_ARTICLES

    entries = {a["id"]: a for a in json.loads(where("articles", "--format", "json").stdout)}
    assert entries[DROPPED]["source"] == str((root / f"{DROPPED}.yaml").resolve())
    assert datetime.fromisoformat(entries[DROPPED]["loaded_at"]).tzinfo is not None

    (root / f"{DROPPED}.yaml").unlink()
    plain = where("load", root)
    assert plain.exit_code == 0, plain.output
    assert (
        f"warning: the store holds 1 article(s) loaded earlier from {root} that are not there "
        f"any more: {DROPPED} — `newsgraph load --sync {root}` removes them"
    ) in " ".join(plain.stderr.split())
    assert len(where.ids()) == EXAMPLE_ARTICLES, "a plain load only warns"
    alone = where("load", "--dry-run", root)
    assert alone.exit_code == 2
    assert "--dry-run goes with --sync — add --sync, or drop --dry-run" in alone.stderr
    dry = where("load", "--sync", "--dry-run", root)
    assert dry.exit_code == 0, dry.output
    assert dry.stdout.split() == [DROPPED]
    assert "would remove 1 article(s)" in dry.stderr
    assert len(where.ids()) == EXAMPLE_ARTICLES, "a dry run writes nothing"

    synced = where("load", "--sync", root)
    assert synced.exit_code == 0, synced.output
    assert f"removed 1 article(s) no longer in the corpus: {DROPPED}" in synced.stderr
    assert DROPPED not in where.ids() and len(where.ids()) == EXAMPLE_ARTICLES - 1
    assert where.quads() == _clean_quads(root, tmp_path / "a")

    unknown = where("remove", REMOVED, "no-such-article")
    assert unknown.exit_code == 2
    assert (
        "no article with id 'no-such-article' in the store; nothing was removed" in unknown.stderr
    )
    assert len(where.ids()) == EXAMPLE_ARTICLES - 1

    removed = where("remove", REMOVED)
    assert removed.exit_code == 0, removed.output
    assert REMOVED not in where.ids() and len(where.ids()) == EXAMPLE_ARTICLES - 2
    (root / f"{REMOVED}.yaml").unlink()
    assert where.quads() == _clean_quads(root, tmp_path / "b")


def test_another_folder_and_a_moved_file_are_not_gone(tmp_path: Path) -> None:
    root, other = tmp_path / "corpus", tmp_path / "other"
    shutil.copytree(EXAMPLES, root)
    other.mkdir()
    shutil.copy(EXAMPLES / "gazetteer.yaml", other / "gazetteer.yaml")
    (other / "extra.yaml").write_text(
        (EXAMPLES / f"{DROPPED}.yaml")
        .read_text(encoding="utf-8")
        .replace(f"id: {DROPPED}", "id: extra-copy", 1)
        .replace("text_file: texts/", f"text_file: {EXAMPLES}/texts/"),
        encoding="utf-8",
    )
    where = Where(["--store", str(tmp_path / "s")], {}, StoreOptions(store_dir=tmp_path / "s"))
    assert where("load", root).exit_code == 0
    assert where("load", other).exit_code == 0
    # A file moved inside the corpus keeps its article; the other folder's article stays.
    (root / "moved").mkdir()
    (root / f"{DROPPED}.yaml").rename(root / "moved" / f"{DROPPED}.yaml")
    (root / "moved" / "texts").symlink_to(root / "texts")
    synced = where("load", "--sync", root)
    assert synced.exit_code == 0, synced.output
    assert "removed" not in synced.stderr and "warning" not in synced.stderr
    assert len(where.ids()) == EXAMPLE_ARTICLES + 1
    entries = {a["id"]: a for a in json.loads(where("articles", "--format", "json").stdout)}
    assert entries[DROPPED]["source"] == str((root / "moved" / f"{DROPPED}.yaml").resolve())


def test_sync_removes_nothing_while_an_article_is_invalid(tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    shutil.copytree(EXAMPLES, root)
    where = Where(["--store", str(tmp_path / "s")], {}, StoreOptions(store_dir=tmp_path / "s"))
    assert where("load", root).exit_code == 0
    (root / f"{DROPPED}.yaml").unlink()
    bad = root / f"{REMOVED}.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("status: held", "status: maybe", 1))
    result = where("load", "--sync", "--keep-going", root)
    assert result.exit_code == 1
    assert "--sync removed nothing" in result.stderr
    assert DROPPED in where.ids()


def test_load_and_stats_report_the_same_labelled_facts(where: Where, tmp_path: Path) -> None:
    loaded = where("load", EXAMPLES)
    assert loaded.exit_code == 0, loaded.output
    mentions = re.search(
        r"(\d+) meeting mentions, (\d+) sanctions package mentions, (\d+) statement mentions",
        loaded.stderr,
    )
    held = re.search(
        r"the store now holds (\d+) distinct meetings \((\d+) mentions\), (\d+) distinct "
        r"sanctions packages \((\d+) mentions\), (\d+) distinct statements \((\d+) mentions\)",
        loaded.stderr,
    )
    assert mentions and held, loaded.stderr
    # Mentions count each article's facts; distinct facts merge an event told by several.
    assert mentions.groups() == held.group(2, 4, 6)
    assert held.group(1, 2) == ("17", "31")  # the examples' meetings: 17 events, 31 reports
    stats = where("stats", "--format", "json")
    assert stats.exit_code == 0, stats.output
    n = [int(x) for x in held.groups()]
    assert json.loads(stats.stdout)["facts"] == {
        "Meeting": {"distinct": n[0], "mentions": n[1]},
        "SanctionsPackage": {"distinct": n[2], "mentions": n[3]},
        "Statement": {"distinct": n[4], "mentions": n[5]},
    }
    table = where("stats")
    assert "│ meetings           │ 17       │ 31       │" in table.stdout
