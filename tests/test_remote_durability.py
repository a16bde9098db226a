"""A server killed after a load comes back with everything the load wrote.

A second load that adds sources to the meetings of a first one rewrites their
consensus. Virtuoso 7.2 lost part of such rewrites when it was killed before
its next checkpoint: the triples a rewrite deleted and inserted again in the
same request (the unchanged ones) were partly gone once its log was replayed,
while the article graphs written after them were there, so no rerun would
write them again.
The loader now sends only the triples that change; this test kills each
server right after a load it acknowledged and compares the consensus graph it
comes back with to a recomputation from its article graphs.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from loader.consensus.upkeep import recompute
from loader.core.terms import to_ox
from loader.core.vocab import CONSENSUS_GRAPH
from loader.store.base import SelectResult
from tests.helpers import cli_output
from tests.servers import Server, cli_args, cli_env, start_oxigraph, start_virtuoso

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import generate

pytestmark = [pytest.mark.servers, pytest.mark.slow]

ARTICLES = 120  # generated (benchmarks/generate.py): meetings reported by several articles


def _load(server: Server, root: Path) -> None:
    code, out = cli_output(
        [*cli_args(server.options()), "load", "--quiet", str(root)], cli_env(server.options())
    )
    assert code == 0, out


def _consensus(server: Server) -> list[str]:
    result = server.store().query(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{CONSENSUS_GRAPH}> {{ ?s ?p ?o }} }}"
    )
    assert isinstance(result, SelectResult)
    return sorted(str(ox.Triple(*(to_ox(t) for t in row))) for row in result.rows)


def _everything(server: Server) -> list[str]:
    """Every quad the server holds (no blank nodes in these graphs)."""
    result = server.store().query("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert isinstance(result, SelectResult)
    return sorted(" ".join(str(to_ox(t)) for t in row if t is not None) for row in result.rows)


def _recomputed(server: Server) -> list[str]:
    text = recompute(server.store()).encode("utf-8")
    return sorted(str(t) for t in ox.parse(text, ox.RdfFormat.N_TRIPLES))


@pytest.mark.parametrize("kind", ["oxigraph", "virtuoso"])
def test_a_server_killed_after_loads_keeps_everything_they_wrote(kind: str, tmp_path: Path) -> None:
    root = tmp_path / "corpus"
    generate.generate(root, articles=ARTICLES, seed=11)
    aside = tmp_path / "aside"
    aside.mkdir()
    later = sorted((root / "articles").rglob("*.yaml"))[1::2]
    for path in later:
        path.rename(aside / path.name)
    where = tmp_path / kind
    server = start_oxigraph(where / "data") if kind == "oxigraph" else start_virtuoso(where)
    try:
        _load(server, root)
        server.restart()  # a clean stop: what the first load wrote is checkpointed
        for path in later:
            (aside / path.name).rename(path)
        _load(server, root)  # every meeting gets more sources: its consensus is rewritten
        edited = later[0]
        text = edited.read_text(encoding="utf-8")
        edited.write_text(text.replace('  title: "', '  title: "Updated: ', 1), encoding="utf-8")
        _load(server, root)  # one article graph replaced, mostly by the same triples
        before = _everything(server)
        server.kill()
        server.restart()
        after = _everything(server)
        lost, gained = sorted(set(before) - set(after)), sorted(set(after) - set(before))
        assert not lost and not gained, f"lost {len(lost)}: {lost[:3]}; gained {gained[:3]}"
        assert _consensus(server) == _recomputed(server)
    finally:
        server.stop()
