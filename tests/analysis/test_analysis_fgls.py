"""The FGLS and HAC engine agrees with statsmodels on the same data for the same estimator."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from statsmodels.regression.linear_model import GLS, GLSAR, OLS, yule_walker

from fibrotrack.analysis.fgls import ar1_from_residuals, fgls_ar1, ols_hac, whitening_weights
from fibrotrack.errors import ValidationError


def make_data(n=150, phi=0.6, seed=0):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=n), (rng.random(n) < 0.3).astype(float), np.arange(n) / 365.25])
    e = np.zeros(n)
    for t in range(1, n):
        e[t] = phi * e[t - 1] + rng.normal()
    y = X @ np.array([2.0, 0.5, -0.8, 0.3]) + e
    return y, X


@pytest.mark.parametrize("maxiter", [1, 2, 3, 6])
def test_cochrane_orcutt_equals_glsar_iterative_fit(maxiter):
    y, X = make_data()
    # reference: GLSAR(y, X, rho=1).iterative_fit(maxiter=M, rtol=0)
    ref = GLSAR(y, X, rho=1).iterative_fit(maxiter=maxiter, rtol=0)
    fit = fgls_ar1(y, X, day_index=np.arange(y.size), method="cochrane-orcutt", max_iter=maxiter - 1, tol=0)
    np.testing.assert_allclose(fit.params, ref.params, atol=1e-10)
    np.testing.assert_allclose(fit.bse, ref.bse, atol=1e-10)
    np.testing.assert_allclose(fit.pvalues, ref.pvalues, atol=1e-10)
    assert fit.df_resid == ref.df_resid
    if maxiter > 1:
        assert fit.phi == pytest.approx(float(ref.model.rho[0]), abs=1e-12)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_converged_cochrane_orcutt_equals_converged_glsar(seed):
    y, X = make_data(seed=seed, phi=0.4 + 0.1 * seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # reference: GLSAR(y, X, rho=1).iterative_fit(maxiter=500, rtol=1e-14)
        ref = GLSAR(y, X, rho=1).iterative_fit(maxiter=500, rtol=1e-14)
    fit = fgls_ar1(y, X, day_index=np.arange(y.size), method="cochrane-orcutt")
    assert fit.converged
    np.testing.assert_allclose(fit.params, ref.params, atol=1e-6)
    np.testing.assert_allclose(fit.bse, ref.bse, atol=1e-6)


def test_phi_estimate_equals_yule_walker_without_gaps():
    rng = np.random.default_rng(5)
    r = rng.normal(size=80).cumsum() * 0.1 + rng.normal(size=80)
    # reference: yule_walker(r, order=1, method="adjusted", df=None)
    rho, _ = yule_walker(r, order=1, method="adjusted", df=None, result_object=False)
    assert ar1_from_residuals(r, np.arange(80)) == pytest.approx(float(rho[0]), abs=1e-12)


def _sigma(days, phi):
    return phi ** np.abs(days[:, None] - days[None, :]) / (1 - phi**2)


def test_prais_winsten_with_gaps_is_gls_with_ar1_covariance():
    y, X = make_data(n=200, seed=9)
    rng = np.random.default_rng(9)
    keep = rng.random(200) > 0.25
    days = np.nonzero(keep)[0]
    fit = fgls_ar1(y[keep], X[keep], day_index=days)
    # reference: GLS(y, X, sigma=[phi^|d_i - d_j|]).fit() at the final phi
    ref = GLS(y[keep], X[keep], sigma=_sigma(days, fit.phi)).fit()
    np.testing.assert_allclose(fit.params, ref.params, atol=1e-8)
    np.testing.assert_allclose(fit.bse, ref.bse, atol=1e-8)
    assert fit.df_resid == ref.df_resid


def test_iterated_prais_winsten_equals_a_statsmodels_loop():
    y, X = make_data(n=120, seed=4)
    keep = np.ones(120, dtype=bool)
    keep[[5, 6, 30, 31, 32, 77]] = False
    days = np.nonzero(keep)[0]
    yk, Xk = y[keep], X[keep]
    fit = fgls_ar1(yk, Xk, day_index=days, max_iter=25, tol=0)
    # reference loop: OLS, then 25 × {phi from residual pairs on consecutive days; GLS(sigma=phi^|gap|)}
    res = OLS(yk, Xk).fit()
    pair = np.diff(days) == 1
    for _ in range(25):
        r = (yk - Xk @ res.params) - (yk - Xk @ res.params).mean()
        phi = (r[1:][pair] @ r[:-1][pair] / pair.sum()) / (r @ r / r.size)
        res = GLS(yk, Xk, sigma=_sigma(days, phi)).fit()
    np.testing.assert_allclose(fit.params, res.params, atol=1e-8)
    np.testing.assert_allclose(fit.bse, res.bse, atol=1e-8)


@pytest.mark.parametrize("maxlags", [0, 1, 4, None])
def test_hac_equals_statsmodels(maxlags):
    y, X = make_data(n=90, seed=2)
    keep = np.random.default_rng(2).random(90) > 0.2
    fit = ols_hac(y[keep], X[keep], maxlags=maxlags)
    lags = fit.maxlags
    # reference: OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": L})
    ref = OLS(y[keep], X[keep]).fit(cov_type="HAC", cov_kwds={"maxlags": lags})
    np.testing.assert_allclose(fit.params, ref.params, atol=1e-10)
    np.testing.assert_allclose(fit.bse, ref.bse, atol=1e-10)
    np.testing.assert_allclose(fit.pvalues, ref.pvalues, atol=1e-10)


def test_whitening_weights_without_gaps_are_prais_winsten():
    a, s = whitening_weights(np.arange(4), 0.5, "prais-winsten")
    np.testing.assert_allclose(a, [0, 0.5, 0.5, 0.5])
    np.testing.assert_allclose(s, [np.sqrt(0.75), 1, 1, 1])
    a, s = whitening_weights(np.array([0, 3]), 0.5, "prais-winsten")
    assert a[1] == pytest.approx(0.125) and s[1] == pytest.approx(np.sqrt(0.75 / (1 - 0.5**6)))
    _, s = whitening_weights(np.array([0, 1, 3]), 0.5, "cochrane-orcutt")
    np.testing.assert_array_equal(s, [0, 1, 0])


@pytest.mark.parametrize("bad", [
    dict(y=np.ones(5), X=np.ones((4, 1)), day_index=np.arange(5)),
    dict(y=np.array([1.0, np.nan, 2, 3]), X=np.ones((4, 1)), day_index=np.arange(4)),
    dict(y=np.arange(4.0), X=np.ones((4, 1)), day_index=np.array([0, 2, 1, 3])),
    dict(y=np.arange(4.0), X=np.ones((4, 1)), day_index=np.arange(4), method="ols"),
    dict(y=np.arange(3.0), X=np.ones((3, 3)), day_index=np.arange(3)),
    dict(y=np.arange(6.0), X=np.column_stack([np.ones(6), np.ones(6)]), day_index=np.arange(6)),
])
def test_bad_input_raises_validation_error(bad):
    with pytest.raises(ValidationError):
        fgls_ar1(**bad)
