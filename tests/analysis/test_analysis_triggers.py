"""Trigger discovery: finds the simulated truth, stays quiet without one, and answers on degenerate diaries."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pytest

from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.simulate import simulate_person
from fibrotrack.analysis.triggers import discover_triggers
from fibrotrack.errors import ValidationError

START = date(2024, 1, 1)
TRIGGER_KEYS = {"symptom", "exposure", "lag_days", "effect", "ci_low", "ci_high", "q_value", "label", "n_exposed",
                "n_unexposed", "sentence"}


@dataclass(frozen=True)
class Rec:
    on: date
    trackable: str
    value: float


def _json(result) -> dict:
    out = result.to_dict(include_all=True)
    json.dumps(out, allow_nan=False)  # no NaN or infinity anywhere
    assert {"days_logged", "triggers", "not_enough_data"} <= set(out)
    for t in out["triggers"] + out["tested"]:
        assert TRIGGER_KEYS <= set(t)
        assert "trigger" not in t["sentence"].lower() and "cause" not in t["sentence"].lower()
    return out


@pytest.fixture(scope="module")
def demo_year():
    d = simulate_person(days=365, seed=1, start_on=START, scenario="demo")
    return d, discover_triggers(daily_series(d.records))


def test_demo_year_finds_every_built_in_trigger_with_the_right_sign(demo_year):
    diary, result = demo_year
    found = {(t.symptom, t.exposure, t.lag_days): t for t in result.triggers if t.label == "likely"}
    for truth in diary.truth.triggers:
        key = (truth.symptom, truth.exposure, truth.lag_days)
        assert key in found, key
        assert np.sign(found[key].effect) == np.sign(truth.effect)
        assert found[key].ci_low <= truth.effect <= found[key].ci_high or abs(found[key].effect - truth.effect) < 0.3
    out = _json(result)
    assert out["days_logged"] == result.days_logged > 250
    assert all(t["label"] in ("likely", "possible") for t in out["triggers"])
    assert len(result.tested) > len(result.triggers)


def test_sentences_are_plain_and_hedged(demo_year):
    _, result = demo_year
    sleep = next(t for t in result.triggers if (t.symptom, t.exposure, t.lag_days) == ("fatigue", "sleep_hours", 0))
    assert sleep.sentence.startswith("On days with 1 hour more sleep, your fatigue tended to be")
    assert "lower" in sleep.sentence and "not proof" in sleep.sentence and "self-experiment" in sleep.sentence
    assert sleep.unit == "1 h"


def test_scenario_without_effects_reports_no_likely_trigger():
    d = simulate_person(days=365, seed=3, start_on=START, scenario="none")
    result = discover_triggers(daily_series(d.records))
    assert [t for t in result.triggers if t.label == "likely"] == []
    _json(result)


def test_empty_diary_is_not_enough_data():
    result = discover_triggers(daily_series([]))
    out = _json(result)
    assert out["days_logged"] == 0 and out["triggers"] == []
    assert out["not_enough_data"][0]["reason"] == "nothing logged yet"
    assert out["not_enough_data"][0]["more_days_needed"] == 28


def test_one_day_is_not_enough_data():
    result = discover_triggers(daily_series([Rec(START, "twitching", 3), Rec(START, "caffeine_mg", 96)]))
    out = _json(result)
    (entry,) = out["not_enough_data"]
    assert entry["symptom"] == "twitching" and entry["exposure"] == "caffeine_mg"
    assert entry["reason"] == "fewer than 28 logged days" and entry["more_days_needed"] >= 27


def _days(n):
    return [START + timedelta(days=i) for i in range(n)]


def test_exposure_that_never_varies_and_constant_symptom():
    rng = np.random.default_rng(0)
    recs = []
    for i, d in enumerate(_days(80)):
        recs += [Rec(d, "twitching", float(rng.integers(0, 8))), Rec(d, "weakness", 3.0),
                 Rec(d, "caffeine_mg", 100.0), Rec(d, "stress", float(rng.integers(0, 10)))]
    out = _json(discover_triggers(daily_series(recs)))
    reasons = {(n["symptom"], n["exposure"]): n for n in out["not_enough_data"]}
    assert reasons[("twitching", "caffeine_mg")]["reason"] == "the exposure never varies"
    assert reasons[("twitching", "caffeine_mg")]["more_days_needed"] is None
    assert reasons[("weakness", "stress")]["reason"] == "the symptom does not vary"
    assert ("twitching", "stress") not in reasons


def test_perfectly_collinear_exposures_each_get_an_answer():
    rng = np.random.default_rng(1)
    recs = []
    caffeine = rng.integers(0, 4, 120) * 96.0
    for i, d in enumerate(_days(120)):
        recs += [Rec(d, "twitching", float(np.clip(2 + caffeine[i] / 96 + rng.normal(), 0, 10).round())),
                 Rec(d, "caffeine_mg", caffeine[i]), Rec(d, "coffee_cups", caffeine[i] / 96.0)]
    result = discover_triggers(daily_series(recs))
    _json(result)
    by = {(t.exposure, t.lag_days): t for t in result.tested}
    assert by[("caffeine_mg", 0)].p_value == pytest.approx(by[("coffee_cups", 0)].p_value, rel=1e-6)
    assert by[("caffeine_mg", 0)].label == "likely"


def test_year_with_eighty_percent_missing_days():
    d = simulate_person(days=365, seed=5, start_on=START, missing_day_rate=0.8)
    s = daily_series(d.records, start_on=START, end_on=START + timedelta(days=364))
    assert s.days_logged < 110
    _json(discover_triggers(s))


def test_only_symptoms_logged():
    recs = [Rec(d, "pain", 3.0 + (i % 3)) for i, d in enumerate(_days(40))]
    out = _json(discover_triggers(daily_series(recs)))
    assert out["not_enough_data"][0]["reason"] == "no exposures logged"


def test_explicit_codes_and_lags():
    d = simulate_person(days=120, seed=2, start_on=START)
    result = discover_triggers(daily_series(d.records), symptoms=["twitching"], exposures=["caffeine"],
                               lags_days=[0, 1])
    assert {(t.symptom, t.exposure) for t in result.tested} == {("twitching", "caffeine_mg")}
    assert {t.lag_days for t in result.tested} == {0, 1}
    nothing = discover_triggers(daily_series(d.records), symptoms=["twitching"], exposures=["med:ibuprofen"])
    assert nothing.not_enough_data[0].reason == "never logged on the same days as the symptom"


@pytest.mark.parametrize("kwargs", [{"lags_days": []}, {"lags_days": [-1]}, {"lags_days": [0, 0]},
                                    {"lags_days": [30]}, {"lags_days": [0.5]}, {"symptoms": "twitching"}])
def test_bad_arguments_raise_validation_error(kwargs):
    with pytest.raises(ValidationError):
        discover_triggers(daily_series([]), **kwargs)
