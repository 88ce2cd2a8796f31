"""Property tests for the ACR criteria and FS, against an independent re-implementation of REFERENCE.md §1.5."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from fibrotrack.instruments import ACR2010, ACR2011, ACR2016, ACR2016_CLINICIAN, FS

SETTINGS = settings(max_examples=200, deadline=None, database=None)

# The 19 areas and the 2016 regions, typed in from the REFERENCE.md §1.1 table (not imported from the package).
REGION_OF = {
    "jaw_left": None, "shoulder_girdle_left": "LU", "upper_arm_left": "LU", "lower_arm_left": "LU",
    "jaw_right": None, "shoulder_girdle_right": "RU", "upper_arm_right": "RU", "lower_arm_right": "RU",
    "hip_left": "LL", "upper_leg_left": "LL", "lower_leg_left": "LL",
    "hip_right": "RL", "upper_leg_right": "RL", "lower_leg_right": "RL",
    "neck": "AX", "upper_back": "AX", "lower_back": "AX", "chest": None, "abdomen": None,
}
AREAS = tuple(REGION_OF)


def reference(answers: dict, year: int) -> dict:
    """REFERENCE.md §1.5 pseudocode, transcribed line by line."""
    painful = set(answers["pain_areas"])
    wpi = len(painful)  # wpi = count(painful areas among the 19)
    regions16 = len({REGION_OF[a] for a in painful} - {None})  # jaws, chest, abdomen never count here
    core_a = answers["fatigue"] + answers["waking_unrefreshed"] + answers["cognitive"]
    sss2011_16 = core_a + answers["headaches"] + answers["lower_abdominal_pain"] + answers["depression"]
    dur3m = answers["symptoms_3_months"]
    other = answers.get("other_disorder_explains_pain", False)
    if year == 2010:
        ss2010 = core_a + answers["somatic_band"]
        dx = ((wpi >= 7 and ss2010 >= 5) or (3 <= wpi <= 6 and ss2010 >= 9)) and dur3m and not other
        ss = ss2010
    elif year == 2011:
        dx = ((wpi >= 7 and sss2011_16 >= 5) or (3 <= wpi <= 6 and sss2011_16 >= 9)) and dur3m and not other
        ss = sss2011_16
    else:
        dx = ((wpi >= 7 and sss2011_16 >= 5) or (4 <= wpi <= 6 and sss2011_16 >= 9)) and regions16 >= 4 and dur3m
        ss = sss2011_16
    fs = wpi + sss2011_16
    band = ("none" if fs <= 3 else "mild" if fs <= 7 else "moderate" if fs <= 11 else "severe" if fs <= 19
            else "very severe")
    return {"wpi": wpi, "regions": regions16, "ss": ss, "dx": dx, "fs": fs, "band": band}


area_lists = st.lists(st.sampled_from(AREAS), max_size=30)  # duplicates allowed on purpose
symptom = st.integers(0, 3)


@st.composite
def answer_sets(draw, *, pain=area_lists):
    return {
        "pain_areas": draw(pain),
        "fatigue": draw(symptom),
        "waking_unrefreshed": draw(symptom),
        "cognitive": draw(symptom),
        "headaches": draw(st.booleans()),
        "lower_abdominal_pain": draw(st.booleans()),
        "depression": draw(st.booleans()),
        "symptoms_3_months": draw(st.booleans()),
        "somatic_band": draw(symptom),
        "other_disorder_explains_pain": draw(st.booleans()),
    }


def for_form(answers: dict, code: str) -> dict:
    drop = {"acr2010": (), "acr2011": ("somatic_band",), "acr2016": ("somatic_band",),
            "acr2016_clinician": ("somatic_band",), "fs": ("somatic_band",)}[code]
    return {k: v for k, v in answers.items() if k not in drop}


@SETTINGS
@given(answer_sets())
def test_score_agrees_with_reference_pseudocode(answers):
    for form, year in ((ACR2010, 2010), (ACR2011, 2011), (ACR2016, 2016), (ACR2016_CLINICIAN, 2016)):
        expected = reference(answers, year)
        result = form.score(for_form(answers, form.code))
        assert result.wpi == expected["wpi"]
        assert result.generalized_pain_regions == expected["regions"]
        assert result.generalized_pain is (expected["regions"] >= 4)
        assert result.sss == expected["ss"]
        assert result.meets_criteria is expected["dx"]
        assert (result.fs, result.fs_band) == (expected["fs"], expected["band"])
    expected = reference(answers, 2016)
    assert (FS.score(for_form(answers, "fs")).fs, FS.score(for_form(answers, "fs")).fs_band) == (
        expected["fs"], expected["band"])


@SETTINGS
@given(answer_sets())
def test_wpi_is_number_of_distinct_areas(answers):
    for form in (ACR2010, ACR2011, ACR2016, FS):
        assert form.score(for_form(answers, form.code)).wpi == len(set(answers["pain_areas"]))


@SETTINGS
@given(answer_sets(pain=st.lists(st.sampled_from(AREAS), max_size=3, unique=True).flatmap(
    lambda xs: st.lists(st.sampled_from(xs), max_size=8) if xs else st.just([])
)))
def test_2016_never_positive_with_wpi_at_most_3(answers):
    for form in (ACR2016, ACR2016_CLINICIAN):
        result = form.score(for_form(answers, form.code))
        assert result.wpi <= 3
        assert not result.meets_criteria


@SETTINGS
@given(answer_sets(), st.sampled_from(AREAS))
def test_adding_a_painful_area_never_turns_a_positive_negative(answers, extra):
    for form in (ACR2010, ACR2011, ACR2016):
        before = form.score(for_form(answers, form.code))
        after = form.score(for_form({**answers, "pain_areas": [*answers["pain_areas"], extra]}, form.code))
        assert after.wpi >= before.wpi
        assert after.generalized_pain_regions >= before.generalized_pain_regions
        if before.meets_criteria:
            assert after.meets_criteria


@SETTINGS
@given(answer_sets())
def test_exclusion_never_changes_2016(answers):
    flipped = {**answers, "other_disorder_explains_pain": not answers["other_disorder_explains_pain"]}
    a = ACR2016.score(for_form(answers, "acr2016"))
    b = ACR2016.score(for_form(flipped, "acr2016"))
    assert a.meets_criteria is b.meets_criteria


@SETTINGS
@given(answer_sets())
def test_validate_is_idempotent(answers):
    for form in (ACR2010, ACR2016, FS):
        once = form.validate(for_form(answers, form.code))
        assert form.validate(once) == once
        assert form.score(once).to_dict() == form.score(for_form(answers, form.code)).to_dict()
