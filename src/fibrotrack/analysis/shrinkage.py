"""Empirical-Bayes shrinkage of trigger estimates: a spike-and-slab prior, posteriors and Bayesian q-values.

Estimates are put on a **standardized scale** before shrinking, so people, symptoms and exposures
with different units share one prior: ``b = β · sd_x / sd_y`` (symptom SDs per exposure SD; sd over the
person's logged days), with standard error ``s`` made *normal-equivalent* — ``s = |b| / z`` where z is the
normal quantile with the same two-sided p-value as the t-test — so the normal model below keeps the
t-test's small-sample caution.

**Prior** for the true standardized effect θ of one (symptom, exposure, lag) cell:

    θ ~ (1 − π) δ₀ + π N(μ, τ²)

(π = share of people with a real effect, μ/τ = typical size). **Likelihood** ``b | θ ~ N(θ, s²)``, so the
marginal is ``(1 − π) N(0, s²) + π N(μ, τ² + s²)``. **Posterior**:

* local false discovery rate ``lfdr = (1 − π) N(b; 0, s²) / marginal`` = P(θ = 0 | b);
* given θ ≠ 0: N(m, v) with v = 1/(1/τ² + 1/s²), m = v (μ/τ² + b/s²);
* posterior mean ``(1 − lfdr) m`` and the central 95 % interval of the mixture
  ``lfdr·δ₀ + (1 − lfdr) N(m, v)`` (closed form: the point mass sits at 0).

**Empirical null** (Efron 2004, *JASA* 99:96): short diaries give slightly over-dispersed null
estimates (FGLS ignores the uncertainty in φ), which a fitted prior would otherwise mistake for many
small effects. The global fit therefore first estimates a null scale c ≥ 1 by central matching
(:func:`empirical_null_scale`: the null is N(0, c²s²), fitted to the z-scores between −2 and 2) and
every cell and posterior of that prior uses c·s.

Posterior intervals are valid after selection when the prior is right, so showing only the findings
that pass does not bias their intervals (the winner's curse) — the reason the app reports them.

**Bayesian q-values** (Efron 2010, *Large-Scale Inference*, ch. 5; Storey 2003): within one person,
sort the tests by lfdr; the q-value of the k-th is the mean of the k smallest lfdr — the expected share
of false findings if we report those k. Reporting q ≤ 0.10 controls each person's false discovery
rate at 10 % under the prior. The same rule over a whole cohort's pairs
(:func:`.fdr.bayes_fdr_threshold`) is what cohort mode labels "likely".

**Fitting** (:func:`fit_cell`): maximum marginal likelihood over (π, μ, τ) by EM (Efron 2010; Stephens
2017, *Biostatistics* 18:275, "ashr"), optionally penalised towards an *anchor* prior (a hierarchical
prior on the cell's parameters, Efron 2010 ch. 10 "related sets of cases"): a Beta prior on π worth
``pi_strength`` tests, a normal prior on the slab mean μ worth ``mean_strength`` tests and a prior on the
slab width τ worth ``strength`` tests — so a small cell cannot claim a common effect from noise, while a
large cell keeps its own direction and size. τ is kept ≥ 0.1 so that "an effect" stays distinguishable
from "no effect".
:func:`fit_cohort_prior` fits a global prior on all tests and one prior per cell anchored to it.

The **built-in default** (:data:`DEFAULT_PRIOR`, used when there is no cohort) is a single symmetric
prior (μ = 0) fitted on simulated cohorts by ``bench/derive_default_prior.py``; see ``docs/insights.md``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import optimize, special, stats

from ..errors import ValidationError

__all__ = [
    "DEFAULT_PRIOR",
    "Posterior",
    "PriorCell",
    "ShrinkagePrior",
    "bayes_qvalues",
    "empirical_null_scale",
    "fit_cell",
    "fit_cohort_prior",
    "normal_equivalent_se",
    "posterior",
]

CellKey = tuple[str, str, int]
_LOG_2PI = float(np.log(2 * np.pi))


@dataclass(frozen=True, slots=True)
class PriorCell:
    """Spike-and-slab prior for one cell: P(effect) = ``pi_effect``; effects ~ N(``mean``, ``sd``²) (standardized).

    ``null_scale`` (c ≥ 1) multiplies every standard error: the empirical null (module docstring).
    """

    pi_effect: float
    mean: float
    sd: float
    n_tests: int = 0
    null_scale: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"pi_effect": self.pi_effect, "mean": self.mean, "sd": self.sd, "n_tests": self.n_tests,
                "null_scale": self.null_scale}


@dataclass(frozen=True, slots=True)
class ShrinkagePrior:
    """A prior for every (symptom, exposure, lag) cell: ``cells`` where fitted, ``default`` elsewhere."""

    default: PriorCell
    cells: Mapping[CellKey, PriorCell] = field(default_factory=lambda: MappingProxyType({}))
    source: str = "built-in default"

    def cell(self, symptom: str, exposure: str, lag_days: int) -> PriorCell:
        """Return the prior for one cell (the default when the cohort had no fit for it)."""
        return self.cells.get((symptom, exposure, int(lag_days)), self.default)

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (cells as a list)."""
        return {"source": self.source, "default": self.default.to_dict(),
                "cells": [{"symptom": k[0], "exposure": k[1], "lag_days": k[2], **v.to_dict()}
                          for k, v in sorted(self.cells.items())]}


# Fitted by ``python bench/derive_default_prior.py`` (full run: 181,773 person × exposure × lag estimates from
# simulated cohorts of 90, 180 and 365 days; see docs/insights.md, "The built-in prior"). Rounded to 4 places.
DEFAULT_PRIOR = ShrinkagePrior(
    default=PriorCell(pi_effect=0.029, mean=0.0, sd=0.2819, n_tests=181_773, null_scale=1.0105),
    source="built-in default",
)


@dataclass(frozen=True, slots=True)
class Posterior:
    """Posterior summaries (standardized units), arrays of the input's shape."""

    lfdr: np.ndarray
    mean: np.ndarray
    ci_low: np.ndarray
    ci_high: np.ndarray


def normal_equivalent_se(effect: np.ndarray, se: np.ndarray, df: np.ndarray) -> np.ndarray:
    """Return SEs that give a normal test the same two-sided p-value as the t-test with ``df`` degrees of freedom."""
    b, s, d = np.broadcast_arrays(np.asarray(effect, float), np.asarray(se, float), np.asarray(df, float))
    t = np.abs(b) / s
    log_sf = stats.t.logsf(t, d)
    z = -special.ndtri_exp(log_sf)
    small = t < 1e-6
    ratio_at_zero = stats.t.pdf(0.0, d) / stats.norm.pdf(0.0)  # z ≈ t · f_t(0)/φ(0) near 0
    with np.errstate(invalid="ignore", divide="ignore"):
        out = np.where(small, s / ratio_at_zero, s * t / z)
    return np.where(np.isfinite(out) & (out > 0), out, s)


def _log_norm(x: np.ndarray, mean: np.ndarray | float, var: np.ndarray) -> np.ndarray:
    return -0.5 * (_LOG_2PI + np.log(var) + (x - mean) ** 2 / var)


def posterior(b: np.ndarray, s: np.ndarray, *, pi_effect: np.ndarray | float, mean: np.ndarray | float,
              sd: np.ndarray | float, null_scale: np.ndarray | float = 1.0, level: float = 0.95) -> Posterior:
    """Return lfdr, posterior mean and central ``level`` interval under the spike-and-slab prior (docstring).

    ``null_scale`` multiplies ``s`` (the empirical-null correction of the prior it comes from).
    """
    b, s, pi, mu, tau, c = np.broadcast_arrays(*(np.asarray(v, dtype=float)
                                                 for v in (b, s, pi_effect, mean, sd, null_scale)))
    s = s * c
    s2, t2 = s**2, tau**2
    log0 = np.log1p(-pi) + _log_norm(b, 0.0, s2)
    log1 = np.log(pi) + _log_norm(b, mu, t2 + s2)
    lfdr = np.exp(log0 - np.logaddexp(log0, log1))
    v = 1.0 / (1.0 / t2 + 1.0 / s2)
    m = v * (mu / t2 + b / s2)
    w = 1.0 - lfdr
    sd_post = np.sqrt(v)
    alpha = (1.0 - level) / 2.0
    return Posterior(lfdr=lfdr, mean=w * m, ci_low=_mixture_quantile(alpha, lfdr, m, sd_post),
                     ci_high=_mixture_quantile(1.0 - alpha, lfdr, m, sd_post))


def _mixture_quantile(q: float, lfdr: np.ndarray, m: np.ndarray, sd: np.ndarray) -> np.ndarray:
    """Quantile of lfdr·δ₀ + (1 − lfdr)·N(m, sd²)."""
    w = 1.0 - lfdr
    below = w * special.ndtr(-m / sd)  # mass strictly below 0
    with np.errstate(divide="ignore", invalid="ignore"):
        neg = m + sd * special.ndtri(np.clip(q / np.maximum(w, 1e-300), 0.0, 1.0))
        pos = m + sd * special.ndtri(np.clip((q - lfdr) / np.maximum(w, 1e-300), 0.0, 1.0))
    out = np.where(q <= below, neg, np.where(q <= below + lfdr, 0.0, pos))
    return np.where(np.isfinite(out), out, 0.0)


def bayes_qvalues(lfdr: np.ndarray) -> np.ndarray:
    """Return Bayesian q-values along the last axis (one row = one person): mean of the k smallest lfdr.

    NaN entries (untested pairs) stay NaN and are not counted.
    """
    arr = np.asarray(lfdr, dtype=float)
    flat = arr.reshape(-1, arr.shape[-1]) if arr.ndim else arr.reshape(1, 1)
    key = np.where(np.isnan(flat), np.inf, flat)
    order = np.argsort(key, axis=1, kind="stable")
    sorted_l = np.take_along_axis(key, order, axis=1)
    finite = np.isfinite(sorted_l)
    csum = np.cumsum(np.where(finite, sorted_l, 0.0), axis=1)
    q_sorted = np.where(finite, csum / np.arange(1, flat.shape[1] + 1), np.nan)
    out = np.empty_like(q_sorted)
    np.put_along_axis(out, order, q_sorted, axis=1)
    return out.reshape(arr.shape)


def _fit_em(b: np.ndarray, s2: np.ndarray, mask: np.ndarray, anchor: np.ndarray, strength: float,
            pi_strength: float, mean_zero: bool, min_sd: float, mean_strength: float = 0.0, max_iter: int = 3000,
            tol: float = 1e-8) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Penalised EM for many cells at once; rows of ``b``/``s2``/``mask`` are cells, ``anchor`` is (C, 3).

    E-step: responsibilities r_i = P(slab | b_i) and the slab posterior N(m_i, v_i) of θ_i.
    M-step with the anchor (π_a, μ_a, τ_a) as a prior on the cell's parameters:

    * π ~ Beta with ``pi_strength`` pseudo-tests: π = (Σr + k π_a)/(n + k);
    * μ ~ N(μ_a, τ_a²/``mean_strength``) — the spread of slab means *between* cells is the anchor's slab
      width, independent of the cell's own width: μ = (Σ r m / τ² + κ_μ μ_a/τ_a²)/(Σr/τ² + κ_μ/τ_a²);
    * τ² ~ scaled inverse-χ² worth ``strength`` pseudo-tests of spread τ_a²:
      τ² = (Σ r [(m − μ)² + v] + κ τ_a²)/(Σr + κ).

    Keeping the mean's prior apart from the width's matters: with a conjugate prior (μ | τ² with
    variance τ²/κ) a cell whose effects all point one way (μ = −0.4, τ = 0.1) is pulled to a wide slab
    centred near 0, which then also explains null scatter and overstates π. Started from μ ∈ {−0.3, 0, 0.3}
    (μ = 0 only when ``mean_zero``); the start with the highest penalised likelihood wins.
    """
    starts = (0.0,) if mean_zero else (-0.3, 0.0, 0.3)
    reps = len(starts)
    B, S2, M = (np.tile(v, (reps, 1)) for v in (b, s2, mask))
    A = np.tile(anchor, (reps, 1))
    a_var = np.maximum(A[:, 2] ** 2, 1e-12)
    n = M.sum(axis=1)
    k1, k0 = pi_strength * A[:, 0], pi_strength * (1 - A[:, 0])
    pi = np.full(B.shape[0], 0.1)
    mu = np.repeat(np.asarray(starts, dtype=float), b.shape[0])
    tau2 = np.full(B.shape[0], 0.09)
    for _ in range(max_iter):
        log0 = np.log1p(-pi)[:, None] + _log_norm(B, 0.0, S2)
        log1 = np.log(pi)[:, None] + _log_norm(B, mu[:, None], tau2[:, None] + S2)
        r = M * np.exp(log1 - np.logaddexp(log0, log1))
        v = 1.0 / (1.0 / tau2[:, None] + 1.0 / S2)
        m = v * (mu[:, None] / tau2[:, None] + B / S2)
        R = r.sum(axis=1)
        new_pi = np.clip((R + k1) / np.maximum(n + k0 + k1, 1e-12), 1e-4, 0.9)
        if mean_zero:
            new_mu = np.zeros_like(mu)
        else:
            prec = R / tau2 + mean_strength / a_var
            num = (r * m).sum(axis=1) / tau2 + mean_strength * A[:, 1] / a_var
            new_mu = np.clip(np.where(prec > 0, num / np.maximum(prec, 1e-300), A[:, 1]), -2, 2)
        spread = (r * ((m - new_mu[:, None]) ** 2 + v)).sum(axis=1) + strength * A[:, 2] ** 2
        new_tau2 = np.clip(spread / np.maximum(R + strength, 1e-12), min_sd**2, 9.0)
        change = max(np.abs(new_pi - pi).max(), np.abs(new_mu - mu).max(), np.abs(new_tau2 - tau2).max())
        pi, mu, tau2 = new_pi, new_mu, new_tau2
        if change < tol:
            break
    ll = (M * np.logaddexp(np.log1p(-pi)[:, None] + _log_norm(B, 0.0, S2),
                           np.log(pi)[:, None] + _log_norm(B, mu[:, None], tau2[:, None] + S2))).sum(axis=1)
    ll += k0 * np.log1p(-pi) + k1 * np.log(pi)
    ll += strength * (-0.5 * np.log(tau2) - A[:, 2] ** 2 / (2 * tau2))
    ll -= 0.5 * mean_strength * (mu - A[:, 1]) ** 2 / a_var
    best = np.argmax(ll.reshape(reps, -1), axis=0)
    pick = best * b.shape[0] + np.arange(b.shape[0])
    return pi[pick], mu[pick], np.sqrt(tau2[pick])


def _stack(rows: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width = max((r[0].size for r in rows), default=0)
    b = np.zeros((len(rows), max(width, 1)))
    s2 = np.ones_like(b)
    mask = np.zeros_like(b)
    for i, (bi, si) in enumerate(rows):
        b[i, : bi.size], s2[i, : bi.size], mask[i, : bi.size] = bi, si**2, 1.0
    return b, s2, mask


def _clean(b: np.ndarray, s: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    b = np.asarray(b, dtype=float).ravel()
    s = np.asarray(s, dtype=float).ravel()
    ok = np.isfinite(b) & np.isfinite(s) & (s > 0)
    return b[ok], s[ok]


def fit_cell(b: np.ndarray, s: np.ndarray, *, anchor: PriorCell | None = None, strength: float = 0.0,
             pi_strength: float = 0.0, mean_strength: float = 0.0, mean_zero: bool = False, min_sd: float = 0.1,
             fit_null_scale: bool = False, null_scale: float = 1.0) -> PriorCell:
    """Fit (π, μ, τ) by maximum marginal likelihood (EM), penalised towards ``anchor`` (module docstring).

    Args:
        b, s: standardized estimates and normal-equivalent SEs (NaN entries ignored).
        anchor: prior to shrink towards: ``pi_strength`` pseudo-tests for π, ``strength`` for the slab
            width τ, ``mean_strength`` for the slab mean μ (prior N(μ_a, τ_a²/mean_strength); see ``_fit_em``).
        mean_zero: fix μ = 0 (a symmetric prior).
        min_sd: lower bound for τ (keeps "effect" distinguishable from "no effect").
        fit_null_scale: also estimate the empirical-null scale c (else ``null_scale`` is used as given).

    Raises:
        ValidationError: no usable estimates and no anchor.
    """
    b, s = _clean(b, s)
    if b.size == 0:
        if anchor is None:
            raise ValidationError("b", "no usable estimates to fit a prior")
        return PriorCell(anchor.pi_effect, anchor.mean, anchor.sd, 0, anchor.null_scale)
    a = anchor or PriorCell(0.05, 0.0, 0.3)
    scale = empirical_null_scale(b / s) if fit_null_scale else float(null_scale)
    pi, mu, sd = _fit_em(b[None, :], ((s * scale) ** 2)[None, :], np.ones((1, b.size)),
                         np.array([[a.pi_effect, a.mean, a.sd]]), strength if anchor else 0.0,
                         pi_strength if anchor else 0.0, mean_zero, min_sd, mean_strength if anchor else 0.0)
    return PriorCell(pi_effect=float(pi[0]), mean=float(mu[0]), sd=float(sd[0]), n_tests=int(b.size),
                     null_scale=scale)


def empirical_null_scale(z: np.ndarray, *, half_width: float = 2.0) -> float:
    """Efron's central matching: SD of a N(0, c²) fitted to the z-scores with |z| < ``half_width``.

    Maximum likelihood for a normal truncated to ±half_width (few real effects live there), kept in
    [1, 1.5]: the correction only ever widens standard errors. Fewer than 50 central z-scores give 1.
    """
    zc = np.asarray(z, dtype=float)
    zc = zc[np.isfinite(zc) & (np.abs(zc) < half_width)]
    if zc.size < 50:
        return 1.0

    def nll(log_c: float) -> float:
        c = np.exp(log_c)
        return float(-(stats.norm.logpdf(zc, 0.0, c).sum() - zc.size * np.log(2 * stats.norm.cdf(half_width / c) - 1)))

    fit = optimize.minimize_scalar(nll, bounds=(np.log(0.5), np.log(2.0)), method="bounded")
    return float(np.clip(np.exp(fit.x), 1.0, 1.5))


def fit_cohort_prior(estimates: Mapping[CellKey, tuple[np.ndarray, np.ndarray]], *, strength: float = 2.0,
                     pi_strength: float = 5.0, mean_strength: float = 1.0, min_tests: int = 20,
                     source: str | None = None) -> ShrinkagePrior:
    """Fit a global prior (with the empirical-null scale) on all tests, then one prior per cell anchored to it.

    ``estimates`` maps (symptom, exposure, lag) to (standardized estimates, normal-equivalent SEs) across
    people. Cells with fewer than ``min_tests`` usable estimates use the global prior. Anchoring (see
    ``_fit_em``): ``pi_strength`` pseudo-tests at the global π, ``strength`` at the global slab width and
    ``mean_strength`` for a N(global μ, global τ²) prior on the cell's slab mean — worth a handful of
    people, so a cell with a few noisy people stays near the global prior while a cell with many people is
    fitted from its own data (how common the effect is, its direction and its typical size).

    Returns:
        The :class:`ShrinkagePrior` (``default`` = the global fit, ``cells`` = the cell fits).

    Raises:
        ValidationError: no usable estimates at all.
    """
    all_b = np.concatenate([np.asarray(v[0], float).ravel() for v in estimates.values()]) if estimates else np.zeros(0)
    all_s = np.concatenate([np.asarray(v[1], float).ravel() for v in estimates.values()]) if estimates else np.zeros(0)
    glob = fit_cell(all_b, all_s, fit_null_scale=True)
    keys, rows = [], []
    for key, (b, s) in estimates.items():
        cb, cs = _clean(b, s)
        if cb.size >= min_tests:
            keys.append(key)
            rows.append((cb, cs))
    cells: dict[CellKey, PriorCell] = {}
    if rows:
        B, S2, M = _stack(rows)
        anchor = np.tile([glob.pi_effect, glob.mean, glob.sd], (len(rows), 1))
        pi, mu, sd = _fit_em(B, S2 * glob.null_scale**2, M, anchor, strength, pi_strength, False, 0.1, mean_strength)
        cells = {k: PriorCell(float(pi[i]), float(mu[i]), float(sd[i]), int(rows[i][0].size), glob.null_scale)
                 for i, k in enumerate(keys)}
    n_people = max((np.asarray(v[0]).size for v in estimates.values()), default=0)
    return ShrinkagePrior(default=glob, cells=MappingProxyType(cells),
                          source=source or f"cohort of {n_people} people")
