"""Cohort mode: cross-fitted priors, one answer per person, nothing but finite numbers in the output."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from fibrotrack.analysis.cohort import crossfit_priors, discover_cohort, fold_of
from fibrotrack.analysis.fdr import bayes_fdr_threshold
from fibrotrack.analysis.pair_fit import estimate_pair
from fibrotrack.analysis.rules import LIKELY_FDR, LIKELY_LFDR, POSSIBLE_LFDR
from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.shrinkage import DEFAULT_PRIOR
from fibrotrack.analysis.simulate import simulate_person
from fibrotrack.analysis.triggers import discover_triggers
from fibrotrack.errors import ValidationError


@pytest.fixture(scope="module")
def cohort():
    series = {f"p{i:02d}": daily_series(simulate_person(days=100, seed=100 + i, start_on=date(2024, 2, 1)).records)
              for i in range(34)}
    series["empty"] = daily_series([])
    return series, discover_cohort(series, symptoms=["twitching", "fatigue"], folds=4)


def test_every_person_gets_an_answer(cohort):
    series, result = cohort
    assert set(result.results) == set(series)
    assert result.folds == 4 and result.people == 35
    out = result.to_dict()
    json.dumps(out, allow_nan=False)
    assert out["results"]["empty"]["not_enough_data"][0]["reason"] == "nothing logged yet"
    assert result.prior.cells and result.prior.source.startswith("cohort of 35 people")


def test_cohort_estimates_equal_the_single_person_path(cohort):
    """With the same adjusters, the cohort engine and the single-person engine give the same numbers."""
    series, result = cohort
    single = discover_triggers(series["p03"], symptoms=["twitching", "fatigue"])
    many = result.results["p03"]
    assert {(t.symptom, t.exposure, t.lag_days) for t in single.tested} == {
        (t.symptom, t.exposure, t.lag_days) for t in many.tested}
    assert any(t.adjusted_for for t in many.tested)
    for t in many.tested:
        assert all(e != t.exposure for e, _ in t.adjusted_for)  # never adjusted for itself
        alone = estimate_pair(series["p03"], symptom=t.symptom, exposure=t.exposure, lags_days=(0, 1, 2),
                              adjust_for=t.adjusted_for)
        j = alone.lags_days.index(t.lag_days)
        assert alone.adjusted_for == t.adjusted_for
        assert abs(alone.effect[j] - t.raw_effect) <= 1e-8 and abs(alone.p_value[j] - t.p_value) <= 1e-8


def test_the_cohort_prior_learns_the_shared_triggers(cohort):
    _, result = cohort
    caffeine = result.prior.cell("twitching", "caffeine_mg", 0)
    alcohol = result.prior.cell("twitching", "alcohol_units", 2)
    assert caffeine.pi_effect > alcohol.pi_effect
    found = [r for r in result.results.values()
             if any((t.exposure, t.lag_days, t.label) == ("caffeine_mg", 0, "likely") for t in r.triggers
                    if t.symptom == "twitching")]
    assert len(found) >= 25


def test_likely_is_the_cohort_false_discovery_set(cohort):
    _, result = cohort
    lfdr = np.array([t.lfdr for r in result.results.values() for t in r.tested])
    assert result.likely_lfdr == min(bayes_fdr_threshold(lfdr, LIKELY_FDR), POSSIBLE_LFDR)
    likely = [t for r in result.results.values() for t in r.triggers if t.label == "likely"]
    assert likely and all(t.lfdr <= result.likely_lfdr for t in likely)
    assert np.mean([t.lfdr for t in likely]) <= LIKELY_FDR  # the set's expected share of false findings
    assert result.to_dict()["likely_lfdr"] == pytest.approx(result.likely_lfdr)


def test_small_cohorts_keep_the_single_diary_rule():
    series = {f"p{i}": daily_series(simulate_person(days=60, seed=i, start_on=date(2024, 2, 1)).records)
              for i in range(3)}
    result = discover_cohort(series, symptoms=["twitching"])
    assert result.prior is DEFAULT_PRIOR and result.likely_lfdr == LIKELY_LFDR


def test_crossfit_priors_small_cohorts_use_the_default():
    fold, priors, whole = crossfit_priors({("a", "b", 0): (np.zeros(5), np.ones(5))}, n_people=5)
    assert priors == [DEFAULT_PRIOR] and whole is DEFAULT_PRIOR and (fold == 0).all()
    assert fold_of(7, 3).tolist() == [0, 1, 2, 0, 1, 2, 0]


def test_bad_folds_raise():
    with pytest.raises(ValidationError):
        discover_cohort({}, folds=0)
