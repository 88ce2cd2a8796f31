"""MRC muscle power: grades 0–5 per group and side (REFERENCE.md §4.1), flags < 5 (§4.2), sum score."""

from __future__ import annotations

import pytest

from fibrotrack.errors import OutOfRangeError, ValidationError
from fibrotrack.instruments import MRC, MUSCLE_GROUPS
from fibrotrack.instruments import mrc as mrc_module


def all_grades(value=5):
    return [{"muscle_group": g, "side": s, "grade": value} for g in MUSCLE_GROUPS for s in ("left", "right")]


def test_clinician_only_and_never_from_twitching():
    assert MRC.audience == "clinician"
    assert "never inferred from twitching" in mrc_module.__doc__.replace("**", "").replace("\n", " ")
    assert len(MRC.items) == 12


def test_full_normal_sum_is_60():
    result = MRC.score({"grades": all_grades(5)})
    assert result.sum_score == 60 and result.complete and not result.weak
    assert not result.needs_medical_evaluation


def test_any_grade_below_5_is_flagged():
    grades = all_grades(5)
    grades[0]["grade"] = 4  # shoulder abduction, left
    result = MRC.score({"grades": grades})
    assert result.sum_score == 59
    assert [(g.muscle_group, g.side, g.grade) for g in result.weak] == [("shoulder_abduction", "left", 4)]
    assert result.needs_medical_evaluation
    assert ("objective weakness — needs medical evaluation, not attributed to fibromyalgia") in result.reasons[0]
    assert "active movement against gravity and resistance" in result.reasons[0]
    assert result.to_dict()["grades"][0]["weak"] is True


def test_zero_everywhere_is_0():
    assert MRC.score({"grades": all_grades(0)}).sum_score == 0


def test_partial_has_no_sum_and_lists_missing():
    result = MRC.score({"grades": [{"muscle_group": "hip_flexion", "side": "right", "grade": 3}]})
    assert result.sum_score is None and not result.complete
    assert len(result.missing) == 11 and "hip_flexion.right" not in result.missing
    assert result.weak[0].definition == "active movement against gravity"


def test_grades_are_returned_in_fixed_order():
    shuffled = list(reversed(all_grades(5)))
    clean = MRC.validate({"grades": shuffled})
    assert clean["grades"] == all_grades(5)


@pytest.mark.parametrize("entry, field", [
    ({"muscle_group": "biceps", "side": "left", "grade": 5}, "grades[0].muscle_group"),
    ({"muscle_group": "hip_flexion", "side": "both", "grade": 5}, "grades[0].side"),
    ({"muscle_group": "hip_flexion", "side": "left", "grade": 6}, "grades[0].grade"),
    ({"muscle_group": "hip_flexion", "side": "left", "grade": "4+"}, "grades[0].grade"),
    ({"muscle_group": "hip_flexion", "side": "left", "grade": 4.5}, "grades[0].grade"),
    ({"muscle_group": "hip_flexion", "side": "left"}, "grades[0].grade"),
    ({"muscle_group": "hip_flexion", "side": "left", "grade": 5, "note": "x"}, "grades[0].note"),
    ("hip_flexion:5", "grades[0]"),
])
def test_bad_entry_names_the_field(entry, field):
    with pytest.raises(ValidationError) as info:
        MRC.score({"grades": [entry]})
    assert info.value.field == field


def test_out_of_range_grade_is_out_of_range_error():
    with pytest.raises(OutOfRangeError):
        MRC.score({"grades": [{"muscle_group": "hip_flexion", "side": "left", "grade": -1}]})


def test_duplicate_group_and_side_is_an_error():
    entry = {"muscle_group": "knee_extension", "side": "left", "grade": 5}
    with pytest.raises(ValidationError) as info:
        MRC.score({"grades": [entry, dict(entry)]})
    assert info.value.field == "grades[1]"


@pytest.mark.parametrize("answers, field", [({}, "grades"), ({"grades": []}, "grades"), ({"grades": {}}, "grades"),
                                            ({"grades": all_grades(), "twitching": True}, "twitching")])
def test_bad_answers(answers, field):
    with pytest.raises(ValidationError) as info:
        MRC.score(answers)
    assert info.value.field == field
