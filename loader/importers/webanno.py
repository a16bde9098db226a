"""W3C Web Annotation (JSON-LD): every evidence passage as one annotation.

Export: one ``oa:Annotation`` per evidence passage. Its target is the article
with a TextQuoteSelector (the quote as the annotation file gives it) and a
TextPositionSelector; a passage given by offsets alone gets the position
selector alone, so a round trip keeps the author's choice. Its bodies are
tags, the form Hypothesis and most archives use: the fact type
(``meeting``, ``sanctions``, ``statement``) and ``field:value`` tags, plus a
body that names the fact, shared by all passages of one fact, and, where a
key names it, a body linking to the fact's node in the graph (the event or
the sanctions package).

Import reads any Web Annotation JSON-LD through pyld (the W3C context is
served from a copy shipped with newsgraph, so nothing is fetched), groups
annotations by the fact they name (or one fact per annotation), and builds
the same data classes the YAML reader builds.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from loader.core.vocab import article_iri, event_iri, sanctions_iri
from loader.importers.common import Imported, evidence_hints
from loader.importers.fields import kind_of, to_fields
from loader.ingest.anchor import ArticleText
from loader.ingest.model import Meeting, Sanctions

ANNO_CONTEXT_URL = "http://www.w3.org/ns/anno.jsonld"
NG_NS = "https://w3id.org/newsgraph/ontology#"
FACT_LISTS = (("meetings", "meeting"), ("sanctions", "sanctions"), ("statements", "statement"))
META_TERMS = {
    "publisher": "ng:publisherName",
    "author": "ng:authorName",
    "published": "ng:publishedOn",
    "url": "ng:url",
    "language": "ng:language",
}


def anno_context() -> dict[str, Any]:
    """The W3C Web Annotation JSON-LD context, from the copy shipped with newsgraph."""
    raw = resources.files("loader.resources").joinpath("anno-context.jsonld").read_text("utf-8")
    context: dict[str, Any] = json.loads(raw)["@context"]
    return context


def export_document(articles: list[Imported]) -> dict[str, Any]:
    """A JSON-LD document of annotations for every evidence passage of ``articles``."""
    items: list[dict[str, Any]] = []
    for item in articles:
        items.extend(_article_annotations(item))
    context = {**anno_context(), "ng": NG_NS}
    return {
        "@context": context,
        "id": "urn:newsgraph:export",
        "type": "AnnotationCollection",
        "label": "newsgraph evidence passages",
        "total": len(items),
        "items": items,
    }


def _article_annotations(item: Imported) -> list[dict[str, Any]]:
    meta = item.doc.article
    base = str(article_iri(meta.id))
    source: dict[str, Any] = {
        "id": base,
        "type": "Text",
        "ng:articleId": meta.id,
        "ng:title": meta.title,
    }
    for key, term in META_TERMS.items():
        value = getattr(meta, key)
        if value is not None:
            source[term] = value.isoformat() if key == "published" else value
    out: list[dict[str, Any]] = []
    for list_name, kind in FACT_LISTS:
        for i, fact in enumerate(getattr(item.doc, list_name)):
            assert kind_of(fact) == kind
            fact_id = f"{base}/fact/{list_name}-{i}"
            tags = [kind, *(f"{k}:{v}" for k, v in to_fields(fact).items())]
            bodies: list[dict[str, Any]] = [
                {"type": "TextualBody", "purpose": "tagging", "value": t} for t in tags
            ]
            bodies.append({"id": fact_id, "purpose": "identifying"})
            node = _graph_node(fact)
            if node is not None:
                bodies.append({"id": node, "purpose": "linking"})
            for j, ev in enumerate(fact.evidence):
                out.append(
                    {
                        "id": f"{fact_id}/evidence-{j}",
                        "type": "Annotation",
                        "motivation": "describing",
                        "body": bodies,
                        "target": {"source": source, "selector": _selectors(item, ev)},
                    }
                )
    return out


def _graph_node(fact: Any) -> str | None:
    """The fact's node in the graph, where a key names it (an event or a package)."""
    if isinstance(fact, Meeting) and fact.event:
        return str(event_iri(fact.event))
    if isinstance(fact, Sanctions) and (fact.package or fact.number is not None):
        return str(sanctions_iri(fact.package or f"{fact.issuer}-{fact.number}"))
    return None


def _selectors(item: Imported, ev: Any) -> list[dict[str, Any]]:
    a = ArticleText(item.text).anchor(
        quote=ev.quote, prefix=ev.prefix, suffix=ev.suffix, start=ev.start, end=ev.end
    )
    position = {"type": "TextPositionSelector", "start": a.start, "end": a.end}
    hints = evidence_hints(ev)
    if hints.get("by") == "offsets":
        return [position]
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": a.exact}
    quote.update({k: v for k, v in hints.items() if k in ("prefix", "suffix")})
    if hints.get("by") == "both":
        quote["ng:withOffsets"] = True
    return [quote, position]


def write_export(articles: list[Imported], out: Path) -> int:
    """Write the annotations to ``out`` and the texts beside it; return the count."""
    doc = export_document(articles)
    out.write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    texts = out.parent / "texts"
    texts.mkdir(parents=True, exist_ok=True)
    for item in articles:
        (texts / f"{item.doc.article.id}.txt").write_text(item.text, encoding="utf-8")
    return int(doc["total"])
