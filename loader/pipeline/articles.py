"""The articles a store holds: list them, remove some, find those a folder no longer has.

An article lives in one named graph, named by the article's IRI, so removing an
article is dropping its graph (and its catalog entry); shared nodes (events,
actors) keep whatever the remaining articles say about them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal, URIRef

from loader.consensus.upkeep import drop_articles
from loader.core.errors import UsageError
from loader.core.vocab import article_iri
from loader.store.base import SelectResult, Store
from loader.store.catalog import forget, loaded_under
from loader.store.own_sparql import own_sparql


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One article of the store; source and loaded_at are '' when the catalog has no entry."""

    id: str
    title: str
    published: str
    source: str
    loaded_at: str
    graph: str


def _text(value: object) -> str:
    return "" if value is None else str(value)


def list_articles(store: Store) -> list[StoredArticle]:
    """Every article in the store, by id."""
    result = store.query(own_sparql("articles-list.rq"))
    if not isinstance(result, SelectResult):
        return []
    seen: dict[str, StoredArticle] = {}
    for graph, aid, title, published, source, loaded in result.rows:
        if graph is None or aid is None or str(graph) in seen:
            continue
        seen[str(graph)] = StoredArticle(
            id=str(aid),
            title=_text(title),
            published=_text(published),
            source=_text(source),
            loaded_at=_text(loaded) if not isinstance(loaded, Literal) else str(loaded),
            graph=str(graph),
        )
    return sorted(seen.values(), key=lambda a: a.id)


def drop(store: Store, graphs: Sequence[URIRef]) -> None:
    """Remove article graphs and their catalog entries."""
    if graphs:
        drop_articles(store, graphs)
        store.update(forget(graphs))


def remove_articles(store: Store, ids: Sequence[str]) -> list[StoredArticle]:
    """Remove the given articles; all of them must be in the store, else nothing is removed."""
    stored = {a.id: a for a in list_articles(store)}
    missing = [i for i in ids if i not in stored]
    if missing:
        names = ", ".join(repr(i) for i in missing)
        raise UsageError(
            f"no article with id {names} in the store; nothing was removed",
            hint="`newsgraph articles` lists the ids the store holds",
        )
    chosen = [stored[i] for i in dict.fromkeys(ids)]
    drop(store, [URIRef(a.graph) for a in chosen])
    return chosen


def gone_from(store: Store, folders: Sequence[Path], ids: Collection[str]) -> list[str]:
    """Ids of stored articles loaded from inside ``folders`` whose id is not among ``ids``."""
    keep = {str(article_iri(i)) for i in ids}
    found: dict[str, str] = {}
    for folder in folders:
        for graph, aid, _ in loaded_under(store, folder):
            if graph not in keep:
                found[graph] = aid
    return sorted(found.values())


__all__ = ["StoredArticle", "drop", "gone_from", "list_articles", "remove_articles"]
