"""Regression with AR(1) errors for one diary: iterated feasible GLS, and OLS with Newey–West errors.

Model: ``y_i = X_i β + e_i`` for rows observed on days ``d_1 < d_2 < …`` (integers; gaps allowed) with
``e`` a stationary AR(1) on the *daily* grid: ``e_d = φ e_{d−1} + u_d``, u iid N(0, σ²).

**Whitening with gaps.** Under that model the error seen ``g = d_i − d_{i−1}`` days after the previous
observed row satisfies ``e_i = φ^g e_{i−1} + v_i`` with Var(v_i) = σ²(1 − φ^{2g})/(1 − φ²). Row *i* is
transformed to ``s_i (z_i − a_i z_{i−1})`` for z = y and every column of X:

* ``"prais-winsten"`` (default, exact GLS): a_i = φ^g, s_i = sqrt((1 − φ²)/(1 − φ^{2g})); the first
  row keeps a = 0, s = sqrt(1 − φ²). This is GLS with Σ_ij ∝ φ^|d_i − d_j| — nothing is dropped and
  missing days are modelled, not ignored.
* ``"cochrane-orcutt"``: a_i = φ, s_i = 1 when the previous day was observed (g = 1); the first row
  and every row after a gap are dropped (s = 0). On a diary without gaps this is exactly
  ``statsmodels.regression.linear_model.GLSAR(y, X, rho=1)``.

**Estimating φ** from the original-scale residuals r of the current fit (Yule–Walker, "adjusted"):
``φ = [Σ_{pairs} r̃_i r̃_{i−1} / n_pairs] / [Σ_i r̃_i² / n]`` with r̃ = r − mean(r) and *pairs* the rows
whose previous day was observed; clipped to ±0.98. Without gaps this is
``statsmodels.regression.linear_model.yule_walker(r, order=1, method="adjusted", df=None)``.

**Iteration** (Cochrane & Orcutt 1949; Prais & Winsten 1954; Judge et al. 1985 §8.2): start from
φ = 0 (OLS for Prais–Winsten), then repeat {φ ← estimate from residuals; β ← GLS at φ} until φ moves
by at most ``tol`` or ``max_iter`` updates were made. With ``max_iter = M − 1`` and ``tol = 0`` the result
equals ``GLSAR(y, X, rho=1).iterative_fit(maxiter=M, rtol=0)``.

**Inference**: σ² = Σ (whitened residual)² / (n_used − p), Cov(β) = σ²(X̃'X̃)⁻¹, t-tests with n_used − p
degrees of freedom — as statsmodels' GLS. The uncertainty in φ is ignored (standard FGLS practice).

:func:`ols_hac` is the robustness check: OLS with the Newey–West (Bartlett kernel) covariance over the
observed rows in order, without small-sample correction and with normal p-values, i.e.
``OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": L})`` (Newey & West 1987). Default
L = floor(4 (n/100)^(2/9)).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from scipy import stats

from ..errors import ValidationError

__all__ = ["FglsFit", "HacFit", "Method", "PHI_MAX", "ar1_from_residuals", "default_hac_lags", "fgls_ar1",
           "ols_hac", "whitening_weights"]

Method = Literal["prais-winsten", "cochrane-orcutt"]
PHI_MAX = 0.98
_METHODS = ("prais-winsten", "cochrane-orcutt")


@dataclass(frozen=True, slots=True)
class FglsFit:
    """An AR(1) FGLS fit. Arrays are per column of X; ``df_resid = n_used − p``."""

    params: np.ndarray
    bse: np.ndarray
    cov: np.ndarray
    phi: float
    sigma2: float
    df_resid: int
    n_obs: int
    n_used: int
    iterations: int
    converged: bool
    method: str

    @property
    def tvalues(self) -> np.ndarray:
        """β / SE."""
        return self.params / self.bse

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided p-values from the t distribution with ``df_resid`` degrees of freedom."""
        return 2.0 * stats.t.sf(np.abs(self.tvalues), self.df_resid)

    def conf_int(self, *, level: float = 0.95) -> np.ndarray:
        """Return (p, 2) t-based confidence limits."""
        q = stats.t.ppf(0.5 + level / 2.0, self.df_resid)
        return np.column_stack([self.params - q * self.bse, self.params + q * self.bse])


@dataclass(frozen=True, slots=True)
class HacFit:
    """OLS estimates with Newey–West standard errors (normal-based p-values)."""

    params: np.ndarray
    bse: np.ndarray
    cov: np.ndarray
    maxlags: int
    n_obs: int

    @property
    def pvalues(self) -> np.ndarray:
        """Two-sided normal p-values."""
        return 2.0 * stats.norm.sf(np.abs(self.params / self.bse))


def _check(y: np.ndarray, X: np.ndarray, day_index: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    y = np.asarray(y, dtype=float)
    X = np.asarray(X, dtype=float)
    days = np.asarray(day_index)
    if y.ndim != 1 or X.ndim != 2 or X.shape[0] != y.shape[0] or days.shape != y.shape:
        raise ValidationError("X", "y, X and day_index must have matching rows (y and day_index 1-D, X 2-D)")
    if not (np.all(np.isfinite(y)) and np.all(np.isfinite(X))):
        raise ValidationError("y", "y and X must be finite (drop unobserved rows first)")
    if days.size and (not np.issubdtype(days.dtype, np.integer) or np.any(np.diff(days) <= 0)):
        raise ValidationError("day_index", "must be strictly increasing whole numbers")
    return y, X, days.astype(np.int64)


def whitening_weights(day_index: np.ndarray, phi: float, method: Method) -> tuple[np.ndarray, np.ndarray]:
    """Return per-row ``(a, s)`` so that row i becomes ``s_i (z_i − a_i z_{i−1})`` (module docstring)."""
    n = day_index.shape[0]
    gap = np.zeros(n, dtype=np.int64)
    gap[1:] = np.diff(day_index)
    a = np.zeros(n)
    s = np.zeros(n)
    if method == "prais-winsten":
        if n:
            s[0] = np.sqrt(1.0 - phi**2)
        g = gap[1:].astype(float)
        a[1:] = phi**g
        s[1:] = np.sqrt((1.0 - phi**2) / (1.0 - phi ** (2.0 * g)))
    else:
        pair = gap == 1
        a[pair] = phi
        s[pair] = 1.0
    return a, s


def _whiten(z: np.ndarray, a: np.ndarray, s: np.ndarray) -> np.ndarray:
    out = z.copy() if z.ndim == 1 else z.copy()
    if z.shape[0] > 1:
        prev = z[:-1]
        out[1:] = z[1:] - (a[1:, None] * prev if z.ndim == 2 else a[1:] * prev)
    return out * (s[:, None] if z.ndim == 2 else s)


def ar1_from_residuals(resid: np.ndarray, day_index: np.ndarray) -> float:
    """Return the Yule–Walker ("adjusted") AR(1) estimate from residuals on days ``day_index`` (docstring)."""
    n = resid.shape[0]
    if n < 2:
        return 0.0
    r = resid - resid.mean()
    r0 = float(np.dot(r, r)) / n
    pair = np.diff(day_index) == 1
    n_pairs = int(pair.sum())
    if n_pairs == 0 or r0 <= 0.0:
        return 0.0
    r1 = float(np.dot(r[1:][pair], r[:-1][pair])) / n_pairs
    return float(np.clip(r1 / r0, -PHI_MAX, PHI_MAX))


def _gls(y: np.ndarray, X: np.ndarray, a: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray, float, int]:
    keep = s > 0
    yw = _whiten(y, a, s)[keep]
    Xw = _whiten(X, a, s)[keep]
    q, r = np.linalg.qr(Xw)
    beta = np.linalg.solve(r, q.T @ yw)
    r_inv = np.linalg.inv(r)
    xtx_inv = r_inv @ r_inv.T
    resid_w = yw - Xw @ beta
    return beta, xtx_inv, float(resid_w @ resid_w), int(keep.sum())


def fgls_ar1(
    y: np.ndarray,
    X: np.ndarray,
    *,
    day_index: np.ndarray,
    method: Method = "prais-winsten",
    max_iter: int = 100,
    tol: float = 1e-10,
) -> FglsFit:
    """Fit ``y = Xβ + e`` with AR(1) errors by iterated FGLS (formulas and references in the module docstring).

    Args:
        y: (n,) observed outcome rows (no NaN).
        X: (n, p) design of full column rank on the rows used.
        day_index: (n,) strictly increasing day numbers of the rows; gaps are missing days.
        method: ``"prais-winsten"`` (exact, keeps every row) or ``"cochrane-orcutt"`` (drops rows after gaps).
        max_iter: at most this many φ updates.
        tol: stop when φ changes by at most this much.

    Raises:
        ValidationError: mismatched shapes, non-finite values, unsorted days, an unknown method, fewer
            used rows than columns + 1, or collinear columns.
    """
    y, X, days = _check(y, X, day_index)
    if method not in _METHODS:
        raise ValidationError("method", f"{method!r} is not one of {', '.join(_METHODS)}")
    if max_iter < 0 or tol < 0:
        raise ValidationError("max_iter", "max_iter and tol must be non-negative")
    n, p = X.shape
    phi = 0.0
    a, s = whitening_weights(days, phi, method)
    n_used = int((s > 0).sum())
    if n_used <= p:
        raise ValidationError("y", f"{n_used} usable rows for {p} coefficients")
    Xw = _whiten(X, a, s)[s > 0]
    if np.linalg.matrix_rank(Xw) < p:
        raise ValidationError("X", "columns are collinear on the rows used")
    beta, xtx_inv, ssr, n_used = _gls(y, X, a, s)
    iterations, converged = 0, max_iter == 0
    for _ in range(max_iter):
        new_phi = ar1_from_residuals(y - X @ beta, days)
        a, s = whitening_weights(days, new_phi, method)
        beta, xtx_inv, ssr, n_used = _gls(y, X, a, s)
        iterations += 1
        done = abs(new_phi - phi) <= tol
        phi = new_phi
        if done:
            converged = True
            break
    df = n_used - p
    sigma2 = ssr / df
    cov = sigma2 * xtx_inv
    return FglsFit(params=beta, bse=np.sqrt(np.diag(cov)), cov=cov, phi=phi, sigma2=sigma2, df_resid=df,
                   n_obs=n, n_used=n_used, iterations=iterations, converged=converged, method=method)


def default_hac_lags(n_obs: int) -> int:
    """Newey–West rule of thumb: floor(4 (n/100)^(2/9)) (statsmodels' default for ``nlags=None``)."""
    return int(np.floor(4.0 * (n_obs / 100.0) ** (2.0 / 9.0)))


def ols_hac(y: np.ndarray, X: np.ndarray, *, maxlags: int | None = None) -> HacFit:
    """OLS with Newey–West (Bartlett) covariance over the rows in order (module docstring).

    Raises:
        ValidationError: mismatched shapes, non-finite values, too few rows or collinear columns.
    """
    y, X, _ = _check(y, X, np.arange(np.asarray(y).shape[0]))
    n, p = X.shape
    if n <= p or np.linalg.matrix_rank(X) < p:
        raise ValidationError("X", "too few rows or collinear columns")
    lags = default_hac_lags(n) if maxlags is None else int(maxlags)
    if lags < 0:
        raise ValidationError("maxlags", "must be non-negative")
    q, r = np.linalg.qr(X)
    beta = np.linalg.solve(r, q.T @ y)
    r_inv = np.linalg.inv(r)
    bread = r_inv @ r_inv.T
    xu = X * (y - X @ beta)[:, None]
    meat = xu.T @ xu
    for lag in range(1, min(lags, n - 1) + 1):
        gamma = xu[lag:].T @ xu[:-lag]
        meat += (1.0 - lag / (lags + 1.0)) * (gamma + gamma.T)
    cov = bread @ meat @ bread
    return HacFit(params=beta, bse=np.sqrt(np.diag(cov)), cov=cov, maxlags=lags, n_obs=n)
