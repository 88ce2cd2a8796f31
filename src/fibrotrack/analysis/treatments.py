"""Did a treatment help? Segmented regression (interrupted time series) on one symptom of one diary.

Model, on days with the symptom logged (day index d from the diary start):

    y_d = Σ_w δ_w [weekday(d) = w] + γ · d/365.25 + Δ · post_d + κ · post_d · (d − d₁)/30 + e_d

with d₁ = ``started_on`` + ``onset_lag_days`` (the day the treatment could have started working) and
post_d = [d ≥ d₁]. Days from the start up to d₁ (the wash-in) are left out. Δ is the **level change**
at d₁, κ the **slope change** per 30 days; e is AR(1) and the fit is the iterated Prais–Winsten FGLS
of :mod:`.fgls` with missing days as gaps (Wagner et al. 2002, *J Clin Pharm Ther* 27:299, segmented
regression of interrupted time series).

Reported: Δ with its 95 % t-interval, the p-value for Δ = 0, and ``p_improvement`` =
P(Δ ≤ −``meaningful_change``), read from the t distribution of the estimate (the posterior under a
flat prior) — higher scores are worse for every catalog symptom, so improvement is a fall.

**Regression to the mean**: people often start a treatment during a flare, and flares end by
themselves. When the mean of the 7 days before ``started_on`` exceeds the baseline mean by more than
one baseline SD, ``flare_at_start`` is set and a warning says part of the improvement may be the flare
ending.

**Not enough data** (an answer, not an error): fewer than ``baseline_min_days`` logged days before the
start, or fewer than ``followup_min_days`` logged days from d₁ on, or a symptom that never varies.

Limits: a before/after comparison cannot separate the treatment from anything else that changed at
the same time (season, other treatments); a randomized self-experiment with on/off periods can.
"""

from __future__ import annotations

from datetime import date

import numpy as np
from scipy import stats

from ..catalog import canonical_code
from ..errors import ValidationError
from .design import full_rank, nanstd
from .fgls import fgls_ar1
from .results import TreatmentEffect
from .series import DailySeries
from .units import symptom_label

__all__ = ["treatment_effect"]


def _check(started_on: object, onset_lag_days: int, baseline_min_days: int, followup_min_days: int,
           meaningful_change: float) -> None:
    if not isinstance(started_on, date):
        raise ValidationError("started_on", "must be a date")
    for name, value, low, high in (("onset_lag_days", onset_lag_days, 0, 90),
                                   ("baseline_min_days", baseline_min_days, 7, 3650),
                                   ("followup_min_days", followup_min_days, 7, 3650)):
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or not low <= value <= high:
            raise ValidationError(name, f"must be a whole number from {low} to {high}")
    if not isinstance(meaningful_change, (int, float)) or not 0 < float(meaningful_change) <= 10:
        raise ValidationError("meaningful_change", "must be a number above 0 and at most 10")


def _name(treatment: str | None) -> str:
    if not treatment:
        return "the treatment"
    return canonical_code(treatment).removeprefix("med:").replace("_", " ")


def treatment_effect(
    series: DailySeries,
    *,
    symptom: str,
    started_on: date,
    onset_lag_days: int = 7,
    baseline_min_days: int = 14,
    meaningful_change: float = 1.0,
    followup_min_days: int = 14,
    treatment: str | None = None,
) -> TreatmentEffect:
    """Estimate the change in ``symptom`` after a treatment started on ``started_on`` (module docstring).

    Args:
        series: the person's :class:`.series.DailySeries`.
        symptom: symptom code (e.g. ``twitching``).
        started_on: first day of the treatment.
        onset_lag_days: days before it could work; these days are left out.
        baseline_min_days: logged days needed before the start.
        meaningful_change: points of improvement that matter (for ``p_improvement``).
        followup_min_days: logged days needed from the onset on.
        treatment: name for the sentence (e.g. ``med:magnesium``).

    Raises:
        ValidationError: arguments of the wrong type or out of range.
    """
    _check(started_on, onset_lag_days, baseline_min_days, followup_min_days, meaningful_change)
    code = canonical_code(str(symptom))
    y = np.asarray(series.column(code), dtype=float)
    n = y.shape[0]
    start_idx = (started_on - series.start_on).days if series.start_on is not None else 0
    onset_idx = start_idx + onset_lag_days
    d = np.arange(n)
    logged = np.isfinite(y)
    base = logged & (d < start_idx)
    post = logged & (d >= onset_idx)
    n_base, n_post = int(base.sum()), int(post.sum())
    base_mean = float(np.mean(y[base])) if n_base else None
    base_sd = float(nanstd(np.where(base, y, np.nan))) if n_base else 0.0
    pre7 = logged & (d >= start_idx - 7) & (d < start_idx)
    flare = bool(n_base >= 2 and pre7.any() and base_mean is not None and base_sd > 0
                 and float(np.mean(y[pre7])) > base_mean + base_sd)
    warnings: list[str] = []
    if flare:
        warnings.append("The treatment started during a flare (the week before was more than one SD above your usual "
                        "level); flares settle by themselves, so part of any improvement may be that.")
    name, label = _name(treatment), symptom_label(code)
    common = dict(symptom=code, started_on=started_on, onset_lag_days=onset_lag_days,
                  meaningful_change=float(meaningful_change), baseline_days=n_base, followup_days=n_post,
                  baseline_mean=base_mean, flare_at_start=flare)
    problem = None
    more: int | None = None
    if n_base < baseline_min_days:
        problem = f"only {n_base} logged days of {label} before the start; {baseline_min_days} are needed"
    elif n_post < followup_min_days:
        more = followup_min_days - n_post
        problem = (f"{n_post} logged days of {label} since {name} could have started working; "
                   f"{followup_min_days} are needed")
    elif float(nanstd(np.where(base | post, y, np.nan))) == 0.0:
        problem = f"your {label} has not varied"
    fit = None
    if problem is None:
        rows = base | post
        X = np.zeros((n, 10))
        for w in range(7):
            X[:, w] = series.weekday == w
        X[:, 7] = d / 365.25
        X[:, 8] = d >= onset_idx
        X[:, 9] = np.where(d >= onset_idx, (d - onset_idx) / 30.0, 0.0)
        Xr = X[rows]
        keep = np.abs(Xr).sum(axis=0) > 0
        keep[8] = keep[9] = True
        Xk = Xr[:, keep]
        if rows.sum() - keep.sum() < 2 or not bool(full_rank(Xk.T @ Xk)):
            problem = "the days logged cannot separate the change from the weekly pattern and trend"
        else:
            fit = fgls_ar1(y[rows], Xk, day_index=np.nonzero(rows)[0])
    if fit is None:
        text = (f"Not enough data yet to judge {name} on your {label}: {problem}"
                + (f" (about {more} more logged days)." if more else "."))
        return TreatmentEffect(**common, enough_data=False, level_change=None, ci_low=None, ci_high=None,
                               slope_change_per_30d=None, slope_ci_low=None, slope_ci_high=None, p_value=None,
                               p_improvement=None, phi=None, more_days_needed=more, warnings=tuple(warnings),
                               sentence=text)
    ci = fit.conf_int()
    k_level, k_slope = fit.params.shape[0] - 2, fit.params.shape[0] - 1
    level, se = float(fit.params[k_level]), float(fit.bse[k_level])
    p_improve = float(stats.t.cdf((-float(meaningful_change) - level) / se, fit.df_resid))
    direction = "lower" if level < 0 else "higher"
    lo, hi = sorted((abs(float(ci[k_level, 0])), abs(float(ci[k_level, 1]))))
    interval = (f"{lo:.1f} to {hi:.1f} {direction}" if ci[k_level, 0] * ci[k_level, 1] > 0
                else f"{ci[k_level, 0]:+.1f} to {ci[k_level, 1]:+.1f} points")
    text = (f"After starting {name}, your {label} was {abs(level):.1f} points {direction} than the earlier trend "
            f"predicted (95% interval {interval}); chance of an improvement of at least {meaningful_change:g} "
            f"point{'s' if meaningful_change != 1 else ''}: {100 * p_improve:.0f}%. "
            "A before/after comparison can be confounded by other changes — a self-experiment with on/off "
            "periods gives firmer evidence.")
    if flare:
        text += " " + warnings[0]
    return TreatmentEffect(**common, enough_data=True, level_change=level, ci_low=float(ci[k_level, 0]),
                           ci_high=float(ci[k_level, 1]), slope_change_per_30d=float(fit.params[k_slope]),
                           slope_ci_low=float(ci[k_slope, 0]), slope_ci_high=float(ci[k_slope, 1]),
                           p_value=float(fit.pvalues[k_level]), p_improvement=p_improve, phi=fit.phi,
                           more_days_needed=None, warnings=tuple(warnings), sentence=text)
