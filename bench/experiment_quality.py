"""Benchmark: type-I error and power of fibrotrack's N-of-1 analysis next to the naive Welch t-test.

Simulated self-experiments with a known effect (0, 0.5 and 0.8 SD of the daily symptom) for three
designs — the default 4 pairs × 7 days with 2 washout days, 3 pairs × 10 days (2 washout) and 6 pairs ×
5 days (1 washout) — with AR(1) day-to-day noise φ ∈ {0, 0.3, 0.5, 0.7} (SD 1.2 points) and carry-over:
at each switch the previous condition's effect halves every day (``carryover = 0.5``), so it leaks into
the washout days and, a little, beyond. Pair orders are randomised as in the app (all orders with the
first pair AB are simulated, sims split evenly; mirror orders give the same test).

Methods compared (two-sided, α = 0.05):

* **fibrotrack** — the primary analysis: non-washout days, pair fixed effects, REML φ, GLS at φ̂,
  Kenward–Roger SE and df (:func:`fibrotrack.analysis.experiments_power.analyse_trials`);
* **plain FGLS** (table only) — the same model with the usual iterated Prais–Winsten FGLS and t(n − p)
  (:func:`fibrotrack.analysis.batch.fgls_ar1_batch`), to show why the small-sample correction is needed;
* **Welch** — the open-source peer's method: Welch's t-test of all B days against all A days, washout
  days included, autocorrelation ignored (``scipy.stats.ttest_ind(..., equal_var=False)``).

Also checked: the vectorised analysis (tabulated Kenward–Roger values) against ``analyze_experiment``
(exact values) on a few simulated diaries. Rows with ``effect_sd`` 0 are type-I error.

Usage: ``python bench/experiment_quality.py [--quick] [--sims N] [--seed S]``. The last line printed is
one JSON object ``{"rows": [{"design", "phi", "effect_sd", "fibrotrack_rejects", "welch_rejects"}]}``.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import date, timedelta
from typing import NamedTuple

import numpy as np
from scipy import stats

from fibrotrack.analysis.batch import fgls_ar1_batch
from fibrotrack.analysis.experiments import analyze_experiment, design_experiment
from fibrotrack.analysis.experiments_design import TrialLayout, trial_layout
from fibrotrack.analysis.experiments_power import analyse_trials, order_patterns, simulate_trials
from fibrotrack.analysis.experiments_stats import effect_design

DESIGNS = {"4x7 washout 2": (4, 7, 2), "3x10 washout 2": (3, 10, 2), "6x5 washout 1": (6, 5, 1)}
PHIS = (0.0, 0.3, 0.5, 0.7)
EFFECTS_SD = (0.0, 0.5, 0.8)
SD = 1.2
CARRYOVER = 0.5
ALPHA = 0.05


class _Obs(NamedTuple):
    on: date
    value: float


def _plain_fgls(y: np.ndarray, layout: TrialLayout) -> np.ndarray:
    days = np.nonzero(~layout.is_washout)[0]
    Xd = effect_design(layout.is_b[days], layout.pair[days])
    X = np.full((y.shape[1], Xd.shape[1]), np.nan)
    X[days] = Xd
    yg = np.where(layout.is_washout[None, :], np.nan, y)
    return fgls_ar1_batch(yg, np.broadcast_to(X, y.shape + (Xd.shape[1],))).pvalues[:, 1]


def _welch(y: np.ndarray, layout: TrialLayout) -> np.ndarray:
    return stats.ttest_ind(y[:, layout.is_b], y[:, ~layout.is_b], equal_var=False, axis=1).pvalue


def run(n_sims: int, seed: int) -> list[dict[str, object]]:
    """Simulate every design × φ × effect and return one row of rejection rates each."""
    rng = np.random.default_rng(seed)
    rows = []
    for name, (pairs, period, washout) in DESIGNS.items():
        layouts = [trial_layout(period, washout, orders) for orders in order_patterns(pairs, rng=rng)]
        per = -(-n_sims // len(layouts))
        for phi in PHIS:
            for effect_sd in EFFECTS_SD:
                ys = [simulate_trials(lay, phi=phi, sd=SD, effect=effect_sd * SD, carryover=CARRYOVER, n_sims=per,
                                      rng=rng) for lay in layouts]
                fits = analyse_trials(ys, layouts)
                fib = np.concatenate([f.p_value for f in fits]) < ALPHA
                plain = np.concatenate([_plain_fgls(y, lay) for y, lay in zip(ys, layouts)]) < ALPHA
                welch = np.concatenate([_welch(y, lay) for y, lay in zip(ys, layouts)]) < ALPHA
                rows.append({"design": name, "phi": phi, "effect_sd": effect_sd,
                             "fibrotrack_rejects": float(fib.mean()), "welch_rejects": float(welch.mean()),
                             "_plain": float(plain.mean()), "_n": int(fib.size)})
    return rows


def check_against_single(n: int, seed: int) -> float:
    """Largest |p(batch) − p(analyze_experiment)| over ``n`` simulated default experiments."""
    rng = np.random.default_rng(seed)
    start = date(2025, 1, 6)
    worst = 0.0
    for i in range(n):
        design = design_experiment(exposure="caffeine_mg", outcome="twitching", seed=1000 + i, start_on=start,
                                   today=start)
        lay = design.layout
        y = simulate_trials(lay, phi=0.5, sd=SD, effect=0.5 * SD, carryover=CARRYOVER, n_sims=1, rng=rng)
        batch_p = analyse_trials([y], [lay])[0].p_value[0]
        obs = [_Obs(start + timedelta(days=d), float(v)) for d, v in enumerate(y[0])]
        report = analyze_experiment(design, obs)
        worst = max(worst, abs(batch_p - report.primary.p_value))
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="reduced run for CI (400 sims per row)")
    parser.add_argument("--sims", type=int, default=None, help="simulated trials per row (default 4000; quick 400)")
    parser.add_argument("--seed", type=int, default=20250101)
    args = parser.parse_args()
    n_sims = args.sims or (400 if args.quick else 4000)
    began = time.perf_counter()
    rows = run(n_sims, args.seed)
    agree = check_against_single(5 if args.quick else 25, args.seed + 1)
    print(f"N-of-1 analysis quality: {n_sims} simulated trials per row, SD {SD} points, carry-over {CARRYOVER}/day, "
          f"alpha {ALPHA}")
    print(f"{'design':<16} {'phi':>4} {'effect':>6} {'fibrotrack':>10} {'plain FGLS':>10} {'Welch':>7}")
    for row in rows:
        print(f"{row['design']:<16} {row['phi']:>4.1f} {row['effect_sd']:>6.1f} {row['fibrotrack_rejects']:>10.3f} "
              f"{row['_plain']:>10.3f} {row['welch_rejects']:>7.3f}")
    null = [r for r in rows if r["effect_sd"] == 0 and r["phi"] > 0]
    mc = np.sqrt(ALPHA * (1 - ALPHA) / rows[0]["_n"])
    print(f"type-I error at phi 0.3-0.7: fibrotrack {min(r['fibrotrack_rejects'] for r in null):.3f}-"
          f"{max(r['fibrotrack_rejects'] for r in null):.3f}, Welch {min(r['welch_rejects'] for r in null):.3f}-"
          f"{max(r['welch_rejects'] for r in null):.3f} (Monte Carlo SE {mc:.3f})")
    print(f"batch vs analyze_experiment: largest p-value difference {agree:.2e}; "
          f"{time.perf_counter() - began:.1f} s")
    print(json.dumps({"rows": [{k: v for k, v in r.items() if not k.startswith("_")} for r in rows]}))


if __name__ == "__main__":
    main()
