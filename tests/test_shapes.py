"""The SHACL shapes: silent on valid data, and each fires on a crafted bad example.

Each bad fixture in tests/fixtures/shapes/ adds one faulty node to the valid
dataset and names the violations it must cause in ``# expect: FOCUS PATH`` lines.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import SH

from loader.core.vocab import ID, NG
from loader.owl.ontology import shapes_graph
from loader.owl.shacl import validate_graph
from tests.helpers import valid_graph

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
BAD = sorted(FIXTURES.glob("*.ttl"))
PREFIXES = {"id:": str(ID), "ng:": str(NG)}


def expand(curie: str) -> str:
    for prefix, ns in PREFIXES.items():
        if curie.startswith(prefix):
            return ns + curie[len(prefix) :]
    return curie


def expected(path: Path) -> set[tuple[str, str]]:
    found = re.findall(r"^# expect: (\S+) (\S+)$", path.read_text(encoding="utf-8"), re.M)
    assert found, f"{path.name} names no expected violation"
    return {(expand(focus), expand(prop)) for focus, prop in found}


def test_valid_data_has_no_violations() -> None:
    assert validate_graph(valid_graph()) == []


@pytest.mark.parametrize("fixture", BAD, ids=[p.stem for p in BAD])
def test_bad_fixture_fires_its_shape(fixture: Path) -> None:
    data = valid_graph()
    data.parse(fixture, format="turtle")
    violations = validate_graph(data)
    assert {(v.focus, v.path) for v in violations} == expected(fixture)
    assert all(v.message and v.severity == "Violation" for v in violations)


def test_every_node_shape_is_exercised() -> None:
    shapes = shapes_graph()
    node_shapes = {str(s) for s in shapes.subjects(SH.targetClass, None)}
    data = valid_graph()
    for fixture in BAD:
        data.parse(fixture, format="turtle")
    assert {v.shape for v in validate_graph(data)} == node_shapes


def test_violation_names_article_and_evidence_passage() -> None:
    data = valid_graph()
    data.parse(FIXTURES / "meeting-one-participant.ttl", format="turtle")
    (violation,) = validate_graph(data)
    assert violation.article_id == "a1"
    (source,) = violation.sources
    assert (source.start, source.end, source.text) == (30, 54, "spoke by phone on Monday")
    assert "at least two participants" in violation.message


def test_date_violation_is_traced_through_the_fact_that_uses_it() -> None:
    data = valid_graph()
    data.parse(FIXTURES / "date-reversed.ttl", format="turtle")
    meeting = URIRef(ID["event/lavrov-rubio-call-2025"])
    data.set((meeting, NG.hasDate, URIRef(ID["date/a1/rev"])))
    (violation,) = validate_graph(data)
    assert violation.focus == str(ID["date/a1/rev"])
    assert [s.text for s in violation.sources] == ["spoke by phone on Monday"]
