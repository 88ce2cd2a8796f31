"""Case validation: unknown fields, wrong types, out-of-range numbers and bad body sites are rejected."""

from __future__ import annotations

import math

import pytest

from fibrotrack.errors import OutOfRangeError, UnknownBodySiteError, ValidationError
from fibrotrack.triage import SIGN_NAMES, parse_case


def test_empty_case_is_valid_and_unknown_everywhere():
    case = parse_case({})
    assert case.symptoms.twitching is None and case.weakness.kind is None
    assert case.signs.present() == ()
    assert case.to_dict() == {}
    assert case.summary() == "nothing reported"


def test_full_case_round_trips():
    data = {
        "symptoms": {"twitching": 3, "weakness": 6.5},
        "weakness": {"kind": "true_weakness", "onset": "gradual", "side": "left", "sites": ["hand_left"],
                     "progression": "weeks"},
        "twitching": {"sites": ["calf_left", "eyelid_right"], "duration_days": 21},
        "signs": {name: False for name in SIGN_NAMES} | {"numbness": True},
        "medications": ["Atorvastatin 20mg"],
    }
    case = parse_case(data)
    assert case.to_dict() == data
    assert parse_case(case.to_dict()) == case


def test_null_means_unknown():
    case = parse_case({"symptoms": {"twitching": None}, "weakness": None, "signs": {"face_droop": None}})
    assert case == parse_case({})


def test_summary_is_short_and_names_what_was_reported():
    case = parse_case({"symptoms": {"weakness": 6}, "weakness": {"kind": "true_weakness", "onset": "sudden"},
                       "signs": {"face_droop": True, "arm_drift": False}, "medications": ["prednisolone"]})
    summary = case.summary()
    assert "weakness 6/10" in summary and "sudden" in summary and "face_droop" in summary
    assert "arm_drift" not in summary and "prednisolone" in summary
    assert len(summary) < 200


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"symptom": {}}, "symptom"),
        ({"notes": "x"}, "notes"),
        ({"signs": {"face_drop": True}}, "signs.face_drop"),
        ({"symptoms": {"pain": 3}}, "symptoms.pain"),
        ({"weakness": {"speed": "fast"}}, "weakness.speed"),
        ({"twitching": {"count": 4}}, "twitching.count"),
    ],
)
def test_unknown_fields_are_named(data, field):
    with pytest.raises(ValidationError) as err:
        parse_case(data)
    assert err.value.field == field
    assert "unknown field" in err.value.problem


def test_unknown_sign_suggests_the_close_name():
    with pytest.raises(ValidationError, match="face_droop"):
        parse_case({"signs": {"face_drop": True}})


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ([], "case"),
        ({"signs": []}, "signs"),
        ({"weakness": "sudden"}, "weakness"),
        ({"symptoms": {"twitching": "3"}}, "symptoms.twitching"),
        ({"symptoms": {"weakness": True}}, "symptoms.weakness"),
        ({"signs": {"face_droop": 1}}, "signs.face_droop"),
        ({"signs": {"arm_drift": "yes"}}, "signs.arm_drift"),
        ({"weakness": {"onset": "slow"}}, "weakness.onset"),
        ({"weakness": {"kind": "weak"}}, "weakness.kind"),
        ({"weakness": {"side": "middle"}}, "weakness.side"),
        ({"weakness": {"progression": "days"}}, "weakness.progression"),
        ({"weakness": {"sites": "hand_left"}}, "weakness.sites"),
        ({"twitching": {"sites": [3]}}, "twitching.sites[0]"),
        ({"twitching": {"duration_days": "ten"}}, "twitching.duration_days"),
        ({"twitching": {"duration_days": False}}, "twitching.duration_days"),
        ({"medications": "aspirin"}, "medications"),
        ({"medications": ["aspirin", ""]}, "medications[1]"),
        ({"medications": [42]}, "medications[0]"),
    ],
)
def test_wrong_types_are_rejected(data, field):
    with pytest.raises(ValidationError) as err:
        parse_case(data)
    assert err.value.field == field


@pytest.mark.parametrize("value", [-1, 10.5, 11, -0.01])
def test_scores_outside_0_to_10_are_rejected(value):
    with pytest.raises(OutOfRangeError) as err:
        parse_case({"symptoms": {"twitching": value}})
    assert err.value.field == "symptoms.twitching"


@pytest.mark.parametrize("value", [0, 10, 4.5])
def test_score_bounds_are_inclusive(value):
    assert parse_case({"symptoms": {"weakness": value}}).symptoms.weakness == value


@pytest.mark.parametrize("value", [-1, -0.5, math.inf, math.nan])
def test_duration_must_be_finite_and_not_negative(value):
    with pytest.raises(ValidationError) as err:
        parse_case({"twitching": {"duration_days": value}})
    assert err.value.field == "twitching.duration_days"


def test_bad_body_site_names_the_list_position():
    with pytest.raises(UnknownBodySiteError) as err:
        parse_case({"weakness": {"sites": ["hand_left", "elbow_left"]}})
    assert err.value.field == "weakness.sites[1]"
    assert err.value.code == "elbow_left"


def test_sites_are_deduplicated_in_order():
    case = parse_case({"twitching": {"sites": ["calf_left", "tongue", "calf_left"]}})
    assert case.twitching.sites == ("calf_left", "tongue")


def test_case_is_frozen():
    case = parse_case({})
    with pytest.raises(AttributeError):
        case.medications = ("x",)  # type: ignore[misc]


def test_one_sided_weakness_from_sites_or_side():
    assert parse_case({"weakness": {"sites": ["hand_left", "lower_arm_left", "neck"]}}).one_sided_weakness
    assert not parse_case({"weakness": {"sites": ["hand_left", "hand_right"]}}).one_sided_weakness
    assert parse_case({"weakness": {"side": "right", "sites": ["hand_left"]}}).one_sided_weakness
    assert not parse_case({"weakness": {"side": "both", "sites": ["hand_left"]}}).one_sided_weakness
    assert parse_case({"weakness": {"kind": "tiredness", "side": "left"}}).one_sided_weakness
