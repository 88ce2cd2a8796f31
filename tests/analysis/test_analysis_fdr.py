"""Benjamini–Hochberg q-values agree with SciPy; the Bayesian FDR cut-off reports the largest passing set."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import false_discovery_control

from fibrotrack.analysis.fdr import bayes_fdr_threshold, bh_qvalues
from fibrotrack.errors import ValidationError


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=120))
def test_bh_equals_scipy(p):
    p = np.array(p)
    # reference: scipy.stats.false_discovery_control(p, method="bh")
    np.testing.assert_allclose(bh_qvalues(p), false_discovery_control(p, method="bh"), atol=1e-12)


def test_nan_is_left_out_of_the_family():
    p = np.array([0.01, np.nan, 0.04, 0.03])
    q = bh_qvalues(p)
    assert np.isnan(q[1])
    np.testing.assert_allclose(q[[0, 2, 3]], false_discovery_control(p[[0, 2, 3]], method="bh"))
    assert np.isnan(bh_qvalues(np.array([np.nan]))).all()


@pytest.mark.parametrize("bad", [np.array([0.1, 1.2]), np.array([[0.1]]), np.array([-0.1])])
def test_bad_p_values_raise(bad):
    with pytest.raises(ValidationError):
        bh_qvalues(bad)


def _brute_force_cutoff(lfdr: np.ndarray, alpha: float) -> float:
    """Largest t such that {lfdr ≤ t} has mean lfdr ≤ alpha, by trying every observed value."""
    v = lfdr[~np.isnan(lfdr)]
    best = float("-inf")
    for t in np.unique(v):
        chosen = v[v <= t]
        if chosen.mean() <= alpha:
            best = max(best, float(t))
    return best


@settings(max_examples=200, deadline=None)
@given(st.lists(st.floats(min_value=0.0, max_value=1.0), min_size=1, max_size=80),
       st.sampled_from([0.05, 0.1, 0.2]))
def test_bayes_fdr_threshold_is_the_largest_passing_set(values, alpha):
    lfdr = np.round(np.array(values), 2)  # rounding makes ties common
    cut = bayes_fdr_threshold(lfdr, alpha)
    assert cut == _brute_force_cutoff(lfdr, alpha)
    if np.isfinite(cut):
        assert lfdr[lfdr <= cut].mean() <= alpha + 1e-12


def test_bayes_fdr_threshold_lets_strong_findings_carry_a_weaker_one():
    # Mean of (0.0, 0.0, 0.0, 0.18) = 0.045 ≤ 0.05: the 0.18 is reported alongside three near-certain ones.
    lfdr = np.array([0.0, 0.0, 0.0, 0.18, 0.9, np.nan])
    assert bayes_fdr_threshold(lfdr, 0.05) == pytest.approx(0.18)
    assert bayes_fdr_threshold(np.array([0.3, 0.6]), 0.05) == float("-inf")
    assert bayes_fdr_threshold(np.array([np.nan]), 0.05) == float("-inf")


@pytest.mark.parametrize(("lfdr", "alpha"), [(np.array([0.1]), 0.0), (np.array([0.1]), 1.0),
                                             (np.array([1.5]), 0.1), (np.array([-0.1]), 0.1)])
def test_bayes_fdr_threshold_rejects_bad_input(lfdr, alpha):
    with pytest.raises(ValidationError):
        bayes_fdr_threshold(lfdr, alpha)
