"""Adjusting each candidate trigger for the person's other suspected triggers (a two-stage fit).

The trigger model (:mod:`.design`) fits one exposure at a time, so a person's *other* real triggers
sit in its residual: they add variance (wider intervals, less power) and, when exposures go together
(a bad night and a lot of coffee), they confound. Fitting every exposure at once is not possible —
20 exposures × 3 lags is more coefficients than a few months of days — so fibrotrack does what an
analyst would do by hand:

1. **Screen**: fit every (symptom, exposure) pair on its own and shrink the estimates with the prior in
   use (:mod:`.shrinkage`).
2. **Adjust**: the person's pairs that are at least "possible" (lfdr ≤ :data:`.rules.ADJUST_LFDR`) become
   covariates — *adjusters* — in a second fit of every pair of the same symptom, most convincing first,
   at most :data:`.rules.MAX_ADJUSTERS` of them. An exposure is never adjusted for itself (none of its
   own lags), nor for an exposure that moves almost in step with it (correlation beyond
   :data:`.rules.MAX_ADJUSTER_CORRELATION` with one of its lags on the rows used: one diary cannot tell
   the two apart, and adjusting would only inflate both intervals — exertion score and exercise minutes),
   and never with so many adjusters that the fit drops below :data:`.rules.MIN_RESIDUAL_DF`
   residual degrees of freedom. If the adjusted design cannot be fitted (an adjuster that moves in
   lock-step with the exposure), the pair keeps its unadjusted fit. The second fit is what is reported.

Adding a covariate that explains part of the symptom shrinks the residual variance, and so the
interval, of every other estimate without biasing one that is unrelated to it (Frisch–Waugh–Lovell;
the classical precision argument for covariate adjustment). The screen uses only the symptom and the
*other* exposures, so for an exposure with no effect that varies independently of them the adjusted
test keeps its null distribution; the t-test's degrees of freedom count the adjusters. For exposures
that do go together, the adjusted effect is the association *holding the other suspects fixed* — the
question a person asks ("is it the coffee, or the bad night?").

An adjuster column is the exposure at its lag, filled like the trigger design's lagged values
(:func:`.design.ar1_fill` on wholly unlogged days) and, where still missing, set to the person's mean of
that exposure (a missing covariate value then adds nothing).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .design import ar1_fill, lagged, nanmean
from .rules import ADJUST_LFDR, MAX_ADJUSTER_CORRELATION, MAX_ADJUSTERS, min_usable_days

__all__ = ["adjuster_column", "adjuster_columns", "allowed_adjusters", "choose_adjusters", "in_step"]


def choose_adjusters(lfdr: np.ndarray, *, max_n: int = MAX_ADJUSTERS, lfdr_max: float = ADJUST_LFDR) -> np.ndarray:
    """Return each person's adjusters: (P, max_n) flat indices ``k · L + j`` into (K, L), −1 where none.

    ``lfdr`` is (P, K, L) from the screening pass (NaN = not tested). A pair qualifies when its lfdr is
    ≤ ``lfdr_max``; a person's qualifying pairs are ordered by lfdr (ties by index).
    """
    lf = np.asarray(lfdr, dtype=float)
    flat = lf.reshape(lf.shape[0], -1)
    width = min(max(int(max_n), 0), flat.shape[1])
    key = np.where(np.isfinite(flat) & (flat <= lfdr_max), flat, np.inf)
    order = np.argsort(key, axis=1, kind="stable")[:, :width]
    best = np.take_along_axis(key, order, axis=1)
    return np.where(np.isfinite(best), order, -1).astype(np.int64)


def allowed_adjusters(candidate: np.ndarray, n_used: np.ndarray | int, n_lags: int) -> np.ndarray:
    """Return (..., m) True where an adjuster enters a pair's fit.

    ``candidate`` (..., m) marks the filled slots that are not the fitted exposure's own lags; the first
    of them are kept while the fit keeps :data:`.rules.MIN_RESIDUAL_DF` residual degrees of freedom
    with ``n_used`` usable rows.
    """
    keep = np.asarray(candidate, dtype=bool)
    room = np.asarray(n_used)[..., None] - min_usable_days(n_lags)
    return keep & (np.cumsum(keep, axis=-1) <= room)


def in_step(columns: np.ndarray, exposure_lags: np.ndarray, used: np.ndarray, *,
            max_r: float = MAX_ADJUSTER_CORRELATION) -> np.ndarray:
    """Return (..., m) True where an adjuster column (..., T, m) correlates beyond ``max_r`` (in absolute value)
    with any of the exposure's lag columns (..., T, L) over the ``used`` rows (..., T)."""
    u = np.asarray(used, dtype=bool)[..., None]
    n = np.maximum(u.sum(axis=-2, keepdims=True), 1)

    def centred(a: np.ndarray) -> np.ndarray:
        a = np.where(u, a, 0.0)
        return np.where(u, a - a.sum(axis=-2, keepdims=True) / n, 0.0)

    a, e = centred(np.asarray(columns, dtype=float)), centred(np.asarray(exposure_lags, dtype=float))
    cov = np.einsum("...ti,...tj->...ij", a, e)
    scale = np.sqrt((a**2).sum(axis=-2)[..., :, None] * (e**2).sum(axis=-2)[..., None, :])
    with np.errstate(divide="ignore", invalid="ignore"):
        r = np.where(scale > 0, cov / np.where(scale > 0, scale, 1.0), 0.0)
    return (np.abs(r) > max_r).any(axis=-1)


def adjuster_column(x: np.ndarray, lag: int, unlogged: np.ndarray) -> np.ndarray:
    """Return one adjuster column (..., T): ``x`` ``lag`` days earlier, filled (module docstring)."""
    col = lagged(x if int(lag) == 0 else ar1_fill(x, unlogged), int(lag))
    return np.where(np.isfinite(col), col, nanmean(x)[..., None])


def adjuster_columns(exposures: np.ndarray, chosen: np.ndarray, lags_days: Sequence[int],
                     unlogged: np.ndarray) -> np.ndarray:
    """Return the adjuster columns (P, T, m) for ``chosen`` (P, m) from ``exposures`` (P, T, K); 0 in empty slots."""
    xs = np.asarray(exposures, dtype=float)
    p_n, n_t, _ = xs.shape
    ch = np.asarray(chosen)
    n_l = len(lags_days)
    out = np.zeros((p_n, n_t, ch.shape[1]))
    for i in range(ch.shape[1]):
        for j, lag in enumerate(lags_days):
            rows = np.nonzero((ch[:, i] >= 0) & (ch[:, i] % n_l == j))[0]
            if rows.size:
                x = xs[rows, :, ch[rows, i] // n_l]
                out[rows, :, i] = adjuster_column(x, lag, unlogged[rows])
    return out
