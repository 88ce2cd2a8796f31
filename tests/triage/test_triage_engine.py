"""Engine and rule table: result shape, ordering, caution on unknowns, the medication policy, docs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.triage import URGENCY_LEVELS, evaluate, parse_case, rule, rules, urgency_rank

DOCS = Path(__file__).resolve().parents[2] / "docs" / "triage.md"
STOP = re.compile(r"\bstop (taking|your)\b", re.IGNORECASE)


def test_empty_case_is_none_without_flags():
    result = evaluate(parse_case({}))
    assert result.urgency == "none" and result.flags == ()
    assert result.to_dict()["flags"] == []


def test_twitching_score_alone_is_self_care():
    assert evaluate(parse_case({"symptoms": {"twitching": 1}})).urgency == "self_care"
    assert evaluate(parse_case({"symptoms": {"twitching": 0}})).urgency == "none"


def test_result_to_dict_shape():
    result = evaluate(parse_case({"symptoms": {"weakness": 5}, "signs": {"face_droop": True}}))
    data = result.to_dict()
    assert {"urgency", "flags"} <= set(data)
    assert data["urgency"] == "emergency"
    for flag in data["flags"]:
        assert set(flag) == {"rule", "urgency", "advice", "source"}
        assert flag["source"]["sources"] and flag["source"]["section"].startswith("§")
    assert data["headline"].startswith("Call emergency services")


def test_flags_are_ordered_most_urgent_first_and_urgency_is_the_highest():
    result = evaluate(parse_case({
        "symptoms": {"twitching": 4, "weakness": 5},
        "weakness": {"kind": "true_weakness", "onset": "gradual", "side": "both", "progression": "months"},
        "twitching": {"duration_days": 30},
        "signs": {"tongue_twitching": True, "confusion": True},
    }))
    ranks = [urgency_rank(f.urgency) for f in result.flags]
    assert ranks == sorted(ranks, reverse=True)
    assert result.urgency == result.flags[0].urgency == "emergency"
    assert {"tongue_twitching", "persistent_twitching", "slowly_progressive_weakness"} <= set(result.rule_ids)


def test_reassurance_is_never_shown_next_to_a_warning():
    result = evaluate(parse_case({"symptoms": {"twitching": 3}, "signs": {"tongue_twitching": True}}))
    assert "isolated_twitching" not in result.rule_ids


def test_evaluate_accepts_the_json_form_and_validates_it():
    assert evaluate({"signs": {"arm_drift": True}}).urgency == "emergency"
    with pytest.raises(ValidationError):
        evaluate({"signs": {"arm_drifts": True}})


def test_evaluate_is_deterministic():
    data = {"symptoms": {"twitching": 3}, "medications": ["furosemide", "atorvastatin"]}
    assert evaluate(data) == evaluate(data)
    assert evaluate(data).to_dict() == evaluate(data).to_dict()


@pytest.mark.parametrize(
    ("data", "at_least"),
    [
        ({"symptoms": {"weakness": 5}, "signs": {"face_droop": True}}, "emergency"),
        ({"symptoms": {"weakness": 5}, "weakness": {"side": "left"}}, "urgent"),
        ({"weakness": {"sites": ["hand_right"]}}, "urgent"),
        ({"symptoms": {"weakness": 5}, "weakness": {"progression": "weeks"}}, "emergency"),
        ({"symptoms": {"weakness": 5}, "signs": {"swallowing_difficulty": True}}, "emergency"),
        ({"symptoms": {"weakness": 1}}, "routine"),
    ],
)
def test_unknowns_take_the_more_urgent_reading(data, at_least):
    assert urgency_rank(evaluate(data).urgency) >= urgency_rank(at_least)


def test_tiredness_is_self_care_with_the_distinction_explained():
    result = evaluate({"weakness": {"kind": "tiredness", "onset": "gradual", "side": "both", "progression": "stable"}})
    assert result.urgency == "self_care"
    advice = result.flags[0].advice
    assert "cannot keep doing" in advice and "not being able to do something at all" in advice


def test_isolated_twitching_reassures_and_says_what_would_change_that():
    advice = evaluate({"symptoms": {"twitching": 2}}).flags[0].advice.lower()
    for word in ("common", "stress", "caffeine", "sleep", "exercise", "weakness", "loss of muscle", "spreads",
                 "speaking", "swallowing", "breathing"):
        assert word in advice


def test_rule_table_is_well_formed():
    table = rules()
    assert len({r.id for r in table}) == len(table)
    for r in table:
        assert r.urgency in URGENCY_LEVELS and r.urgency != "none"
        assert r.advice.strip() and r.id == r.id.lower()
        assert r.fallback == (r.urgency == "self_care")
        assert r.source.section.split(",")[0] in {"§4.2", "§4.3", "§5", "§6.1", "§6.2"}


def test_emergency_advice_says_to_call_emergency_services():
    for r in rules():
        if r.urgency == "emergency":
            assert "emergency services" in r.advice or "emergency department" in r.advice, r.id


def test_no_non_emergency_rule_advises_stopping_a_medicine():
    for r in rules():
        if r.urgency != "emergency":
            assert not STOP.search(r.advice), r.id


def test_medication_rules_say_contact_your_prescriber():
    med = [r for r in rules() if r.id.startswith("medication_")] + [rule("fluoroquinolone_weakness")]
    assert {r.id for r in med} >= {f"medication_{c}" for c in (
        "statin", "corticosteroid", "diuretic", "fluoroquinolone", "stimulant", "estrogen", "colchicine",
        "antimalarial", "penicillamine", "zidovudine")}
    for r in med:
        assert "prescriber" in r.advice
        assert urgency_rank(r.urgency) >= urgency_rank("routine")


def test_own_conservative_rules_are_marked():
    for rule_id in ("injury_new_weakness_or_numbness", "bladder_bowel_change", "numbness", "unusual_tiredness"):
        assert "fibrotrack's own conservative rule" in (rule(rule_id).source.note or "")


def test_unknown_rule_id_lists_the_known_ones():
    with pytest.raises(ValidationError, match="be_fast_face"):
        rule("nope")


def test_docs_describe_every_rule():
    text = DOCS.read_text(encoding="utf-8")
    for r in rules():
        assert f"`{r.id}`" in text, r.id
