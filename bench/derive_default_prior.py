"""Re-derive the built-in default shrinkage prior (``fibrotrack.analysis.shrinkage.DEFAULT_PRIOR``).

Simulates cohorts with the benchmark's settings (``simulate_cohort`` defaults: 30 exposure types, 30 %
of them able to act, 0–3 true triggers per person, effects 0.2–0.8 SD at lags 0–2), fits the trigger
model for every person × exposure × lag, and fits ONE symmetric spike-and-slab prior (μ = 0) to all
standardized estimates together, with the empirical-null scale — exposure identities are thrown away,
because a single diary's prior must not know which exposures tend to matter. Diaries of 90, 180 and
365 days are pooled (the prior is on true effects; the per-length rows show how far the fit drifts).

    python bench/derive_default_prior.py            # full: 3 lengths × 3 cohorts × 300 people
    python bench/derive_default_prior.py --quick    # 1 cohort of 150 people per length

Prints one row per diary length and, as the last line, one JSON object
``{"pi_effect", "mean", "sd", "null_scale", "n_tests", "by_days": {...}}`` to copy into ``shrinkage.py``.
"""

from __future__ import annotations

import argparse
import json
import time

import numpy as np

from fibrotrack.analysis.estimates import estimate_triggers_batch, standardize
from fibrotrack.analysis.shrinkage import fit_cell
from fibrotrack.analysis.simulate import simulate_cohort


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced run (about half a minute)")
    parser.add_argument("--seed", type=int, default=1000)
    args = parser.parse_args()
    people, cohorts = (150, 1) if args.quick else (300, 3)
    all_b, all_s, by_days = [], [], {}
    t0 = time.perf_counter()
    print(f"{'days':>5} {'tests':>7} {'pi_effect':>10} {'sd':>7} {'null_scale':>11}")
    for days in (90, 180, 365):
        bs, ss = [], []
        for rep in range(cohorts):
            c = simulate_cohort(people=people, days=days, seed=args.seed + 97 * days + rep)
            arrays = estimate_triggers_batch(c.outcome, c.exposures, weekday0=c.weekday0, lags_days=c.lags_days,
                                             hac=False)
            b, s, _ = standardize(arrays)
            ok = np.isfinite(b) & np.isfinite(s) & (s > 0)
            bs.append(b[ok])
            ss.append(s[ok])
        b, s = np.concatenate(bs), np.concatenate(ss)
        cell = fit_cell(b, s, mean_zero=True, fit_null_scale=True)
        by_days[str(days)] = {"pi_effect": cell.pi_effect, "sd": cell.sd, "null_scale": cell.null_scale,
                              "n_tests": cell.n_tests}
        print(f"{days:>5} {cell.n_tests:>7} {cell.pi_effect:>10.4f} {cell.sd:>7.4f} {cell.null_scale:>11.4f}")
        all_b.append(b)
        all_s.append(s)
    pooled = fit_cell(np.concatenate(all_b), np.concatenate(all_s), mean_zero=True, fit_null_scale=True)
    print(f"{'all':>5} {pooled.n_tests:>7} {pooled.pi_effect:>10.4f} {pooled.sd:>7.4f} {pooled.null_scale:>11.4f}   "
          f"({time.perf_counter() - t0:.0f} s)")
    print(json.dumps({"pi_effect": round(pooled.pi_effect, 4), "mean": 0.0, "sd": round(pooled.sd, 4),
                      "null_scale": round(pooled.null_scale, 4), "n_tests": pooled.n_tests, "by_days": by_days}))


if __name__ == "__main__":
    main()
