"""Treatment effects: recover a simulated level change, flag a start during a flare, say when data are short."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.simulate import simulate_person
from fibrotrack.analysis.treatments import treatment_effect
from fibrotrack.errors import ValidationError

START = date(2024, 1, 1)


@dataclass(frozen=True)
class Rec:
    on: date
    trackable: str
    value: float


def _series(n=150, start_day=70, change=-1.5, flare=False, seed=0, missing=0.1):
    rng = np.random.default_rng(seed)
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = 0.5 * e[t - 1] + rng.normal(0, 0.8)
    y = 5.0 + e + change * (np.arange(n) >= start_day + 7)
    if flare:
        y[start_day - 7 : start_day] += 3.0
    keep = rng.random(n) > missing
    return daily_series([Rec(START + timedelta(days=i), "twitching", float(np.clip(y[i], 0, 10)))
                         for i in range(n) if keep[i]])


def test_recovers_a_level_change_with_the_right_sign():
    res = treatment_effect(_series(), symptom="twitching", started_on=START + timedelta(days=70),
                           treatment="med:magnesium")
    assert res.enough_data and not res.flare_at_start
    assert res.level_change < 0 and res.ci_low <= -1.5 <= res.ci_high
    assert res.p_improvement > 0.5 and res.p_value < 0.05
    assert "magnesium" in res.sentence and "lower" in res.sentence
    json.dumps(res.to_dict(), allow_nan=False)


def test_no_effect_gives_an_interval_around_zero():
    res = treatment_effect(_series(change=0.0, seed=3), symptom="twitching", started_on=START + timedelta(days=70))
    assert res.ci_low < 0 < res.ci_high and res.p_improvement < 0.5


def test_start_during_a_flare_is_flagged():
    res = treatment_effect(_series(change=0.0, flare=True, seed=1), symptom="twitching",
                           started_on=START + timedelta(days=70))
    assert res.flare_at_start and res.warnings and "flare" in res.sentence


def test_short_baseline_is_not_enough_data():
    res = treatment_effect(_series(), symptom="twitching", started_on=START + timedelta(days=8))
    assert not res.enough_data and res.level_change is None and res.more_days_needed is None
    assert "Not enough data" in res.sentence
    json.dumps(res.to_dict(), allow_nan=False)


def test_short_follow_up_says_how_many_more_days():
    res = treatment_effect(_series(n=85, missing=0.0), symptom="twitching", started_on=START + timedelta(days=70))
    assert not res.enough_data and res.more_days_needed == 6  # 8 days from the onset, 14 needed


def test_symptom_never_logged_or_empty_diary():
    res = treatment_effect(daily_series([]), symptom="twitching", started_on=START)
    assert not res.enough_data
    json.dumps(res.to_dict(), allow_nan=False)


def test_demo_diary_shows_the_magnesium_reduction():
    d = simulate_person(days=365, seed=1, start_on=START)
    t = d.truth.treatments[0]
    res = treatment_effect(daily_series(d.records), symptom=t.symptom, started_on=t.started_on,
                           onset_lag_days=t.onset_lag_days, treatment=t.trackable)
    assert res.enough_data and res.level_change < 0


@pytest.mark.parametrize("kwargs", [{"started_on": "2024-01-01"}, {"onset_lag_days": -1},
                                    {"baseline_min_days": 2}, {"meaningful_change": 0}])
def test_bad_arguments_raise_validation_error(kwargs):
    args = {"symptom": "twitching", "started_on": START, **kwargs}
    with pytest.raises(ValidationError):
        treatment_effect(daily_series([]), **args)
