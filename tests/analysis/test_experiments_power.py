"""Power preview and the benchmark script."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from fibrotrack.analysis.experiments import design_experiment, power_preview
from fibrotrack.analysis.experiments_design import trial_layout
from fibrotrack.analysis.experiments_power import analyse_trials, order_patterns, simulate_trials
from fibrotrack.errors import ValidationError

ROOT = Path(__file__).resolve().parents[2]
PARAMS = {"period_days": 7, "washout_days": 2, "pairs": 4}


def test_preview_is_fast_reproducible_and_ordered():
    began = time.perf_counter()
    preview = power_preview(PARAMS, seed=3)
    elapsed = time.perf_counter() - began
    assert elapsed < 5.0  # about 0.4 s on one core; generous for a shared machine
    assert preview.to_dict() == power_preview(PARAMS, seed=3).to_dict()
    assert {r.pairs for r in preview.rows} == {3, 4, 6, 8}
    assert [r.is_current for r in preview.rows if r.effect_sd == 0.5] == [False, True, False, False]
    for pairs in (3, 4, 6, 8):
        assert preview.power(pairs=pairs, effect_sd=0.8) > preview.power(pairs=pairs, effect_sd=0.5)
    assert preview.power(pairs=8, effect_sd=0.8) > preview.power(pairs=3, effect_sd=0.8) + 0.2
    row = next(r for r in preview.rows if r.is_current and r.effect_sd == 0.8)
    assert row.effect_points == pytest.approx(0.96) and row.days_total == 56 and row.analysed_days == 40
    assert preview.summary.startswith("With 4 pairs (56 days) this experiment would detect a moderate effect")
    with pytest.raises(ValidationError):
        preview.power(pairs=5, effect_sd=0.5)


def test_preview_accepts_a_design_and_refuses_bad_parameters():
    design = design_experiment(exposure="alcohol", outcome="fatigue", seed=1, start_on=date(2025, 1, 6),
                               today=date(2025, 1, 6), pairs=3)
    preview = power_preview(design, seed=1, n_sims=200, alternative_pairs=(6, 13, 40))
    assert {r.pairs for r in preview.rows} == {3, 6} and preview.pairs == 3
    for kwargs, field in [({"phi": 0.95}, "phi"), ({"sd": 0}, "sd"), ({"effects_sd": ()}, "effects_sd"),
                          ({"n_sims": 10}, "n_sims"), ({"seed": -1}, "seed")]:
        with pytest.raises(ValidationError) as error:
            power_preview(PARAMS, **{"seed": 1, **kwargs})
        assert error.value.field == field
    with pytest.raises(ValidationError) as error:
        power_preview({"period_days": 7, "washout_days": 7, "pairs": 4}, seed=1)
    assert error.value.field == "washout_days"
    with pytest.raises(ValidationError) as error:
        power_preview({"period_days": 7, "pairs": 4}, seed=1)
    assert error.value.field == "washout_days"


def test_order_patterns_start_with_ab_and_are_distinct():
    rng = np.random.default_rng(0)
    assert len(order_patterns(4, rng=rng)) == 8
    many = order_patterns(9, rng=rng)
    assert len(many) == 16 == len(set(many)) and all(p[0] == "AB" and len(p) == 9 for p in many)


def test_carryover_decays_into_the_next_period():
    lay = trial_layout(5, 1, ("AB", "AB"))
    y = simulate_trials(lay, phi=0.0, sd=1e-9, effect=1.0, carryover=0.5, n_sims=1,
                        rng=np.random.default_rng(0), level=0.0)[0]
    np.testing.assert_allclose(y[:5], 0.0, atol=1e-6)
    np.testing.assert_allclose(y[5:8], [0.5, 0.75, 0.875], atol=1e-6)
    end_of_b = 1 - 0.5**5  # five B days: the effect has nearly reached its level
    np.testing.assert_allclose(y[9:12], [end_of_b, end_of_b / 2, end_of_b / 4], atol=1e-6)


def test_type_one_error_of_the_analysis_is_near_five_percent():
    rng = np.random.default_rng(12)
    layouts = [trial_layout(7, 2, orders) for orders in order_patterns(4, rng=rng)]
    ys = [simulate_trials(lay, phi=0.5, sd=1.2, effect=0.0, carryover=0.5, n_sims=300, rng=rng) for lay in layouts]
    rate = np.mean(np.concatenate([f.p_value for f in analyse_trials(ys, layouts)]) < 0.05)
    assert 0.03 <= rate <= 0.07  # 2400 null trials: Monte Carlo SE 0.0045


def test_benchmark_quick_last_line_is_the_documented_json():
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "experiment_quality.py"), "--quick"],
                          capture_output=True, text=True, check=True, cwd=ROOT, timeout=300)
    last = json.loads(done.stdout.strip().splitlines()[-1])
    assert len(last["rows"]) == 3 * 4 * 3
    for row in last["rows"]:
        assert set(row) == {"design", "phi", "effect_sd", "fibrotrack_rejects", "welch_rejects"}
        assert 0.0 <= row["fibrotrack_rejects"] <= 1.0 and 0.0 <= row["welch_rejects"] <= 1.0
