"""Rows → what the pages and scripts draw: network elements, timeline items, fact views.

Pure functions over :class:`~loader.report.data.ReportData`; no store, no HTML.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache
from typing import Any

from loader.core.vocab import ID
from loader.report.data import ReportData, Row, number, text

# Meetings' statuses (the network's filter), then those only sanctions packages have.
STATUSES = ("held", "planned", "postponed", "proposed", "cancelled", "drafting", "adopted",
            "in-force", "extended", "failed", "lifted", "expired")  # fmt: skip
ACTOR_TYPES = ("person", "state", "international-organization", "government-body", "company",
               "media-outlet")  # fmt: skip
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@lru_cache(maxsize=65536)
def slug(iri: str) -> str:
    """A file name for a fact or actor IRI: its path under the id namespace, made safe."""
    tail = iri[len(str(ID)) :] if iri.startswith(str(ID)) else iri
    return "--".join(_UNSAFE.sub("_", part) for part in tail.split("/") if part) or "_"


def fact_href(iri: str) -> str:
    return f"facts/{slug(iri)}.html"


def actor_href(iri: str) -> str:
    return f"actors/{slug(iri)}.html"


def claim_interval(claim: str | None) -> tuple[str, str] | None:
    """``2025-08-15`` or ``2025-08-01/2025-08-31`` (a claimed date) → (earliest, latest)."""
    if not claim:
        return None
    first, _, last = claim.partition("/")
    return first, last or first


EDGE_LIMIT = 2500
NODE_LIMIT = 250


def network(data: ReportData, *, pages: set[str], edge_limit: int = EDGE_LIMIT,
            node_limit: int = NODE_LIMIT) -> dict[str, Any]:  # fmt: skip
    """Cytoscape elements: one node per actor that met someone, one edge per meeting and pair.

    Past ``edge_limit`` edges the browser would stall, so the pairs are aggregated (one
    edge per pair of actors, as wide as their number of meetings), and past ``node_limit``
    actors only the ones with most meetings are drawn; ``note`` says what was left out.
    """
    by_name = {str(r["name"]): iri for iri, r in data.actors.items() if r.get("name")}
    meetings: dict[str, set[str]] = {}
    edges: list[dict[str, Any]] = []
    for i, row in enumerate(data.pairs):
        meeting = text(row, "meeting") or ""
        ends = [by_name.get(text(row, side) or "") for side in ("actor_a", "actor_b")]
        if not meeting or None in ends:
            continue
        a, b = str(ends[0]), str(ends[1])
        for end in (a, b):
            meetings.setdefault(end, set()).add(meeting)
        edges.append({"data": {
            "id": f"e{i}", "source": a, "target": b, "meeting": meeting,
            "label": _meeting_label(row), "status": text(row, "status") or "unknown",
            "kind": text(row, "kind") or "meeting", "sources": number(row, "sources"),
            "earliest": text(row, "date_earliest"), "latest": text(row, "date_latest"),
            "precision": text(row, "date_precision"),
            "href": fact_href(meeting) if meeting in pages else None,
        }})  # fmt: skip
    note = ""
    if len(edges) > edge_limit:
        edges = _per_pair(edges, data)
        note = f"{len(data.pairs):,} meeting pairs are drawn as {len(edges):,} edges, one per pair"
    keep = sorted(meetings, key=lambda x: (-len(meetings[x]), x))[:node_limit]
    if len(keep) < len(meetings):
        kept = set(keep)
        edges = [e for e in edges if e["data"]["source"] in kept and e["data"]["target"] in kept]
        note += (
            "; " if note else ""
        ) + f"the {len(keep):,} actors with most meetings of {len(meetings):,} are shown"
    if len(edges) > edge_limit:
        shown = len(edges)
        edges = sorted(edges, key=lambda e: (-e["data"]["sources"], e["data"]["id"]))[:edge_limit]
        note += f"; the {edge_limit:,} pairs with most meetings of {shown:,} are drawn"
    most = max((len(meetings[x]) for x in keep), default=1)
    nodes = []
    for iri in sorted(keep, key=lambda x: str(data.actors[x].get("name") or x)):
        row = data.actors[iri]
        count = len(meetings[iri])
        nodes.append({"data": {
            "id": iri, "label": text(row, "name") or iri, "type": text(row, "type") or "person",
            "meetings": count, "size": round(22 + 50 * math.sqrt(count / most), 1),
            "href": actor_href(iri),
        }})  # fmt: skip
    return {"nodes": nodes, "edges": edges, "note": note}


def _per_pair(edges: list[dict[str, Any]], data: ReportData) -> list[dict[str, Any]]:
    pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for edge in edges:
        d = edge["data"]
        pairs.setdefault((d["source"], d["target"]), []).append(d)
    out = []
    for i, ((a, b), group) in enumerate(sorted(pairs.items())):
        statuses = sorted({d["status"] for d in group})
        dated = [d for d in group if d["earliest"]]
        names = " – ".join(str(data.actors[x].get("name")) for x in (a, b))
        out.append({"data": {
            "id": f"p{i}", "source": a, "target": b, "meeting": None,
            "label": f"{len(group)} meetings: {names}",
            "status": statuses[0] if len(statuses) == 1 else "mixed", "statuses": statuses,
            "kind": "pair", "sources": len(group),
            "earliest": min((d["earliest"] for d in dated), default=None),
            "latest": max((d["latest"] for d in dated), default=None),
            "precision": None, "href": actor_href(a),
        }})  # fmt: skip
    return out


def _meeting_label(row: Row) -> str:
    when = text(row, "date_earliest")
    kind = (text(row, "kind") or "meeting").replace("-", " ")
    pair = f"{text(row, 'actor_a')} – {text(row, 'actor_b')}"
    return f"{kind}: {pair}" + (f" ({when})" if when else "")


def timeline(data: ReportData, *, pages: set[str]) -> list[dict[str, Any]]:
    """Bars for meetings and packages (one per source claim when dates conflict), points for
    statements; each item names the actors it belongs to, for grouping by actor."""
    items: list[dict[str, Any]] = []
    for iri, entry in data.meetings().items():
        row = entry["row"]
        kind = (text(row, "kind") or "meeting").replace("-", " ").capitalize()
        title = f"{kind}: " + " – ".join(entry["participants"])
        items.append(_bar(data, iri, "meeting", row, entry["participants"], title=title))
        items[-1]["href"] = fact_href(iri) if iri in pages else None
    for row in data.packages:
        iri = str(row["package"])
        number_ = text(row, "number")
        title = f"{text(row, 'issuer')} sanctions package" + (f" {number_}" if number_ else "")
        issuer = [text(row, "issuer") or ""]
        items.append(_bar(data, iri, "sanctions", row, issuer, title=title))
        items[-1]["href"] = fact_href(iri) if iri in pages else None
    for iri, row in data.statements.items():
        quote = text(row, "quote") or ""
        short = quote if len(quote) <= 80 else quote[:77] + "…"
        about = [a.strip() for a in (text(row, "about") or "").split(";") if a.strip()]
        items.append({
            "id": iri, "type": "statement", "title": f"{text(row, 'speaker')}: {short}",
            "status": text(row, "speech") or "", "earliest": text(row, "date_earliest"),
            "latest": text(row, "date_latest"), "precision": None,
            "href": fact_href(iri) if iri in pages else None,
            "actors": [text(row, "speaker") or "", *about], "claims": [],
        })  # fmt: skip
    return [i for i in items if i["earliest"]]


def _bar(data: ReportData, iri: str, kind: str, row: Row, actors: list[str], *,
         title: str) -> dict[str, Any]:  # fmt: skip
    claims = []
    if text(row, "date_precision") == "conflict":
        seen: set[tuple[str, str, str]] = set()
        for src in data.sources.get(iri, []):
            interval = claim_interval(text(src, "claimed_date"))
            article = text(src, "article") or ""
            if interval and (article, *interval) not in seen:
                seen.add((article, *interval))
                claims.append({"earliest": interval[0], "latest": interval[1],
                               "source": text(src, "title") or article})  # fmt: skip
    return {
        "id": iri,
        "type": kind,
        "title": title,
        "status": text(row, "status") or "unknown",
        "earliest": text(row, "date_earliest"),
        "latest": text(row, "date_latest"),
        "precision": text(row, "date_precision"),
        "href": fact_href(iri),
        "actors": actors,
        "claims": claims,
    }


def source_views(rows: list[Row]) -> list[dict[str, Any]]:
    """``sources-of`` rows grouped per article: its claims and its passages (offsets, exact)."""
    articles: dict[str, dict[str, Any]] = {}
    for row in rows:
        article = text(row, "article") or ""
        view = articles.setdefault(article, {
            "article": article, "title": text(row, "title") or article,
            "publisher": text(row, "publisher"), "published": text(row, "published"),
            "url": text(row, "url"), "status": text(row, "claimed_status"),
            "date": text(row, "claimed_date"), "place": text(row, "claimed_place"),
            "passages": [],
        })  # fmt: skip
        start, end = row.get("start"), row.get("end")
        if isinstance(start, int) and isinstance(end, int):
            span = {"start": start, "end": end, "exact": text(row, "exact") or ""}
            if span not in view["passages"]:
                view["passages"].append(span)
    return list(articles.values())


__all__ = ["actor_href", "fact_href", "network", "slug", "source_views", "timeline"]
