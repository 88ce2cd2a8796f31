"""Design matrices shared by the single-person and the cohort (batch) engines.

The trigger model for one symptom *y* and one exposure *x* on day *t* is the distributed-lag regression

    y_t = Σ_l β_l · x_{t−l}  +  γ · (t / 365.25)  +  Σ_{w=Mon..Sun} δ_w · [weekday(t) = w]  +  e_t

with one coefficient per lag in ``lags_days`` fitted *jointly*, so β_l is the association at lag *l*
holding the other lags fixed (an exposure that comes in runs would otherwise show up at every lag).
The seven weekday indicators replace the intercept; a weekday never seen among the rows used is left
out (its column is all zero). A row is used when y_t and every x_{t−l} were logged (complete cases);
the error e_t is AR(1) and handled by :mod:`.fgls`.

Columns: ``[x lag l for l in lags_days] + [trend] + [weekday 0 … 6]``; arrays carry NaN in rows that
cannot be used, so one function serves one person (T rows) and a cohort (P × T rows).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np

__all__ = ["N_NUISANCE", "ar1_fill", "exposure_profile", "full_rank", "lagged", "nanmean", "nanstd",
           "trigger_design", "usable_rows"]

N_NUISANCE = 8  # trend + 7 weekdays


def lagged(x: np.ndarray, lag: int) -> np.ndarray:
    """Return ``x`` shifted ``lag`` days later along the last axis (the first ``lag`` days NaN)."""
    out = np.full(x.shape, np.nan)
    if lag == 0:
        out[...] = x
    elif lag < x.shape[-1]:
        out[..., lag:] = x[..., :-lag]
    return out


def trigger_design(
    y: np.ndarray,
    x: np.ndarray,
    *,
    weekday: np.ndarray,
    lags_days: Sequence[int],
    unlogged: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(y, X)`` for the trigger model; X has shape ``y.shape + (len(lags_days) + 8,)``.

    ``y`` and ``x`` are (..., T) on a gap-free day grid, NaN where not logged; ``weekday`` is (..., T)
    (Monday = 0). ``unlogged`` marks days with no record at all: the exposure on such a day is filled
    by :func:`ar1_fill` when it enters a row as a lagged value (lag ≥ 1; the row's own day never is).
    Rows where y or any lagged x is still NaN are NaN in X and y; in usable rows,
    weekday columns are 0/1 and the trend is the day index / 365.25.
    """
    n_days = y.shape[-1]
    n_lags = len(lags_days)
    X = np.zeros(y.shape + (n_lags + N_NUISANCE,))
    x_in = x if unlogged is None else ar1_fill(x, unlogged)
    for j, lag in enumerate(lags_days):
        X[..., j] = lagged(x if int(lag) == 0 else x_in, int(lag))  # the row's own day is never filled
    X[..., n_lags] = np.arange(n_days) / 365.25
    X[..., n_lags + 1 :] = np.broadcast_to(weekday, y.shape)[..., None] == np.arange(7)
    bad = ~(np.isfinite(y) & np.all(np.isfinite(X[..., :n_lags]), axis=-1))
    y_out = np.where(bad, np.nan, y)
    X[bad] = np.nan
    return y_out, X


def ar1_fill(x: np.ndarray, fillable: np.ndarray) -> np.ndarray:
    """Fill NaN days marked ``fillable`` with their conditional mean under a stationary AR(1) exposure.

    Per series (last axis): mean μ and lag-1 autocorrelation ρ from logged days (consecutive logged
    pairs; ρ clipped to 0–0.95). A missing day *h₁* days after the last logged value x_a and *h₂*
    days before the next one x_b gets

        μ + [ρ^h₁ (1 − ρ^2h₂) (x_a − μ) + ρ^h₂ (1 − ρ^2h₁) (x_b − μ)] / (1 − ρ^2(h₁+h₂))

    (only one side logged: μ + ρ^h (x − μ)). This is E[x_s | all logged x] for a Gaussian AR(1)
    (Markov, so only the nearest logged neighbours matter). Filling a regressor with its conditional
    mean given the other regressors keeps a linear regression unbiased when the filled days are
    missing at random given their neighbours; the filled value is a best guess, never a record.
    """
    logged = np.isfinite(x)
    n = logged.sum(axis=-1)
    mu = nanmean(x)
    c = np.where(logged, x - mu[..., None], 0.0)
    r0 = (c * c).sum(axis=-1) / np.maximum(n, 1)
    pair = logged[..., 1:] & logged[..., :-1]
    r1 = (c[..., 1:] * c[..., :-1] * pair).sum(axis=-1) / np.maximum(pair.sum(axis=-1), 1)
    rho = np.clip(np.where(r0 > 0, r1 / np.where(r0 > 0, r0, 1.0), 0.0), 0.0, 0.95)
    fill = np.broadcast_to(fillable, x.shape) & ~logged & (n > 0)[..., None]
    out = np.array(x, dtype=float, copy=True)
    if not fill.any():
        return out
    n_t = x.shape[-1]
    t = np.arange(n_t)
    prev = np.maximum.accumulate(np.where(logged, t, -1), axis=-1)
    nxt = np.flip(np.minimum.accumulate(np.flip(np.where(logged, t, n_t), axis=-1), axis=-1), axis=-1)
    where = np.nonzero(fill)  # compute only where a value is filled
    lead, day = where[:-1], where[-1]
    r = rho[lead]
    a_idx, b_idx = prev[where], nxt[where]
    has_a, has_b = a_idx >= 0, b_idx < n_t
    xa = c[lead + (np.clip(a_idx, 0, n_t - 1),)]
    xb = c[lead + (np.clip(b_idx, 0, n_t - 1),)]
    h1 = np.where(has_a, day - a_idx, 1).astype(float)
    h2 = np.where(has_b, b_idx - day, 1).astype(float)
    both = (r**h1 * (1 - r ** (2 * h2)) * xa + r**h2 * (1 - r ** (2 * h1)) * xb) / np.maximum(
        1 - r ** (2 * (h1 + h2)), 1e-12)
    guess = np.where(has_a & has_b, both, np.where(has_a, r**h1 * xa, np.where(has_b, r**h2 * xb, 0.0)))
    out[where] = mu[lead] + guess
    return out


def usable_rows(y: np.ndarray, X: np.ndarray) -> np.ndarray:
    """Return the bool mask of rows where y and every column of X are finite."""
    return np.isfinite(y) & np.all(np.isfinite(X), axis=-1)


def full_rank(xtx: np.ndarray, *, rtol: float = 1e-9, inverse_diag: np.ndarray | None = None) -> np.ndarray:
    """Return True where the cross-product matrix X'X (..., p, p) is safely non-singular.

    Columns that are all zero are ignored (they are dropped from the fit); the others are scaled to unit
    length and the smallest eigenvalue must exceed ``rtol``. Both engines use this one test.

    ``inverse_diag`` (..., p), the diagonal of X'X⁻¹ when the caller has it, only saves work: if every
    X'X has a Cholesky factor (positive definite) and no zero column, the smallest eigenvalue of the
    scaled matrix is at least 1 / trace of its inverse, Σ_i (X'X)_ii (X'X⁻¹)_ii; matrices where that
    bound exceeds 2·rtol pass without computing eigenvalues and the others get the eigenvalue test, so
    the answer is the same.
    """
    if inverse_diag is not None and xtx.ndim > 2 and xtx.shape[-1]:
        try:
            np.linalg.cholesky(xtx)
        except np.linalg.LinAlgError:
            pass  # not every matrix is positive definite: the bound does not apply
        else:
            diag = np.diagonal(xtx, axis1=-2, axis2=-1)
            with np.errstate(invalid="ignore", over="ignore"):  # a NaN or huge inverse is not certified
                trace = np.sum(diag * inverse_diag, axis=-1)
                sure = (diag > 0).all(axis=-1) & (inverse_diag > 0).all(axis=-1) & (trace * (2.0 * rtol) < 1.0)
            if not sure.all():
                sure[~sure] = full_rank(xtx[~sure], rtol=rtol)
            return sure
    diag = np.diagonal(xtx, axis1=-2, axis2=-1)
    nonzero = diag > 0
    scale = np.where(nonzero, 1.0 / np.sqrt(np.where(nonzero, diag, 1.0)), 0.0)
    corr = xtx * scale[..., :, None] * scale[..., None, :]
    eye = np.eye(xtx.shape[-1])
    corr = np.where(nonzero[..., :, None] & nonzero[..., None, :], corr, eye)
    return np.linalg.eigvalsh(corr)[..., 0] > rtol


def exposure_profile(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(exposed, binary)`` for exposure series ``x`` (..., T) with NaN = not logged.

    ``binary`` (...,): every logged value is 0 or 1 (the effect is then "per exposed day").
    ``exposed`` (..., T): a day counts as exposed when x = 1 for binary series; x > 0 when at least
    20 % of logged days are 0 (caffeine, alcohol, exercise minutes); otherwise x above the person's
    median. Unlogged days are False. Used for the ≥ 10 exposed / ≥ 10 unexposed rule and reporting.
    """
    logged = np.isfinite(x)
    n = logged.sum(axis=-1)
    xz = np.where(logged, x, 0.0)
    binary = (n > 0) & np.all(~logged | (xz == 0) | (xz == 1), axis=-1)
    zero_share = np.where(n > 0, (logged & (xz == 0)).sum(axis=-1) / np.maximum(n, 1), 0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN rows: median NaN, handled below
        median = np.nanmedian(np.where(logged, x, np.nan), axis=-1) if x.shape[-1] else np.zeros(x.shape[:-1])
    cut = np.where(binary | (zero_share >= 0.2), 0.0, np.nan_to_num(median))
    exposed = logged & (xz > cut[..., None])
    return exposed, binary


def nanmean(a: np.ndarray, axis: int = -1) -> np.ndarray:
    """Mean over finite values along ``axis``; 0 where there are none."""
    finite = np.isfinite(a)
    n = finite.sum(axis=axis)
    return np.where(n > 0, np.where(finite, a, 0.0).sum(axis=axis) / np.maximum(n, 1), 0.0)


def nanstd(a: np.ndarray, axis: int = -1) -> np.ndarray:
    """Sample SD (ddof = 1) over finite values along ``axis``; 0 where fewer than two values."""
    n = np.isfinite(a).sum(axis=axis)
    mean = nanmean(a, axis=axis)
    dev = np.where(np.isfinite(a), a - np.expand_dims(mean, axis), 0.0)
    return np.where(n > 1, np.sqrt((dev**2).sum(axis=axis) / np.maximum(n - 1, 1)), 0.0)
