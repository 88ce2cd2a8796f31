"""Power preview by simulation: how likely a design is to detect a moderate or a large effect.

**Simulation** (:func:`simulate_trials`): the outcome is ``level + effect_d + u_d`` with u a stationary
AR(1) of coefficient φ and marginal SD ``sd`` (:func:`.processes.ar1`). The effect of the condition moves
towards its new level at each switch: ``effect_d = target_d + (effect_{d−1} − target_d)·carryover``
with ``target_d = δ`` on B days and 0 on A days, so ``carryover = 0`` is an instant switch and 0.5 halves
the previous condition's effect every day (the benchmark uses 0.5; the preview assumes the washout works
and uses 0).

**Analysis** (:func:`analyse_trials`): exactly the primary analysis of :mod:`.experiments_analysis` —
pair fixed effects, REML φ, GLS at φ̂ and the Kenward–Roger test on the non-washout days — vectorised
over simulations that share one calendar; κ and df come from the tabulated KR values
(:func:`.experiments_stats.fit_trials_many`).

**Randomisation.** Pair orders that are mirror images (every AB swapped for BA) give the same test, so
only orders with the first pair AB are simulated: all 2^(pairs−1) of them when there are at most
``max_orders`` (16), otherwise a random sample of distinct ones, with the simulations split evenly.

**Preview** (:func:`power_preview`): power = share of simulated trials whose two-sided p < 0.05 (the
"very probably" verdict). Because B is a column of the design, adding an effect δ shifts δ̂ by exactly δ
and leaves φ̂, the SE and df unchanged, so one fit of pure noise per simulation gives the power for every
effect size (common random numbers). Effects are in SDs of the daily outcome (``effect_sd × sd`` points).
It ignores unlogged days and non-adherence, both of which lower power.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import stats

from ..errors import ValidationError
from .experiments_design import MAX_DAYS, MAX_PAIRS, ExperimentDesign, TrialLayout, check_lengths, trial_layout
from .experiments_report import points
from .experiments_stats import TrialFits, effect_design, fit_trials_many
from .processes import ar1

__all__ = ["PowerPreview", "PowerRow", "analyse_trials", "order_patterns", "power_preview", "simulate_trials"]

ALPHA = 0.05
TARGET_POWER = 0.8


def order_patterns(pairs: int, *, max_orders: int = 16, rng: np.random.Generator) -> list[tuple[str, ...]]:
    """Return pair orders starting with AB: all of them, or ``max_orders`` distinct random ones."""
    total = 2 ** (pairs - 1)
    codes = np.arange(total) if total <= max_orders else rng.choice(total, size=max_orders, replace=False)
    return [("AB",) + tuple("BA" if (int(c) >> k) & 1 else "AB" for k in range(pairs - 1)) for c in codes]


def simulate_trials(layout: TrialLayout, *, phi: float, sd: float, effect: float, carryover: float, n_sims: int,
                    rng: np.random.Generator, level: float = 4.0) -> np.ndarray:
    """Return (n_sims, days) simulated daily outcomes for one calendar (module docstring)."""
    noise = ar1(rng, phi=phi, sd=sd, shape=(n_sims, layout.is_b.size))
    target = effect * layout.is_b
    shown = target.astype(float).copy()
    for t in range(1, shown.size):
        shown[t] = target[t] + (shown[t - 1] - target[t]) * carryover
    return level + shown[None, :] + noise


def analyse_trials(ys: Sequence[np.ndarray], layouts: Sequence[TrialLayout]) -> list[TrialFits]:
    """Run the primary analysis on every row of each ``ys[i]`` (n_sims, days) simulated on ``layouts[i]``;
    the layouts differ only in their pair orders (module docstring)."""
    days = np.nonzero(~layouts[0].is_washout)[0]
    Xs = [effect_design(lay.is_b[days], lay.pair[days]) for lay in layouts]
    return fit_trials_many([y[:, days] for y in ys], Xs, days)


@dataclass(frozen=True, slots=True)
class PowerRow:
    """Power of one design length for one effect size (``mc_se``: Monte Carlo standard error)."""

    pairs: int
    period_days: int
    washout_days: int
    days_total: int
    analysed_days: int
    effect_sd: float
    effect_points: float
    power: float
    mc_se: float
    is_current: bool

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"pairs": self.pairs, "period_days": self.period_days, "washout_days": self.washout_days,
                "days_total": self.days_total, "analysed_days": self.analysed_days, "effect_sd": self.effect_sd,
                "effect_points": self.effect_points, "power": self.power, "mc_se": self.mc_se,
                "is_current": self.is_current}


@dataclass(frozen=True, slots=True)
class PowerPreview:
    """Expected power for the design and alternative numbers of pairs, with a plain-words summary."""

    phi: float
    sd: float
    effects_sd: tuple[float, ...]
    n_sims: int
    seed: int
    pairs: int
    rows: tuple[PowerRow, ...]
    summary: str

    def power(self, *, pairs: int, effect_sd: float) -> float:
        """Return the power for ``pairs`` pairs and effect ``effect_sd``.

        Raises:
            ValidationError: that combination was not simulated.
        """
        for row in self.rows:
            if row.pairs == pairs and row.effect_sd == effect_sd:
                return row.power
        raise ValidationError("pairs", f"no preview row for {pairs} pairs and effect {effect_sd:g} SD")

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"phi": self.phi, "sd": self.sd, "effects_sd": list(self.effects_sd), "n_sims": self.n_sims,
                "seed": self.seed, "pairs": self.pairs, "alpha": ALPHA, "rows": [r.to_dict() for r in self.rows],
                "summary": self.summary}


def _number(value: Any, field: str, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float, np.floating, np.integer)) or \
            not np.isfinite(value) or not low <= value <= high:
        raise ValidationError(field, f"must be a number from {low:g} to {high:g}")
    return float(value)


def _lengths(design_or_params: ExperimentDesign | Mapping[str, Any]) -> tuple[int, int, int]:
    if isinstance(design_or_params, ExperimentDesign):
        d = design_or_params
        return d.period_days, d.washout_days, d.pairs
    if not isinstance(design_or_params, Mapping):
        raise ValidationError("design_or_params", "must be an ExperimentDesign or a mapping with period_days, "
                                                  "washout_days and pairs")
    try:
        raw = (design_or_params["period_days"], design_or_params["washout_days"], design_or_params["pairs"])
    except KeyError as missing:
        raise ValidationError(str(missing.args[0]), "is missing (give period_days, washout_days and pairs)") from None
    period, washout = check_lengths(*raw)
    return period, washout, int(raw[2])


def power_preview(
    design_or_params: ExperimentDesign | Mapping[str, Any],
    *,
    phi: float = 0.5,
    sd: float = 1.2,
    effects_sd: Iterable[float] = (0.5, 0.8),
    n_sims: int = 1000,
    seed: int,
    alternative_pairs: Iterable[int] = (3, 4, 6, 8),
) -> PowerPreview:
    """Return the simulated power of the design and of the same periods with other numbers of pairs.

    Args:
        design_or_params: a design, or ``{"period_days", "washout_days", "pairs"}``.
        phi: day-to-day AR(1) coefficient of the symptom (0–0.9; diaries typically 0.4–0.6).
        sd: the symptom's day-to-day SD in points (sets the effect in points).
        effects_sd: effect sizes in SDs (0.5 moderate, 0.8 large).
        n_sims: simulated trials per number of pairs (100–20000); power is ± about 1.5 points at 1000.
        seed: the only source of randomness.
        alternative_pairs: other numbers of pairs to show (kept when within 2–12 pairs and a year).

    Raises:
        ValidationError: a parameter out of range, naming it.
    """
    period, washout, current = _lengths(design_or_params)
    phi = _number(phi, "phi", 0.0, 0.9)
    sd = _number(sd, "sd", 0.01, 10.0)
    effects = tuple(_number(e, "effects_sd", 0.01, 3.0) for e in effects_sd)
    if not effects:
        raise ValidationError("effects_sd", "give at least one effect size, e.g. (0.5, 0.8)")
    sims = int(_number(n_sims, "n_sims", 100, 20000))
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValidationError("seed", "must be a non-negative whole number")
    options = sorted({current} | {int(k) for k in alternative_pairs
                                  if 2 <= int(k) <= MAX_PAIRS and 2 * int(k) * period <= MAX_DAYS})
    rng = np.random.default_rng(seed)
    rows: list[PowerRow] = []
    for pairs in options:
        patterns = order_patterns(pairs, rng=rng)
        per = -(-sims // len(patterns))
        layouts = [trial_layout(period, washout, orders) for orders in patterns]
        fits = analyse_trials([simulate_trials(lay, phi=phi, sd=sd, effect=0.0, carryover=0.0, n_sims=per, rng=rng,
                                               level=0.0) for lay in layouts], layouts)
        effect0 = np.concatenate([f.effect for f in fits])
        se = np.concatenate([f.se for f in fits])
        df = np.concatenate([f.df for f in fits])
        crit = stats.t.ppf(1 - ALPHA / 2, df)
        for e_sd in effects:
            reject = np.abs((effect0 + e_sd * sd) / se) > crit
            power = float(reject.mean())
            rows.append(PowerRow(pairs, period, washout, 2 * pairs * period, 2 * pairs * (period - washout), e_sd,
                                 e_sd * sd, power, float(np.sqrt(power * (1 - power) / reject.size)),
                                 pairs == current))
    return PowerPreview(phi, sd, effects, sims, int(seed), current, tuple(rows), _summary(rows, current, effects))


def _summary(rows: list[PowerRow], current: int, effects: tuple[float, ...]) -> str:
    mine = [r for r in rows if r.pairs == current]
    parts = [f"a {_size(r.effect_sd)} effect ({points(r.effect_points)} points) about {r.power:.0%} of the time"
             for r in mine]
    text = (f"With {current} pairs ({mine[0].days_total} days) this experiment would detect "
            + " and ".join(parts) + ".")
    largest = max(effects)
    enough = [r for r in rows if r.effect_sd == largest and r.power >= TARGET_POWER]
    if enough:
        best = min(enough, key=lambda r: r.pairs)
        if best.pairs != current:
            text += (f" {best.pairs} pairs ({best.days_total} days) would detect a {_size(largest)} effect at least "
                     f"{TARGET_POWER:.0%} of the time.")
    else:
        text += (f" None of the lengths shown detects a {_size(largest)} effect {TARGET_POWER:.0%} of the time; "
                 "more pairs or longer periods help, or expect only a very large effect to show clearly.")
    return text


def _size(effect_sd: float) -> str:
    if effect_sd >= 0.8:
        return "large"
    return "moderate" if effect_sd >= 0.5 else "small"
