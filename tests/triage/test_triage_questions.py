"""Adaptive questions: what is asked, what is skipped, and that the flow is pure and deterministic."""

from __future__ import annotations

import pytest

from fibrotrack.errors import ValidationError
from fibrotrack.triage import QUESTIONS, SIGN_NAMES, evaluate, next_questions, parse_case, question

BE_FAST = ["signs.face_droop", "signs.arm_drift", "signs.speech_difficulty", "signs.sudden_vision_change",
           "signs.balance_loss"]


def ids(partial):
    return [q.id for q in next_questions(partial)]


def test_empty_case_asks_for_the_two_scores():
    assert ids({}) == ["symptoms.twitching", "symptoms.weakness"]


def test_logging_weakness_asks_its_details_then_be_fast_and_breathing():
    asked = ids({"symptoms": {"weakness": 5}})
    assert asked[:5] == ["weakness.kind", "weakness.onset", "weakness.side", "weakness.sites",
                         "weakness.progression"]
    for qid in BE_FAST + ["signs.breathless_at_rest", "signs.breathless_lying_flat",
                          "signs.swallowing_difficulty"]:
        assert qid in asked
    assert "twitching.duration_days" not in asked


def test_logging_twitching_asks_where_how_long_and_the_warning_signs():
    asked = ids({"symptoms": {"twitching": 3}})
    for qid in ("twitching.sites", "twitching.duration_days", "signs.muscle_wasting", "symptoms.weakness",
                "signs.speech_difficulty", "signs.swallowing_difficulty", "signs.tongue_twitching"):
        assert qid in asked
    assert "weakness.onset" not in asked
    assert "signs.breathless_at_rest" not in asked


def test_answered_questions_are_not_asked_again():
    asked = ids({"symptoms": {"weakness": 5}, "weakness": {"kind": "true_weakness", "onset": "gradual"},
                 "signs": {"face_droop": False}})
    assert not {"weakness.kind", "weakness.onset", "signs.face_droop"} & set(asked)


def test_no_questions_once_it_is_an_emergency():
    assert ids({"symptoms": {"weakness": 5}, "signs": {"face_droop": True}}) == []
    assert ids({"weakness": {"onset": "sudden"}}) == []


def test_questions_that_cannot_change_the_result_are_skipped():
    # Back pain into a leg alone changes nothing; it is asked once a bladder change makes it decisive.
    assert "signs.back_pain_into_leg" not in ids({"symptoms": {"weakness": 5}})
    assert "signs.back_pain_into_leg" in ids({"signs": {"bladder_bowel_change": True}, "symptoms": {"twitching": 1}})
    assert "signs.back_pain_into_leg" in ids({"signs": {"bladder_bowel_change": True}})
    # With the side known, the sites cannot change the result.
    assert "weakness.sites" not in ids({"weakness": {"kind": "true_weakness", "side": "left", "onset": "gradual"}})


def test_tiredness_still_asks_what_would_make_it_unusual():
    asked = ids({"weakness": {"kind": "tiredness", "side": "both", "onset": "gradual"}})
    assert "weakness.progression" in asked
    assert "weakness.sites" not in asked
    assert "weakness.side" in ids({"weakness": {"kind": "tiredness"}})


def test_every_returned_question_could_change_the_urgency():
    partial = {"symptoms": {"twitching": 3}, "twitching": {"sites": ["calf_left"]}}
    current = evaluate(partial).urgency
    for q in next_questions(partial):
        answers = [True, False] if q.kind == "bool" else [c.value for c in q.choices]
        if q.kind in ("bool", "choice"):
            group, name = q.id.split(".")
            outcomes = {evaluate(partial | {group: dict(partial.get(group, {}), **{name: a})}).urgency
                        for a in answers}
            assert outcomes != {current}, q.id


def test_questions_are_well_formed_and_cover_the_case():
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    empty = parse_case({}).to_dict()
    for q in QUESTIONS:
        group, name = q.id.split(".")
        assert q.text.endswith("?") and q.help
        assert q.kind in ("bool", "choice", "number", "sites")
        assert (q.kind in ("choice", "sites")) == bool(q.choices)
        # Filling the question's path with a valid answer must parse.
        answer = {"bool": True, "number": 1, "choice": q.choices[0].value if q.choices else None,
                  "sites": [q.choices[0].value] if q.choices else None}[q.kind]
        parse_case(empty | {group: {name: answer}})
        assert set(q.to_dict()) == {"id", "text", "kind", "choices", "help", "minimum", "maximum"}
    assert {f"signs.{s}" for s in SIGN_NAMES} <= {q.id for q in QUESTIONS}


def test_weakness_kind_question_explains_the_distinction():
    q = question("weakness.kind")
    assert [c.value for c in q.choices] == ["true_weakness", "tiredness"]
    labels = " ".join(c.label for c in q.choices)
    assert "can't do it at all" in labels and "can't keep doing it" in labels


def test_next_questions_is_deterministic_and_validates():
    partial = {"symptoms": {"weakness": 4}}
    assert next_questions(partial) == next_questions(partial)
    with pytest.raises(ValidationError):
        next_questions({"signs": {"nope": True}})
    with pytest.raises(ValidationError):
        question("signs.nope")
