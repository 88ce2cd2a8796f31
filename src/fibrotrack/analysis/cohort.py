"""Cohort mode: trigger discovery for many people at once, borrowing strength across them.

1. Every diary is put on a people × days grid (NaN-padded to the longest) and the trigger model is
   fitted for every person × symptom × exposure × lag with the vectorised engine (:mod:`.batch`,
   :mod:`.estimates`) — the same estimates as the single-person path.
2. A spike-and-slab prior is fitted per (symptom, exposure, lag) cell across people
   (:func:`.shrinkage.fit_cohort_prior`): how common an association is among people like this and how
   big it tends to be. This is the lever for power — an exposure that goes with worse twitching in many
   people needs less evidence in one more person — and for honesty in cells where nobody shows one.
3. **Cross-fitting** keeps the error rates honest: people are split into ``folds`` groups and each
   person's posterior uses the prior fitted on the *other* groups, so no one's own estimate pulls the
   prior towards itself (with one fold, or fewer than ``min_people``, see below).
   Steps 1–3 run twice (:func:`fit_cohort_estimates`, :mod:`.adjust`): the first pass is a screen whose
   cross-fitted posteriors pick each person's adjusters (their other pairs with lfdr ≤ 0.5 for the same
   symptom); the second fits every pair again holding those fixed, and its estimates and priors are
   what is reported.
4. **False-discovery control across the cohort** (Efron 2010, *Large-Scale Inference*, §4.2 and ch. 5;
   Storey 2003): with a fitted cohort prior, "likely" is the largest set of the cohort's tested pairs
   (all people, symptoms, exposures and lags) whose mean lfdr — the expected share of false findings
   among them — is ≤ :data:`.rules.LIKELY_FDR` (5 %); :func:`.fdr.bayes_fdr_threshold` gives the lfdr
   cut-off, capped at :data:`.rules.POSSIBLE_LFDR` (0.5) so "likely" always means at least even odds.
   A person's weakish finding can be reported because the cohort's many near-certain ones keep the
   overall share of false findings within the budget — the same budget a single diary
   cannot spend because it has few near-certain findings of its own.
5. Each person then gets an :class:`.results.InsightsResult` built exactly as in
   :func:`.triggers.discover_triggers` (labels with the cohort cut-off, per-person q-values, sentences).

Cohorts smaller than ``min_people`` (default 30) use the built-in default prior — a cell prior from a
handful of people would be noise — and the single-diary label rule (lfdr ≤ :data:`.rules.LIKELY_LFDR`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

import numpy as np

from ..catalog import canonical_code
from ..errors import ValidationError
from .adjust import choose_adjusters
from .design import exposure_profile
from .estimates import ShrunkEstimates, TriggerArrays, estimate_triggers_batch, shrink_estimates, standardize
from .pair_fit import pairs_from_arrays
from .fdr import bayes_fdr_threshold
from .results import InsightsResult, NotEnoughData, json_number
from .rules import LIKELY_FDR, LIKELY_LFDR, POSSIBLE_LFDR
from .series import DailySeries
from .shrinkage import DEFAULT_PRIOR, ShrinkagePrior, fit_cohort_prior
from .triggers import build_insights, check_lags, nothing_to_compare, pair_lfdrs
from .units import effect_scale

__all__ = ["CohortEstimates", "CohortInsights", "crossfit_priors", "crossfit_shrink", "discover_cohort",
           "fit_cohort_estimates", "fold_of", "prior_arrays"]


@dataclass(frozen=True, slots=True)
class CohortInsights:
    """Per-person results of :func:`discover_cohort` and the prior fitted on the whole cohort.

    ``prior`` can be passed to :func:`.triggers.discover_triggers` for a person who joins later.
    ``likely_lfdr`` is the lfdr cut-off used for "likely" (the cohort's false-discovery cut-off, or
    :data:`.rules.LIKELY_LFDR` when the built-in prior was used); ``-inf`` when nothing passed.
    """

    results: Mapping[str, InsightsResult]
    prior: ShrinkagePrior
    folds: int
    people: int = field(default=0)
    likely_lfdr: float = field(default=LIKELY_LFDR)

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"people", "folds", "prior", "likely_lfdr", "results": {person: result}}``."""
        return {"people": self.people, "folds": self.folds, "prior": self.prior.to_dict(),
                "likely_lfdr": json_number(self.likely_lfdr),
                "results": {k: v.to_dict() for k, v in self.results.items()}}


def fold_of(n_people: int, folds: int) -> np.ndarray:
    """Deterministic fold of each person (person i → i mod folds)."""
    return np.arange(n_people) % max(1, folds)


def crossfit_priors(
    standardized: Mapping[tuple[str, str, int], tuple[np.ndarray, np.ndarray]],
    *,
    n_people: int,
    folds: int = 5,
    min_people: int = 30,
) -> tuple[np.ndarray, list[ShrinkagePrior], ShrinkagePrior]:
    """Fit the cohort prior on all people and, per fold, on the people outside it.

    ``standardized`` maps (symptom, exposure, lag) to (b, s) arrays of length ``n_people`` (NaN = not
    tested). Returns (fold of each person, prior for each fold, prior on everyone). With fewer than
    ``min_people`` people having any tested pair every prior is :data:`.shrinkage.DEFAULT_PRIOR`; with
    ``folds`` ≤ 1 (or a fold whose complement is too small) the whole-cohort prior is used.
    """
    tested = np.zeros(n_people, dtype=bool)
    for b, s in standardized.values():
        tested |= np.isfinite(np.asarray(b, dtype=float)) & np.isfinite(np.asarray(s, dtype=float))
    if int(tested.sum()) < min_people:
        return np.zeros(n_people, dtype=np.int64), [DEFAULT_PRIOR], DEFAULT_PRIOR
    source = f"cohort of {n_people} people ({int(tested.sum())} with enough data)"
    whole = fit_cohort_prior(standardized, source=source)
    if folds <= 1:
        return np.zeros(n_people, dtype=np.int64), [whole], whole
    fold = fold_of(n_people, folds)
    priors = []
    for g in range(folds):
        keep = fold != g
        if int((tested & keep).sum()) < min_people:
            priors.append(whole)
            continue
        part = {key: (b[keep], s[keep]) for key, (b, s) in standardized.items()}
        priors.append(fit_cohort_prior(part, source=f"{source}, cross-fitted"))
    return fold, priors, whole


@dataclass(frozen=True, slots=True)
class CohortEstimates:
    """Adjusted estimates per symptom, the cross-fitted priors fitted on them, and the screening pass
    they were adjusted from (:func:`fit_cohort_estimates`)."""

    arrays: Mapping[str, TriggerArrays]
    screen: Mapping[str, TriggerArrays]
    fold: np.ndarray
    priors: list[ShrinkagePrior]
    whole: ShrinkagePrior


def prior_arrays(prior: ShrinkagePrior, symptom: str, exposures: Sequence[str],
                 lags_days: Sequence[int]) -> dict[str, np.ndarray]:
    """Return the prior's cells for one symptom as (K, L) arrays: ``pi_effect``, ``mean``, ``sd``, ``null_scale``."""
    cells = [[prior.cell(symptom, e, lag) for lag in lags_days] for e in exposures]
    return {name: np.array([[getattr(c, name) for c in row] for row in cells]).reshape(len(exposures), len(lags_days))
            for name in ("pi_effect", "mean", "sd", "null_scale")}


def crossfit_shrink(arrays: TriggerArrays, *, fold: np.ndarray, priors: Sequence[ShrinkagePrior], symptom: str,
                    exposures: Sequence[str]) -> ShrunkEstimates:
    """Shrink every person's estimates with the prior of their fold (:func:`crossfit_priors`)."""
    per_fold = [prior_arrays(p, symptom, exposures, arrays.lags_days) for p in priors]
    f = np.asarray(fold, dtype=np.int64) if len(priors) > 1 else np.zeros(arrays.effect.shape[0], dtype=np.int64)
    return shrink_estimates(arrays, **{name: np.stack([per_fold[int(g)][name] for g in f]) if f.size
                                       else np.zeros((0,) + arrays.effect.shape[1:]) for name in per_fold[0]})


def _standardized(arrays: Mapping[str, TriggerArrays], exposures: Mapping[str, Sequence[str]]):
    out: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}
    for code, arr in arrays.items():
        b, s_eq, _ = standardize(arr)
        for k, e in enumerate(exposures[code]):
            for j, lag in enumerate(arr.lags_days):
                out[(code, e, lag)] = (b[:, k, j], s_eq[:, k, j])
    return out


def fit_cohort_estimates(
    grids: Mapping[str, tuple[np.ndarray, Sequence[str], np.ndarray]],
    *,
    weekday0: np.ndarray,
    lags_days: Sequence[int],
    logged: np.ndarray | None = None,
    folds: int = 5,
    min_people: int = 30,
    hac: bool = True,
) -> CohortEstimates:
    """Screen, adjust and fit the cohort priors (module docstring, steps 1–3).

    ``grids`` maps each symptom to (outcome (P, T), exposure codes, exposures (P, T, K)). The screen is
    shrunk with cross-fitted priors; each person's adjusters (:func:`.adjust.choose_adjusters`) come from
    their own fold's screen; the adjusted estimates get new cross-fitted priors, which are returned.
    ``hac`` adds the Newey–West check to the adjusted estimates.
    """
    def estimate(adjusters: Mapping[str, np.ndarray] | None, with_hac: bool) -> dict[str, TriggerArrays]:
        return {code: estimate_triggers_batch(y, xs, weekday0=weekday0, lags_days=lags_days, logged=logged,
                                              hac=with_hac,
                                              adjusters=None if adjusters is None else adjusters[code])
                for code, (y, _, xs) in grids.items()}

    names = {code: list(g[1]) for code, g in grids.items()}
    n_p = next((g[0].shape[0] for g in grids.values()), 0)
    screen = estimate(None, with_hac=False)
    fold, priors, _ = crossfit_priors(_standardized(screen, names), n_people=n_p, folds=folds, min_people=min_people)
    chosen = {code: choose_adjusters(crossfit_shrink(arr, fold=fold, priors=priors, symptom=code,
                                                     exposures=names[code]).lfdr) for code, arr in screen.items()}
    final = estimate(chosen, with_hac=hac)
    fold, priors, whole = crossfit_priors(_standardized(final, names), n_people=n_p, folds=folds,
                                          min_people=min_people)
    return CohortEstimates(arrays=MappingProxyType(final), screen=MappingProxyType(screen), fold=fold, priors=priors,
                           whole=whole)


def _grid(series: Sequence[DailySeries], code: str, n_t: int) -> np.ndarray:
    out = np.full((len(series), n_t), np.nan)
    for i, s in enumerate(series):
        out[i, : s.n_days] = s.column(code)
    return out


def discover_cohort(
    series_by_person: Mapping[str, DailySeries],
    *,
    symptoms: Sequence[str] | None = None,
    exposures: Sequence[str] | None = None,
    lags_days: Sequence[int] = (0, 1, 2),
    folds: int = 5,
    min_people: int = 30,
) -> CohortInsights:
    """Discover triggers for every person of a cohort with a cross-fitted cohort prior (module docstring).

    Args:
        series_by_person: person id → that person's :class:`.series.DailySeries`.
        symptoms, exposures: codes to analyse (default: every code any person logged, by catalog kind).
        lags_days: lags fitted jointly.
        folds: cross-fitting folds (1 = fit and apply the prior on everyone).
        min_people: below this, use the built-in default prior (and the single-diary label rule).

    Returns:
        :class:`CohortInsights`: one :class:`.results.InsightsResult` per person, the whole-cohort prior
        and the lfdr cut-off used for "likely".

    Raises:
        ValidationError: bad lags, folds below 1, or codes given as one string.
    """
    lags = check_lags(lags_days)
    if isinstance(folds, bool) or not isinstance(folds, int) or folds < 1:
        raise ValidationError("folds", "must be a whole number of at least 1")
    ids = list(series_by_person)
    series = [series_by_person[i] for i in ids]
    kinds: dict[str, str] = {}
    for s in series:
        kinds.update(s.kinds)

    def pick(given: Sequence[str] | None, wanted: tuple[str, ...], name: str) -> list[str]:
        if given is None:
            return sorted(c for c, k in kinds.items() if k in wanted)
        if isinstance(given, str):
            raise ValidationError(name, "must be a list of trackable codes, not one string")
        return list(dict.fromkeys(canonical_code(str(c)) for c in given))

    sym = pick(symptoms, ("symptom",), "symptoms")
    exp = pick(exposures, ("exposure", "medication", "custom"), "exposures")
    n_p = len(series)
    n_t = max((s.n_days for s in series), default=0)
    logged = np.zeros((n_p, n_t), dtype=bool)
    for i, s in enumerate(series):
        logged[i, : s.n_days] = s.logged
    weekday0 = np.array([s.start_on.weekday() if s.start_on is not None else 0 for s in series], dtype=np.int64)
    grids: dict[str, tuple[np.ndarray, list[str], np.ndarray]] = {}
    shares: dict[str, np.ndarray] = {}
    for code in sym:
        ex_codes = [e for e in exp if e != code]
        if not ex_codes or n_t == 0:
            continue
        xs = np.stack([_grid(series, e, n_t) / effect_scale(e) for e in ex_codes], axis=2)
        grids[code] = (_grid(series, code, n_t), ex_codes, xs)
        exposed, _ = exposure_profile(np.transpose(xs, (0, 2, 1)))
        n_obs = np.isfinite(xs).sum(axis=1)
        shares[code] = np.where(n_obs > 0, exposed.sum(axis=2) / np.maximum(n_obs, 1), np.nan)
    fitted = fit_cohort_estimates(grids, weekday0=weekday0, lags_days=lags, logged=logged, folds=folds,
                                  min_people=min_people)
    fold, priors, whole = fitted.fold, fitted.priors, fitted.whole
    arrays = {code: (grids[code][1], arr, shares[code]) for code, arr in fitted.arrays.items()}
    people: list[tuple[list, NotEnoughData | None, ShrinkagePrior]] = []
    for i in range(n_p):
        own = series[i].kinds
        pairs = []
        for code, (ex_codes, arr, share) in arrays.items():
            if code in own:
                found = pairs_from_arrays(arr, i, symptom=code, exposures=ex_codes, exposed_share=share)
                pairs.extend(p for p in found if p.exposure in own)
        empty = nothing_to_compare(series[i].days_logged, has_symptoms=any(c in own for c in sym),
                                   has_exposures=any(c in own for c in exp))
        people.append((pairs, empty, priors[int(fold[i])] if len(priors) > 1 else priors[0]))
    if whole is DEFAULT_PRIOR:
        likely = LIKELY_LFDR  # no cohort prior: the single-diary rule
    else:
        everyone = [pair_lfdrs(pairs, prior=prior, lags_days=lags) for pairs, _, prior in people]
        cut = bayes_fdr_threshold(np.concatenate(everyone) if everyone else np.zeros(0), LIKELY_FDR)
        # A subset of the FDR set keeps the control; "likely" never goes below even odds of a real association.
        likely = min(cut, POSSIBLE_LFDR)
    results: dict[str, InsightsResult] = {}
    for i, pid in enumerate(ids):
        pairs, empty, prior = people[i]
        results[pid] = build_insights(pairs, prior=prior, days_logged=series[i].days_logged, lags_days=lags,
                                      empty_reason=empty, likely_lfdr=likely)
    return CohortInsights(results=MappingProxyType(results), prior=whole, folds=len(priors), people=n_p,
                          likely_lfdr=likely)
