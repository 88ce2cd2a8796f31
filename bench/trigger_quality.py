"""Trigger-discovery quality on simulated diaries with a known truth: naive vs fibrotrack vs an oracle.

Cohorts come from ``fibrotrack.analysis.simulate.simulate_cohort`` with its defaults (the benchmark
specification): within-person SD 1–1.5 on 0–10, day-to-day AR(1) 0.3–0.7, 10–20 % unlogged days (odds ×3
on flare days), 15–30 of 30 exposure types per person, clustered in time (half on/off runs, half AR(1)),
30 % of the types able to act and 0–3 true triggers per person of 0.2–0.8 SD (per exposure SD, or per
exposed day for on/off exposures) at lags 0–2. Each replicate cohort has its own exposure types.

Methods (one symptom; every exposure × lag 0, 1, 2 is a candidate):

* ``naive`` — the consumer-app baseline: Pearson correlation of the day's symptom with the exposure
  ``lag`` days earlier, a finding when p < 0.05 once there are ≥ 3 exposed and ≥ 3 unexposed days.
* ``fibrotrack`` — cohort mode, as ``discover_cohort``: joint-lag FGLS per person (vectorised engine),
  screened, then refitted holding each person's other suspects fixed (``fibrotrack.analysis.adjust``),
  cross-fitted empirical-Bayes prior per (exposure, lag) cell, finding = label "likely": the largest set
  of the cohort's pairs whose mean lfdr is ≤ 0.05 (Bayesian FDR control).
* ``fibrotrack_default_prior`` (extra) — the single-diary path: screened and adjusted with the built-in
  prior, labelled by the single-diary rule (lfdr ≤ 0.20).
* ``oracle`` — knows each true trigger's lag and the AR(1) coefficient: GLS of the symptom on that one
  lagged exposure (+ weekday, trend), tested only on the true pairs, a finding when p < 0.05.

Metrics, pooled over people and replicates: ``power`` = true pairs found / true pairs (a pair is
exposure *and* lag); ``fdp`` = false findings / findings; ``any_false_no_trigger`` = share of people
without any true trigger who get at least one finding; ``coverage`` = share of 95 % intervals that
contain the true effect — for fibrotrack over its findings (posterior intervals, truth 0 for false
ones), for the oracle over the true pairs (t-intervals), null for naive.

    python bench/trigger_quality.py            # full: 4 cohorts × 250 people, 30–365 days
    python bench/trigger_quality.py --quick    # CI: 2 cohorts × 200 people, 90 and 180 days

The last line is one JSON object: {"days": {"90": {"naive": {...}, "fibrotrack": {...}, "oracle": {...},
…}, …}, "power_ratio": {...}, "targets": {...}, "likely_lfdr_cutoffs": {"90": [one per cohort], …},
"settings": {...}}.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np
from scipy import stats

from fibrotrack.analysis.adjust import choose_adjusters
from fibrotrack.analysis.batch import fgls_ar1_batch
from fibrotrack.analysis.cohort import crossfit_shrink, fit_cohort_estimates
from fibrotrack.analysis.design import exposure_profile, lagged, trigger_design
from fibrotrack.analysis.estimates import estimate_triggers_batch, shrink_estimates
from fibrotrack.analysis.fdr import bayes_fdr_threshold
from fibrotrack.analysis.rules import LIKELY_FDR, LIKELY_LFDR, MIN_EXPOSED, POSSIBLE_LFDR
from fibrotrack.analysis.shrinkage import DEFAULT_PRIOR
from fibrotrack.analysis.simulate import SimulatedCohort, simulate_cohort

METHODS = ("naive", "fibrotrack", "fibrotrack_default_prior", "oracle")


def naive_findings(c: SimulatedCohort) -> np.ndarray:
    """(P, K, L) Pearson p < 0.05 with ≥ 3 exposed and ≥ 3 unexposed paired days."""
    p_n, _, k_n = c.exposures.shape
    out = np.zeros((p_n, k_n, len(c.lags_days)), dtype=bool)
    for k in range(k_n):
        x = c.exposures[:, :, k]
        exposed, _ = exposure_profile(x)
        for j, lag in enumerate(c.lags_days):
            xl = lagged(x, lag)
            el = lagged(exposed.astype(float), lag) > 0.5
            ok = np.isfinite(c.outcome) & np.isfinite(xl)
            n = ok.sum(axis=1)
            n_exp = (ok & el).sum(axis=1)
            yy = np.where(ok, c.outcome, 0.0)
            xx = np.where(ok, xl, 0.0)
            nn = np.maximum(n, 1)
            ym, xm = yy.sum(axis=1) / nn, xx.sum(axis=1) / nn
            dy, dx = np.where(ok, yy - ym[:, None], 0.0), np.where(ok, xx - xm[:, None], 0.0)
            den = np.sqrt((dy**2).sum(axis=1) * (dx**2).sum(axis=1))
            r = np.where(den > 0, (dy * dx).sum(axis=1) / np.where(den > 0, den, 1.0), 0.0)
            t = r * np.sqrt(np.maximum(n - 2, 1) / np.maximum(1 - r**2, 1e-12))
            p = 2 * stats.t.sf(np.abs(t), np.maximum(n - 2, 1))
            out[:, k, j] = (n_exp >= 3) & (n - n_exp >= 3) & (p < 0.05) & (n > 3)
    return out


def oracle(c: SimulatedCohort) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For every true pair: (found at p < 0.05, interval covers the truth, estimable)."""
    pi, ki, li = np.nonzero(c.effects)
    if pi.size == 0:
        return np.zeros(0, bool), np.zeros(0, bool), np.zeros(0, bool)
    weekday = (c.weekday0[:, None] + np.arange(c.days)) % 7
    unlogged = np.isnan(c.outcome) & np.isnan(c.exposures).all(axis=2)
    ys, xs = [], []
    for p, k, j in zip(pi, ki, li, strict=True):
        y, X = trigger_design(c.outcome[p : p + 1], c.exposures[p : p + 1, :, k], weekday=weekday[p : p + 1],
                              lags_days=(c.lags_days[j],), unlogged=unlogged[p : p + 1])
        ys.append(y)
        xs.append(X)
    fit = fgls_ar1_batch(np.concatenate(ys), np.concatenate(xs), phi=c.phi[pi])
    q = stats.t.ppf(0.975, np.maximum(fit.df_resid, 1))
    truth = c.effects[pi, ki, li]
    lo, hi = fit.params[:, 0] - q * fit.bse[:, 0], fit.params[:, 0] + q * fit.bse[:, 0]
    found = fit.ok & (np.nan_to_num(fit.pvalues[:, 0], nan=1.0) < 0.05)
    return found, fit.ok & (lo <= truth) & (truth <= hi), fit.ok


def evaluate(c: SimulatedCohort, folds: int) -> dict[str, dict[str, float]]:
    """Counts for every method on one cohort (summed later over replicates)."""
    names = [str(k) for k in range(c.exposures.shape[2])]
    fitted = fit_cohort_estimates({"y": (c.outcome, names, c.exposures)}, weekday0=c.weekday0,
                                  lags_days=c.lags_days, folds=folds, hac=False)
    shrunk = crossfit_shrink(fitted.arrays["y"], fold=fitted.fold, priors=fitted.priors, symptom="y", exposures=names)
    # The single-diary path: screen and adjust with the built-in prior.
    d = DEFAULT_PRIOR.default
    prior = {"pi_effect": d.pi_effect, "mean": d.mean, "sd": d.sd, "null_scale": d.null_scale}
    chosen = choose_adjusters(shrink_estimates(fitted.screen["y"], **prior).lfdr)
    default = shrink_estimates(estimate_triggers_batch(c.outcome, c.exposures, weekday0=c.weekday0,
                                                       lags_days=c.lags_days, hac=False, adjusters=chosen), **prior)
    # Cohort mode's label, as discover_cohort: the largest set of the cohort's pairs with mean lfdr ≤ LIKELY_FDR,
    # capped at even odds.
    cut = min(bayes_fdr_threshold(shrunk.lfdr, LIKELY_FDR), POSSIBLE_LFDR)
    truth = c.effects
    is_true = truth != 0
    no_trigger = ~is_true.reshape(c.people, -1).any(axis=1)
    out = {}
    for name, found, ci in (("naive", naive_findings(c), None),
                            ("fibrotrack", np.nan_to_num(shrunk.lfdr, nan=1.0) <= cut, (shrunk.ci_low, shrunk.ci_high)),
                            ("fibrotrack_default_prior", default.lfdr <= LIKELY_LFDR,
                             (default.ci_low, default.ci_high))):
        false = found & ~is_true
        row = {"true_found": float((found & is_true).sum()), "true_all": float(is_true.sum()),
               "found": float(found.sum()), "false": float(false.sum()),
               "no_trigger_people": float(no_trigger.sum()),
               "no_trigger_any_false": float(false.reshape(c.people, -1).any(axis=1)[no_trigger].sum())}
        if ci is not None:
            lo, hi = ci
            row["covered"] = float(((lo <= truth) & (truth <= hi))[found].sum())
            row["intervals"] = float(found.sum())
        out[name] = row
    o_found, o_cover, o_ok = oracle(c)
    out["oracle"] = {"true_found": float(o_found.sum()), "true_all": float(is_true.sum()),
                     "found": float(o_found.sum()),
                     "false": 0.0, "no_trigger_people": float(no_trigger.sum()), "no_trigger_any_false": 0.0,
                     "covered": float(o_cover.sum()), "intervals": float(o_ok.sum())}
    out["fibrotrack"]["likely_lfdr"] = cut
    return out


def summarise(rows: list[dict[str, dict[str, float]]]) -> dict[str, dict[str, float | None]]:
    summary = {}
    for name in METHODS:
        tot = {k: sum(r[name].get(k, 0.0) for r in rows) for k in rows[0][name] if k != "likely_lfdr"}
        summary[name] = {
            "power": tot["true_found"] / tot["true_all"] if tot["true_all"] else None,
            "fdp": tot["false"] / tot["found"] if tot["found"] else 0.0,
            "any_false_no_trigger": (tot["no_trigger_any_false"] / tot["no_trigger_people"]
                                     if tot["no_trigger_people"] else None),
            "coverage": tot["covered"] / tot["intervals"] if tot.get("intervals") else None,
        }
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced run for CI (under a minute)")
    parser.add_argument("--people", type=int, help="people per cohort")
    parser.add_argument("--cohorts", type=int, help="replicate cohorts per diary length")
    parser.add_argument("--days", type=str, help="comma-separated diary lengths")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    people = args.people or (200 if args.quick else 250)
    cohorts = args.cohorts or (2 if args.quick else 4)
    days_list = [int(d) for d in (args.days or ("90,180" if args.quick else "30,60,90,180,365")).split(",")]
    t0 = time.perf_counter()
    result: dict[str, dict[str, dict[str, float | None]]] = {}
    cutoffs: dict[str, list[float | None]] = {}  # the lfdr cut-off of each replicate cohort's FDR control
    print(f"{'days':>5} {'method':<26} {'power':>6} {'fdp':>6} {'any_false':>9} {'coverage':>8}")
    for days in days_list:
        rows = [evaluate(simulate_cohort(people=people, days=days, seed=args.seed + 1000 * rep + days), args.folds)
                for rep in range(cohorts)]
        result[str(days)] = summarise(rows)
        cuts = [r["fibrotrack"]["likely_lfdr"] for r in rows]
        cutoffs[str(days)] = [round(float(v), 4) if np.isfinite(v) else None for v in cuts]
        for name in METHODS:
            m = result[str(days)][name]
            cells = [f"{m[k]:.3f}" if m[k] is not None else "—" for k in ("power", "fdp", "any_false_no_trigger",
                                                                          "coverage")]
            print(f"{days:>5} {name:<26} {cells[0]:>6} {cells[1]:>6} {cells[2]:>9} {cells[3]:>8}")
    ratio = {d: (r["fibrotrack"]["power"] / r["oracle"]["power"]) if r["oracle"]["power"] else None
             for d, r in result.items()}
    print("power ratio fibrotrack / oracle: " + ", ".join(f"{d} d: {v:.2f}" for d, v in ratio.items() if v is not None))
    targets = {}
    for d, need in (("90", 0.6), ("180", 0.85)):
        if d in result:
            f = result[d]["fibrotrack"]
            targets[d] = {"fdp<=0.10": f["fdp"] <= 0.10,
                          "any_false_no_trigger<=0.15": (f["any_false_no_trigger"] or 0.0) <= 0.15,
                          "coverage_0.90_0.97": f["coverage"] is not None and 0.90 <= f["coverage"] <= 0.97,
                          f"power_ratio>={need}": ratio[d] is not None and ratio[d] >= need}
            verdicts = ", ".join(f"{k} {'met' if v else 'NOT met'}" for k, v in targets[d].items())
            print(f"targets at {d} days: {verdicts}")
    print(f"({cohorts} cohorts × {people} people per length, {time.perf_counter() - t0:.0f} s; findings: "
          f"fibrotrack = 'likely' (cohort-wide Bayesian FDR ≤ {LIKELY_FDR}; built-in prior: lfdr ≤ {LIKELY_LFDR}), "
          f"≥ {MIN_EXPOSED} exposed days to test)")
    json_days = {d: {k: v for k, v in r.items()} for d, r in result.items()}
    print(json.dumps({"days": json_days, "power_ratio": ratio, "targets": targets, "likely_lfdr_cutoffs": cutoffs,
                      "settings": {"people": people, "cohorts": cohorts, "folds": args.folds, "seed": args.seed}}))


if __name__ == "__main__":
    main()
