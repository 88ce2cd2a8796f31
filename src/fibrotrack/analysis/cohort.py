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
from .design import exposure_profile
from .estimates import TriggerArrays, estimate_triggers_batch, standardize
from .pair_fit import pairs_from_arrays
from .fdr import bayes_fdr_threshold
from .results import InsightsResult, NotEnoughData, json_number
from .rules import LIKELY_FDR, LIKELY_LFDR, POSSIBLE_LFDR
from .series import DailySeries
from .shrinkage import DEFAULT_PRIOR, ShrinkagePrior, fit_cohort_prior
from .triggers import build_insights, check_lags, nothing_to_compare, pair_lfdrs
from .units import effect_scale

__all__ = ["CohortInsights", "crossfit_priors", "discover_cohort", "fold_of"]


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
    arrays: dict[str, tuple[list[str], TriggerArrays, np.ndarray]] = {}
    standardized: dict[tuple[str, str, int], tuple[np.ndarray, np.ndarray]] = {}
    for code in sym:
        ex_codes = [e for e in exp if e != code]
        if not ex_codes or n_t == 0:
            continue
        xs = np.stack([_grid(series, e, n_t) / effect_scale(e) for e in ex_codes], axis=2)
        arr = estimate_triggers_batch(_grid(series, code, n_t), xs, weekday0=weekday0, lags_days=lags, logged=logged)
        exposed, _ = exposure_profile(np.transpose(xs, (0, 2, 1)))
        n_obs = np.isfinite(xs).sum(axis=1)
        share = np.where(n_obs > 0, exposed.sum(axis=2) / np.maximum(n_obs, 1), np.nan)
        arrays[code] = (ex_codes, arr, share)
        b, s_eq, _ = standardize(arr)
        for k, e in enumerate(ex_codes):
            for j, lag in enumerate(lags):
                standardized[(code, e, lag)] = (b[:, k, j], s_eq[:, k, j])
    fold, priors, whole = crossfit_priors(standardized, n_people=n_p, folds=folds, min_people=min_people)
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
