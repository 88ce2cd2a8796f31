"""The vectorised cohort engine gives the single-person estimates (max abs diff ≤ 1e-8)."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from fibrotrack.analysis.batch import fgls_ar1_batch, ols_hac_batch
from fibrotrack.analysis.cohort import discover_cohort
from fibrotrack.analysis.design import trigger_design, usable_rows
from fibrotrack.analysis.fgls import fgls_ar1, ols_hac
from fibrotrack.analysis.series import daily_series
from fibrotrack.analysis.simulate import simulate_cohort, simulate_person
from fibrotrack.analysis.triggers import discover_triggers


@pytest.fixture(scope="module")
def designs():
    c = simulate_cohort(people=40, days=120, seed=21, n_exposures=3, exposures_per_person=(3, 3))
    weekday = (c.weekday0[:, None] + np.arange(c.days)) % 7
    unlogged = np.isnan(c.outcome) & np.isnan(c.exposures).all(axis=2)
    y, X = trigger_design(c.outcome, c.exposures[:, :, 0], weekday=weekday, lags_days=(0, 1, 2), unlogged=unlogged)
    return y, X


def _single(y, X, i, method):
    used = usable_rows(y[i], X[i])
    keep = np.abs(X[i][used]).sum(axis=0) > 0
    return fgls_ar1(y[i][used], X[i][used][:, keep], day_index=np.nonzero(used)[0], method=method), keep, used


@pytest.mark.parametrize("method", ["prais-winsten", "cochrane-orcutt"])
def test_batch_fgls_equals_single_person(designs, method):
    y, X = designs
    batch = fgls_ar1_batch(y, X, method=method, chunk_people=16)
    assert batch.ok.all()
    worst = 0.0
    for i in range(y.shape[0]):
        fit, keep, _ = _single(y, X, i, method)
        worst = max(worst, np.abs(fit.params - batch.params[i][keep]).max(), np.abs(fit.bse - batch.bse[i][keep]).max(),
                    abs(fit.phi - batch.phi[i]))
        assert fit.df_resid == batch.df_resid[i] and fit.iterations == batch.iterations[i]
    assert worst <= 1e-8


def test_batch_hac_equals_single_person(designs):
    y, X = designs
    batch = ols_hac_batch(y, X)
    for i in range(y.shape[0]):
        used = usable_rows(y[i], X[i])
        keep = np.abs(X[i][used]).sum(axis=0) > 0
        fit = ols_hac(y[i][used], X[i][used][:, keep])
        assert np.abs(fit.params - batch.params[i][keep]).max() <= 1e-8
        assert np.abs(fit.bse - batch.bse[i][keep]).max() <= 1e-8


def test_fixed_phi_is_one_gls_step(designs):
    y, X = designs
    batch = fgls_ar1_batch(y, X, phi=np.full(y.shape[0], 0.5))
    assert (batch.iterations == 0).all() and np.allclose(batch.phi, 0.5)


def test_unusable_people_are_flagged_not_crashing():
    y = np.full((3, 10), np.nan)
    y[1, :] = np.arange(10.0)
    X = np.ones((3, 10, 2))
    X[1, :, 1] = 1.0  # collinear with the first column
    X[2, :, 1] = np.arange(10.0)
    y[2, :2] = [1.0, 2.0]  # two rows for two coefficients: no residual degrees of freedom
    fit = fgls_ar1_batch(y, X)
    assert not fit.ok.any()
    assert np.isnan(fit.params).all()


def test_cohort_mode_equals_single_person_path():
    diaries = {f"p{i}": simulate_person(days=90 + 15 * i, seed=40 + i, start_on=date(2024, 1, 1 + i))
               for i in range(4)}
    series = {k: daily_series(d.records) for k, d in diaries.items()}
    cohort = discover_cohort(series)  # fewer than 30 people: the built-in prior, as a single diary
    for pid, s in series.items():
        single = discover_triggers(s)
        many = cohort.results[pid]
        assert len(single.tested) == len(many.tested) > 0
        for a, b in zip(single.tested, many.tested, strict=True):
            assert (a.symptom, a.exposure, a.lag_days) == (b.symptom, b.exposure, b.lag_days)
            assert abs(a.raw_effect - b.raw_effect) <= 1e-8
            assert abs(a.effect - b.effect) <= 1e-8
            assert abs(a.p_value - b.p_value) <= 1e-8
            assert abs(a.q_value - b.q_value) <= 1e-8
            assert a.label == b.label and a.n_exposed == b.n_exposed
        assert [n.reason for n in single.not_enough_data] == [n.reason for n in many.not_enough_data]
