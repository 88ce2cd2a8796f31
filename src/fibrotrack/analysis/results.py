"""Frozen result types of the analysis (unrounded; ``to_dict()`` never emits NaN — missing numbers are None)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

__all__ = ["InsightsResult", "Label", "NotEnoughData", "TreatmentEffect", "Trigger", "json_number"]

Label = Literal["likely", "possible"]


def json_number(value: float | int | None) -> float | int | None:
    """Return ``value`` unchanged when finite, else None (so JSON never carries NaN or infinity)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return value
    number = float(value)
    return number if math.isfinite(number) else None


@dataclass(frozen=True, slots=True)
class Trigger:
    """One tested (symptom, exposure, lag): a suspicion with its size and how sure we are.

    ``effect``/``ci_low``/``ci_high`` are the shrunken (posterior) effect and 95 % interval in symptom
    points per ``unit`` of the exposure (``unit`` is e.g. "100 mg", "1 hour", "exposed day");
    ``raw_*`` are the FGLS estimate and its t-interval before shrinkage. ``lfdr`` is the posterior
    probability of no association; ``q_value`` the expected share of false findings among this
    person's findings up to this one; ``bh_q_value`` the Benjamini–Hochberg q-value of ``p_value`` over the
    same family. ``label`` is "likely", "possible" or None. ``adjusted_for`` lists the person's other
    suspected triggers (exposure, lag) the estimate holds fixed (:mod:`.adjust`).
    """

    symptom: str
    exposure: str
    lag_days: int
    effect: float
    ci_low: float
    ci_high: float
    q_value: float
    bh_q_value: float
    lfdr: float
    p_value: float
    label: Label | None
    n_exposed: int
    n_unexposed: int
    n_days_used: int
    unit: str
    binary: bool
    raw_effect: float
    raw_ci_low: float
    raw_ci_high: float
    hac_p_value: float | None
    phi: float
    sentence: str
    adjusted_for: tuple[tuple[str, int], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON shape used by the service layer (plus detail keys)."""
        return {
            "symptom": self.symptom,
            "exposure": self.exposure,
            "lag_days": self.lag_days,
            "effect": json_number(self.effect),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "q_value": json_number(self.q_value),
            "label": self.label,
            "n_exposed": self.n_exposed,
            "n_unexposed": self.n_unexposed,
            "sentence": self.sentence,
            "unit": self.unit,
            "binary": self.binary,
            "lfdr": json_number(self.lfdr),
            "bh_q_value": json_number(self.bh_q_value),
            "p_value": json_number(self.p_value),
            "hac_p_value": json_number(self.hac_p_value),
            "raw_effect": json_number(self.raw_effect),
            "raw_ci_low": json_number(self.raw_ci_low),
            "raw_ci_high": json_number(self.raw_ci_high),
            "n_days_used": self.n_days_used,
            "phi": json_number(self.phi),
            "adjusted_for": [{"exposure": e, "lag_days": g} for e, g in self.adjusted_for],
        }


@dataclass(frozen=True, slots=True)
class NotEnoughData:
    """A question we cannot answer yet: why, and about how many more logged days would help.

    ``symptom``/``exposure`` are None when the whole diary is too short or has nothing to compare.
    ``more_days_needed`` is None when more days of the same kind would not help (e.g. a symptom that
    never varies).
    """

    symptom: str | None
    exposure: str | None
    reason: str
    days_logged: int
    more_days_needed: int | None
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"symptom": self.symptom, "exposure": self.exposure, "reason": self.reason,
                "days_logged": self.days_logged, "more_days_needed": self.more_days_needed,
                "sentence": self.sentence}


@dataclass(frozen=True, slots=True)
class InsightsResult:
    """Everything :func:`~fibrotrack.analysis.discover_triggers` found for one person.

    ``triggers`` holds the labelled findings (likely first); ``tested`` every pair estimated.
    """

    days_logged: int
    triggers: tuple[Trigger, ...]
    tested: tuple[Trigger, ...]
    not_enough_data: tuple[NotEnoughData, ...]
    lags_days: tuple[int, ...]
    prior_source: str

    def to_dict(self, *, include_all: bool = False) -> dict[str, Any]:
        """Return ``{"days_logged", "triggers", "not_enough_data", …}``; ``include_all`` adds every tested pair."""
        out: dict[str, Any] = {
            "days_logged": self.days_logged,
            "triggers": [t.to_dict() for t in self.triggers],
            "not_enough_data": [n.to_dict() for n in self.not_enough_data],
            "n_tested": len(self.tested),
            "lags_days": list(self.lags_days),
            "prior": self.prior_source,
        }
        if include_all:
            out["tested"] = [t.to_dict() for t in self.tested]
        return out


@dataclass(frozen=True, slots=True)
class TreatmentEffect:
    """Segmented-regression estimate of a treatment's effect on one symptom.

    ``level_change`` (points, at the onset day) and ``slope_change_per_30d`` with 95 % intervals;
    ``p_improvement`` = P(level change ≤ −meaningful_change) from the normal approximation to the
    estimate (a flat-prior posterior). ``enough_data`` is False when the baseline or follow-up is too
    short; the estimates are then None and ``more_days_needed`` says how many more days would help.
    """

    symptom: str
    started_on: date
    onset_lag_days: int
    enough_data: bool
    level_change: float | None
    ci_low: float | None
    ci_high: float | None
    slope_change_per_30d: float | None
    slope_ci_low: float | None
    slope_ci_high: float | None
    p_value: float | None
    p_improvement: float | None
    meaningful_change: float
    baseline_days: int
    followup_days: int
    baseline_mean: float | None
    flare_at_start: bool
    phi: float | None
    more_days_needed: int | None
    warnings: tuple[str, ...]
    sentence: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (no NaN)."""
        return {
            "symptom": self.symptom,
            "started_on": self.started_on.isoformat(),
            "onset_lag_days": self.onset_lag_days,
            "enough_data": self.enough_data,
            "level_change": json_number(self.level_change),
            "ci_low": json_number(self.ci_low),
            "ci_high": json_number(self.ci_high),
            "slope_change_per_30d": json_number(self.slope_change_per_30d),
            "slope_ci_low": json_number(self.slope_ci_low),
            "slope_ci_high": json_number(self.slope_ci_high),
            "p_value": json_number(self.p_value),
            "p_improvement": json_number(self.p_improvement),
            "meaningful_change": self.meaningful_change,
            "baseline_days": self.baseline_days,
            "followup_days": self.followup_days,
            "baseline_mean": json_number(self.baseline_mean),
            "flare_at_start": self.flare_at_start,
            "phi": json_number(self.phi),
            "more_days_needed": self.more_days_needed,
            "warnings": list(self.warnings),
            "sentence": self.sentence,
        }
