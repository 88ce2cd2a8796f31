"""A self-experiment run day by day through the CLI, with a simulated person's outcomes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import numpy as np
import pytest

from fibrotrack.services import people

START = datetime(2026, 3, 2, 20, 0, tzinfo=timezone.utc)


@pytest.fixture
def clock(monkeypatch):
    """Move the services' clock: ``clock.set(day_index)``."""

    class Clock:
        now = START

        def set(self, days: int) -> None:
            Clock.now = START + timedelta(days=days)

    monkeypatch.setattr(people, "_now", lambda: Clock.now)
    return Clock()


def _run_trial(cli, clock, *, effect: float, seed: int) -> dict:
    rng = np.random.default_rng(seed)
    created = cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--seed", str(seed),
                  "--json").json()
    experiment_id = created["id"]
    n_days = created["design"]["n_days"]
    noise = 0.0
    for day in range(n_days):
        clock.set(day)
        [today] = cli("experiment", "today", "--json").json()
        caffeine = today["condition"] == "B"
        # AR(1) day-to-day noise (φ = 0.3), a true effect of caffeine on twitching that day.
        noise = 0.3 * noise + rng.normal(0, 0.9)
        value = float(np.clip(round(4 + (effect if caffeine else 0.0) + noise), 0, 10))
        assert cli("log", "twitching", str(value)).code == 0
        if caffeine:
            cli("log", "caffeine", "2", "--serving", "coffee")
        assert cli("experiment", "adherence", str(experiment_id), "--followed").code == 0
    clock.set(n_days)
    return cli("experiment", "report", str(experiment_id), "--json").json()


def test_true_caffeine_effect_is_named_with_the_right_sign(cli, clock):
    report = _run_trial(cli, clock, effect=2.5, seed=11)
    assert report["status"] == "finished"
    assert report["primary"]["effect"] > 0
    assert report["verdict"]["direction"] == "worse"
    assert "caffeine" in report["verdict"]["text"].lower()


def test_no_effect_gives_no_clear_difference(cli, clock):
    # One fixed trial. By design about 5 % of no-effect experiments still say "probably" (the analysis is
    # calibrated to a 5 % error rate; tests/analysis checks that rate over many simulated trials).
    report = _run_trial(cli, clock, effect=0.0, seed=13)
    assert report["verdict"]["level"] == "no_clear_difference"
    assert "no clear difference" in report["verdict"]["text"].lower()


def test_reproducible_randomization_and_design_edits_are_reported(cli, clock):
    first = cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--seed", "5",
                "--dry-run", "--json").json()
    again = cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--seed", "5",
                "--dry-run", "--json").json()
    assert first["id"] is None and first["design"]["orders"] == again["design"]["orders"]
    created = cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--seed", "5",
                  "--json").json()
    assert created["design"]["orders"] == first["design"]["orders"]
    clock.set(3)
    assert cli("experiment", "extend", str(created["id"]), "--pairs", "1").code == 0
    report = cli("experiment", "report", str(created["id"]), "--json").json()
    assert report["changes"]["extended"] is True
    assert cli("experiment", "stop", str(created["id"])).code == 0
    stopped = cli("experiment", "report", str(created["id"]), "--json").json()
    assert stopped["status"] == "stopped_early"


def test_bad_designs_and_second_experiment_are_refused(cli, clock):
    assert cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--pairs", "1").code == 2
    assert cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching", "--period-days", "3",
               "--washout-days", "3").err.startswith("error: washout_days: ")
    assert cli("experiment", "new", "--exposure", "nonsense_thing", "--outcome", "twitching").code == 2
    assert cli("experiment", "new", "--exposure", "caffeine", "--outcome", "twitching").code == 0
    second = cli("experiment", "new", "--exposure", "alcohol", "--outcome", "twitching")
    assert second.code == 2 and "still running" in second.err
    assert cli("experiment", "new", "--exposure", "alcohol", "--outcome", "weakness").code == 0
    assert cli("experiment", "adherence", "1", "--followed", "--on", "2031-01-01").code == 2
    assert cli("experiment", "report", "99").code == 2
