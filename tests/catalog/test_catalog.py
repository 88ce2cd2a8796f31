"""The catalog: WPI areas, twitch sites, trackable validation, caffeine servings."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fibrotrack.catalog import (
    BODY_SITES,
    BUILTIN,
    SERVINGS,
    WPI_AREA_CODES,
    body_site,
    custom_trackable,
    medication_code,
    resolve_trackable,
    servings_to_mg,
)
from fibrotrack.errors import UnknownBodySiteError, UnknownTrackableError, ValidationError

# REFERENCE.md §1.1: the 19 WPI areas (both jaws separately) and the five 2016 regions.
EXPECTED_WPI = {
    "jaw_left": None, "jaw_right": None, "chest": None, "abdomen": None,
    "shoulder_girdle_left": "left_upper", "upper_arm_left": "left_upper", "lower_arm_left": "left_upper",
    "shoulder_girdle_right": "right_upper", "upper_arm_right": "right_upper", "lower_arm_right": "right_upper",
    "hip_left": "left_lower", "upper_leg_left": "left_lower", "lower_leg_left": "left_lower",
    "hip_right": "right_lower", "upper_leg_right": "right_lower", "lower_leg_right": "right_lower",
    "neck": "axial", "upper_back": "axial", "lower_back": "axial",
}


def test_wpi_has_exactly_the_19_areas_with_2016_regions():
    assert len(WPI_AREA_CODES) == 19
    assert {code: body_site(code).region for code in WPI_AREA_CODES} == EXPECTED_WPI


def test_body_site_codes_are_unique_and_twitch_sites_map_to_wpi_areas():
    codes = [s.code for s in BODY_SITES]
    assert len(codes) == len(set(codes))
    assert body_site("calf_left").wpi_area == "lower_leg_left"
    assert body_site("thigh_right").wpi_area == "upper_leg_right"
    assert body_site("eyelid_left").wpi_area is None  # the WPI has no eyelid, hand or foot area
    assert body_site("foot_right").wpi_area is None


def test_unknown_body_site_names_the_field():
    with pytest.raises(UnknownBodySiteError) as err:
        body_site("elbow", field="site")
    assert err.value.field == "site" and "elbow" in err.value.problem


def test_trackable_range_message_names_range_and_field():
    with pytest.raises(ValidationError) as err:
        resolve_trackable("twitching").check_value(14)
    assert err.value.field == "value"
    assert "0–10" in err.value.problem


@pytest.mark.parametrize("bad", ["nan", "inf", "-inf", "abc", None, ""])
def test_non_numbers_and_non_finite_values_are_rejected(bad):
    with pytest.raises(ValidationError):
        resolve_trackable("pain").check_value(bad)


def test_aliases_resolve_and_unknown_trackables_raise():
    assert resolve_trackable("caffeine").code == "caffeine_mg"
    assert resolve_trackable("Alcohol").code == "alcohol_units"
    with pytest.raises(UnknownTrackableError):
        resolve_trackable("twitchin")


def test_weakness_detail_is_checked():
    weakness = resolve_trackable("weakness")
    assert weakness.check_detail({"kind": "true_weakness", "onset": "sudden", "side": "left"}) == {
        "kind": "true_weakness", "onset": "sudden", "side": "left"}
    with pytest.raises(ValidationError) as err:
        weakness.check_detail({"onset": "slowly"})
    assert err.value.field == "detail.onset"
    with pytest.raises(ValidationError) as err:
        weakness.check_detail({"colour": "red"})
    assert err.value.field == "detail.colour"


def test_twitching_count_must_be_whole_and_non_negative():
    twitching = resolve_trackable("twitching")
    assert twitching.check_detail({"count": "12", "duration_s": 30}) == {"count": 12, "duration_s": 30.0}
    for bad in (-1, 2.5, "many"):
        with pytest.raises(ValidationError):
            twitching.check_detail({"count": bad})


def test_body_site_only_where_the_trackable_takes_one():
    assert resolve_trackable("pain").check_site("neck") == "neck"
    with pytest.raises(ValidationError) as err:
        resolve_trackable("stress").check_site("neck")
    assert err.value.field == "body_site"


def test_every_serving_has_a_source_and_converts():
    assert {s.code for s in SERVINGS} == {"coffee", "espresso", "tea", "cola", "energy_drink"}
    for serving in SERVINGS:
        assert serving.source.startswith("Mayo Clinic") and "https://" in serving.source
        assert servings_to_mg(serving.code, 2) == pytest.approx(2 * serving.mg)
    with pytest.raises(ValidationError):
        servings_to_mg("mocha", 1)


def test_builtins_have_sane_ranges_and_help():
    for spec in BUILTIN:
        assert spec.low < spec.high and spec.help and spec.aggregate in ("mean", "max", "sum")


def test_custom_trackables_are_validated():
    spec = custom_trackable("brain_fog", "Brain fog", "0-10", 0, 10)
    assert spec.check_value(3) == 3
    with pytest.raises(ValidationError):
        custom_trackable("twitching", "Mine", "0-10", 0, 10)
    with pytest.raises(ValidationError):
        custom_trackable("Bad Code", "x", "0-10", 0, 10)
    with pytest.raises(ValidationError):
        custom_trackable("ok_code", "x", "u", 5, 5)


@given(st.text(min_size=1, max_size=40).filter(lambda s: any(c.isascii() and c.isalnum() for c in s)))
def test_medication_code_always_makes_a_valid_medication_trackable(name):
    code = medication_code(name)
    spec = resolve_trackable(code)
    assert spec.kind == "medication" and spec.code == code
    assert math.isclose(spec.check_value(1), 1.0)
