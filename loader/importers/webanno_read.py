"""Read W3C Web Annotation JSON-LD (ours or a tool's) into annotation data classes.

The document is expanded with pyld, so any compaction a tool chose reads the
same; the W3C context is served from the copy shipped with newsgraph and no
other remote context is fetched. Facts are named by tags: a type tag
(``meeting``, ``sanctions``, ``statement``) and ``field:value`` tags.
"""

from __future__ import annotations

import difflib
import json
import re
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pyld import jsonld

from loader.core.errors import NewsgraphError
from loader.core.vocab import ID
from loader.importers.common import Imported, Problems, span_evidence
from loader.importers.fields import MODELS, SKIPPED, FactKind, from_fields, problem_text
from loader.importers.webanno import ANNO_CONTEXT_URL, NG_NS, anno_context
from loader.ingest.anchor import ArticleText
from loader.ingest.model import ArticleDoc
from loader.ingest.yamlsrc import read_text

OA = "http://www.w3.org/ns/oa#"
RDF_VALUE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#value"
DC_TITLE = ("http://purl.org/dc/elements/1.1/title", "http://purl.org/dc/terms/title")
KINDS: dict[str, FactKind] = {
    "meeting": "meeting",
    "sanctions": "sanctions",
    "statement": "statement",
}
ARTICLE_BASE = str(ID) + "article/"
META = {
    "title": "title",
    "publisherName": "publisher",
    "authorName": "author",
    "publishedOn": "published",
    "url": "url",
    "language": "language",
}


def _loader(url: str, options: dict[str, Any] | None = None) -> dict[str, Any]:
    if url.rstrip("/") in (ANNO_CONTEXT_URL, "https://www.w3.org/ns/anno.jsonld"):
        return {"contextUrl": None, "documentUrl": url, "document": {"@context": anno_context()}}
    raise jsonld.JsonLdError(
        f"remote context {url} is not fetched",
        "loading document failed",
        code="loading document failed",
    )


def read_web_annotation(path: Path, *, texts: Path) -> list[Imported]:
    """The articles annotated in ``path``; texts are ``texts/<article-id>.txt``."""
    problems = Problems(str(path))
    try:
        data = json.loads(read_text(path, what="Web Annotation file"))
        expanded = jsonld.expand(data, {"documentLoader": _loader})
    except json.JSONDecodeError as exc:
        problems.add(
            "JSON",
            f"not valid JSON: {exc.msg}",
            line=exc.lineno,
            hint="export the annotations again as JSON-LD",
        )
        problems.check()
        return []
    except jsonld.JsonLdError as exc:
        problems.add(
            "JSON-LD",
            f"cannot be read as JSON-LD: {str(exc).splitlines()[0]}",
            hint="use the W3C context http://www.w3.org/ns/anno.jsonld",
        )
        problems.check()
        return []
    annotations = [n for n in _nodes(expanded) if OA + "Annotation" in n.get("@type", [])]
    if not annotations:
        problems.add(
            "document",
            "holds no Web Annotation (no node of type Annotation)",
            hint="export annotations in the W3C Web Annotation format",
        )
    builder = _Builder(problems, texts)
    for node in annotations:
        builder.add(node)
    articles = builder.finish()
    problems.check()
    return articles


def _nodes(value: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(value, list):
        for v in value:
            found.extend(_nodes(v))
    elif isinstance(value, dict):
        if "@type" in value:
            found.append(value)
        for key, v in value.items():
            if key not in ("@type", "@value") and not (
                isinstance(value, dict) and OA + "Annotation" in value.get("@type", [])
            ):
                found.extend(_nodes(v))
    return found


def _first(node: dict[str, Any], key: str) -> Any:
    values = node.get(key) or []
    if not values:
        return None
    v = values[0]
    if isinstance(v, dict) and "@list" in v:
        return v["@list"][0] if v["@list"] else None
    return v


def _value(node: dict[str, Any], key: str) -> Any:
    v = _first(node, key)
    if isinstance(v, dict):
        raw = v.get("@value", v.get("@id"))
        if isinstance(raw, str) and re.fullmatch(r"\d+", raw) and "@type" in v:
            return int(raw)
        return raw
    return v


class _Builder:
    def __init__(self, problems: Problems, texts: Path) -> None:
        self.problems = problems
        self.texts = texts
        self.articles: dict[str, dict[str, Any]] = {}

    def add(self, node: dict[str, Any]) -> None:
        where = f"annotation {node.get('@id', '(no id)')}"
        target = _first(node, OA + "hasTarget")
        if not isinstance(target, dict) or OA + "hasSelector" not in target:
            self.problems.add(
                where,
                "its target has no text selector",
                hint="annotate a passage (TextQuoteSelector or "
                "TextPositionSelector), not a whole page",
            )
            return
        source = _first(target, OA + "hasSource") or {}
        art = self._article(source, where)
        if art is None:
            return
        passage = self._passage(target, art["text"], where)
        kind, fields, fact_id = self._tags(node, where)
        if passage is None or kind is None:
            return
        key = fact_id or node.get("@id") or f"#{len(art['facts'])}"
        fact = art["facts"].setdefault(
            key, {"kind": kind, "fields": {}, "evidence": [], "where": where}
        )
        for name, value in fields.items():
            if fact["fields"].setdefault(name, value) != value:
                self.problems.add(
                    where,
                    f"says {name}:{value}, another passage of the same "
                    f"fact says {name}:{fact['fields'][name]}",
                    hint="give every passage of one fact the same tags",
                )
        fact["evidence"].append(passage)

    def _article(self, source: dict[str, Any], where: str) -> dict[str, Any] | None:
        iri = str(source.get("@id", ""))
        aid = _value(source, NG_NS + "articleId")
        if not aid:
            tail = (
                iri[len(ARTICLE_BASE) :]
                if iri.startswith(ARTICLE_BASE)
                else iri.rstrip("/").rsplit("/", 1)[-1]
            )
            aid = re.sub(r"[^a-z0-9]+", "-", tail.lower()).strip("-")
        if not aid:
            self.problems.add(
                where, "its target names no source document", hint="give the target a `source`"
            )
            return None
        if aid in self.articles:
            return self.articles[aid]
        text_path = self.texts / f"{aid}.txt"
        try:
            text = read_text(text_path, what="article text")
        except NewsgraphError as exc:
            self.problems.add(
                where,
                f"the text of article {aid} is missing ({text_path})",
                hint=f"put the article text in {text_path} or pass --texts DIR"
                if "does not exist" in exc.problem
                else exc.hint,
            )
            self.articles[aid] = {"skip": True, "text": "", "facts": {}}
            return None
        meta: dict[str, Any] = {"id": aid, "title": aid}
        for term, name in META.items():
            value = _value(source, NG_NS + term)
            if value is not None:
                meta[name] = value
        for term in DC_TITLE:
            if name_value := _value(source, term):
                meta.setdefault("title", name_value)
        self.articles[aid] = {"meta": meta, "text": text, "facts": {}}
        return self.articles[aid]

    def _passage(self, target: dict[str, Any], text: str, where: str) -> dict[str, Any] | None:
        quote = position = None
        for sel in target.get(OA + "hasSelector", []):
            types = sel.get("@type", [])
            if OA + "TextQuoteSelector" in types:
                quote = sel
            elif OA + "TextPositionSelector" in types:
                position = sel
        if quote is None and position is None:
            self.problems.add(
                where,
                "has neither a TextQuoteSelector nor a TextPositionSelector",
                hint="select a passage of the text",
            )
            return None
        if quote is not None:
            exact = _value(quote, OA + "exact")
            prefix, suffix = _value(quote, OA + "prefix"), _value(quote, OA + "suffix")
            try:
                a = ArticleText(text).anchor(quote=exact or "", prefix=prefix, suffix=suffix)
            except NewsgraphError as exc:
                self.problems.add(where, exc.problem, hint=exc.hint)
                return None
            both = _value(quote, NG_NS + "withOffsets")
            hints = {"by": "both"} if both else {"prefix": prefix, "suffix": suffix}
            return span_evidence(text, a.start, a.end, hints=hints)
        assert position is not None
        start, end = _value(position, OA + "start"), _value(position, OA + "end")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            self.problems.add(
                where,
                f"offsets {start}-{end} are outside the text ({len(text)} characters)",
                hint="check the TextPositionSelector",
            )
            return None
        return span_evidence(text, start, end, hints={"by": "offsets"})

    def _tags(
        self, node: dict[str, Any], where: str
    ) -> tuple[FactKind | None, dict[str, str], str | None]:
        kind: FactKind | None = None
        fields: dict[str, str] = {}
        fact_id = None
        for body in node.get(OA + "hasBody", []):
            purposes = [p.get("@id") for p in body.get(OA + "hasPurpose", [])]
            if OA + "identifying" in purposes and "@id" in body:
                fact_id = body["@id"]
                continue
            tag = _value(body, RDF_VALUE)
            if not isinstance(tag, str) or (purposes and OA + "tagging" not in purposes):
                continue
            name, sep, value = tag.partition(":")
            if not sep and name.strip().lower() in KINDS:
                kind = KINDS[name.strip().lower()]
            elif sep:
                fields[name.strip()] = value.strip()
        if kind is None:
            self.problems.add(
                where,
                "has no tag naming a fact type",
                hint="tag it meeting, sanctions or statement",
            )
            return None, {}, None
        allowed = [f for f in MODELS[kind].model_fields if f not in SKIPPED]
        for name in list(fields):
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1)
                self.problems.add(
                    where,
                    f"tag {name}:{fields.pop(name)} is not a field of a {kind}",
                    hint=f"did you mean {close[0]!r}?"
                    if close
                    else f"use one of {', '.join(allowed)}",
                )
        return kind, fields, fact_id

    def finish(self) -> list[Imported]:
        out: list[Imported] = []
        for art in self.articles.values():
            if art.get("skip"):
                continue
            lists: dict[str, list[Any]] = {"meetings": [], "sanctions": [], "statements": []}
            origins: dict[str, str] = {}
            for fact in art["facts"].values():
                name = {"meeting": "meetings", "sanctions": "sanctions", "statement": "statements"}[
                    fact["kind"]
                ]
                try:
                    built = from_fields(fact["kind"], fact["fields"], fact["evidence"])
                except ValidationError as exc:
                    self.problems.add(
                        fact["where"],
                        problem_text(exc),
                        hint="fix the field:value tags of this fact",
                    )
                    continue
                origins[f"{name}.{len(lists[name])}"] = fact["where"]
                lists[name].append(built)
            try:
                doc = ArticleDoc.model_validate(
                    {"article": {**art["meta"], "text": art["text"]}, **lists}
                )
            except ValidationError as exc:
                self.problems.add(
                    f"article {art['meta']['id']}",
                    problem_text(exc),
                    hint="fix the article's metadata in the source",
                )
                continue
            out.append(Imported(doc=doc, text=art["text"], origins=origins))
        return out
