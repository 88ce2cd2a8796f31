"""Design matrices, AR(1) filling of unlogged lagged days, exposure profiles and the rank test."""

from __future__ import annotations

import numpy as np
import pytest

from fibrotrack.analysis.design import ar1_fill, exposure_profile, full_rank, lagged, trigger_design, usable_rows


def test_lagged_shifts_later_and_pads_with_nan():
    out = lagged(np.array([1.0, 2.0, 3.0]), 1)
    assert np.isnan(out[0]) and list(out[1:]) == [1.0, 2.0]
    assert np.isnan(lagged(np.array([1.0]), 3)).all()


def test_trigger_design_columns_and_usable_rows():
    y = np.array([1.0, 2.0, np.nan, 4.0, 5.0, 6.0])
    x = np.array([0.0, 1.0, 1.0, np.nan, 0.0, 1.0])
    weekday = np.arange(6) % 7
    yd, X = trigger_design(y, x, weekday=weekday, lags_days=(0, 1))
    assert X.shape == (6, 2 + 8)
    assert list(usable_rows(yd, X)) == [False, True, False, False, False, True]
    row = X[5]
    assert row[0] == 1.0 and row[1] == 0.0 and row[2] == pytest.approx(5 / 365.25)
    assert row[3:].tolist() == [0, 0, 0, 0, 0, 1, 0]  # Saturday (day 5 when day 0 is Monday)


def test_unlogged_lagged_days_are_filled_only_when_the_day_was_unlogged():
    y = np.array([1.0, 2.0, 3.0, 4.0])
    x = np.array([1.0, np.nan, 3.0, 1.0])
    _, X_skip = trigger_design(y, x, weekday=np.arange(4), lags_days=(0, 1), unlogged=np.zeros(4, dtype=bool))
    _, X_fill = trigger_design(y, x, weekday=np.arange(4), lags_days=(0, 1), unlogged=np.array([0, 1, 0, 0], bool))
    assert np.isnan(X_skip[2, 1])  # skipped on a logged day: stays missing
    assert np.isfinite(X_fill[2, 1])  # a wholly unlogged day: filled as a lagged value
    assert np.isnan(X_fill[1, 0])  # but never as the row's own exposure


def test_ar1_fill_is_the_gaussian_conditional_mean():
    rng = np.random.default_rng(0)
    n, rho = 4000, 0.6
    x = np.zeros(n)
    for t in range(1, n):
        x[t] = rho * x[t - 1] + rng.normal(0, np.sqrt(1 - rho**2))
    x += 5.0
    hole = np.zeros(n, dtype=bool)
    hole[[100, 101, 102, 500, 2000]] = True
    observed = np.where(hole, np.nan, x)
    filled = ar1_fill(observed, hole)
    mu = np.nanmean(observed)
    c = observed - mu
    r = np.nanmean(c[1:] * c[:-1]) / np.nanmean(c * c)  # same estimator family; n is large
    # reference: E[x_s | x_a, x_b] = [Σ_sa Σ_sb] Σ_ab⁻¹ [x_a x_b]' with Σ_ij = r^|i−j|
    for s, a, b in ((100, 99, 103), (101, 99, 103), (500, 499, 501), (2000, 1999, 2001)):
        cov_s = np.array([r ** abs(s - a), r ** abs(s - b)])
        cov_ab = np.array([[1.0, r ** (b - a)], [r ** (b - a), 1.0]])
        expected = mu + cov_s @ np.linalg.solve(cov_ab, np.array([x[a], x[b]]) - mu)
        assert filled[s] == pytest.approx(expected, abs=2e-3)
    assert np.array_equal(filled[~hole], x[~hole])


def test_ar1_fill_at_the_edges_and_without_any_data():
    x = np.array([np.nan, 2.0, 4.0, np.nan])
    filled = ar1_fill(x, np.ones(4, dtype=bool))
    assert np.isfinite(filled).all()
    assert np.isnan(ar1_fill(np.full(3, np.nan), np.ones(3, dtype=bool))).all()


def test_exposure_profile_rules():
    binary = np.array([0.0, 1.0, np.nan, 1.0])
    counts = np.array([0.0, 0.0, 96.0, 192.0, 0.0])
    scale = np.array([3.0, 5.0, 7.0, 9.0, np.nan])
    exposed, is_binary = exposure_profile(binary)
    assert bool(is_binary) and exposed.tolist() == [False, True, False, True]
    exposed, is_binary = exposure_profile(counts)
    assert not bool(is_binary) and exposed.tolist() == [False, False, True, True, False]  # ≥ 20 % zeros: > 0
    exposed, _ = exposure_profile(scale)
    assert exposed.tolist() == [False, False, True, True, False]  # otherwise: above the median


def test_full_rank_ignores_zero_columns_and_catches_collinearity():
    X = np.column_stack([np.ones(10), np.arange(10.0), np.zeros(10)])
    assert bool(full_rank(X.T @ X))
    Y = np.column_stack([np.ones(10), 2 * np.ones(10)])
    assert not bool(full_rank(Y.T @ Y))
