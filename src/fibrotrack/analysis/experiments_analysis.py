"""Analyse a randomised N-of-1 self-experiment: the effect of B vs A on one symptom, in words.

**Data.** ``observations`` of the outcome are aggregated per day by :func:`.series.daily_series` (the
catalog rule: daily max for twitching and weakness, mean for pain and fatigue). Days after the analysis
date (``today``, ``stopped_on`` or the planned end, whichever is first) are not used.

**Model** on the analysed days (non-washout days with an entry, in pairs with at least 2 such days in
both periods)::

    y_d = μ + δ·B_d + Σ_k γ_k·pair_k(d) + e_d,     e AR(1) on the daily grid (gaps = unlogged/washout days)

δ is the effect of B vs A in the outcome's points. **Pair fixed effects** rather than a linear trend:
the randomisation is within pairs, so pairs are the strata the design balances; pair effects absorb a
slow drift of any shape (flares, seasons) at the cost of one degree of freedom per extra pair, where a
linear trend would leave a curved drift in the errors. Inference: REML for φ, GLS at φ̂ with the shared
engine (:func:`.batch.fgls_ar1_batch`) and the Kenward–Roger small-sample correction
(:mod:`.experiments_stats`); conventional FGLS (:func:`.fgls.fgls_ar1`) is reported alongside for
comparison only. Posterior and verdict: :mod:`.experiments_report`.

**Missing data.** Unlogged days are skipped and modelled as gaps (φ^gap), never filled; a pair whose
two periods do not both have 2 analysed days is left out (its days are counted as ``incomplete_pair``).

**Adherence** (``adherence``: date → followed today's assignment?). Primary analysis is *as assigned*
(intention to treat): every analysed day counts under its assigned condition, whatever was done, so the
randomisation holds; not following the plan dilutes the effect towards zero. The *per-protocol*
sensitivity analysis drops analysed days answered "not followed" (days without an answer stay).
Adherence = followed / answered over the elapsed days (washout included).

**Assumptions.** Washout days remove carry-over; the effect is the same in every pair; errors are AR(1)
and roughly normal; no blinding (the person knows the condition), so expectation can add to the effect.
Reference: Kenward & Roger 1997, Biometrics 53:983; Vohra et al. 2015, BMJ 350:h1738 (CENT 2015).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np
from scipy import stats

from ..errors import ValidationError
from .experiments_cent import cent_section
from .experiments_design import DesignRevision, ExperimentDesign
from .experiments_report import (
    AdherenceSummary,
    DaysSummary,
    DesignChanges,
    DesignEdit,
    EffectEstimate,
    ExperimentReport,
    ModelInfo,
    Verdict,
    points,
    verdict_for,
)
from .experiments_stats import effect_design, fit_trials
from .fgls import fgls_ar1
from .series import daily_series
from .units import symptom_label

__all__ = ["MIN_DAYS_PER_PERIOD", "analyze_experiment"]

MIN_DAYS_PER_PERIOD = 2
METHOD = ("GLS with AR(1) errors on the non-washout days: y = mu + delta*B + pair effects + e; AR(1) coefficient "
          "by REML, Kenward-Roger adjusted standard error and degrees of freedom")
_FIELDS = ("exposure", "outcome", "period_days", "washout_days", "seed", "start_on", "medicine_kind")


class _Record(NamedTuple):
    on: date
    trackable: str
    value: float


class _Fit(NamedTuple):
    estimate: EffectEstimate | None
    model: ModelInfo | None
    used: np.ndarray
    complete: np.ndarray
    flat: bool


def _date(value: Any, field: str) -> date | None:
    if value is None:
        return None
    if not isinstance(value, date) or hasattr(value, "hour"):
        raise ValidationError(field, "must be a date (YYYY-MM-DD)")
    return value


def _adherence(design: ExperimentDesign, adherence: Mapping[date, bool] | None) -> np.ndarray:
    """Return per-day 1 (followed), 0 (not followed) or −1 (no answer)."""
    out = np.full(design.n_days, -1, dtype=np.int8)
    for day, followed in (adherence or {}).items():
        if not isinstance(day, date) or hasattr(day, "hour"):
            raise ValidationError("adherence", f"keys must be dates, not {day!r}")
        if not isinstance(followed, (bool, np.bool_)):
            raise ValidationError(f"adherence[{day.isoformat()}]", "must be true or false")
        row = (day - design.start_on).days
        if 0 <= row < design.n_days:
            out[row] = int(bool(followed))
    return out


def _fit(y: np.ndarray, design: ExperimentDesign, mask: np.ndarray, meaningful: float) -> _Fit:
    lay = design.layout
    n_a = np.bincount(lay.pair[mask & ~lay.is_b], minlength=design.pairs)
    n_b = np.bincount(lay.pair[mask & lay.is_b], minlength=design.pairs)
    complete = (n_a >= MIN_DAYS_PER_PERIOD) & (n_b >= MIN_DAYS_PER_PERIOD)
    used = mask & complete[lay.pair]
    pairs = np.nonzero(complete)[0]
    days = np.nonzero(used)[0]
    X = effect_design(lay.is_b[days], lay.pair[days])
    if pairs.size == 0 or days.size - X.shape[1] < 3:
        return _Fit(None, None, used, complete, False)
    yv = y[days]
    resid = yv - X @ np.linalg.lstsq(X, yv, rcond=None)[0]
    if float(resid @ resid) <= 1e-12 * max(float(yv @ yv), 1.0):
        return _Fit(None, None, used, complete, True)
    fit = fit_trials(yv[None, :], X, days)
    effect, se, df = float(fit.effect[0]), float(fit.se[0]), float(fit.df[0])
    q = float(stats.t.ppf(0.975, df))
    dist = stats.t(df, loc=effect, scale=se)
    estimate = EffectEstimate(
        effect=effect, se=se, ci_low=effect - q * se, ci_high=effect + q * se, df=df,
        p_value=float(fit.p_value[0]), phi=float(fit.phi[0]), kr_inflation=float(fit.kappa[0]),
        prob_worse=float(dist.sf(0.0)), prob_better=float(dist.cdf(0.0)),
        prob_meaningful_worse=float(dist.sf(meaningful)), prob_meaningful_better=float(dist.cdf(-meaningful)),
        days_a=int((~lay.is_b[days]).sum()), days_b=int(lay.is_b[days].sum()), pairs_used=int(pairs.size))
    conventional = fgls_ar1(yv, X, day_index=days)
    model = ModelInfo(METHOD, X.shape[1], float(fit.phi[0]), conventional.phi, float(conventional.params[1]),
                      float(conventional.bse[1]), float(conventional.pvalues[1]))
    return _Fit(estimate, model, used, complete, False)


def _is_extension(old: ExperimentDesign, new: ExperimentDesign) -> bool:
    return (all(getattr(old, f) == getattr(new, f) for f in _FIELDS) and new.pairs > old.pairs
            and new.orders[: old.pairs] == old.orders)


def _changes(design: ExperimentDesign, history: Sequence[DesignRevision], stopped_on: date | None) -> DesignChanges:
    versions: list[tuple[date | None, ExperimentDesign]] = [
        (r.recorded_on, r.design) for r in sorted(history, key=lambda r: r.recorded_on)]
    if not versions or versions[-1][1].design_hash != design.design_hash:
        versions.append((None, design))
    edits: list[DesignEdit] = []
    for (_, old), (when, new) in zip(versions, versions[1:]):
        if old.design_hash == new.design_hash or _is_extension(old, new):
            continue
        fields = tuple(f for f in _FIELDS if getattr(old, f) != getattr(new, f))
        if old.orders != new.orders[: old.pairs] or new.pairs < old.pairs:
            fields += ("orders",) if new.pairs >= old.pairs else ("pairs",)
        edits.append(DesignEdit(when, fields, when is None or when >= old.start_on))
    return DesignChanges(design.pairs_planned, design.pairs, design.pairs > design.pairs_planned,
                         any(e.after_start for e in edits), tuple(edits),
                         stopped_on is not None and stopped_on < design.end_on, stopped_on, design.design_hash)


def _status(design: ExperimentDesign, today: date | None, stopped_on: date | None) -> str:
    if today is not None and today < design.start_on:
        return "not_started"
    if stopped_on is not None and stopped_on < design.end_on:
        return "stopped_early"
    if today is not None and today <= design.end_on:
        return "in_progress"
    return "finished"


def analyze_experiment(
    design: ExperimentDesign,
    observations: Iterable[Any],
    *,
    adherence: Mapping[date, bool] | None = None,
    meaningful_change: float = 1.0,
    today: date | None = None,
    stopped_on: date | None = None,
    design_history: Sequence[DesignRevision] = (),
) -> ExperimentReport:
    """Estimate the effect of condition B vs A on the design's outcome (method in the module docstring).

    Args:
        design: the current design.
        observations: objects with ``on`` (date) and ``value`` for the outcome; an object whose
            ``trackable`` attribute names another trackable is ignored.
        adherence: date → True when that day's assignment was followed (days without an answer omitted).
        meaningful_change: the size (outcome points, > 0) the person cares about, e.g. 1 point on 0–10.
        today: the person's local date; later days are not used (None: use every planned day).
        stopped_on: the last day of an experiment stopped before its planned end.
        design_history: every stored version of this design with its save date (any order); a version
            change that is not an extension by whole pairs, saved on or after the start day, is reported
            as an edit after the start. A current design missing from the history counts as such an edit.

    Returns:
        An :class:`ExperimentReport`; "not enough data" is a verdict, never an error or NaN.

    Raises:
        ValidationError: a non-design ``design``, bad dates, a non-positive ``meaningful_change``, malformed
            adherence, or observations whose ``on``/``value`` are not a date / finite number.
    """
    if not isinstance(design, ExperimentDesign):
        raise ValidationError("design", "must be an ExperimentDesign (ExperimentDesign.from_dict for stored ones)")
    today, stopped_on = _date(today, "today"), _date(stopped_on, "stopped_on")
    if isinstance(meaningful_change, bool) or not isinstance(meaningful_change, (int, float)) or \
            not math.isfinite(meaningful_change) or meaningful_change <= 0:
        raise ValidationError("meaningful_change", "must be a positive number of points (e.g. 1)")
    if any(not isinstance(r, DesignRevision) for r in design_history):
        raise ValidationError("design_history", "must hold DesignRevision items (DesignRevision.from_dict)")
    outcome = design.outcome
    records = [_Record(o.on, outcome, o.value) for o in observations
               if getattr(o, "trackable", outcome) in (outcome, None)]
    series = daily_series(records, start_on=design.start_on, end_on=design.end_on)
    y = series.column(outcome)
    last = min(d for d in (design.end_on, today, stopped_on) if d is not None)
    elapsed = np.arange(design.n_days) <= (last - design.start_on).days
    lay = design.layout
    follow = _adherence(design, adherence)
    itt = elapsed & ~lay.is_washout & np.isfinite(y)
    primary = _fit(y, design, itt, float(meaningful_change))
    not_followed = primary.used & (follow == 0)
    per_protocol = None
    if not_followed.any():
        per_protocol = _fit(y, design, itt & (follow != 0), float(meaningful_change)).estimate
    cond = design.conditions
    symptom = symptom_label(outcome)
    status = _status(design, today, stopped_on)
    answered = elapsed & (follow >= 0)
    skipped = np.nonzero(elapsed & (follow == 0))[0]
    adh = AdherenceSummary(adherence is not None, int(answered.sum()), int((elapsed & (follow == 1)).sum()),
                           float((follow[answered] == 1).mean()) if answered.any() else None,
                           tuple(design.start_on + timedelta(days=int(i)) for i in skipped), int(not_followed.sum()))
    days = DaysSummary(
        planned=design.n_days, elapsed=int(elapsed.sum()), washout=int((elapsed & lay.is_washout).sum()),
        missing=int((elapsed & ~lay.is_washout & ~np.isfinite(y)).sum()),
        incomplete_pair=int((itt & ~primary.used).sum()), analysed=int(primary.used.sum()),
        analysed_a=int((primary.used & ~lay.is_b).sum()), analysed_b=int((primary.used & lay.is_b).sum()),
        not_yet=int((~elapsed).sum()), pairs_planned=design.pairs, pairs_complete=int(primary.complete.sum()))
    changes = _changes(design, design_history, stopped_on)
    if primary.estimate is not None:
        verdict = verdict_for(primary.estimate, subject=cond.subject, symptom=symptom, a_label=cond.a_label,
                              b_label=cond.b_label, meaningful_change=float(meaningful_change))
    elif primary.flat:
        verdict = Verdict("no_variation", None, f"Your {symptom} hardly changed from day to day during the "
                                                "experiment, so there is no difference to measure.")
    elif status == "not_started":
        verdict = Verdict("not_enough_data", None,
                          f"The experiment has not started yet; it starts on {design.start_on.isoformat()}.")
    else:
        first = design.start_on + timedelta(days=2 * design.period_days - 1)
        verdict = Verdict("not_enough_data", None,
                          f"Not enough data yet: {days.pairs_complete} of {design.pairs} pairs have at least "
                          f"{MIN_DAYS_PER_PERIOD} counted days with {symptom} logged in both periods "
                          f"(the first result is possible from {first.isoformat()}).")
    notes = _notes(design, status, last, days, adh, changes, primary.estimate, per_protocol, symptom)
    report_args: dict[str, Any] = {
        "exposure": design.exposure, "outcome": outcome, "outcome_label": symptom, "unit": "points",
        "status": status, "analysed_until_on": last if status != "not_started" else None,
        "meaningful_change": float(meaningful_change), "primary": primary.estimate, "per_protocol": per_protocol,
        "verdict": verdict, "days": days, "adherence": adh, "changes": changes, "model": primary.model,
        "notes": notes}
    cent = cent_section(design, **report_args)
    return ExperimentReport(**report_args, cent=MappingProxyType(cent))


def _notes(design: ExperimentDesign, status: str, last: date, days: DaysSummary, adh: AdherenceSummary,
           changes: DesignChanges, primary: EffectEstimate | None, per_protocol: EffectEstimate | None,
           symptom: str) -> tuple[str, ...]:
    notes = []
    if status == "in_progress":
        notes.append(f"Interim look: the experiment runs until {design.end_on.isoformat()}. Stopping early because "
                     "the result looks clear makes false findings more likely; the planned end gives the fairest "
                     "answer.")
    if changes.stopped_early:
        notes.append(f"Stopped early on {last.isoformat()} after {days.pairs_complete} complete of "
                     f"{design.pairs} planned pairs; the result covers only those days.")
    if changes.extended:
        notes.append(f"Extended from {changes.pairs_planned} to {changes.pairs} pairs. Extending because a result "
                     "was unclear makes a false finding a little more likely; the interval does not allow for it.")
    if changes.edited_after_start:
        fields = sorted({f for e in changes.edits if e.after_start for f in e.fields})
        notes.append(f"The design was changed after the experiment started ({', '.join(fields)}); the result "
                     "is less trustworthy than that of an unchanged plan.")
    if adh.rate is not None and adh.rate < 0.8:
        notes.append(f"You followed the plan on {adh.rate:.0%} of the days you answered; not following it pulls "
                     "the result towards no difference.")
    if days.elapsed and days.missing > 0.3 * max(days.elapsed - days.washout, 1):
        notes.append(f"{days.missing} counted days have no {symptom} entry; logging every day makes the answer "
                     "clearer.")
    if primary is not None and per_protocol is not None:
        notes.append(f"Counting only days you followed the plan: {points(per_protocol.effect, signed=True)} points "
                     f"({points(per_protocol.ci_low)} to {points(per_protocol.ci_high)}).")
    return tuple(notes)
