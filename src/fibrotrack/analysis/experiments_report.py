"""The self-experiment report: frozen result types, the verdict in words and the CENT 2015 section.

**Posterior** (stated in every report): with a flat prior on the effect δ and on the other regression
coefficients and log σ, and φ fixed at its estimate, the posterior of δ is ``δ̂ + SE·t_df``; we use the
Kenward–Roger SE and df (:mod:`.experiments_stats`), so the posterior and the 95 % interval agree. As
the number of days grows this is the usual approximate posterior N(δ̂, SE²).

**Verdict mapping** (fixed): with P = the posterior probability of the more likely direction,

=================  ===========================  =================================================
P                  level                        wording
=================  ===========================  =================================================
≥ 0.975            ``very_probably``            "Caffeine very probably worsens your muscle twitching"
≥ 0.95             ``probably``                 "… probably worsens …, but this could still be chance"
< 0.95             ``no_clear_difference``      "No clear difference in your … between … days"
=================  ===========================  =================================================

P ≥ 0.975 is the same event as "the 95 % interval excludes 0" (two-sided p < 0.05), so the words never
contradict the interval shown next to them; under no true effect it happens in about 5 % of trials
(the benchmark measures this). Higher symptom scores are worse for every outcome, so δ > 0 "worsens"
and δ < 0 "eases". The second sentence gives the probability that the change is at least
``meaningful_change`` points in that direction. ``not_enough_data`` and ``no_variation`` are answers too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["PROBABLY", "VERY_PROBABLY", "AdherenceSummary", "DaysSummary", "DesignChanges", "DesignEdit",
           "EffectEstimate", "ExperimentReport", "ModelInfo", "Verdict", "points", "verdict_for"]

VERY_PROBABLY = 0.975
PROBABLY = 0.95  # one-sided 5 %: the rate a no-effect experiment says "probably" stays near 5 %
POSTERIOR = ("flat prior on the effect, the other coefficients and log sigma, AR(1) coefficient fixed at its "
             "REML estimate: effect ~ estimate + SE * t(df) with the Kenward-Roger SE and df")


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


@dataclass(frozen=True, slots=True)
class EffectEstimate:
    """δ = mean(B) − mean(A) in the outcome's units, adjusted for pairs, with its small-sample inference."""

    effect: float
    se: float
    ci_low: float
    ci_high: float
    df: float
    p_value: float
    phi: float
    kr_inflation: float
    prob_worse: float
    prob_better: float
    prob_meaningful_worse: float
    prob_meaningful_better: float
    days_a: int
    days_b: int
    pairs_used: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"effect": self.effect, "se": self.se, "ci_low": self.ci_low, "ci_high": self.ci_high,
                "ci_level": 0.95, "df": self.df, "p_value": self.p_value, "phi": self.phi,
                "kr_inflation": self.kr_inflation, "prob_worse": self.prob_worse, "prob_better": self.prob_better,
                "prob_meaningful_worse": self.prob_meaningful_worse,
                "prob_meaningful_better": self.prob_meaningful_better, "days_a": self.days_a,
                "days_b": self.days_b, "pairs_used": self.pairs_used}


@dataclass(frozen=True, slots=True)
class Verdict:
    """The answer in words: ``level`` (see the module table), ``direction`` ("worse", "better" or None)."""

    level: str
    direction: str | None
    text: str
    detail: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"level": self.level, "direction": self.direction, "text": self.text, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class DaysSummary:
    """Where the days went. ``elapsed`` counts planned days up to the analysis date; of those,
    ``washout`` were settling-in days, ``missing`` had no outcome entry, ``incomplete_pair`` belonged to a
    pair without enough days in both periods, and ``analysed`` (= ``analysed_a`` + ``analysed_b``) were used."""

    planned: int
    elapsed: int
    washout: int
    missing: int
    incomplete_pair: int
    analysed: int
    analysed_a: int
    analysed_b: int
    not_yet: int
    pairs_planned: int
    pairs_complete: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"planned": self.planned, "elapsed": self.elapsed, "washout": self.washout, "missing": self.missing,
                "incomplete_pair": self.incomplete_pair, "analysed": self.analysed, "analysed_a": self.analysed_a,
                "analysed_b": self.analysed_b, "not_yet": self.not_yet, "pairs_planned": self.pairs_planned,
                "pairs_complete": self.pairs_complete}


@dataclass(frozen=True, slots=True)
class AdherenceSummary:
    """Days the person said they followed the day's assignment. ``rate`` = followed / answered (None when
    nothing was answered); ``analysed_not_followed`` are analysed days answered "not followed"."""

    recorded: bool
    days_answered: int
    days_followed: int
    rate: float | None
    not_followed_on: tuple[date, ...]
    analysed_not_followed: int

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"recorded": self.recorded, "days_answered": self.days_answered, "days_followed": self.days_followed,
                "rate": self.rate, "not_followed_on": [d.isoformat() for d in self.not_followed_on],
                "analysed_not_followed": self.analysed_not_followed}


@dataclass(frozen=True, slots=True)
class DesignEdit:
    """A saved change of the design: the fields that changed, when (None: date unknown) and whether
    that was on or after the start day."""

    recorded_on: date | None
    fields: tuple[str, ...]
    after_start: bool

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"recorded_on": _iso(self.recorded_on), "fields": list(self.fields), "after_start": self.after_start}


@dataclass(frozen=True, slots=True)
class DesignChanges:
    """Extensions, edits and early stopping."""

    pairs_planned: int
    pairs: int
    extended: bool
    edited_after_start: bool
    edits: tuple[DesignEdit, ...]
    stopped_early: bool
    stopped_on: date | None
    design_hash: str

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"pairs_planned": self.pairs_planned, "pairs": self.pairs, "extended": self.extended,
                "edited_after_start": self.edited_after_start, "edits": [e.to_dict() for e in self.edits],
                "stopped_early": self.stopped_early, "stopped_on": _iso(self.stopped_on),
                "design_hash": self.design_hash}


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """How the primary estimate was made, with the conventional FGLS fit for comparison (its p-value is
    too small at this sample size; see the benchmark)."""

    method: str
    n_params: int
    phi_reml: float
    fgls_phi: float
    fgls_effect: float
    fgls_se: float
    fgls_p_value: float

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {"method": self.method, "posterior": POSTERIOR, "n_params": self.n_params, "phi_reml": self.phi_reml,
                "conventional_fgls": {"phi": self.fgls_phi, "effect": self.fgls_effect, "se": self.fgls_se,
                                      "p_value": self.fgls_p_value}}


@dataclass(frozen=True, slots=True)
class ExperimentReport:
    """The result of a self-experiment (see :func:`.experiments_analysis.analyze_experiment`).

    ``primary`` is the as-assigned (intention-to-treat) estimate; ``per_protocol`` drops analysed days
    answered "not followed" (None when there were none or adherence was not recorded). Effects are
    None when there is not enough data; nothing is ever NaN.
    """

    exposure: str
    outcome: str
    outcome_label: str
    unit: str
    status: str
    analysed_until_on: date | None
    meaningful_change: float
    primary: EffectEstimate | None
    per_protocol: EffectEstimate | None
    verdict: Verdict
    days: DaysSummary
    adherence: AdherenceSummary
    changes: DesignChanges
    model: ModelInfo | None
    notes: tuple[str, ...]
    cent: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (unrounded numbers, ISO dates, no NaN)."""
        return {"exposure": self.exposure, "outcome": self.outcome, "outcome_label": self.outcome_label,
                "unit": self.unit, "status": self.status, "analysed_until_on": _iso(self.analysed_until_on),
                "meaningful_change": self.meaningful_change, "verdict": self.verdict.to_dict(),
                "primary": None if self.primary is None else self.primary.to_dict(),
                "per_protocol": None if self.per_protocol is None else self.per_protocol.to_dict(),
                "days": self.days.to_dict(), "adherence": self.adherence.to_dict(),
                "changes": self.changes.to_dict(), "model": None if self.model is None else self.model.to_dict(),
                "notes": list(self.notes), "cent": _plain(self.cent)}


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def points(value: float, *, signed: bool = False) -> str:
    """Format a number of points for a sentence: one decimal, a real minus sign, no "−0.0"; ``signed``
    adds "+" to positive numbers."""
    shown = round(value, 1) + 0.0
    text = f"{shown:+.1f}" if signed and shown > 0 else f"{shown:.1f}"
    return text.replace("-", "−")


def verdict_for(estimate: EffectEstimate, *, subject: str, symptom: str, a_label: str, b_label: str,
                meaningful_change: float) -> Verdict:
    """Return the verdict for an estimate (mapping in the module docstring)."""
    worse = estimate.prob_worse >= estimate.prob_better
    prob = estimate.prob_worse if worse else estimate.prob_better
    numbers = f"{points(estimate.effect, signed=True)} points ({points(estimate.ci_low)} to {points(estimate.ci_high)})"
    verb = "worsens" if worse else "eases"
    meaningful = estimate.prob_meaningful_worse if worse else estimate.prob_meaningful_better
    unit = "point" if meaningful_change == 1 else "points"
    detail = (f"Chance that it {verb} your {symptom} by at least {meaningful_change:g} {unit}: "
              f"{meaningful:.0%}.")
    if prob >= VERY_PROBABLY:
        return Verdict("very_probably", "worse" if worse else "better",
                       f"{subject} very probably {verb} your {symptom}: {numbers}.", detail)
    if prob >= PROBABLY:
        return Verdict("probably", "worse" if worse else "better",
                       f"{subject} probably {verb} your {symptom}, but this could still be chance: {numbers}.",
                       detail)
    return Verdict("no_clear_difference", None,
                   f"No clear difference in your {symptom} between {b_label.lower()} and {a_label.lower()} days: "
                   f"{numbers}.", detail)
