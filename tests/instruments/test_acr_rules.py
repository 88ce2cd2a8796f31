"""ACR criteria: edge cases of REFERENCE.md §1.7 and §10, validation errors and wording."""

from __future__ import annotations

import pytest

from fibrotrack.errors import OutOfRangeError, ValidationError
from fibrotrack.instruments import ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN, FS, painful_regions, wpi
from fibrotrack.instruments.acr import score_rule


FORMS = [ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN]
MAX_HAD = (True, True, True)


# --- §10 item 1: the 18-area bug (one shared jaw) and region mistakes ---------------------------------


def test_both_jaws_count_separately(acr):
    # REFERENCE.md §1.1 / §10.1: 19 areas, jaw left and jaw right are two areas; max WPI is 19.
    assert wpi(acr.areas("jawL jawR")) == 2
    assert acr.score(ACR2016, "jawL jawR").wpi == 2
    assert wpi(acr.areas("jawL shL uaL laL jawR shR uaR laR hipL ulL llL hipR ulR llR neck ub lb chest abd")) == 19


def test_jaw_chest_abdomen_never_create_a_region(acr):
    # REFERENCE.md §1.1: "Jaw, chest, and abdominal pain are excluded from the generalized pain definition".
    assert painful_regions(acr.areas("jawL jawR chest abd")) == ()
    result = acr.score(ACR2016, "jawL jawR chest abd")
    assert (result.wpi, result.generalized_pain_regions) == (4, 0)


def test_chest_and_abdomen_do_not_create_the_axial_region(acr):
    # §1.7 item 4: the 1990 "axial skeleton incl. anterior chest" is not the 2016 axial region.
    assert "axial" not in painful_regions(acr.areas("shL shR hipL hipR chest abd"))
    assert painful_regions(acr.areas("neck")) == ("axial",)
    assert painful_regions(acr.areas("ub")) == ("axial",) and painful_regions(acr.areas("lb")) == ("axial",)


def test_upper_body_only_high_wpi_fails_2016_generalized_pain(acr):
    # §9 F / §10.1 (implementations without the generalized-pain check): WPI 13, 3 regions → 2016 negative.
    result = acr.score(ACR2016, "jawL jawR shL shR uaL uaR laL laR neck ub lb chest abd", band=3, had=MAX_HAD)
    assert result.wpi == 13 and result.sss == 12 and not result.generalized_pain
    assert not result.meets_criteria
    assert "generalized pain: 3 of 5 regions (needs 4): not met" in result.reasons[3]
    assert result.summary.endswith("generalized pain: 3 of 5 regions (needs 4): not met; jaw, chest and abdomen "
                                   "count toward the WPI but not toward regions.")


# --- §1.3 / §1.7 item 1: WPI 3–6 (2010/2011) vs 4–6 (2016) -----------------------------------------


def test_wpi_3_with_sss_9_passes_2010_and_2011_but_never_2016(acr):
    # 2010/2011: (3<=wpi<=6 && ss>=9); 2016: (4<=wpi<=6 && sss>=9) and 3 areas cover at most 3 regions.
    assert acr.score(ACR2010, "neck shL hipR", (3, 3, 3), band=0).meets_criteria
    assert acr.score(ACR2011, "neck shL hipR", (3, 3, 3), had=(False, False, False)).meets_criteria
    for form in (ACR2016, ACR2016_CLINICIAN):
        result = acr.score(form, "neck shL hipR", (3, 3, 3), had=MAX_HAD)
        assert not result.meets_criteria
        assert "WPI 3 is below 4, so the 2016 score rule cannot be met" in result.reasons[2]


@pytest.mark.parametrize(
    "year, wpi_value, sss, expected",
    [
        # thresholds are >= (§1.7 item 3): boundaries on both sides of each
        (2016, 7, 5, True), (2016, 7, 4, False), (2016, 6, 9, True), (2016, 6, 8, False), (2016, 4, 9, True),
        (2016, 3, 12, False), (2011, 3, 9, True), (2011, 3, 8, False), (2011, 2, 12, False), (2010, 3, 9, True),
        (2010, 7, 5, True), (2010, 7, 4, False), (2010, 19, 5, True), (2016, 0, 0, False),
    ],
)
def test_score_rule_thresholds_are_inclusive(year, wpi_value, sss, expected):
    met, reason = score_rule(year, wpi_value, sss)
    assert met is expected
    assert reason


def test_reason_wording_for_the_4_to_6_band(acr):
    result = acr.score(ACR2016, "shL shR hipL hipR neck lb", (3, 3, 2))  # §9 D
    assert "WPI 6 is in the 4–6 band, which needs SSS ≥ 9; SSS is 8: not met" in result.reasons
    assert result.summary == ("Does not meet the survey criteria (ACR 2016 survey, self-report): WPI 6 is in the "
                              "4–6 band, which needs SSS ≥ 9; SSS is 8: not met.")


def test_2016_uses_three_items_not_the_somatic_band(acr):
    # §1.7 item 1: describing the 2016 SS with the 2010 "few/moderate/great deal" band is wrong.
    with pytest.raises(ValidationError) as info:
        ACR2016.score({**acr.answers("acr2016", acr.areas("neck"), (0, 0, 0)), "somatic_band": 3})
    assert info.value.field == "somatic_band"


# --- §1.3: exclusion clause and duration gate ---------------------------------------------------------


def test_exclusion_clause_ignored_by_2016_but_applied_by_2010_2011(acr):
    spec = "shL shR uaL uaR hipL hipR ulL ulR neck ub lb"  # §9 I
    for form in (ACR2016, ACR2016_CLINICIAN):
        with_other = acr.score(form, spec, (3, 2, 2), had=(True, False, True), other=True)
        without = acr.score(form, spec, (3, 2, 2), had=(True, False, True), other=None)
        assert with_other.meets_criteria and without.meets_criteria
        assert not with_other.exclusion_applies
        assert any("irrespective of other diagnoses" in r for r in with_other.reasons)
    assert not acr.score(ACR2010, spec, (3, 2, 2), band=2, other=True).meets_criteria
    assert not acr.score(ACR2011, spec, (3, 2, 2), had=(True, False, True), other=True).meets_criteria


@pytest.mark.parametrize("form", FORMS, ids=lambda f: f.code)
def test_duration_gate_in_every_version(form, acr):
    spec = "shL shR uaL uaR hipL hipR ulL ulR neck ub lb"  # §9 J
    assert acr.score(form, spec, band=3, had=MAX_HAD, duration=True).meets_criteria
    result = acr.score(form, spec, band=3, had=MAX_HAD, duration=False)
    assert not result.meets_criteria
    assert "at least 3 months" in result.summary


# --- wording (REFERENCE.md scope warning) -------------------------------------------------------------


@pytest.mark.parametrize("form", [ACR2011, ACR2016], ids=lambda f: f.code)
def test_self_report_wording_and_caveat(form, acr):
    positive = acr.score(form, "shL shR hipL hipR neck ub lb", had=MAX_HAD)
    negative = acr.score(form, "neck", had=MAX_HAD)
    assert form.audience == "self_report"
    assert positive.summary.startswith("Meets the survey criteria")
    assert negative.summary.startswith("Does not meet the survey criteria")
    for result in (positive, negative):
        quote = "not valid for clinical diagnosis" if form.year == 2016 else "not to be used for self-diagnosis"
        assert quote in result.caveat
        assert "you have fibromyalgia" not in (result.summary + " ".join(result.reasons)).lower()


@pytest.mark.parametrize("form, year", [(ACR2010, 2010), (ACR2016_CLINICIAN, 2016)], ids=["2010", "2016c"])
def test_clinician_wording(form, year, acr):
    assert form.audience == "clinician"
    positive = acr.score(form, "shL shR hipL hipR neck ub lb", band=3, had=MAX_HAD)
    assert positive.summary == f"Meets the ACR {year} criteria."
    assert positive.caveat is None
    assert acr.score(form, "neck", band=3, had=MAX_HAD).summary.startswith(f"Does not meet the ACR {year} criteria: ")


def test_fs_does_not_use_duration_or_exclusion(acr):
    base = acr.answers("fs", acr.areas("neck ub"), (1, 1, 1), had=(True, False, False))
    assert FS.score(base).fs == FS.score({**base, "symptoms_3_months": False, "other_disorder_explains_pain": True}).fs


# --- validation ---------------------------------------------------------------------------------------


def _valid(code="acr2016"):
    answers = {"pain_areas": ["neck", "shoulder_girdle_left"], "fatigue": 1, "waking_unrefreshed": 2, "cognitive": 3,
               "headaches": True, "lower_abdominal_pain": False, "depression": True, "symptoms_3_months": True,
               "other_disorder_explains_pain": False}
    if code == "acr2010":
        answers["somatic_band"] = 1
    return answers


def field_of(instrument, answers):
    with pytest.raises(ValidationError) as info:
        instrument.score(answers)
    with pytest.raises(ValidationError):
        instrument.validate(answers)
    return info.value


def test_duplicate_areas_are_counted_once_and_normalised():
    answers = {**_valid(), "pain_areas": ["neck", "shoulder_girdle_left", "neck", "neck"]}
    assert ACR2016.score(answers).wpi == 2
    assert ACR2016.validate(answers)["pain_areas"] == ["shoulder_girdle_left", "neck"]  # WPI form order


def test_validate_returns_normalised_answers():
    clean = ACR2010.validate({**_valid("acr2010"), "fatigue": 2.0})
    assert clean["fatigue"] == 2 and isinstance(clean["fatigue"], int)
    assert set(clean) == set(ACR2010.answer_keys)
    assert ACR2016.validate({k: v for k, v in _valid().items() if k != "other_disorder_explains_pain"})[
        "other_disorder_explains_pain"] is None


@pytest.mark.parametrize("bad, index", [(["neck", "knee_left"], 1), (["wrist"], 0), ([None], 0), (["neck", 7], 1)])
def test_unknown_area_names_its_position(bad, index):
    error = field_of(ACR2016, {**_valid(), "pain_areas": bad})
    assert error.field == f"pain_areas[{index}]"


def test_twitch_site_is_not_an_area_but_the_error_points_to_its_area():
    error = field_of(ACR2016, {**_valid(), "pain_areas": ["calf_left"]})
    assert error.field == "pain_areas[0]" and "lower_leg_left" in error.problem


@pytest.mark.parametrize("bad", ["neck", {"neck": True}, 3])
def test_pain_areas_must_be_a_list(bad):
    assert field_of(ACR2016, {**_valid(), "pain_areas": bad}).field == "pain_areas"


@pytest.mark.parametrize("key, bad", [("fatigue", 4), ("fatigue", -1), ("cognitive", 99), ("waking_unrefreshed", 3.5),
                                      ("fatigue", "2"), ("fatigue", True), ("fatigue", float("nan"))])
def test_bad_symptom_values_name_the_item(key, bad):
    error = field_of(ACR2016, {**_valid(), key: bad})
    assert error.field == key


def test_out_of_range_is_an_out_of_range_error():
    with pytest.raises(OutOfRangeError) as info:
        ACR2010.score({**_valid("acr2010"), "somatic_band": 4})
    assert (info.value.field, info.value.low, info.value.high) == ("somatic_band", 0, 3)


@pytest.mark.parametrize("key", ["headaches", "depression", "symptoms_3_months", "lower_abdominal_pain"])
@pytest.mark.parametrize("bad", ["yes", 1, 0, "true"])
def test_booleans_must_be_true_or_false(key, bad):
    assert field_of(ACR2016, {**_valid(), key: bad}).field == key


@pytest.mark.parametrize(
    "form, key",
    [(ACR2016, "pain_areas"), (ACR2016, "fatigue"), (ACR2016, "headaches"), (ACR2016, "symptoms_3_months"),
     (ACR2011, "other_disorder_explains_pain"), (ACR2010, "somatic_band"), (ACR2010, "other_disorder_explains_pain"),
     (FS, "depression")],
)
def test_missing_required_item_is_named(form, key):
    answers = {k: v for k, v in _valid(form.code).items() if k != key}
    error = field_of(form, answers)
    assert (error.field, error.problem) == (key, "is required")
    assert field_of(form, {**answers, key: None}).field == key  # null counts as missing


def test_optional_items():
    # 2016 does not need the exclusion answer; 2010 does not need the three symptom items.
    answers = {k: v for k, v in _valid().items() if k != "other_disorder_explains_pain"}
    assert ACR2016.score(answers).wpi == 2
    answers10 = {k: v for k, v in _valid("acr2010").items() if k not in ("headaches", "depression")}
    assert ACR2010.score(answers10).fs is None


@pytest.mark.parametrize("form", [ACR2011, ACR2016, FS], ids=lambda f: f.code)
def test_unknown_key_is_named(form):
    error = field_of(form, {**_valid(form.code), "pain_score": 3})
    assert error.field == "pain_score" and "not an item" in error.problem


def test_answers_must_be_a_mapping():
    assert field_of(ACR2016, [("fatigue", 1)]).field == "answers"
