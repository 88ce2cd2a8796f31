"""Adjusting for a person's other suspects: who is chosen, the same numbers on both engines, honest tests."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
import statsmodels.api as sm

from fibrotrack.analysis.adjust import adjuster_column, adjuster_columns, allowed_adjusters, choose_adjusters, in_step
from fibrotrack.analysis.design import trigger_design, usable_rows
from fibrotrack.analysis.estimates import estimate_triggers_batch
from fibrotrack.analysis.fgls import fgls_ar1
from fibrotrack.analysis.pair_fit import estimate_pair
from fibrotrack.analysis.rules import ADJUST_LFDR, MAX_ADJUSTERS, min_usable_days
from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.simulate import SimRecord, simulate_cohort
from fibrotrack.analysis.triggers import discover_triggers
from fibrotrack.analysis.wording import trigger_sentence
from fibrotrack.errors import ValidationError

START = date(2024, 1, 1)
Rec = SimRecord  # a diary record: day, trackable code, value


def test_choose_adjusters_orders_by_lfdr_and_skips_weak_and_untested_pairs():
    lfdr = np.array([[[0.9, 0.01, np.nan], [0.4, 0.6, 0.2]],
                     [[np.nan, np.nan, np.nan], [0.7, 0.8, 0.51]]])
    chosen = choose_adjusters(lfdr, max_n=3)
    assert chosen.tolist() == [[1, 5, 3], [-1, -1, -1]]  # flat index k · 3 + lag
    assert choose_adjusters(lfdr, max_n=1).tolist() == [[1], [-1]]
    assert ADJUST_LFDR == 0.5 and choose_adjusters(lfdr).shape == (2, min(MAX_ADJUSTERS, 6))


def test_allowed_adjusters_skip_the_exposure_itself_and_keep_twenty_residual_df():
    candidate = np.array([[True, False, True, True]])
    room = min_usable_days(3)
    assert allowed_adjusters(candidate, np.array([room + 10]), 3).tolist() == [[True, False, True, True]]
    assert allowed_adjusters(candidate, np.array([room + 2]), 3).tolist() == [[True, False, True, False]]
    assert allowed_adjusters(candidate, np.array([room]), 3).tolist() == [[False, False, False, False]]


def test_adjuster_column_fills_like_the_design_and_uses_the_mean_where_nothing_is_known():
    x = np.array([1.0, np.nan, 3.0, np.nan, 5.0])
    unlogged = np.array([False, True, False, False, False])  # day 3 was logged, only this exposure missing
    col = adjuster_column(x, 1, unlogged)
    assert np.isnan(x[1]) and np.isfinite(col).all()
    assert col[0] == pytest.approx(3.0)  # no day before day 0: the mean of 1, 3, 5
    assert col[3] == 3.0 and col[4] == pytest.approx(3.0)  # day 3 not filled (it was logged): the mean


def _diary(days: int = 150, seed: int = 7) -> list[Rec]:
    """Two real triggers (coffee today, stress today) and one exposure with no effect."""
    rng = np.random.default_rng(seed)
    recs = []
    coffee = rng.integers(0, 4, days) * 100.0
    stress = np.clip(np.round(5 + 2 * rng.standard_normal(days)), 0, 10)
    noise = np.zeros(days)
    for t in range(1, days):
        noise[t] = 0.4 * noise[t - 1] + rng.normal(0, 0.8)
    for i, d in enumerate(START + timedelta(days=k) for k in range(days)):
        if rng.random() < 0.1:
            continue  # an unlogged day
        y = 3 + 0.5 * coffee[i] / 100 + 0.45 * (stress[i] - 5) + noise[i]
        recs += [Rec(d, "twitching", float(np.clip(np.round(y * 2) / 2, 0, 10))), Rec(d, "caffeine_mg", coffee[i]),
                 Rec(d, "stress", float(stress[i])), Rec(d, "alcohol_units", float(rng.integers(0, 3)))]
    return recs


def test_an_adjusted_pair_is_the_regression_with_the_adjuster_as_a_column():
    series = daily_series(_diary())
    pair = estimate_pair(series, symptom="twitching", exposure="caffeine_mg", lags_days=(0, 1, 2),
                         adjust_for=[("caffeine_mg", 1), ("stress", 0)])
    assert pair.reason == 0 and pair.adjusted_for == (("stress", 0),)  # its own lag is never an adjuster
    y = np.asarray(series.column("twitching"), dtype=float)
    x = np.asarray(series.column("caffeine_mg"), dtype=float) / 100
    yd, X = trigger_design(y, x, weekday=series.weekday, lags_days=(0, 1, 2), unlogged=~series.logged)
    used = usable_rows(yd, X)
    Xa = np.column_stack([X, adjuster_column(np.asarray(series.column("stress"), dtype=float), 0, ~series.logged)])
    keep = np.abs(Xa[used]).sum(axis=0) > 0
    ref = fgls_ar1(yd[used], Xa[used][:, keep], day_index=np.nonzero(used)[0])
    assert np.allclose(pair.effect, ref.params[:3], atol=1e-10) and np.allclose(pair.se, ref.bse[:3], atol=1e-10)
    ols = sm.OLS(yd[used], Xa[used][:, keep]).fit()
    assert ols.df_resid == ref.df_resid == pair.df  # the adjuster is counted in the degrees of freedom


def test_adjusting_for_a_real_other_trigger_narrows_the_interval():
    series = daily_series(_diary())
    alone = estimate_pair(series, symptom="twitching", exposure="caffeine_mg", lags_days=(0, 1, 2))
    held = estimate_pair(series, symptom="twitching", exposure="caffeine_mg", lags_days=(0, 1, 2),
                         adjust_for=[("stress", 0)])
    assert held.se[0] < 0.8 * alone.se[0]
    result = discover_triggers(series)
    caffeine = next(t for t in result.tested if (t.exposure, t.lag_days) == ("caffeine_mg", 0))
    assert ("stress", 0) in caffeine.adjusted_for and caffeine.label == "likely"
    assert "allowing for stress the same day" in caffeine.sentence
    assert caffeine.to_dict()["adjusted_for"][0] == {"exposure": "stress", "lag_days": 0}


def test_an_adjuster_in_lock_step_falls_back_to_the_pair_alone():
    recs = _diary()
    recs += [Rec(r.on, "coffee_cups", r.value / 100) for r in recs if r.trackable == "caffeine_mg"]
    series = daily_series(recs)
    alone = estimate_pair(series, symptom="twitching", exposure="caffeine_mg", lags_days=(0, 1, 2))
    twin = estimate_pair(series, symptom="twitching", exposure="caffeine_mg", lags_days=(0, 1, 2),
                         adjust_for=[("coffee_cups", 0)])
    assert twin.reason == 0 and twin.adjusted_for == ()
    assert np.allclose(twin.effect, alone.effect, atol=1e-12)


@pytest.fixture(scope="module")
def cohort():
    c = simulate_cohort(people=120, days=120, seed=11)
    screen = estimate_triggers_batch(c.outcome, c.exposures, weekday0=c.weekday0, lags_days=c.lags_days, hac=False)
    # Adjust for each person's true triggers (the best a screen could do) to isolate the adjustment itself.
    chosen = choose_adjusters(np.where(c.effects != 0, 0.0, np.nan) + 0 * screen.effect)
    adjusted = estimate_triggers_batch(c.outcome, c.exposures, weekday0=c.weekday0, lags_days=c.lags_days,
                                       hac=False, adjusters=chosen)
    return c, screen, adjusted, chosen


def test_batch_adjustment_matches_the_manual_design(cohort):
    c, _, adjusted, chosen = cohort
    person = int(np.argmax((chosen >= 0).sum(axis=1)))
    cols = adjuster_columns(c.exposures, chosen, c.lags_days, np.isnan(c.outcome) & np.isnan(c.exposures).all(axis=2))
    k = int(np.nonzero(np.isfinite(adjusted.effect[person, :, 0]))[0][0])
    weekday = (c.weekday0[person] + np.arange(c.days)) % 7
    unlogged = ~(np.isfinite(c.outcome[person]) | np.isfinite(c.exposures[person]).any(axis=1))
    yd, X = trigger_design(c.outcome[person], c.exposures[person, :, k], weekday=weekday, lags_days=c.lags_days,
                           unlogged=unlogged)
    used = usable_rows(yd, X)
    use = adjusted.adjusted[person, k]
    Xa = np.column_stack([X, cols[person][:, use]])
    keep = np.abs(Xa[used]).sum(axis=0) > 0
    ref = fgls_ar1(yd[used], Xa[used][:, keep], day_index=np.nonzero(used)[0])
    assert np.allclose(adjusted.effect[person, k], ref.params[:3], atol=1e-8)
    assert adjusted.df[person, k] == ref.df_resid


def test_adjustment_gains_precision_on_true_pairs_and_keeps_null_tests_honest(cohort):
    c, screen, adjusted, _ = cohort
    true = (c.effects != 0) & np.isfinite(screen.se) & np.isfinite(adjusted.se)
    assert np.median(adjusted.se[true] / screen.se[true]) < 0.98
    null = (c.effects == 0) & np.isfinite(adjusted.p_value)
    share = float((adjusted.p_value[null] < 0.05).mean())
    assert 0.03 <= share <= 0.07, share  # the nominal 5 % on pairs with no effect


def test_bad_adjusters_are_refused():
    c = simulate_cohort(people=3, days=60, seed=1)
    with pytest.raises(ValidationError):
        estimate_triggers_batch(c.outcome, c.exposures, weekday0=c.weekday0, adjusters=np.array([[10_000]] * 3))


def test_the_sentence_names_what_was_held_fixed():
    s = trigger_sentence(symptom="twitching", exposure="caffeine_mg", lag_days=0, effect=0.6, ci_low=0.3,
                         ci_high=0.9, binary=False, label="likely", adjusted_for=[("stress", 0), ("sleep_hours", 1)])
    assert "(95% interval 0.3 to 0.9 higher), allowing for stress the same day and sleep the day before. Likely" in s
    assert trigger_sentence(symptom="twitching", exposure="caffeine_mg", lag_days=0, effect=0.6, ci_low=0.3,
                            ci_high=0.9, binary=False, label="likely").count("allowing") == 0


def test_an_exposure_almost_in_step_is_not_an_adjuster():
    """Exercise minutes track the exertion score closely: neither is adjusted for the other (both stay visible)."""
    rng = np.random.default_rng(3)
    recs = []
    for i, d in enumerate(START + timedelta(days=k) for k in range(120)):
        exertion = float(rng.integers(0, 8))
        minutes = max(0.0, 10 * exertion + float(rng.normal(0, 8)))
        y = 3 + 0.5 * exertion + rng.normal(0, 1)
        recs += [Rec(d, "weakness", float(np.clip(round(y), 0, 10))), Rec(d, "exertion", exertion),
                 Rec(d, "exertion_min", minutes)]
    series = daily_series(recs)
    pair = estimate_pair(series, symptom="weakness", exposure="exertion", lags_days=(0, 1, 2),
                         adjust_for=[("exertion_min", 0)])
    assert pair.adjusted_for == ()
    cols = adjuster_column(np.asarray(series.column("exertion_min"), dtype=float), 0, ~series.logged)
    lags = np.column_stack([np.asarray(series.column("exertion"), dtype=float)] * 3)
    assert in_step(cols[:, None], lags, np.ones(len(cols), dtype=bool)).tolist() == [True]
    result = discover_triggers(series)
    assert {t.exposure for t in result.triggers if t.lag_days == 0} == {"exertion", "exertion_min"}
