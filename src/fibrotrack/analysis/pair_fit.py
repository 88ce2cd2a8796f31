"""One (symptom, exposure) pair of one diary: the trigger model fitted with the single-person engine.

:func:`estimate_pair` is the reference path — :func:`.fgls.fgls_ar1` and :func:`.fgls.ols_hac` on the
design of :mod:`.design` — and :func:`pairs_from_arrays` reads the same quantities out of the cohort
engine's arrays, so both paths feed one result builder (:mod:`.triggers`). The testability rules are
:func:`.estimates.pair_reasons`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .adjust import adjuster_column, allowed_adjusters, in_step
from .design import exposure_profile, full_rank, lagged, nanstd, trigger_design, usable_rows
from .estimates import TriggerArrays, pair_reasons
from .fgls import fgls_ar1, ols_hac
from .series import DailySeries
from .units import effect_scale

__all__ = ["PairEstimate", "estimate_pair", "pairs_from_arrays"]


@dataclass(frozen=True, slots=True)
class PairEstimate:
    """Raw estimates for one pair, per lag (arrays of length L); NaN where not estimated.

    ``reason`` is 0 when estimated, else a :data:`.rules.REASONS` code. ``exposed_share`` is the share of
    logged exposure days counted as exposed; ``usable_share`` the share of logged days usable as rows.
    ``adjusted_for`` lists the (exposure, lag) adjusters that entered the fit (:mod:`.adjust`).
    """

    symptom: str
    exposure: str
    lags_days: tuple[int, ...]
    reason: int
    effect: np.ndarray
    se: np.ndarray
    p_value: np.ndarray
    hac_p_value: np.ndarray
    df: int
    n_used: int
    n_exposed: np.ndarray
    n_unexposed: np.ndarray
    binary: bool
    sd_x: float
    sd_y: float
    phi: float
    exposed_share: float
    usable_share: float
    adjusted_for: tuple[tuple[str, int], ...] = ()


def _scaled(series: DailySeries, code: str) -> np.ndarray:
    return np.asarray(series.column(code), dtype=float) / effect_scale(code)


def estimate_pair(series: DailySeries, *, symptom: str, exposure: str, lags_days: Sequence[int],
                  adjust_for: Sequence[tuple[str, int]] = ()) -> PairEstimate:
    """Fit the trigger model (:mod:`.design`) for one pair with :func:`.fgls.fgls_ar1` (+ HAC check).

    The exposure is divided by its reporting unit (:func:`.units.effect_scale`) first, so effects are
    per 100 mg of caffeine, per 30 min of exercise, etc. ``adjust_for`` is the person's adjusters for
    this symptom, most convincing first (:mod:`.adjust`): the exposure's own lags and exposures in step
    with it are skipped, and the pair is fitted alone when the adjusted design cannot be fitted.
    """
    lags = tuple(int(v) for v in lags_days)
    n_l = len(lags)
    y = np.asarray(series.column(symptom), dtype=float)
    x = _scaled(series, exposure)
    yd, X = trigger_design(y, x, weekday=series.weekday, lags_days=lags, unlogged=~series.logged)
    used = usable_rows(yd, X)
    exposed, binary = exposure_profile(x)
    observed = np.isfinite(x)
    ex_l = [lagged(exposed.astype(float), g) > 0.5 for g in lags]
    obs_l = [lagged(observed.astype(float), g) > 0.5 for g in lags]
    n_exp = np.array([(used & e).sum() for e in ex_l], dtype=np.int64)
    n_unexp = np.array([(used & o & ~e).sum() for o, e in zip(obs_l, ex_l, strict=True)], dtype=np.int64)
    sd_x = float(nanstd(x))
    sd_y = float(nanstd(y))
    n_used = int(used.sum())
    reason = int(pair_reasons(np.array(n_used), np.array(sd_x), n_exp, n_unexp, np.array(sd_y),
                              np.array(series.days_logged)))
    nan = np.full(n_l, np.nan)
    effect, se, p, hac_p, df, phi = nan, nan, nan, nan, 0, float("nan")
    adjusted: tuple[tuple[str, int], ...] = ()
    if reason == 0:
        cand = [(str(c), int(g)) for c, g in adjust_for]
        columns = np.column_stack([adjuster_column(_scaled(series, c), g, ~series.logged) for c, g in cand]
                                  or [np.zeros((len(y), 0))])
        apart = ~in_step(columns, X[:, :n_l], used)
        keep = allowed_adjusters(np.array([c != exposure for c, _ in cand], dtype=bool) & apart, n_used, n_l)
        adjusted = tuple(a for a, k in zip(cand, keep, strict=True) if k)
        for attempt in (adjusted, ()) if adjusted else ((),):
            Xa = np.column_stack([X, columns[:, keep]]) if attempt else X
            fitted = _fit_rows(yd, Xa, used, n_l)
            if fitted is not None or not attempt:
                break
        adjusted = attempt if fitted is not None else ()
        if fitted is None:
            reason = 3
        else:
            effect, se, p, hac_p, df, phi = fitted
    n_logged_x = int(observed.sum())
    return PairEstimate(
        symptom=symptom, exposure=exposure, lags_days=lags, reason=reason, effect=effect, se=se, p_value=p,
        hac_p_value=hac_p, df=df, n_used=n_used, n_exposed=n_exp, n_unexposed=n_unexp, binary=bool(binary),
        sd_x=sd_x, sd_y=sd_y, phi=phi,
        exposed_share=float(exposed.sum() / n_logged_x) if n_logged_x else float("nan"),
        usable_share=n_used / series.days_logged if series.days_logged else float("nan"), adjusted_for=adjusted,
    )


def _fit_rows(y: np.ndarray, X: np.ndarray, used: np.ndarray, n_l: int):
    """FGLS (+ HAC) on the usable rows: (effect, se, p, hac_p, df, phi) of the first ``n_l`` columns, or None."""
    Xu = X[used]
    keep = np.abs(Xu).sum(axis=0) > 0
    Xk = Xu[:, keep]
    if not keep[:n_l].all() or int(used.sum()) - int(keep.sum()) < 1 or not bool(full_rank(Xk.T @ Xk)):
        return None
    fit = fgls_ar1(y[used], Xk, day_index=np.nonzero(used)[0])
    if not np.all(np.isfinite(fit.bse[:n_l]) & (fit.bse[:n_l] > 0)):
        return None
    hac = ols_hac(y[used], Xk)
    return fit.params[:n_l], fit.bse[:n_l], fit.pvalues[:n_l], hac.pvalues[:n_l], fit.df_resid, fit.phi


def pairs_from_arrays(arrays: TriggerArrays, person: int, *, symptom: str, exposures: Sequence[str],
                      exposed_share: np.ndarray) -> list[PairEstimate]:
    """Return one person's :class:`PairEstimate` list from cohort arrays (K exposures in ``exposures`` order).

    ``exposed_share`` is (P, K). Values are copied, so the result does not keep the arrays alive.
    """
    out = []
    days = int(arrays.days_logged[person])
    n_l = len(arrays.lags_days)
    for k, code in enumerate(exposures):
        tested = arrays.reason[person, k] == 0
        out.append(PairEstimate(
            symptom=symptom, exposure=code, lags_days=arrays.lags_days, reason=int(arrays.reason[person, k]),
            effect=arrays.effect[person, k].copy(), se=arrays.se[person, k].copy(),
            p_value=arrays.p_value[person, k].copy(), hac_p_value=arrays.hac_p_value[person, k].copy(),
            df=int(arrays.df[person, k]), n_used=int(arrays.n_used[person, k]),
            n_exposed=arrays.n_exposed[person, k].copy(), n_unexposed=arrays.n_unexposed[person, k].copy(),
            binary=bool(arrays.binary[person, k]), sd_x=float(arrays.sd_x[person, k]), sd_y=float(arrays.sd_y[person]),
            phi=float(arrays.phi[person, k]) if tested else float("nan"),
            exposed_share=float(exposed_share[person, k]),
            usable_share=int(arrays.n_used[person, k]) / days if days else float("nan"),
            adjusted_for=tuple((exposures[int(a) // n_l], arrays.lags_days[int(a) % n_l])
                               for a, on in zip(arrays.adjusters[person], arrays.adjusted[person, k], strict=True) if on),
        ))
    return out
