"""Cohort simulator for benchmarks: NumPy arrays of many diaries with a known truth.

The model, per person *i* and day *t* (all draws independent across people):

* outcome ``y_it = μ_i + w_i[weekday] + Σ β_ikl (x_ik,t−l − mean x_ik) + u_it`` rounded to ``round_to``
  and clipped to 0–10, with ``u`` a stationary AR(1) (φ_i ~ U(ar_range), marginal SD σ_i ~
  U(noise_sd_range): the "within-person SD") and a small weekly pattern ``w_i`` (SD ``weekly_sd``·σ_i);
* ``n_exposures`` exposure *types* shared by the cohort (think caffeine, stress, …); each person tracks
  a random subset of ``exposures_per_person`` of them. A type is binary (on/off runs: prevalence ~
  U(prevalence_range), mean run ~ U(run_days_range) days) with probability ``binary_share``, otherwise
  continuous (AR(1), φ ~ U(exposure_ar_range), SD 1). Both are clustered in time;
* a share ``active_share`` of the types can act as triggers; the rest never have an effect in anyone
  (about 70 % of exposures with no effect). Each active type has a typical lag (0–2 days) and a sign
  (harmful with probability 1 − ``protective_share``);
* each person has 0–3 true triggers (probabilities ``trigger_count_probs``) drawn from the active types
  they track, with size d ~ U(effect_sd_range) in units of σ_i — per SD of a continuous exposure, per
  exposed day of a binary one — at the type's lag, or another lag with probability ``lag_jitter``;
* days go unlogged at a personal rate ~ U(missing_range), with ``flare_missing_odds`` times the odds on
  flare days (days where ``u`` is more than one σ above the person's level). Unlogged days are NaN in
  the outcome and every exposure; untracked exposures are NaN throughout.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ValidationError
from .processes import ar1, flare_missing, onoff

__all__ = ["SimulatedCohort", "simulate_cohort"]


@dataclass(frozen=True, slots=True)
class SimulatedCohort:
    """Arrays of a simulated cohort (P people, T days, K exposure types, L lags).

    Attributes:
        outcome: (P, T) symptom score, NaN on unlogged days.
        exposures: (P, T, K) exposure values, NaN on unlogged days and for untracked types.
        weekday0: (P,) weekday of day 0 (Monday = 0).
        effects: (P, K, L) true coefficient in outcome points per exposure unit at ``lags_days[l]``.
        effects_sd: (P, K, L) the same in units of σ_i (per exposure SD, or per exposed day if binary).
        lags_days: the lags indexed by the last axis of ``effects``.
        binary: (K,) True for on/off exposure types.
        active: (K,) True for types that can be triggers.
        tracked: (P, K) True where the person tracks the type.
        phi: (P,) AR(1) coefficient of the day-to-day noise.
        noise_sd: (P,) within-person SD σ_i of the noise.
        missing_rate: (P,) target share of unlogged days.
    """

    outcome: np.ndarray
    exposures: np.ndarray
    weekday0: np.ndarray
    effects: np.ndarray
    effects_sd: np.ndarray
    lags_days: tuple[int, ...]
    binary: np.ndarray
    active: np.ndarray
    tracked: np.ndarray
    phi: np.ndarray
    noise_sd: np.ndarray
    missing_rate: np.ndarray

    @property
    def people(self) -> int:
        """Number of people P."""
        return int(self.outcome.shape[0])

    @property
    def days(self) -> int:
        """Number of days T."""
        return int(self.outcome.shape[1])


def _range(name: str, pair: tuple[float, float], low: float, high: float) -> None:
    a, b = pair
    if not (low <= a <= b <= high):
        raise ValidationError(name, f"must be an ordered pair within {low:g}–{high:g}")


def simulate_cohort(
    *,
    people: int,
    days: int,
    seed: int,
    n_exposures: int = 30,
    exposures_per_person: tuple[int, int] = (15, 30),
    active_share: float = 0.3,
    trigger_count_probs: tuple[float, ...] = (0.3, 0.3, 0.25, 0.15),
    effect_sd_range: tuple[float, float] = (0.2, 0.8),
    lags_days: tuple[int, ...] = (0, 1, 2),
    lag_jitter: float = 0.2,
    protective_share: float = 0.3,
    noise_sd_range: tuple[float, float] = (1.0, 1.5),
    ar_range: tuple[float, float] = (0.3, 0.7),
    missing_range: tuple[float, float] = (0.10, 0.20),
    flare_missing_odds: float = 3.0,
    binary_share: float = 0.5,
    exposure_ar_range: tuple[float, float] = (0.2, 0.6),
    prevalence_range: tuple[float, float] = (0.2, 0.5),
    run_days_range: tuple[float, float] = (1.5, 4.0),
    weekly_sd: float = 0.15,
    level_range: tuple[float, float] = (3.5, 6.0),
    round_to: float = 0.5,
) -> SimulatedCohort:
    """Simulate ``people`` diaries of ``days`` days (model in the module docstring).

    Raises:
        ValidationError: a count or range out of bounds.
    """
    if people < 1 or days < 1:
        raise ValidationError("people" if people < 1 else "days", "must be at least 1")
    if n_exposures < 1 or not 1 <= exposures_per_person[0] <= exposures_per_person[1] <= n_exposures:
        raise ValidationError("exposures_per_person", f"must be an ordered pair within 1–{n_exposures}")
    if abs(sum(trigger_count_probs) - 1.0) > 1e-9 or min(trigger_count_probs) < 0:
        raise ValidationError("trigger_count_probs", "must be non-negative and sum to 1")
    if not lags_days or min(lags_days) < 0:
        raise ValidationError("lags_days", "must be non-empty and non-negative")
    for name, pair, lo, hi in (("effect_sd_range", effect_sd_range, 0, 5), ("noise_sd_range", noise_sd_range, 0.01, 5),
                               ("ar_range", ar_range, 0, 0.95), ("missing_range", missing_range, 0, 0.95),
                               ("exposure_ar_range", exposure_ar_range, 0, 0.95),
                               ("prevalence_range", prevalence_range, 0.01, 0.99),
                               ("run_days_range", run_days_range, 1, 30), ("level_range", level_range, 0, 10)):
        _range(name, pair, lo, hi)
    rng = np.random.default_rng(seed)
    p_n, k_n, n_lags = people, n_exposures, len(lags_days)
    burn = max(lags_days)
    n_t = days + burn

    binary = rng.random(k_n) < binary_share
    active = np.zeros(k_n, dtype=bool)
    active[rng.permutation(k_n)[: int(round(active_share * k_n))]] = True
    type_lag = rng.integers(0, n_lags, k_n)
    type_sign = np.where(rng.random(k_n) < protective_share, -1.0, 1.0)

    n_tracked = rng.integers(exposures_per_person[0], exposures_per_person[1] + 1, p_n)
    order = np.argsort(rng.random((p_n, k_n)), axis=1)
    rank = np.argsort(order, axis=1)
    tracked = rank < n_tracked[:, None]

    sigma = rng.uniform(*noise_sd_range, p_n)
    phi = rng.uniform(*ar_range, p_n)
    level = rng.uniform(*level_range, p_n)
    missing_rate = rng.uniform(*missing_range, p_n)
    weekly = rng.normal(0.0, weekly_sd, (p_n, 7)) * sigma[:, None]
    weekday0 = rng.integers(0, 7, p_n)

    n_trig = rng.choice(len(trigger_count_probs), size=p_n, p=np.asarray(trigger_count_probs))
    eligible = tracked & active[None, :]
    pick_key = np.where(eligible, rng.random((p_n, k_n)), np.inf)
    pick_rank = np.argsort(np.argsort(pick_key, axis=1), axis=1)
    is_trigger = eligible & (pick_rank < n_trig[:, None])
    size_sd = rng.uniform(*effect_sd_range, (p_n, k_n))
    jitter = rng.random((p_n, k_n)) < lag_jitter
    other = (type_lag[None, :] + rng.integers(1, max(n_lags, 2), (p_n, k_n))) % n_lags
    lag_idx = np.where(jitter & (n_lags > 1), other, type_lag[None, :])
    effects_sd = np.zeros((p_n, k_n, n_lags))
    pi, ki = np.nonzero(is_trigger)
    effects_sd[pi, ki, lag_idx[pi, ki]] = type_sign[ki] * size_sd[pi, ki]

    x = np.empty((p_n, k_n, n_t))
    x_phi = rng.uniform(*exposure_ar_range, (p_n, k_n))
    x[...] = ar1(rng, phi=x_phi, sd=1.0, shape=(p_n, k_n, n_t))
    if binary.any():
        prev = rng.uniform(*prevalence_range, (p_n, int(binary.sum())))
        runs = rng.uniform(*run_days_range, (p_n, int(binary.sum())))
        x[:, binary, :] = onoff(rng, prevalence=prev, mean_run_days=runs, shape=(p_n, int(binary.sum()), n_t))
    effects = effects_sd * sigma[:, None, None]  # per unit: continuous SD is 1, binary per exposed day

    noise = ar1(rng, phi=phi, sd=sigma, shape=(p_n, n_t))
    weekday = (weekday0[:, None] + np.arange(-burn, days)[None, :]) % 7
    latent = level[:, None] + np.take_along_axis(weekly, weekday, axis=1) + noise
    centred = x - x[:, :, burn:].mean(axis=2, keepdims=True)
    for li, lag in enumerate(lags_days):
        beta = effects[:, :, li]
        rows = np.nonzero(np.any(beta != 0, axis=1))[0]
        if rows.size:
            contrib = np.einsum("pk,pkt->pt", beta[rows], centred[rows, :, burn - lag : n_t - lag])
            latent[rows, burn:] += contrib

    flare = (noise[:, burn:] > sigma[:, None]).astype(float)
    unlogged = flare_missing(rng, flare=flare, rate=missing_rate, flare_odds=flare_missing_odds)
    outcome = latent[:, burn:]
    if round_to > 0:
        outcome = np.round(outcome / round_to) * round_to
    outcome = np.clip(outcome, 0.0, 10.0)
    outcome[unlogged] = np.nan
    exposures = np.ascontiguousarray(np.transpose(x[:, :, burn:], (0, 2, 1)))
    exposures[unlogged] = np.nan
    exposures[np.broadcast_to(~tracked[:, None, :], exposures.shape)] = np.nan
    return SimulatedCohort(
        outcome=outcome, exposures=exposures, weekday0=weekday0, effects=effects, effects_sd=effects_sd,
        lags_days=tuple(int(v) for v in lags_days), binary=binary, active=active, tracked=tracked, phi=phi,
        noise_sd=sigma, missing_rate=missing_rate,
    )
