"""The articles a store holds: list them, remove some, find those a corpus no longer has.

An article lives in one named graph, named by the article's IRI, so removing an
article is dropping its graph; shared nodes (events, actors) keep whatever the
remaining articles say about them.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rdflib import Literal, URIRef

from loader.errors import UsageError
from loader.store import SelectResult, Store, nt_term
from loader.vocab import NG, RDF, article_iri

_LIST = f"""
SELECT ?g ?id ?title ?published (COUNT(*) AS ?triples) WHERE {{
  GRAPH ?g {{
    ?g {nt_term(RDF.type)} {nt_term(NG.Article)} ; {nt_term(NG.articleId)} ?id .
    OPTIONAL {{ ?g {nt_term(NG.title)} ?title }}
    OPTIONAL {{ ?g {nt_term(NG.publishedOn)} ?published }}
    ?s ?p ?o .
  }}
}} GROUP BY ?g ?id ?title ?published ORDER BY ?id
"""


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """One article graph of the store."""

    id: str
    title: str
    published: str
    graph: str
    triples: int


def list_articles(store: Store) -> list[StoredArticle]:
    """Every article in the store, by id."""
    result = store.query(_LIST)
    if not isinstance(result, SelectResult):
        return []
    seen: dict[str, StoredArticle] = {}
    for graph, aid, title, published, triples in result.rows:
        if graph is None or aid is None or str(graph) in seen:
            continue
        count = int(triples) if isinstance(triples, Literal) else 0
        seen[str(graph)] = StoredArticle(
            id=str(aid),
            title="" if title is None else str(title),
            published="" if published is None else str(published),
            graph=str(graph),
            triples=count,
        )
    return sorted(seen.values(), key=lambda a: a.id)


def remove_articles(store: Store, ids: Sequence[str]) -> list[StoredArticle]:
    """Drop the graphs of the given articles; all of them must be in the store."""
    stored = {a.id: a for a in list_articles(store)}
    missing = [i for i in ids if i not in stored]
    if missing:
        names = ", ".join(repr(i) for i in missing)
        raise UsageError(
            f"no article with id {names} in the store; nothing was removed",
            hint="`newsgraph articles` lists the ids the store holds",
        )
    chosen = [stored[i] for i in dict.fromkeys(ids)]
    store.drop_graphs([URIRef(a.graph) for a in chosen])
    return chosen


def articles_not_in(store: Store, ids: Collection[str]) -> list[StoredArticle]:
    """The stored articles whose id is not among ``ids`` (the corpus just checked)."""
    keep = {str(article_iri(i)) for i in ids}
    return [a for a in list_articles(store) if a.graph not in keep]


__all__ = ["StoredArticle", "articles_not_in", "list_articles", "remove_articles"]
