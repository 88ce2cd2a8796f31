"""The simulator: deterministic from the seed, catalog-valid records, the documented truth."""

from __future__ import annotations

import json
from datetime import date

import numpy as np
import pytest

from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.simulate import simulate_cohort, simulate_person
from fibrotrack.catalog import builtin_trackable
from fibrotrack.errors import ValidationError

START = date(2024, 1, 1)


@pytest.fixture(scope="module")
def diary():
    return simulate_person(days=180, seed=7, start_on=START)


def test_same_seed_same_diary_and_different_seed_differs(diary):
    again = simulate_person(days=180, seed=7, start_on=START)
    assert again.records == diary.records and again.truth == diary.truth
    other = simulate_person(days=180, seed=8, start_on=START)
    assert other.records != diary.records


def test_records_use_catalog_codes_ranges_details_and_sites(diary):
    for rec in diary.records:
        t = builtin_trackable(rec.trackable)
        assert t is not None, rec.trackable
        t.check_value(rec.value)
        t.check_detail(rec.detail)
        t.check_site(rec.body_site)
        assert START <= rec.on < date(2024, 6, 29)


def test_values_are_rounded_the_way_people_log(diary):
    by = {}
    for rec in diary.records:
        by.setdefault(rec.trackable, []).append(rec.value)
    assert all(float(v).is_integer() for v in by["twitching"] + by["weakness"] + by["stress"])
    assert all((2 * v).is_integer() for v in by["pain"] + by["fatigue"])
    assert all((4 * v).is_integer() for v in by["sleep_hours"])
    assert set(by["caffeine_mg"]) <= {0.0, 96.0, 64.0, 47.0}


def test_twitching_has_sites_and_counts_weakness_is_mostly_tiredness(diary):
    twitch = [r for r in diary.records if r.trackable == "twitching" and r.value > 0]
    assert twitch and all(r.body_site for r in twitch) and all(r.detail["count"] >= 1 for r in twitch)
    weak = [r.detail["kind"] for r in diary.records if r.trackable == "weakness"]
    assert weak.count("tiredness") / len(weak) > 0.9


def test_missing_days_and_truth(diary):
    s = daily_series(diary.records, start_on=START, end_on=date(2024, 6, 28))
    assert 0.05 < 1 - s.days_logged / s.n_days < 0.25
    assert len(diary.unlogged_on) == s.n_days - s.days_logged
    codes = {(t.symptom, t.exposure, t.lag_days) for t in diary.truth.triggers}
    assert ("twitching", "caffeine_mg", 0) in codes and ("weakness", "exertion", 1) in codes
    assert diary.truth.treatments[0].trackable == "med:magnesium"
    assert diary.truth.treatments[0].level_change < 0
    json.dumps(diary.to_dict(), allow_nan=False)


def test_scenario_none_has_no_effects():
    d = simulate_person(days=60, seed=1, start_on=START, scenario="none")
    assert d.truth.triggers == () and all(t.level_change == 0 for t in d.truth.treatments)


def test_zero_days_is_an_empty_diary():
    d = simulate_person(days=0, seed=1, start_on=START)
    assert d.records == () and d.truth.treatments == ()


@pytest.mark.parametrize("kwargs", [{"days": -1}, {"days": 10_000}, {"seed": -3}, {"scenario": "flare"},
                                    {"missing_day_rate": 1.5}, {"treatment_start_day": 999}])
def test_bad_arguments_raise_validation_error(kwargs):
    args = {"days": 30, "seed": 1, "start_on": START, **kwargs}
    with pytest.raises(ValidationError):
        simulate_person(**args)


def test_cohort_shapes_truth_and_determinism():
    c = simulate_cohort(people=60, days=90, seed=3)
    assert c.outcome.shape == (60, 90) and c.exposures.shape == (60, 90, 30)
    assert c.effects.shape == (60, 30, 3)
    again = simulate_cohort(people=60, days=90, seed=3)
    np.testing.assert_array_equal(c.outcome, again.outcome)
    per_person = (c.effects != 0).sum(axis=(1, 2))
    assert per_person.max() <= 3 and (per_person == 0).any()
    assert not (c.effects[:, ~c.active] != 0).any()  # inactive types never have an effect
    assert (c.effects[~c.tracked] == 0).all()
    missing = np.isnan(c.outcome).mean()
    assert 0.08 < missing < 0.22
    untracked = np.broadcast_to(~c.tracked[:, None, :], c.exposures.shape)
    assert np.isnan(c.exposures[untracked]).all()
    assert np.isnan(c.exposures[np.isnan(c.outcome)]).all()  # an unlogged day has no exposures either
    valid = c.outcome[~np.isnan(c.outcome)]
    assert valid.min() >= 0 and valid.max() <= 10 and np.all((2 * valid) % 1 == 0)


def test_cohort_missing_days_are_more_likely_on_flare_days():
    c = simulate_cohort(people=300, days=120, seed=4, n_exposures=2, exposures_per_person=(1, 2),
                        missing_range=(0.2, 0.2), round_to=0)
    # Without triggers the latent level is hidden, but unlogged days follow high noise: the day after an
    # unlogged day is, on average, worse than the day after a logged one (AR(1) carries the flare on).
    y = c.outcome
    after_missing = np.isnan(y[:, :-1]) & ~np.isnan(y[:, 1:])
    after_logged = ~np.isnan(y[:, :-1]) & ~np.isnan(y[:, 1:])
    dev = y - np.nanmean(y, axis=1, keepdims=True)
    assert np.nanmean(dev[:, 1:][after_missing]) > np.nanmean(dev[:, 1:][after_logged]) + 0.1
