"""Trigger estimates as arrays: every person × exposure × lag at once (the cohort path).

:func:`estimate_triggers_batch` fits the trigger model of :mod:`.design` for each exposure with the
batch FGLS engine and applies the same testability rules as the single-person path (:mod:`.rules`);
given each person's adjusters it fits the adjusted model of :mod:`.adjust` instead.
:func:`shrink_estimates` turns the estimates into posterior effects, intervals, lfdr and per-person
Bayesian q-values under a prior given per (exposure, lag) cell (:mod:`.shrinkage`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ValidationError
from .adjust import adjuster_columns, allowed_adjusters, in_step
from .batch import fgls_ar1_batch, ols_hac_batch
from .design import exposure_profile, lagged, nanstd, trigger_design, usable_rows
from .rules import MIN_DAYS_LOGGED, MIN_EXPOSED, MIN_UNEXPOSED, min_usable_days
from .shrinkage import bayes_qvalues, normal_equivalent_se, posterior

__all__ = ["ShrunkEstimates", "TriggerArrays", "estimate_triggers_batch", "pair_reasons", "shrink_estimates",
           "standardize"]


@dataclass(frozen=True, slots=True)
class TriggerArrays:
    """Raw estimates for P people × K exposures × L lags (NaN where not tested).

    ``effect``/``se``/``p_value``/``hac_p_value``/``n_exposed``/``n_unexposed`` are (P, K, L); ``df``,
    ``n_used``, ``reason`` (0 = tested, else a :data:`.rules.REASONS` code), ``binary``, ``sd_x`` and
    ``phi`` are (P, K); ``sd_y`` and ``days_logged`` are (P,). Effects are symptom points per exposure
    unit (the caller scales exposures to reporting units first). ``adjusters`` (P, m) are each person's
    adjusters as flat indices ``k · L + j`` (−1 = empty; m = 0 for an unadjusted fit) and ``adjusted``
    (P, K, m) says which of them entered exposure k's fit (:mod:`.adjust`).
    """

    effect: np.ndarray
    se: np.ndarray
    df: np.ndarray
    p_value: np.ndarray
    hac_p_value: np.ndarray
    n_exposed: np.ndarray
    n_unexposed: np.ndarray
    n_used: np.ndarray
    reason: np.ndarray
    binary: np.ndarray
    sd_x: np.ndarray
    sd_y: np.ndarray
    phi: np.ndarray
    days_logged: np.ndarray
    lags_days: tuple[int, ...]
    adjusters: np.ndarray
    adjusted: np.ndarray

    @property
    def tested(self) -> np.ndarray:
        """(P, K) True where the pair was estimated."""
        return self.reason == 0


def pair_reasons(n_used: np.ndarray, sd_x: np.ndarray, n_exposed: np.ndarray, n_unexposed: np.ndarray,
                 sd_y: np.ndarray, days_logged: np.ndarray) -> np.ndarray:
    """Return the :data:`.rules.REASONS` code for each person (0 = estimate it); lag counts on the last axis.

    Checked in this order, the later overriding: never logged together (4), exposure constant (6),
    too few usable days for the model's degrees of freedom (7), too few exposed/unexposed days at some
    lag (2), symptom constant (5), fewer than 28 logged days (1).
    """
    n_used = np.asarray(n_used)
    n_lags = np.shape(n_exposed)[-1]
    why = np.zeros(n_used.shape, dtype=np.int64)
    why[n_used == 0] = 4
    why[(why == 0) & (np.asarray(sd_x) == 0)] = 6
    why[(why == 0) & (n_used < min_usable_days(n_lags))] = 7
    few = (np.min(n_exposed, axis=-1) < MIN_EXPOSED) | (np.min(n_unexposed, axis=-1) < MIN_UNEXPOSED)
    why[(why == 0) & few] = 2
    why[(why == 0) & (np.asarray(sd_y) == 0)] = 5
    why[np.asarray(days_logged) < MIN_DAYS_LOGGED] = 1
    return why


def estimate_triggers_batch(
    outcome: np.ndarray,
    exposures: np.ndarray,
    *,
    weekday0: np.ndarray,
    lags_days: Sequence[int] = (0, 1, 2),
    logged: np.ndarray | None = None,
    hac: bool = True,
    fill: bool = True,
    chunk_people: int = 512,
    adjusters: np.ndarray | None = None,
) -> TriggerArrays:
    """Estimate the trigger model for every person and exposure (see the module docstring).

    Args:
        outcome: (P, T) symptom on a gap-free day grid, NaN where not logged.
        exposures: (P, T, K) exposures in reporting units, NaN where not logged.
        weekday0: (P,) weekday of day 0 (Monday = 0).
        lags_days: lags fitted jointly.
        logged: (P, T) days with any record (default: outcome or any exposure logged).
        hac: also compute OLS + Newey–West p-values.
        fill: fill exposures of wholly unlogged days when they enter a row as a lagged value
            (:func:`.design.ar1_fill`).
        adjusters: (P, m) each person's adjusters from a screening pass (:func:`.adjust.choose_adjusters`);
            None fits every exposure on its own.

    Raises:
        ValidationError: mismatched shapes or negative lags.
    """
    y0 = np.asarray(outcome, dtype=float)
    xs = np.asarray(exposures, dtype=float)
    if y0.ndim != 2 or xs.ndim != 3 or xs.shape[:2] != y0.shape:
        raise ValidationError("exposures", "outcome must be (people, days) and exposures (people, days, k)")
    lags = tuple(int(v) for v in lags_days)
    if not lags or min(lags) < 0 or len(set(lags)) != len(lags):
        raise ValidationError("lags_days", "must be distinct non-negative whole numbers")
    p_n, n_t, k_n = xs.shape
    n_l = len(lags)
    if logged is None:
        logged = np.isfinite(y0) | np.isfinite(xs).any(axis=2)
    logged = np.asarray(logged, dtype=bool)
    days_logged = np.asarray(logged).sum(axis=1)
    weekday = (np.asarray(weekday0)[:, None] + np.arange(n_t)[None, :]) % 7
    sd_y = nanstd(y0, axis=1)
    shape3 = (p_n, k_n, n_l)
    out = {name: np.full(shape3, np.nan) for name in ("effect", "se", "p_value", "hac_p_value")}
    n_exp = np.zeros(shape3, dtype=np.int64)
    n_unexp = np.zeros(shape3, dtype=np.int64)
    df = np.zeros((p_n, k_n), dtype=np.int64)
    n_used = np.zeros((p_n, k_n), dtype=np.int64)
    reason = np.zeros((p_n, k_n), dtype=np.int64)
    binary = np.zeros((p_n, k_n), dtype=bool)
    sd_x = np.zeros((p_n, k_n))
    phi = np.full((p_n, k_n), np.nan)
    chosen = np.full((p_n, 0), -1, dtype=np.int64) if adjusters is None else np.asarray(adjusters, dtype=np.int64)
    if chosen.ndim != 2 or chosen.shape[0] != p_n or (chosen >= k_n * n_l).any():
        raise ValidationError("adjusters", "must be (people, m) indices into the exposures × lags")
    columns = adjuster_columns(xs, chosen, lags, ~logged)
    adjusted = np.zeros((p_n, k_n, chosen.shape[1]), dtype=bool)
    for k in range(k_n):
        x = xs[:, :, k]
        y, X = trigger_design(y0, x, weekday=weekday, lags_days=lags, unlogged=None if not fill else ~logged)
        used = usable_rows(y, X)
        exposed, binary[:, k] = exposure_profile(x)
        for j, lag in enumerate(lags):
            ex_l = lagged(np.where(exposed, 1.0, 0.0), lag) > 0.5
            obs_l = lagged(np.where(np.isfinite(x), 1.0, 0.0), lag) > 0.5
            n_exp[:, k, j] = (used & ex_l).sum(axis=1)
            n_unexp[:, k, j] = (used & obs_l & ~ex_l).sum(axis=1)
        n_used[:, k] = used.sum(axis=1)
        sd_x[:, k] = nanstd(x, axis=1)
        why = pair_reasons(n_used[:, k], sd_x[:, k], n_exp[:, k], n_unexp[:, k], sd_y, days_logged)
        idx = np.nonzero(why == 0)[0]
        apart = ~in_step(columns, X[..., :n_l], used)
        use = allowed_adjusters((chosen >= 0) & (chosen // n_l != k) & apart, n_used[:, k], n_l)
        first = idx
        for attempt in range(2):
            if attempt:  # an adjusted design that cannot be fitted (an adjuster in lock-step): the pair alone
                idx = first[use[first].any(axis=1) & (why[first] == 3)]
                use[idx] = False
            if not idx.size:
                continue
            A = np.where(use[idx, None, :] & used[idx, :, None], columns[idx], 0.0)
            Xa = np.concatenate([X[idx], np.where(used[idx, :, None], A, np.nan)], axis=2)
            fit = fgls_ar1_batch(y[idx], Xa, chunk_people=chunk_people)
            good = fit.ok & np.all(np.isfinite(fit.bse[:, :n_l]) & (fit.bse[:, :n_l] > 0), axis=1)
            why[idx] = np.where(good, 0, 3)
            adjusted[idx, k] = use[idx] & good[:, None]
            gi = idx[good]
            out["effect"][gi, k] = fit.params[good, :n_l]
            out["se"][gi, k] = fit.bse[good, :n_l]
            out["p_value"][gi, k] = fit.pvalues[good, :n_l]
            df[gi, k] = fit.df_resid[good]
            phi[gi, k] = fit.phi[good]
            if hac and gi.size:
                h = ols_hac_batch(y[gi], Xa[good])
                out["hac_p_value"][gi, k] = np.where(h.ok[:, None], h.pvalues[:, :n_l], np.nan)
        reason[:, k] = why
    return TriggerArrays(effect=out["effect"], se=out["se"], df=df, p_value=out["p_value"],
                         hac_p_value=out["hac_p_value"], n_exposed=n_exp, n_unexposed=n_unexp, n_used=n_used,
                         reason=reason, binary=binary, sd_x=sd_x, sd_y=sd_y, phi=phi, days_logged=days_logged,
                         lags_days=lags, adjusters=chosen, adjusted=adjusted)


@dataclass(frozen=True, slots=True)
class ShrunkEstimates:
    """Posterior results (P, K, L), in symptom points per exposure unit; NaN where not tested."""

    effect: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray
    lfdr: np.ndarray
    q_value: np.ndarray
    std_effect: np.ndarray
    std_se: np.ndarray


def standardize(arrays: TriggerArrays) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return (b, s, factor): standardized estimates, normal-equivalent SEs and sd_x/sd_y (P, K, 1)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        factor = (arrays.sd_x / arrays.sd_y[:, None])[:, :, None]
        s_eq = normal_equivalent_se(arrays.effect, arrays.se, arrays.df[:, :, None])
    return arrays.effect * factor, s_eq * factor, factor


def shrink_estimates(arrays: TriggerArrays, *, pi_effect: np.ndarray | float, mean: np.ndarray | float,
                     sd: np.ndarray | float, null_scale: np.ndarray | float = 1.0) -> ShrunkEstimates:
    """Apply a spike-and-slab prior given per (exposure, lag) as arrays broadcastable to (P, K, L).

    q-values are computed per person over all their tested pairs of this one symptom.
    """
    b, s, factor = standardize(arrays)
    tested = np.isfinite(b) & np.isfinite(s) & (s > 0)
    safe_b = np.where(tested, b, 0.0)
    safe_s = np.where(tested, s, 1.0)
    post = posterior(safe_b, safe_s, pi_effect=pi_effect, mean=mean, sd=sd, null_scale=null_scale)
    lfdr = np.where(tested, post.lfdr, np.nan)
    q = bayes_qvalues(lfdr.reshape(lfdr.shape[0], -1)).reshape(lfdr.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        conv = np.where(tested, 1.0 / factor, np.nan)
    return ShrunkEstimates(effect=post.mean * conv, ci_low=post.ci_low * conv, ci_high=post.ci_high * conv,
                           lfdr=lfdr, q_value=q, std_effect=np.where(tested, b, np.nan),
                           std_se=np.where(tested, s, np.nan))
