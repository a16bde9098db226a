"""A synthetic gazetteer: ~2,000 actors of all six types and ~300 places.

Names are invented from syllables and word lists, so the corpus resembles no
real people; Wikidata QIDs are well formed but fake (``Q9`` followed by digits).
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path


def words(text: str) -> list[str]:
    return text.split()


FIRST = words(
    "Anna Boris Clara Dmitri Elena Farid Greta Hugo Ines Jonas Katya Lars Mira "
    "Nikolai Olga Pavel Rosa Stefan Tomas Ulla Vera Walter Yara Zoran Amir Bettina "
    "Carlos Daria Emil Fatima Georg Helga Ivan Jana Karim Lena Marek Nadia Oskar "
    "Petra Rafael Sofia Timur Ursula Viktor Wanda Xenia Yusuf Zofia Anders Beata "
    "Cyril Dalia Erik Frida"
)
LAST_A = words("Var Kel Dor Mes Tal Bren Sor Lin Gar Hol Ves Mar Rud Tor Fen Kas Lom Nor Pell Quin")
LAST_B = words("ani ovic sen berg ova ari elli etti mann stein ko dor vik las ton ez")
STATE_A = words("Vel Ost Kar Mir Dal Sev Tar Bel Hes Lor Nov Pra Sil Ved Zar Ald Cor Eld Fal Gan")
STATE_B = ["oria", "ania", "istan", "avia", "enia", "ova", "ador", "una", "eth", "ia"]
CITY_A = words(
    "Port Nor Kes Tarn Bel Gra Hal Lun Mor Ros Sten Val Wes Kir Ast Brun Cal Dun Ems "
    "Fir Jor Lyn Rav Sal Tol"
)
CITY_B = words("holm vik grad burg ford haven stad polis mouth dorf minde ava ica ora")
ORG_ADJ = words(
    "Northern Southern Eastern Western Atlantic Pacific Continental Arctic Central Coastal"
)
ORG_NOUN = words(
    "Maritime Energy Security Trade Grain Monetary Health Climate Nuclear Cyber Water Labour"
)
ORG_KIND = words("Council Organization Union Alliance Agency Forum Commission Partnership")
MINISTRIES = (
    ("Ministry of Foreign Affairs", "Foreign Ministry"),
    ("Ministry of Defence", "Defence Ministry"),
    ("Ministry of Finance", "Finance Ministry"),
    ("Presidential Office", "Presidency"),
    ("Parliament", "Parliament"),
    ("Security Council", "Security Council"),
)
SECTORS = words("Energy Shipping Metals Bank Grain Telecom Aviation Chemicals Mining Rail")
FIRM = ["Group", "Holdings", "Corporation", "Industries", "Partners", "Trust"]
PAPERS = words("Herald Courier Times Gazette Post Tribune Observer Monitor Chronicle Dispatch")
ROLE_TITLES = (
    ("President", "state"),
    ("Prime Minister", "state"),
    ("Minister of Foreign Affairs", "state"),
    ("Minister of Defence", "state"),
    ("Ambassador to the United Nations", "state"),
    ("Secretary General", "international-organization"),
    ("Spokesperson", "government-body"),
    ("Chief Executive", "company"),
    ("Editor", "media-outlet"),
)

COUNTS = {
    "person": 1200,
    "state": 150,
    "international-organization": 120,
    "government-body": 240,
    "company": 190,
    "media-outlet": 100,
}
PLACES = 300


@dataclass(slots=True)
class Entry:
    """One actor or place as it will be written to ``gazetteer.yaml``."""

    id: str
    name: str
    type: str = "place"
    aliases: list[str] = field(default_factory=list)
    wikidata: str | None = None
    roles: list[tuple[str, str, str | None]] = field(default_factory=list)
    country: str | None = None


@dataclass(slots=True)
class Gazetteer:
    """The synthetic gazetteer plus sampling helpers for the article generator."""

    by_type: dict[str, list[Entry]]
    places: list[Entry]
    person_cum: list[float]  # Zipf-like weights: a few people dominate the news

    def person(self, rng: random.Random) -> Entry:
        return rng.choices(self.by_type["person"], cum_weights=self.person_cum)[0]

    def names(self) -> dict[str, str]:
        out = {e.id: e.name for entries in self.by_type.values() for e in entries}
        out.update({p.id: p.name for p in self.places})
        return out


def slugify(name: str) -> str:
    out = "".join(c.lower() if c.isalnum() else "-" for c in name)
    return "-".join(part for part in out.split("-") if part)


class _Namer:
    """Hands out unique names, ids and aliases (aliases must not be ambiguous)."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.labels: set[str] = set()
        self.qid = 9_000_000

    def claim(self, name: str) -> bool:
        if name in self.labels or slugify(name) in self.ids:
            return False
        self.labels.add(name)
        self.ids.add(slugify(name))
        return True

    def alias(self, alias: str) -> list[str]:
        if alias in self.labels:
            return []
        self.labels.add(alias)
        return [alias]

    def next_qid(self, rng: random.Random) -> str | None:
        self.qid += rng.randint(1, 97)
        return None if rng.random() < 0.1 else f"Q{self.qid}"


def build(seed: int = 42) -> Gazetteer:
    """Build the gazetteer for a seed (the same seed always gives the same entries)."""
    rng = random.Random(f"{seed}-gazetteer")
    namer = _Namer()
    by_type: dict[str, list[Entry]] = {t: [] for t in COUNTS}

    def make(kind: str, candidates: list[str], aliases: list[list[str]] | None = None) -> None:
        for i, name in enumerate(candidates):
            if len(by_type[kind]) >= COUNTS[kind]:
                return
            if not namer.claim(name):
                continue
            entry = Entry(id=slugify(name), name=name, type=kind, wikidata=namer.next_qid(rng))
            for alias in aliases[i] if aliases else []:
                entry.aliases += namer.alias(alias)
            by_type[kind].append(entry)

    states = [a + b for a in STATE_A for b in STATE_B]
    rng.shuffle(states)
    make("state", states, [[f"Republic of {s}"] for s in states])
    state_ids = [e.id for e in by_type["state"]]

    cities = [a + b for a in CITY_A for b in CITY_B]
    rng.shuffle(cities)
    places: list[Entry] = []
    for city in cities:
        if len(places) >= PLACES or not namer.claim(city):
            continue
        places.append(
            Entry(
                id=slugify(city),
                name=city,
                aliases=namer.alias(f"{city} City") if rng.random() < 0.3 else [],
                wikidata=namer.next_qid(rng),
                country=rng.choice(state_ids),
            )
        )

    orgs = [f"{a} {n} {k}" for a in ORG_ADJ for n in ORG_NOUN for k in ORG_KIND]
    rng.shuffle(orgs)
    make("international-organization", orgs, [["".join(w[0] for w in o.split())] for o in orgs])

    states_for_bodies = [e.name for e in by_type["state"]]
    bodies = [(f"{m} of {s}", f"{s} {short}") for s in states_for_bodies for m, short in MINISTRIES]
    rng.shuffle(bodies)
    make("government-body", [b for b, _ in bodies], [[a] for _, a in bodies])

    firms = [
        f"{a}{b} {s} {f}"
        for a in STATE_A
        for b in ("ex", "co", "ia")
        for s in SECTORS
        for f in FIRM
    ]
    rng.shuffle(firms)
    make("company", firms, [[" ".join(f.split()[:2])] for f in firms])

    media = [f"The {p.name} {w}" for p in places for w in PAPERS]
    rng.shuffle(media)
    make("media-outlet", media, [[m.removeprefix("The ")] for m in media])

    people = [f"{f} {a}{b}" for f in FIRST for a in LAST_A for b in LAST_B]
    rng.shuffle(people)
    make("person", people, [[f"{p.split()[0][0]}. {p.split()[1]}"] for p in people])
    _give_roles(rng, by_type)

    weights = [1.0 / (rank + 1) ** 0.9 for rank in range(len(by_type["person"]))]
    return Gazetteer(by_type=by_type, places=places, person_cum=list(accumulate(weights)))


def _give_roles(rng: random.Random, by_type: dict[str, list[Entry]]) -> None:
    for person in by_type["person"]:
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            title, of_type = rng.choice(ROLE_TITLES)
            of = rng.choice(by_type[of_type]).id
            start = rng.choice((None, f"{rng.randint(2005, 2024)}", _day(rng, 2005, 2024)))
            person.roles.append((title, of, start))


def _day(rng: random.Random, lo: int, hi: int) -> str:
    return f"{rng.randint(lo, hi)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def write(gaz: Gazetteer, path: Path) -> None:
    """Write ``gazetteer.yaml`` with plain string formatting."""
    lines = [
        "# yaml-language-server: $schema=https://w3id.org/newsgraph/schema/gazetteer.json",
        "actors:",
    ]
    for entries in gaz.by_type.values():
        for e in entries:
            lines += [f"  - id: {e.id}", f"    type: {e.type}", f"    name: {_q(e.name)}"]
            if e.aliases:
                lines.append(f"    aliases: [{', '.join(_q(a) for a in e.aliases)}]")
            if e.wikidata:
                lines.append(f"    wikidata: {e.wikidata}")
            if e.roles:
                lines.append("    roles:")
                for title, of, start in e.roles:
                    lines += [f"      - title: {_q(title)}", f"        of: {of}"]
                    if start:
                        lines.append(f"        from: {start}")  # unquoted, as a user writes it
    lines.append("places:")
    for p in gaz.places:
        lines += [f"  - id: {p.id}", f"    name: {_q(p.name)}"]
        if p.aliases:
            lines.append(f"    aliases: [{', '.join(_q(a) for a in p.aliases)}]")
        if p.wikidata:
            lines.append(f"    wikidata: {p.wikidata}")
        if p.country:
            lines.append(f"    country: {p.country}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
