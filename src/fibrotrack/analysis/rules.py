"""Thresholds shared by every path, and the "how many more days" power formula.

* A diary needs at least :data:`MIN_DAYS_LOGGED` logged days before anything is tested, and an
  exposure needs at least :data:`MIN_EXPOSED` exposed and :data:`MIN_UNEXPOSED` unexposed days among
  the rows used at every lag.
* The model must keep at least :data:`MIN_RESIDUAL_DF` residual degrees of freedom
  (:func:`min_usable_days`: 31 usable days for lags 0–2). Below that, FGLS tests are too optimistic:
  in simulation the null z-scores had SD 1.14 and 3× the nominal rate of |z| > 3 at 10–20 degrees
  of freedom, against SD ≤ 1.02 from 20 on.
* ``likely`` passes the false-discovery control. One diary: local false discovery rate (posterior
  probability of no association) ≤ :data:`LIKELY_LFDR` (Efron 2010, *Large-Scale Inference* §5.1).
  Cohort mode: the pair is in the largest set of the cohort's pairs whose mean lfdr — its expected
  share of false findings — is ≤ :data:`LIKELY_FDR` (Bayesian FDR control, Efron 2010 §4.2, ch. 5;
  :func:`.fdr.bayes_fdr_threshold`). ``possible``: not likely but lfdr ≤ :data:`POSSIBLE_LFDR` —
  suggestive, worth a self-experiment, not a finding.
* Every pair is fitted twice (:mod:`.adjust`): a screen, then again with the person's other pairs of
  lfdr ≤ :data:`ADJUST_LFDR` (at least "possible") as covariates, at most :data:`MAX_ADJUSTERS` of them,
  none correlated beyond :data:`MAX_ADJUSTER_CORRELATION` with the exposure's own lags.

**Days needed** (:func:`days_needed`) to detect a moderate effect with 80 % power in a two-sided
test at α = 0.01 (stricter than 0.05 because many exposure × lag pairs are tested). "Moderate" is
:data:`MODERATE_EFFECT_SD` = 0.5 symptom SDs — between exposed and unexposed days for a binary
exposure present on a share p of days, or per SD of a continuous exposure:

    n_rows = (z_{1−α/2} + z_{0.80})² / (d² · v) · VIF,   v = p (1 − p) (binary) or 1 (continuous)

with VIF = 1.5 when several lags are fitted jointly (the typical variance inflation for an exposure
that comes in runs) and no extra factor for autocorrelation (GLS removes it when the exposure is about
as clustered as the symptom). Rows become calendar days by dividing by the share of days that can be
used (logged today and on the lagged days); the answer is never below what the minimum-count rules
need. Reference: the two-sample normal power formula (Chow, Shao & Wang, *Sample Size Calculations in
Clinical Research*, 2nd ed., §3.2).
"""

from __future__ import annotations

import math

from scipy import stats

from .design import N_NUISANCE

__all__ = [
    "ADJUST_LFDR",
    "LIKELY_FDR",
    "LIKELY_LFDR",
    "MAX_ADJUSTER_CORRELATION",
    "MAX_ADJUSTERS",
    "MIN_DAYS_LOGGED",
    "MIN_EXPOSED",
    "MIN_RESIDUAL_DF",
    "MIN_UNEXPOSED",
    "MODERATE_EFFECT_SD",
    "NO_MORE_DAYS_HELP",
    "POSSIBLE_LFDR",
    "REASONS",
    "days_needed",
    "min_usable_days",
]

MIN_DAYS_LOGGED = 28
MIN_EXPOSED = 10
MIN_UNEXPOSED = 10
LIKELY_LFDR = 0.20
LIKELY_FDR = 0.05
POSSIBLE_LFDR = 0.50
ADJUST_LFDR = POSSIBLE_LFDR  # adjust for the person's other "possible" (or likely) triggers
MAX_ADJUSTERS = 5  # more than a person's handful of real triggers would only spend degrees of freedom
# An adjuster sharing more than half its variance with the exposure (|r| > 0.7: variance inflation above 2)
# cannot be told apart from it in one diary; adjusting would only widen both intervals.
MAX_ADJUSTER_CORRELATION = 0.7
MODERATE_EFFECT_SD = 0.5
MIN_RESIDUAL_DF = 20
_ALPHA = 0.01
_POWER = 0.80

# Reason codes shared by the single-person and cohort paths (0 = tested).
REASONS = {
    1: "fewer than 28 logged days",
    2: "fewer than 10 exposed or 10 unexposed days",
    3: "the exposure does not vary enough to separate its lags",
    4: "never logged on the same days as the symptom",
    5: "the symptom does not vary",
    6: "the exposure never varies",
    7: "too few days with the symptom and the exposure logged around it",
}
# Reasons for which more days of the same kind would not help.
NO_MORE_DAYS_HELP = frozenset({3, 5, 6})


def min_usable_days(n_lags: int) -> int:
    """Usable days (rows) the trigger model needs: its coefficients plus :data:`MIN_RESIDUAL_DF`."""
    return n_lags + N_NUISANCE + MIN_RESIDUAL_DF


def days_needed(*, binary: bool, exposed_share: float | None = None, usable_share: float = 1.0,
                n_lags: int = 3) -> int:
    """Return calendar days needed to detect a moderate effect with 80 % power (formula in the module docstring)."""
    p = 0.5 if exposed_share is None or not 0.0 < exposed_share < 1.0 else exposed_share
    p = min(max(p, 0.05), 0.95)
    z = stats.norm.ppf(1 - _ALPHA / 2) + stats.norm.ppf(_POWER)
    v = p * (1 - p) if binary else 1.0
    rows = z**2 / (MODERATE_EFFECT_SD**2 * v) * (1.5 if n_lags > 1 else 1.0)
    share = min(max(usable_share, 0.05), 1.0)
    counts = max(MIN_EXPOSED / p, MIN_UNEXPOSED / (1 - p), min_usable_days(n_lags))
    return int(math.ceil(max(rows / share, counts / share, MIN_DAYS_LOGGED)))
