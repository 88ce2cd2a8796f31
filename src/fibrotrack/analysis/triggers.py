"""Trigger discovery for one person: which exposures go with worse (or better) symptoms, and how sure we are.

For every symptom × exposure × lag (default lags 0, 1, 2 days):

1. **Model** (:mod:`.design`, :mod:`.fgls`): the day's symptom regressed jointly on the exposure at each
   lag, with weekday indicators and a linear trend; AR(1) errors by iterated Prais–Winsten FGLS with
   missing days modelled as gaps (φ^gap). Exposures of wholly unlogged days are filled with their AR(1)
   conditional mean when they enter a row as a lagged value. OLS with Newey–West SEs is kept as a
   robustness check (``hac_p_value``). Every pair is fitted twice (:mod:`.adjust`): a screen, then
   again holding fixed the person's other suspected triggers for that symptom (pairs whose screening
   lfdr under the prior in use is ≤ 0.50, at most five) — the second fit is what is reported.
2. **Shrinkage** (:mod:`.shrinkage`): each estimate is standardized and combined with a spike-and-slab
   prior — the built-in default for one diary, or a cohort-fitted one (:mod:`.cohort`) — giving the
   posterior effect, a 95 % posterior interval, and lfdr = P(no association | data).
3. **Multiple testing**: the person's Bayesian q-value for a pair is the mean lfdr of all their pairs
   at least as convincing (all symptoms × exposures × lags form one family). Labels:
   ``likely`` when the pair passes the false-discovery control — for one diary lfdr ≤ 0.20 (Efron 2010,
   *Large-Scale Inference* §5.1: the usual reporting threshold; a person's set of likely findings then
   has a Bayesian FDR ≤ 0.20 and in simulation 0.01–0.06); in cohort mode (:mod:`.cohort`) the pair is in
   the largest set of the cohort's pairs with mean lfdr ≤ 0.05 (a cohort-wide Bayesian FDR of 5 %) —
   and ``possible`` when not likely but lfdr ≤ 0.50 (at least even odds) — suggestive, worth a
   self-experiment.
   The plain Benjamini–Hochberg q-value of the FGLS p-values over the same family is reported too
   (``bh_q_value``, :mod:`.fdr`) for readers who want the frequentist view.
4. **Not enough data** is an answer: below 28 logged days, or fewer than 10 exposed / 10 unexposed
   days at some lag, a :class:`.results.NotEnoughData` says why and roughly how many more logged days
   would detect a moderate effect (:func:`.rules.days_needed`).

Assumptions and limits: one exposure at a time plus the adjusters (a correlated exposure that is not
itself a suspect shows the same association), linear effects, constant effect over time, exposures
not driven by yesterday's symptoms.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import stats

from ..catalog import builtin_trackable, canonical_code
from ..errors import ValidationError
from .adjust import choose_adjusters
from .fdr import bh_qvalues
from .pair_fit import PairEstimate, estimate_pair
from .results import InsightsResult, NotEnoughData, Trigger
from .rules import LIKELY_LFDR, MIN_DAYS_LOGGED, NO_MORE_DAYS_HELP, POSSIBLE_LFDR, REASONS, days_needed
from .series import DailySeries
from .shrinkage import DEFAULT_PRIOR, ShrinkagePrior, bayes_qvalues, normal_equivalent_se, posterior
from .units import effect_scale
from .wording import not_enough_sentence, trigger_sentence

__all__ = ["build_insights", "check_lags", "discover_triggers", "label_for", "nothing_to_compare", "pair_lfdrs"]

_KIND_ORDER = {"likely": 0, "possible": 1}


def check_lags(lags_days: Sequence[int]) -> tuple[int, ...]:
    """Return the lags as a tuple of ints.

    Raises:
        ValidationError: empty, negative, repeated, longer than 14 days or not whole numbers.
    """
    try:
        values = list(lags_days)
        if any(isinstance(v, bool) or float(v) != int(v) for v in values):
            raise ValueError
        lags = tuple(int(v) for v in values)
    except (TypeError, ValueError):
        raise ValidationError("lags_days", "must be whole numbers") from None
    if not lags or min(lags) < 0 or max(lags) > 14 or len(set(lags)) != len(lags):
        raise ValidationError("lags_days", "must be 1 to 15 distinct whole numbers from 0 to 14")
    return lags


def label_for(lfdr: float, likely_lfdr: float = LIKELY_LFDR) -> str | None:
    """Return "likely" (lfdr ≤ ``likely_lfdr``), "possible" (lfdr ≤ 0.50) or None (module docstring).

    ``likely_lfdr`` is 0.20 for one diary and the cohort's false-discovery cut-off in cohort mode.
    """
    if lfdr <= min(likely_lfdr, POSSIBLE_LFDR):
        return "likely"
    if lfdr <= POSSIBLE_LFDR:
        return "possible"
    return None


def _unit(exposure: str, binary: bool) -> str:
    if binary:
        return "exposed day"
    found = builtin_trackable(exposure)
    unit = "unit" if found is None else found.unit
    return f"{effect_scale(exposure):g} {unit}" if unit != "0-10" else "1 point"


def _not_enough(pair: PairEstimate | None, *, symptom: str | None, exposure: str | None, reason: int,
                days_logged: int, n_lags: int) -> NotEnoughData:
    text = REASONS[reason]
    more: int | None = None
    if reason not in NO_MORE_DAYS_HELP:
        binary = bool(pair.binary) if pair is not None else False
        share = pair.exposed_share if pair is not None else None
        usable = pair.usable_share if pair is not None and pair.n_used > 0 else 0.8
        need = days_needed(binary=binary, exposed_share=share if share == share else None,
                           usable_share=usable if usable == usable else 0.8, n_lags=n_lags)
        more = max(1, need - days_logged, MIN_DAYS_LOGGED - days_logged)
    return NotEnoughData(symptom=symptom, exposure=exposure, reason=text, days_logged=days_logged,
                         more_days_needed=more,
                         sentence=not_enough_sentence(symptom=symptom, exposure=exposure, reason=text,
                                                      more_days_needed=more))


def _shrink(pairs: Sequence[PairEstimate], prior: ShrinkagePrior, lags_days: tuple[int, ...]):
    """Standardize the tested pairs' estimates and apply the prior: (rows, factor, posterior)."""
    tested = [p for p in pairs if p.reason == 0]
    rows: list[tuple[PairEstimate, int]] = [(p, j) for p in tested for j in range(len(lags_days))]
    n = len(rows)
    b = np.empty(n)
    s = np.empty(n)
    factor = np.empty(n)
    pis, means, sds, scales = np.empty(n), np.empty(n), np.empty(n), np.empty(n)
    for i, (p, j) in enumerate(rows):
        factor[i] = p.sd_x / p.sd_y
        b[i] = p.effect[j] * factor[i]
        s[i] = float(normal_equivalent_se(p.effect[j], p.se[j], p.df)) * factor[i]
        cell = prior.cell(p.symptom, p.exposure, lags_days[j])
        pis[i], means[i], sds[i], scales[i] = cell.pi_effect, cell.mean, cell.sd, cell.null_scale
    return rows, factor, posterior(b, s, pi_effect=pis, mean=means, sd=sds, null_scale=scales)


def pair_lfdrs(pairs: Sequence[PairEstimate], *, prior: ShrinkagePrior, lags_days: tuple[int, ...]) -> np.ndarray:
    """Return the lfdr of every tested pair × lag under ``prior`` (the cohort's false-discovery control needs
    everyone's before anyone is labelled)."""
    return _shrink(pairs, prior, lags_days)[2].lfdr


def build_insights(pairs: Sequence[PairEstimate], *, prior: ShrinkagePrior, days_logged: int,
                   lags_days: tuple[int, ...], empty_reason: NotEnoughData | None = None,
                   likely_lfdr: float = LIKELY_LFDR) -> InsightsResult:
    """Shrink, label and word one person's pair estimates (shared by the single and cohort paths).

    ``likely_lfdr`` is the lfdr at or below which a pair is "likely": :data:`.rules.LIKELY_LFDR` for one
    diary, the cohort-wide false-discovery cut-off in cohort mode (:func:`.cohort.discover_cohort`).
    Returns the person's :class:`.results.InsightsResult`.
    """
    rows, factor, post = _shrink(pairs, prior, lags_days)
    n = len(rows)
    q = bayes_qvalues(post.lfdr[None, :])[0] if n else np.zeros(0)
    bh = bh_qvalues(np.array([p.p_value[j] for p, j in rows])) if n else np.zeros(0)

    out: list[Trigger] = []
    for i, (p, j) in enumerate(rows):
        lag = lags_days[j]
        lfdr = float(post.lfdr[i])
        label = label_for(lfdr, likely_lfdr)
        eff, lo, hi = (float(v[i]) / factor[i] for v in (post.mean, post.ci_low, post.ci_high))
        tq = float(stats.t.ppf(0.975, p.df))
        raw = float(p.effect[j])
        out.append(Trigger(
            symptom=p.symptom, exposure=p.exposure, lag_days=lag, effect=eff, ci_low=lo, ci_high=hi,
            q_value=float(q[i]), bh_q_value=float(bh[i]), lfdr=lfdr, p_value=float(p.p_value[j]),
            label=label,  # type: ignore[arg-type]
            n_exposed=int(p.n_exposed[j]), n_unexposed=int(p.n_unexposed[j]), n_days_used=p.n_used,
            unit=_unit(p.exposure, p.binary), binary=p.binary, raw_effect=raw,
            raw_ci_low=raw - tq * float(p.se[j]), raw_ci_high=raw + tq * float(p.se[j]),
            hac_p_value=float(p.hac_p_value[j]) if np.isfinite(p.hac_p_value[j]) else None, phi=float(p.phi),
            sentence=trigger_sentence(symptom=p.symptom, exposure=p.exposure, lag_days=lag, effect=eff, ci_low=lo,
                                      ci_high=hi, binary=p.binary, label=label, adjusted_for=p.adjusted_for),
            adjusted_for=p.adjusted_for,
        ))
    out.sort(key=lambda t: (t.lfdr, t.symptom, t.exposure, t.lag_days))
    labelled = tuple(sorted((t for t in out if t.label is not None),
                            key=lambda t: (_KIND_ORDER[t.label or "possible"], t.lfdr, t.symptom, t.exposure)))
    missing = [_not_enough(p, symptom=p.symptom, exposure=p.exposure, reason=p.reason, days_logged=days_logged,
                           n_lags=len(lags_days)) for p in pairs if p.reason != 0]
    if empty_reason is not None:
        missing.insert(0, empty_reason)
    return InsightsResult(days_logged=days_logged, triggers=labelled, tested=tuple(out),
                          not_enough_data=tuple(missing), lags_days=lags_days, prior_source=prior.source)


def nothing_to_compare(days_logged: int, *, has_symptoms: bool, has_exposures: bool) -> NotEnoughData | None:
    """Return the diary-level :class:`.results.NotEnoughData` when there is no symptom or no exposure to compare."""
    if has_symptoms and has_exposures:
        return None
    if days_logged == 0:
        what = "nothing logged yet"
    else:
        what = "no symptoms logged" if not has_symptoms else "no exposures logged"
    more = max(MIN_DAYS_LOGGED - days_logged, 1) if days_logged < MIN_DAYS_LOGGED else None
    return NotEnoughData(symptom=None, exposure=None, reason=what, days_logged=days_logged, more_days_needed=more,
                         sentence=not_enough_sentence(symptom=None, exposure=None, reason=what,
                                                      more_days_needed=more))


def _codes(series: DailySeries, given: Sequence[str] | None, kinds: tuple[str, ...], field: str) -> list[str]:
    if given is None:
        return list(series.codes(*kinds))
    if isinstance(given, str):
        raise ValidationError(field, "must be a list of trackable codes, not one string")
    out = []
    for code in given:
        c = canonical_code(str(code))
        if not c:
            raise ValidationError(field, "codes must not be empty")
        if c not in out:
            out.append(c)
    return out


def _adjusted(series: DailySeries, screen: list[PairEstimate], *, prior: ShrinkagePrior,
              lags_days: tuple[int, ...]) -> list[PairEstimate]:
    """Refit the screened pairs with each symptom's adjusters (:mod:`.adjust`); pairs without any stay."""
    rows = [p for p in screen if p.reason == 0]
    lfdr = pair_lfdrs(rows, prior=prior, lags_days=lags_days).reshape(len(rows), len(lags_days))
    adjust_for: dict[str, list[tuple[str, int]]] = {}
    for symptom in dict.fromkeys(p.symptom for p in rows):
        mine = [i for i, p in enumerate(rows) if p.symptom == symptom]
        chosen = choose_adjusters(lfdr[mine][None, :, :])[0]
        adjust_for[symptom] = [(rows[mine[a // len(lags_days)]].exposure, lags_days[a % len(lags_days)])
                               for a in chosen if a >= 0]
    return [estimate_pair(series, symptom=p.symptom, exposure=p.exposure, lags_days=lags_days,
                          adjust_for=adjust_for[p.symptom])
            if p.reason == 0 and any(e != p.exposure for e, _ in adjust_for[p.symptom]) else p for p in screen]


def discover_triggers(
    series: DailySeries,
    *,
    symptoms: Sequence[str] | None = None,
    exposures: Sequence[str] | None = None,
    lags_days: Sequence[int] = (0, 1, 2),
    prior: ShrinkagePrior | None = None,
) -> InsightsResult:
    """Test every symptom × exposure × lag in one diary and report labelled suspicions (module docstring).

    Args:
        series: the person's :class:`.series.DailySeries`.
        symptoms: symptom codes to explain (default: every logged catalog symptom).
        exposures: candidate exposures (default: every logged exposure, medication and custom trackable).
        lags_days: lags fitted jointly (days between exposure and symptom).
        prior: shrinkage prior (default :data:`.shrinkage.DEFAULT_PRIOR`; pass ``CohortInsights.prior``
            from :func:`.cohort.discover_cohort` to borrow strength from other people).

    Returns:
        An :class:`.results.InsightsResult`; never raises on sparse or degenerate data — those give
        :class:`.results.NotEnoughData` entries.

    Raises:
        ValidationError: malformed ``lags_days``, ``symptoms`` or ``exposures`` arguments.
    """
    lags = check_lags(lags_days)
    use_prior = DEFAULT_PRIOR if prior is None else prior
    sym = _codes(series, symptoms, ("symptom",), "symptoms")
    exp = _codes(series, exposures, ("exposure", "medication", "custom"), "exposures")
    days = series.days_logged
    empty = nothing_to_compare(days, has_symptoms=bool(sym), has_exposures=bool(exp))
    screen = [estimate_pair(series, symptom=s, exposure=e, lags_days=lags) for s in sym for e in exp if s != e]
    pairs = _adjusted(series, screen, prior=use_prior, lags_days=lags)
    return build_insights(pairs, prior=use_prior, days_logged=days, lags_days=lags, empty_reason=empty)
