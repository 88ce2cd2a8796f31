"""FIQR: REFERENCE.md §9 examples Q1–Q5, missing-item policy, bands and properties.

Reference rule (REFERENCE.md §3.2, myalgia.com scoring page): function = Σ/3, overall = Σ, symptoms = Σ/2,
total = sum; a domain with x of n items answered is re-weighted by n/x.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fibrotrack.errors import OutOfRangeError, ValidationError
from fibrotrack.instruments import FIQR, fiqr_band

SETTINGS = settings(max_examples=200, deadline=None, database=None)
TOL = 1e-9

Q = {
    "Q1": ([0] * 9, [0, 0], [0] * 10, 0.0, 0.0, 0.0, 0.0),
    "Q2": ([5, 7, 6, 8, 7, 4, 6, 3, 7], [6, 5], [7, 8, 6, 7, 5, 6, 5, 7, 4, 6], 53 / 3, 11.0, 30.5, 53 / 3 + 11 + 30.5),
    "Q3": ([10] * 9, [10, 10], [10] * 10, 30.0, 20.0, 50.0, 100.0),
    "Q4": ([5, 5, 5, 5, 5, 5, 5, 5, None], [4, 4], [6] * 10, 15.0, 8.0, 30.0, 53.0),
    "Q5": ([2, 3, 1, 4, 3, 2, 3, 1, 2], [3, 2], [4, 5, 3, 4, 2, 3, 2, 4, 1, 2], 7.0, 5.0, 15.0, 27.0),
}


@pytest.mark.parametrize("qid", list(Q))
def test_reference_examples(qid):
    function, overall, symptoms, f, o, s, total = Q[qid]
    result = FIQR.score({"function": function, "overall": overall, "symptoms": symptoms})
    assert result.function == pytest.approx(f, abs=TOL)
    assert result.overall == pytest.approx(o, abs=TOL)
    assert result.symptoms == pytest.approx(s, abs=TOL)
    assert result.total == pytest.approx(total, abs=TOL)


def test_q2_total_is_unrounded():
    function, overall, symptoms, *_ = Q["Q2"]
    result = FIQR.score({"function": function, "overall": overall, "symptoms": symptoms})
    assert result.total == pytest.approx(59.166666666666664, abs=TOL)  # 53/3 + 11 + 61/2
    assert result.total != 59.2
    assert result.band == "moderate"  # Salaffi 2020: 41–63 (REFERENCE.md §9, Q2)
    assert result.raw == {"function": 53.0, "overall": 11.0, "symptoms": 61.0}


def test_q4_missing_item_is_reweighted():
    result = FIQR.score({"function": Q["Q4"][0], "overall": [4, 4], "symptoms": [6] * 10})
    assert result.raw["function"] == pytest.approx(45.0, abs=TOL)  # Σ 40 × 9/8
    assert result.answered == {"function": 8, "overall": 2, "symptoms": 10}
    assert "8 of 9 answered" in result.reasons[0]


def test_result_dict():
    data = FIQR.score({"function": [1] * 9, "overall": [1, 1], "symptoms": [1] * 10}).to_dict()
    assert {"function", "overall", "symptoms", "total", "raw", "band", "band_source", "reasons", "summary"} <= set(data)
    assert set(data["raw"]) == {"function", "overall", "symptoms"}
    assert "Salaffi" in data["band_source"]


# --- minimum answered: half of each domain, rounded up (function 5/9, overall 1/2, symptoms 5/10) -----


@pytest.mark.parametrize(
    "domain, answered, ok",
    [("function", 5, True), ("function", 4, False), ("overall", 1, True), ("overall", 0, False),
     ("symptoms", 5, True), ("symptoms", 4, False), ("symptoms", 0, False)],
)
def test_minimum_answered_per_domain(domain, answered, ok):
    sizes = {"function": 9, "overall": 2, "symptoms": 10}
    answers = {d: [3] * n for d, n in sizes.items()}
    answers[domain] = [3] * answered + [None] * (sizes[domain] - answered)
    if ok:
        result = FIQR.score(answers)
        assert result.answered[domain] == answered
        # all answered items equal 3 → re-weighted raw sum equals 3 × n
        assert result.raw[domain] == pytest.approx(3 * sizes[domain], abs=TOL)
    else:
        with pytest.raises(ValidationError) as info:
            FIQR.score(answers)
        assert info.value.field == domain and "at least" in info.value.problem


def valid():
    return {"function": [1] * 9, "overall": [1, 1], "symptoms": [1] * 10}


@pytest.mark.parametrize("domain, length", [("function", 8), ("function", 10), ("overall", 3), ("symptoms", 9)])
def test_wrong_length_names_the_domain(domain, length):
    with pytest.raises(ValidationError) as info:
        FIQR.score({**valid(), domain: [1] * length})
    assert info.value.field == domain


@pytest.mark.parametrize("domain", ["function", "overall", "symptoms"])
def test_missing_domain_is_named(domain):
    answers = valid()
    del answers[domain]
    with pytest.raises(ValidationError) as info:
        FIQR.validate(answers)
    assert (info.value.field, info.value.problem) == (domain, "is required")


@pytest.mark.parametrize("bad", [11, -1, 7.5, "7", True, float("inf")])
def test_bad_item_names_its_position(bad):
    answers = valid()
    answers["function"][3] = bad
    with pytest.raises(ValidationError) as info:
        FIQR.score(answers)
    assert info.value.field == "function[3]"


def test_out_of_range_item():
    answers = valid()
    answers["symptoms"][9] = 12
    with pytest.raises(OutOfRangeError) as info:
        FIQR.score(answers)
    assert info.value.field == "symptoms[9]"


def test_unknown_key_and_non_list():
    with pytest.raises(ValidationError) as info:
        FIQR.score({**valid(), "extra": []})
    assert info.value.field == "extra"
    with pytest.raises(ValidationError) as info:
        FIQR.score({**valid(), "overall": "5,5"})
    assert info.value.field == "overall"


# --- Salaffi 2020 bands: 0–23 remission, 24–40 mild, 41–63 moderate, 64–82 severe, ≥ 83 very severe ------


@pytest.mark.parametrize(
    "total, band",
    [(0, "remission"), (23, "remission"), (23.5, "remission"), (24, "mild"), (40, "mild"), (40.99, "mild"),
     (41, "moderate"), (63, "moderate"), (63.5, "moderate"), (64, "severe"), (82, "severe"), (82.9, "severe"),
     (83, "very severe"), (100, "very severe")],
)
def test_salaffi_2020_band_boundaries(total, band):
    assert fiqr_band(total) == band


def test_band_rejects_out_of_scale():
    with pytest.raises(ValidationError):
        fiqr_band(100.5)


# --- properties -------------------------------------------------------------------------------------------

item = st.one_of(st.none(), st.integers(0, 10))


@st.composite
def fiqr_answers(draw):
    answers = {}
    for domain, n in (("function", 9), ("overall", 2), ("symptoms", 10)):
        values = draw(st.lists(item, min_size=n, max_size=n))
        needed = -(-n // 2)
        for i in range(n):  # fill skipped items until the domain reaches its minimum
            if sum(v is not None for v in values) >= needed:
                break
            if values[i] is None:
                values[i] = draw(st.integers(0, 10))
        answers[domain] = values
    return answers


@SETTINGS
@given(fiqr_answers())
def test_total_is_within_0_and_100(answers):
    result = FIQR.score(answers)
    assert 0 <= result.total <= 100
    assert 0 <= result.function <= 30 and 0 <= result.overall <= 20 and 0 <= result.symptoms <= 50
    assert result.total == pytest.approx(result.function + result.overall + result.symptoms, abs=TOL)


@SETTINGS
@given(fiqr_answers(), st.data())
def test_total_is_monotone_in_every_item(answers, data):
    before = FIQR.score(answers)
    domain = data.draw(st.sampled_from(["function", "overall", "symptoms"]))
    answered = [i for i, v in enumerate(answers[domain]) if v is not None]
    index = data.draw(st.sampled_from(answered))
    higher = data.draw(st.integers(answers[domain][index], 10))
    changed = {**answers, domain: [*answers[domain]]}
    changed[domain][index] = higher
    after = FIQR.score(changed)
    assert after.total >= before.total
    assert getattr(after, domain) >= getattr(before, domain)


@SETTINGS
@given(fiqr_answers())
def test_complete_answers_match_the_official_formula(answers):
    complete = {d: [0 if v is None else v for v in vs] for d, vs in answers.items()}
    result = FIQR.score(complete)
    # myalgia.com: Σfunction/3 + Σoverall + Σsymptoms/2
    expected = sum(complete["function"]) / 3 + sum(complete["overall"]) + sum(complete["symptoms"]) / 2
    assert result.total == pytest.approx(expected, abs=TOL)
