"""The benchmark scripts run and end with one JSON line carrying the documented keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
METRICS = {"power", "fdp", "any_false_no_trigger", "coverage"}


def _last_json(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, str(BENCH / script), *args], capture_output=True, text=True, timeout=600,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _check_quality(out: dict, days: list[str]) -> None:
    assert sorted(out["days"]) == sorted(days)
    for d in days:
        for method in ("naive", "fibrotrack", "oracle"):
            assert set(out["days"][d][method]) == METRICS
        assert out["days"][d]["naive"]["coverage"] is None


def _check_speed(out: dict) -> None:
    assert {"people", "days", "fibrotrack_s", "statsmodels_s", "ratio", "max_abs_diff", "cohort_100k_s"} <= set(out)
    assert out["max_abs_diff"] < 1e-6 and out["ratio"] > 1


def test_trigger_quality_smoke():
    _check_quality(_last_json("trigger_quality.py", "--quick", "--people", "60", "--cohorts", "1", "--days", "90"),
                   ["90"])


def test_engine_speed_smoke():
    _check_speed(_last_json("engine_speed.py", "--quick", "--people", "40", "--repeat", "1", "--person-years", "500"))


@pytest.mark.slow
def test_quick_runs_as_in_ci():
    _check_quality(_last_json("trigger_quality.py", "--quick"), ["90", "180"])
    _check_speed(_last_json("engine_speed.py", "--quick"))
    prior = _last_json("derive_default_prior.py", "--quick")
    assert {"pi_effect", "mean", "sd", "n_tests"} <= set(prior)
