"""Speed of the vectorised cohort engine against a statsmodels loop, on the same simulated cohort.

1. **FGLS**: one symptom × one exposure at lags 0–2 (+ weekday, trend: 11 coefficients) per person,
   365 complete days. fibrotrack: ``fgls_ar1_batch(method="cochrane-orcutt")`` iterated to |Δφ| ≤ 1e-10;
   statsmodels: ``GLSAR(y, X, rho=1).iterative_fit(maxiter=100, rtol=1e-10)`` person by person — the
   same estimator (Cochrane–Orcutt drops the first day; on complete diaries it is exactly GLSAR).
2. **OLS + Newey–West** (extra row): ``ols_hac_batch(maxlags=6)`` against
   ``OLS(y, X).fit(cov_type="HAC", cov_kwds={"maxlags": 6})`` person by person.
3. **100,000 person-years**: 100,000 people × 365 days with missing days, the default estimator
   (Prais–Winsten with gaps) including building the designs, in chunks of 10,000 people. Simulation
   time is not counted. ``--quick`` times 10,000 person-years and scales by 10 (flagged in the JSON).

Each timing is the best of ``--repeat`` runs (default 5), the two engines taking turns so that a
change in machine load hits both alike. Both run in this one process, so they share the BLAS library
and its thread settings (pin them with ``OPENBLAS_NUM_THREADS`` / ``OMP_NUM_THREADS`` before starting;
the values are echoed in the JSON). ``max_abs_diff`` is the largest absolute difference in coefficients
and standard errors over all people, FGLS and HAC.

    python bench/engine_speed.py            # 1,000 people compared; a real 100k person-year run
    python bench/engine_speed.py --quick    # CI: 400 people; 10k person-years, extrapolated

Last line: {"people", "days", "fibrotrack_s", "statsmodels_s", "ratio", "max_abs_diff", "cohort_100k_s", …}.
"""

from __future__ import annotations

import argparse
import json
import os
import time
import warnings

import numpy as np
from statsmodels.regression.linear_model import GLSAR, OLS

from fibrotrack.analysis.batch import fgls_ar1_batch, ols_hac_batch
from fibrotrack.analysis.design import trigger_design
from fibrotrack.analysis.simulate import simulate_cohort

DAYS = 365
HAC_LAGS = 6


def best_of(repeat: int, *fns):
    """Best wall time and last result of each function, running them in turn ``repeat`` times."""
    best, out = [float("inf")] * len(fns), [None] * len(fns)
    for _ in range(repeat):
        for i, fn in enumerate(fns):
            t0 = time.perf_counter()
            out[i] = fn()
            best[i] = min(best[i], time.perf_counter() - t0)
    return [x for pair in zip(best, out, strict=True) for x in pair]


def designs(people: int, seed: int, *, complete: bool):
    kwargs = {"missing_range": (0.0, 0.0)} if complete else {}
    c = simulate_cohort(people=people, days=DAYS, seed=seed, n_exposures=1, exposures_per_person=(1, 1), **kwargs)
    weekday = (c.weekday0[:, None] + np.arange(DAYS)) % 7
    unlogged = np.isnan(c.outcome) & np.isnan(c.exposures).all(axis=2)
    return c.outcome, c.exposures[:, :, 0], weekday, unlogged


def statsmodels_glsar(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    params, bse = np.empty((y.shape[0], X.shape[2])), np.empty((y.shape[0], X.shape[2]))
    for i in range(y.shape[0]):
        res = GLSAR(y[i], X[i], rho=1).iterative_fit(maxiter=100, rtol=1e-10)
        params[i], bse[i] = res.params, res.bse
    return params, bse


def statsmodels_hac(y: np.ndarray, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    params, bse = np.empty((y.shape[0], X.shape[2])), np.empty((y.shape[0], X.shape[2]))
    for i in range(y.shape[0]):
        res = OLS(y[i], X[i]).fit(cov_type="HAC", cov_kwds={"maxlags": HAC_LAGS})
        params[i], bse[i] = res.params, res.bse
    return params, bse


def cohort_run(person_years: int, seed: int, workers: int) -> tuple[float, float]:
    """Seconds to build designs and fit FGLS (Prais–Winsten with gaps) for ``person_years`` people × 365 days."""
    engine_s, sim_s, done = 0.0, 0.0, 0
    chunk = 10_000
    while done < person_years:
        n = min(chunk, person_years - done)
        t0 = time.perf_counter()
        y0, x, weekday, unlogged = designs(n, seed + done, complete=False)
        t1 = time.perf_counter()
        y, X = trigger_design(y0, x, weekday=weekday, lags_days=(0, 1, 2), unlogged=unlogged)
        fit = fgls_ar1_batch(y, X, workers=workers)
        engine_s += time.perf_counter() - t1
        sim_s += t1 - t0
        done += n
        if not fit.ok.any():
            raise RuntimeError("no person could be fitted")
    return engine_s, sim_s


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="reduced run for CI (under a minute)")
    parser.add_argument("--people", type=int, help="people in the statsmodels comparison")
    parser.add_argument("--workers", type=int, default=2, help="threads for the vectorised engine")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--person-years", type=int, help="person-years to time (default 100,000; 10,000 with --quick)")
    args = parser.parse_args()
    people = args.people or (400 if args.quick else 1000)
    person_years = args.person_years or (10_000 if args.quick else 100_000)
    warnings.simplefilter("ignore")  # statsmodels' convergence chatter

    y0, x, weekday, _ = designs(people, args.seed, complete=True)
    y, X = trigger_design(y0, x, weekday=weekday, lags_days=(0, 1, 2))
    y, X = np.ascontiguousarray(y[:, 2:]), np.ascontiguousarray(X[:, 2:])  # days 0-1 lack the lagged exposure
    fib_s, fit, sm_s, (sm_params, sm_bse) = best_of(
        args.repeat, lambda: fgls_ar1_batch(y, X, method="cochrane-orcutt", workers=args.workers),
        lambda: statsmodels_glsar(y, X))
    fgls_diff = max(np.abs(fit.params - sm_params).max(), np.abs(fit.bse - sm_bse).max())
    fib_hac_s, hac, sm_hac_s, (h_params, h_bse) = best_of(
        args.repeat, lambda: ols_hac_batch(y, X, maxlags=HAC_LAGS), lambda: statsmodels_hac(y, X))
    hac_diff = max(np.abs(hac.params - h_params).max(), np.abs(hac.bse - h_bse).max())
    engine_s, sim_s = cohort_run(person_years, args.seed + 1, args.workers)
    cohort_100k = engine_s * 100_000 / person_years

    print(f"{'comparison':<34} {'people':>7} {'fibrotrack s':>13} {'statsmodels s':>14} {'ratio':>7} "
          f"{'max |diff|':>11}")
    print(f"{'FGLS AR(1) (GLSAR iterative_fit)':<34} {people:>7} {fib_s:>13.3f} {sm_s:>14.3f} {sm_s / fib_s:>7.1f} "
          f"{fgls_diff:>11.2e}")
    print(f"{'OLS + Newey-West (maxlags 6)':<34} {people:>7} {fib_hac_s:>13.3f} {sm_hac_s:>14.3f} "
          f"{sm_hac_s / fib_hac_s:>7.1f} {hac_diff:>11.2e}")
    scaled = f" (scaled from {person_years:,})" if person_years != 100_000 else ""
    print(f"100,000 person-years, Prais-Winsten with gaps, designs included: {cohort_100k:.1f} s{scaled}; "
          f"simulation not counted ({sim_s:.1f} s); workers = {args.workers}; mean FGLS iterations "
          f"{fit.iterations.mean():.1f}")
    print(json.dumps({
        "people": people, "days": DAYS, "fibrotrack_s": fib_s, "statsmodels_s": sm_s, "ratio": sm_s / fib_s,
        "max_abs_diff": float(max(fgls_diff, hac_diff)), "cohort_100k_s": cohort_100k,
        "cohort_person_years_timed": person_years, "cohort_extrapolated": person_years != 100_000,
        "hac": {"fibrotrack_s": fib_hac_s, "statsmodels_s": sm_hac_s, "ratio": sm_hac_s / fib_hac_s,
                "max_abs_diff": float(hac_diff)},
        "workers": args.workers, "repeat": args.repeat,
        "blas_threads_env": {k: os.environ.get(k) for k in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")},
    }))


if __name__ == "__main__":
    main()
