"""Empirical-Bayes shrinkage: posterior formulas, Bayesian q-values, prior fitting and calibration."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from fibrotrack.analysis.shrinkage import (
    DEFAULT_PRIOR,
    PriorCell,
    bayes_qvalues,
    fit_cell,
    fit_cohort_prior,
    normal_equivalent_se,
    posterior,
)
from fibrotrack.errors import ValidationError


def test_lfdr_and_posterior_mean_behave():
    b = np.linspace(-1, 1, 41)
    post = posterior(b, np.full_like(b, 0.15), pi_effect=0.1, mean=0.0, sd=0.4)
    assert ((post.lfdr >= 0) & (post.lfdr <= 1)).all()
    assert post.lfdr[20] == post.lfdr.max()  # b = 0 is the most null-looking
    assert post.lfdr[0] < 1e-6 and post.lfdr[-1] < 1e-6
    assert (np.abs(post.mean) <= np.abs(b) + 1e-12).all()  # shrinks towards 0
    inside = (post.ci_low <= post.mean) & (post.mean <= post.ci_high)
    point = (post.ci_low == 0) & (post.ci_high == 0)  # the point mass at 0 alone holds the central 95 %
    assert (inside | point).all() and (post.lfdr[point] > 0.9).all()


def test_mixture_interval_matches_a_numeric_inversion():
    b, s, pi, mu, tau = 0.35, 0.12, 0.2, 0.1, 0.3
    post = posterior(np.array([b]), np.array([s]), pi_effect=pi, mean=mu, sd=tau)
    lfdr = float(post.lfdr[0])
    v = 1 / (1 / tau**2 + 1 / s**2)
    m = v * (mu / tau**2 + b / s**2)
    grid = np.linspace(-2, 2, 400_001)
    cdf = (1 - lfdr) * stats.norm.cdf(grid, m, np.sqrt(v)) + lfdr * (grid >= 0)
    lo, hi = grid[np.searchsorted(cdf, 0.025)], grid[np.searchsorted(cdf, 0.975)]
    assert post.ci_low[0] == pytest.approx(lo, abs=2e-5) and post.ci_high[0] == pytest.approx(hi, abs=2e-5)
    assert post.mean[0] == pytest.approx((1 - lfdr) * m)


def test_posterior_intervals_cover_draws_from_the_prior():
    rng = np.random.default_rng(0)
    n = 20_000
    theta = np.where(rng.random(n) < 0.2, rng.normal(0.3, 0.2, n), 0.0)
    s = rng.uniform(0.05, 0.3, n)
    b = theta + rng.normal(0, s)
    post = posterior(b, s, pi_effect=0.2, mean=0.3, sd=0.2)
    cover = (post.ci_low <= theta) & (theta <= post.ci_high)
    assert 0.94 < cover.mean() < 0.975  # at least 95 %: the point mass makes intervals slightly conservative
    chosen = post.lfdr <= 0.2
    assert (theta[chosen] == 0).mean() < 0.2  # calibrated lfdr: fewer false among those reported
    assert 0.93 < cover[chosen].mean() < 0.97  # and the intervals stay honest after selection


def test_bayes_qvalues_are_running_means_per_row():
    lfdr = np.array([[0.5, 0.01, np.nan, 0.2], [0.9, 0.9, 0.1, 0.3]])
    q = bayes_qvalues(lfdr)
    np.testing.assert_allclose(q[0], [(0.01 + 0.2 + 0.5) / 3, 0.01, np.nan, (0.01 + 0.2) / 2])
    np.testing.assert_allclose(q[1], [(0.1 + 0.3 + 0.9) / 3, 2.2 / 4, 0.1, 0.2])


def test_normal_equivalent_se_keeps_the_t_test_p_value():
    b, se, df = np.array([0.5, -1.2, 0.0, 3.0]), np.array([0.2, 0.4, 0.3, 0.1]), np.array([10, 25, 8, 5])
    s = normal_equivalent_se(b, se, df)
    p_t = 2 * stats.t.sf(np.abs(b / se), df)
    p_n = 2 * stats.norm.sf(np.abs(b / s))
    np.testing.assert_allclose(p_n[[0, 1, 3]], p_t[[0, 1, 3]], rtol=1e-8)
    assert (s >= se).all()


def test_fit_cell_recovers_a_known_prior():
    rng = np.random.default_rng(2)
    n = 6000
    theta = np.where(rng.random(n) < 0.15, rng.normal(0.4, 0.15, n), 0.0)
    s = rng.uniform(0.08, 0.2, n)
    cell = fit_cell(theta + rng.normal(0, s), s)
    assert cell.pi_effect == pytest.approx(0.15, abs=0.03)
    assert cell.mean == pytest.approx(0.4, abs=0.05) and cell.sd == pytest.approx(0.15, abs=0.06)
    assert cell.n_tests == n


def test_cohort_prior_separates_active_from_inactive_cells():
    rng = np.random.default_rng(3)
    n = 400
    s = rng.uniform(0.08, 0.2, n)
    active = np.where(rng.random(n) < 0.2, rng.normal(0.4, 0.1, n), 0.0) + rng.normal(0, s)
    null = rng.normal(0, s)
    prior = fit_cohort_prior({("twitching", "caffeine_mg", 0): (active, s),
                              ("twitching", "alcohol_units", 0): (null, s)})
    assert prior.cell("twitching", "caffeine_mg", 0).pi_effect > 0.1
    assert prior.cell("twitching", "alcohol_units", 0).pi_effect < 0.03
    assert prior.cell("pain", "stress", 2) == prior.default
    assert prior.to_dict()["cells"][0]["exposure"] in ("alcohol_units", "caffeine_mg")


def test_default_prior_is_a_valid_symmetric_prior():
    cell = DEFAULT_PRIOR.default
    assert isinstance(cell, PriorCell) and 0 < cell.pi_effect < 0.5 and cell.mean == 0 and cell.sd > 0


def test_fit_without_data_needs_an_anchor():
    with pytest.raises(ValidationError):
        fit_cell(np.array([np.nan]), np.array([1.0]))
    anchor = PriorCell(0.1, 0.0, 0.3)
    assert fit_cell(np.array([]), np.array([]), anchor=anchor).pi_effect == 0.1


def test_a_large_one_sided_cell_keeps_its_own_direction_and_size():
    # 20 % of 300 people with effects near −0.4 (all one way): the cell's slab should stay there rather
    # than be pulled to the global slab centred at 0 — a wide slab near 0 would also soak up null
    # scatter and overstate how common the effect is.
    rng = np.random.default_rng(5)
    n = 300
    s = rng.uniform(0.08, 0.12, n)
    active = np.where(rng.random(n) < 0.2, rng.normal(-0.4, 0.08, n), 0.0) + rng.normal(0, s)
    nulls = {("y", f"e{k}", 0): (rng.normal(0, s), s) for k in range(20)}
    prior = fit_cohort_prior({("y", "caffeine_mg", 0): (active, s), **nulls})
    cell = prior.cell("y", "caffeine_mg", 0)
    assert cell.mean == pytest.approx(-0.4, abs=0.06) and cell.sd < 0.15
    assert cell.pi_effect == pytest.approx(0.2, abs=0.06)
