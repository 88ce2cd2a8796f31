"""The small-sample statistics of the experiment analysis, checked against references."""

from __future__ import annotations

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import optimize, stats

from fibrotrack.analysis.experiments_design import trial_layout
from fibrotrack.analysis.experiments_stats import (
    KR_GRID,
    ar1_weights,
    effect_design,
    fit_trials,
    fit_trials_many,
    kr_correction,
    reml_phi,
)
from fibrotrack.analysis.fgls import whitening_weights
from fibrotrack.analysis.processes import ar1


def _trial(orders=("AB", "BA", "BA", "AB"), period=7, washout=2, drop=(3, 17, 18, 30)):
    lay = trial_layout(period, washout, orders)
    days = np.nonzero(~lay.is_washout)[0]
    days = np.delete(days, list(drop))  # unlogged days: extra gaps
    return days, effect_design(lay.is_b[days], lay.pair[days])


def _corr(days, phi):
    return phi ** np.abs(days[:, None] - days[None, :]).astype(float)


def _dense_kr(X, days, phi, column=1):
    """Kenward & Roger (1997) written out with dense inverses, θ = (σ², φ), σ² = 1."""
    h = np.abs(days[:, None] - days[None, :]).astype(float)
    C = phi**h
    C1 = np.where(h > 0, h * phi ** np.maximum(h - 1, 0), 0.0)
    C2 = np.where(h > 1, h * (h - 1) * phi ** np.maximum(h - 2, 0), 0.0)
    Si = np.linalg.inv(C)
    Phi = np.linalg.inv(X.T @ Si @ X)
    D = [C, C1]
    DD = [[np.zeros_like(C), C1], [C1, C2]]
    G = Si - Si @ X @ Phi @ X.T @ Si
    info = np.array([[0.5 * np.trace(G @ D[a] @ G @ D[b]) for b in range(2)] for a in range(2)])
    W = np.linalg.inv(info)
    P = [-X.T @ Si @ D[a] @ Si @ X for a in range(2)]
    Q = [[X.T @ Si @ D[a] @ Si @ D[b] @ Si @ X for b in range(2)] for a in range(2)]
    R = [[X.T @ Si @ DD[a][b] @ Si @ X for b in range(2)] for a in range(2)]
    S = sum(W[a, b] * (Q[a][b] - P[a] @ Phi @ P[b] - 0.25 * R[a][b]) for a in range(2) for b in range(2))
    adjusted = Phi + 2 * Phi @ S @ Phi
    g = [(Phi @ P[a] @ Phi)[column, column] for a in range(2)]
    A = sum(W[a, b] * g[a] * g[b] for a in range(2) for b in range(2)) / Phi[column, column] ** 2
    return adjusted[column, column] / Phi[column, column], 2.0 / A


def test_whitening_weights_are_the_fgls_ones():
    days, _ = _trial()
    a, s = ar1_weights(days, np.array([0.0, 0.4, -0.3]))
    for k, phi in enumerate((0.0, 0.4, -0.3)):
        ref = whitening_weights(days, phi, "prais-winsten")
        assert np.array_equal(a[k], ref[0]) and np.array_equal(s[k], ref[1])


@pytest.mark.parametrize("phi", [-0.4, 0.0, 0.3, 0.6, 0.85])
def test_kenward_roger_matches_dense_formulas(phi):
    days, X = _trial()
    kappa, df = kr_correction(X, days, np.array([phi]))
    ref_kappa, ref_df = _dense_kr(X, days, phi)
    assert kappa[0] == pytest.approx(ref_kappa, rel=1e-9)
    assert df[0] == pytest.approx(min(ref_df, days.size - X.shape[1]), rel=1e-9)


def test_kenward_roger_stack_equals_one_by_one():
    days, X1 = _trial()
    _, X2 = _trial(orders=("AB", "AB", "BA", "BA"))
    phis = np.array([0.1, 0.5, 0.9])
    kappa, df = kr_correction(np.stack([X1, X2]), days, phis)
    for i, X in enumerate((X1, X2)):
        one = kr_correction(X, days, phis)
        np.testing.assert_allclose(kappa[i], one[0], rtol=1e-12)
        np.testing.assert_allclose(df[i], one[1], rtol=1e-12)


@pytest.mark.parametrize(("design", "kappa_tol", "df_tol"), [((4, 7, 2), 0.01, 0.02), ((6, 5, 1), 0.01, 0.02),
                                                            ((2, 3, 1), 0.01, 0.05)])
def test_tabulated_kenward_roger_is_close_to_exact(design, kappa_tol, df_tol):
    pairs, period, washout = design
    lay = trial_layout(period, washout, ("AB", "BA") * (pairs // 2) + ("AB",) * (pairs % 2))
    days = np.nonzero(~lay.is_washout)[0]
    X = effect_design(lay.is_b[days], lay.pair[days])
    phis = np.random.default_rng(0).uniform(-0.9, 0.95, 200)
    kappa, df = kr_correction(X, days, phis)
    k_tab, df_tab = kr_correction(X, days, KR_GRID)
    assert np.max(np.abs(np.interp(phis, KR_GRID, k_tab) / kappa - 1)) < kappa_tol
    assert np.max(np.abs(np.interp(phis, KR_GRID, df_tab) / df - 1)) < df_tol


def test_reml_phi_matches_restricted_likelihood_of_error_contrasts():
    days, X = _trial()
    rng = np.random.default_rng(4)
    y = 3.0 + ar1(rng, phi=0.6, sd=1.0, shape=(4, days[-1] + 1))[:, days]
    n, p = X.shape
    K = np.linalg.svd(np.eye(n) - X @ np.linalg.pinv(X))[0][:, : n - p]  # orthonormal basis of X's complement

    def neg_reml(phi, v):
        cov = K.T @ _corr(days, phi) @ K
        z = K.T @ v
        sigma2 = z @ np.linalg.solve(cov, z) / (n - p)
        # Reference: scipy.stats.multivariate_normal(mean=0, cov=sigma2 * K'C(phi)K).logpdf(K'y), profiled over sigma2
        return -stats.multivariate_normal(mean=np.zeros(n - p), cov=sigma2 * cov).logpdf(z)

    found = reml_phi(y, X, days)
    for v, est in zip(y, found):
        ref = optimize.minimize_scalar(neg_reml, args=(v,), bounds=(-0.9, 0.95), method="bounded",
                                       options={"xatol": 1e-9}).x
        assert est == pytest.approx(ref, abs=5e-4)


def test_gls_at_reml_phi_matches_statsmodels_gls():
    days, X = _trial()
    rng = np.random.default_rng(9)
    y = 4.0 + 0.8 * X[:, 1] + ar1(rng, phi=0.5, sd=1.2, shape=(days[-1] + 1,))[days]
    fit = fit_trials(y[None], X, days)
    phi = fit.phi[0]
    # Reference: statsmodels.regression.linear_model.GLS(y, X, sigma=C(phi)).fit(), C_ij = phi**|d_i - d_j|
    ref = sm.GLS(y, X, sigma=_corr(days, phi)).fit()
    assert fit.effect[0] == pytest.approx(ref.params[1], rel=1e-9)
    assert fit.se_gls[0] == pytest.approx(ref.bse[1], rel=1e-9)
    kappa, df = kr_correction(X, days, np.array([phi]))
    assert fit.se[0] == pytest.approx(np.sqrt(kappa[0]) * ref.bse[1], rel=1e-9)
    assert fit.p_value[0] == pytest.approx(2 * stats.t.sf(abs(ref.params[1]) / fit.se[0], df[0]), rel=1e-9)


def test_fit_trials_many_agrees_with_exact_fit():
    lay = trial_layout(7, 2, ("AB", "BA", "BA", "AB"))
    days = np.nonzero(~lay.is_washout)[0]
    X = effect_design(lay.is_b[days], lay.pair[days])
    y = ar1(np.random.default_rng(1), phi=0.5, sd=1.0, shape=(20, lay.is_b.size))[:, days]
    exact = fit_trials(y, X, days)
    many = fit_trials_many([y], [X], days)[0]
    np.testing.assert_allclose(many.effect, exact.effect, rtol=1e-12)
    np.testing.assert_allclose(many.p_value, exact.p_value, atol=2e-3)


def test_effect_design_columns():
    X = effect_design(np.array([0, 1, 1, 0]), np.array([2, 2, 3, 3]))
    assert X.tolist() == [[1, 0, 0], [1, 1, 0], [1, 1, 1], [1, 0, 1]]
