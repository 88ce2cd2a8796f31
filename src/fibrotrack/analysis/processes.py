"""Random processes the simulator is built from (shared by :mod:`.simulate` and :mod:`.simulate_cohort`).

Every function takes a :class:`numpy.random.Generator` and works on the last axis as time, so one call
makes one diary or a whole cohort. Nothing here knows about trackables or dates.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ar1", "flare_missing", "onoff"]


def ar1(rng: np.random.Generator, *, phi: np.ndarray | float, sd: np.ndarray | float,
        shape: tuple[int, ...]) -> np.ndarray:
    """Return stationary AR(1) paths ``u_t = phi·u_{t−1} + e_t`` with marginal SD ``sd``.

    ``shape`` ends with the number of days; ``phi`` and ``sd`` broadcast against ``shape[:-1]``.
    The first day is drawn from the stationary distribution N(0, sd²); innovations have SD
    ``sd·sqrt(1 − phi²)``.
    """
    lead, n_days = shape[:-1], shape[-1]
    phi_a = np.broadcast_to(np.asarray(phi, dtype=float), lead)
    sd_a = np.broadcast_to(np.asarray(sd, dtype=float), lead)
    eps = rng.standard_normal(shape)
    out = np.empty(shape)
    if n_days == 0:
        return out
    out[..., 0] = eps[..., 0] * sd_a
    innov_sd = sd_a * np.sqrt(1.0 - phi_a**2)
    for t in range(1, n_days):
        out[..., t] = phi_a * out[..., t - 1] + innov_sd * eps[..., t]
    return out


def onoff(rng: np.random.Generator, *, prevalence: np.ndarray | float, mean_run_days: np.ndarray | float,
          shape: tuple[int, ...]) -> np.ndarray:
    """Return a two-state Markov chain (0/1 floats): days "on" come in runs (clustered exposures, flares).

    The chain is stationary with P(on) = ``prevalence`` and mean length of an "on" run
    ``mean_run_days`` (P(on → off) = 1/mean_run_days; P(off → on) chosen for stationarity, capped at 1).
    """
    lead, n_days = shape[:-1], shape[-1]
    p = np.broadcast_to(np.asarray(prevalence, dtype=float), lead)
    run = np.broadcast_to(np.asarray(mean_run_days, dtype=float), lead)
    stop = 1.0 / np.maximum(run, 1.0)
    start = np.minimum(1.0, p * stop / np.maximum(1.0 - p, 1e-9))
    u = rng.random(shape)
    out = np.zeros(shape)
    if n_days == 0:
        return out
    out[..., 0] = u[..., 0] < p
    for t in range(1, n_days):
        prev = out[..., t - 1] > 0.5
        out[..., t] = np.where(prev, u[..., t] >= stop, u[..., t] < start)
    return out


def flare_missing(rng: np.random.Generator, *, flare: np.ndarray, rate: np.ndarray | float,
                  flare_odds: float = 3.0) -> np.ndarray:
    """Return a bool mask of unlogged days, more likely on flare days.

    ``flare`` is a 0/1 array (time last). On ordinary days a day is unlogged with probability p0, on
    flare days with the probability whose odds are ``flare_odds`` times p0's odds; p0 is set per
    series so the expected share of unlogged days equals ``rate`` (broadcast over ``flare.shape[:-1]``).
    """
    lead = flare.shape[:-1]
    target = np.broadcast_to(np.asarray(rate, dtype=float), lead)
    share = flare.mean(axis=-1) if flare.shape[-1] else np.zeros(lead)
    # Solve (1 - f)·p0 + f·p1(p0) = target for p0 by bisection (vectorised).
    lo, hi = np.zeros(lead), np.ones(lead)
    for _ in range(50):
        mid = (lo + hi) / 2
        odds = flare_odds * mid / np.maximum(1 - mid, 1e-12)
        mean = (1 - share) * mid + share * odds / (1 + odds)
        too_high = mean > target
        hi = np.where(too_high, mid, hi)
        lo = np.where(too_high, lo, mid)
    p0 = (lo + hi) / 2
    odds = flare_odds * p0 / np.maximum(1 - p0, 1e-12)
    p1 = odds / (1 + odds)
    prob = np.where(flare > 0.5, p1[..., None], p0[..., None])
    return rng.random(flare.shape) < prob
