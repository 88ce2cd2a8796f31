"""Clinical vignettes built from clinical REFERENCE.md §5 (vignettes.json): every row, plus near misses.

Each vignette has an ``expected`` level. No vignette may come out lower (under-triage); all must match
exactly except those marked ``allow_higher``, whose ``why`` explains the deliberate caution.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fibrotrack.triage import evaluate, parse_case, rules, urgency_rank

VIGNETTES = json.loads((Path(__file__).parent / "vignettes.json").read_text(encoding="utf-8"))


def test_suite_is_large_enough_and_well_formed():
    assert len(VIGNETTES) >= 40
    ids = [v["id"] for v in VIGNETTES]
    assert len(ids) == len(set(ids))
    for v in VIGNETTES:
        assert set(v) <= {"id", "why", "case", "expected", "fires", "allow_higher"}
        assert v["why"].strip()
    assert {v["expected"] for v in VIGNETTES} == {"emergency", "urgent", "routine", "self_care", "none"}


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_vignette(vignette):
    result = evaluate(parse_case(vignette["case"]))
    assert urgency_rank(result.urgency) >= urgency_rank(vignette["expected"]), "under-triaged"
    if not vignette.get("allow_higher"):
        assert result.urgency == vignette["expected"]
    for rule_id in vignette.get("fires", ()):
        assert rule_id in result.rule_ids


def test_every_emergency_vignette_is_an_emergency():
    emergencies = [v for v in VIGNETTES if v["expected"] == "emergency"]
    assert len(emergencies) >= 15
    for v in emergencies:
        assert evaluate(parse_case(v["case"])).urgency == "emergency", v["id"]


def test_most_vignettes_match_exactly():
    exact = sum(evaluate(parse_case(v["case"])).urgency == v["expected"] for v in VIGNETTES)
    assert exact / len(VIGNETTES) >= 0.95


def test_every_rule_is_exercised_by_a_vignette():
    fired = set()
    for v in VIGNETTES:
        fired |= set(evaluate(parse_case(v["case"])).rule_ids)
    assert {r.id for r in rules()} - fired == set()
